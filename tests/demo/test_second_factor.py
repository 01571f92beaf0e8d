"""SEC-1 in the demonstration: demo logins have an authenticator whose key load_demo prints, and
`manage.py demo_code` gives the current code for them only."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from pytest_django.fixtures import Settings

from frontdoor.demo.council import DEMO_PASSWORD, STAFF
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_sec1_a_person_trying_the_demo_signs_in_with_a_printed_key_or_demo_code(
    settings: Settings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", contacts=0, stdout=out)
    text = out.getvalue()
    assert "manage.py demo_code <username>" in text
    for spec in STAFF:
        assert f"\n  {spec.username.ljust(12)}  " in text  # each login's key, to type into an app
    assert "demo_code" in (tmp_path / "demo-logins.txt").read_text()

    code_out = io.StringIO()
    call_command("demo_code", "screener", stdout=code_out)
    code = code_out.getvalue().strip().split(": ")[1]
    client = Client()
    response = client.post("/accounts/sign-in/", {"username": "screener", "password": DEMO_PASSWORD})
    assert response["Location"] == "/accounts/sign-in/code/?next=%2Fstaff%2F"
    response = client.post("/accounts/sign-in/code/", {"code": code, "next": "/staff/"})
    assert response["Location"] == "/staff/" and client.get("/staff/").status_code == 200


def test_sec1_demo_code_refuses_any_account_without_a_demo_authenticator(make_user) -> None:  # type: ignore[no-untyped-def]
    real = make_user("screener", username="screener")  # a real account that happens to share a demo name
    from tests.conftest import confirmed_device

    confirmed_device(real)
    with pytest.raises(CommandError, match="not a demo login"):
        call_command("demo_code", "screener", stdout=io.StringIO())
    with pytest.raises(CommandError, match="not a demo login"):
        call_command("demo_code", "someone-else", stdout=io.StringIO())
    assert PASSWORD  # the real account keeps its own password and device
