"""PPL-2: a council fits the matcher to its own index and contacts, without labels, and uses it."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from frontdoor.demo.load import load_demo
from frontdoor.people import matching
from frontdoor.policy.calendar import LONDON

pytestmark = pytest.mark.django_db


def test_ppl2_fit_match_params_refuses_an_index_too_small_to_fit(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="too few"):
        call_command("fit_match_params", str(tmp_path / "p.json"), stdout=io.StringIO())
    assert not (tmp_path / "p.json").exists()


def test_ppl2_fit_match_params_writes_parameters_the_matcher_loads(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    load_demo(80, now=dt.datetime(2026, 11, 23, 12, 0, tzinfo=LONDON))
    out = tmp_path / "fitted.json"
    call_command("fit_match_params", str(out), "--queries", "400", stdout=io.StringIO())
    params = json.loads(out.read_text())
    assert params["dependence"] and params["calibration"]["slope"] == 1.0
    monkeypatch.setenv(matching.PARAMS_ENV, str(out))
    matching.reload_default()
    try:
        fitted = matching.Matcher.default()
        assert fitted.use_dependence
        twin_a = matching.PersonRecord("1", "Amy", "", "Khan", (), "female", dt.date(2015, 3, 1), ("NS1 2AB",))
        twin_b = matching.PersonRecord("2", "Ava", "", "Khan", (), "female", dt.date(2015, 3, 1), ("NS1 2AB",))
        query = matching.PersonRecord("", "Amy", "", "Khan", (), "", dt.date(2015, 3, 1), ("NS1 2AB",))
        ranked = fitted.rank(query, [twin_a, twin_b])
        assert ranked[0].person_id == "1"  # the fitted model still tells twins apart by given name
    finally:
        monkeypatch.delenv(matching.PARAMS_ENV)
        matching.reload_default()
