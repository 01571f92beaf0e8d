"""RET-1: the demo data's census (manage.py load_demo) passes the open validator with no errors."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from frontdoor.pathway.models import Episode
from frontdoor.returns.annex_a import write_workbook
from frontdoor.returns.services import current_year
from frontdoor.returns.source import count_children
from tests.returns import validator


@pytest.mark.django_db
def test_ret1_demo_census_has_no_validator_errors(tmp_path: Path) -> None:
    call_command("load_demo", stdout=io.StringIO())
    year = current_year()
    out = tmp_path / "demo.xml"
    stdout = io.StringIO()
    call_command("cin_census", "--year", str(year), "--out", str(out), stdout=stdout)
    print("\n" + stdout.getvalue().strip())
    children = count_children(year)
    assert children > 0, "the demo has no CIN episodes in this collection year"
    assert f"Wrote {children} children" in stdout.getvalue()
    assert children == Episode.objects.exclude(closed_on__lt=dt.date(year - 1, 4, 1)).values("child").distinct().count()
    rules = validator.validate(out, year)
    print(f"Validator queries on the demo data ({children} children):\n" + validator.show(validator.queries(rules)))
    assert validator.errors(rules) == [], validator.show(validator.errors(rules))
    # The year before, from the council's earlier records the demo loads.
    before = tmp_path / "demo-before.xml"
    call_command("cin_census", "--year", str(year - 1), "--out", str(before), stdout=stdout)
    print(stdout.getvalue().strip().splitlines()[-1])
    rules = validator.validate(before, year - 1)
    print(f"Validator queries on the demo data for {year - 1}:\n" + validator.show(validator.queries(rules)))
    assert validator.errors(rules) == [], validator.show(validator.errors(rules))
    counts = write_workbook(year, tmp_path / "demo.xlsx")
    print(f"Annex A rows from the demo data: {counts}")
    assert counts["list_1"] > 0
