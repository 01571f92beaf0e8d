"""SEC-1 (issue 13, leak 10): the session key is rotated when the second factor is verified, as
Django's login() rotates it at the password. A session id seen before the code (fixed by an
attacker, or read over someone's shoulder) is worth nothing afterwards."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.accounts.models import User
from frontdoor.accounts.totp import next_code
from tests.conftest import PASSWORD, confirmed_device, second_factor_code

pytestmark = pytest.mark.django_db

VERIFY = "/accounts/sign-in/code/"
ENROL = "/accounts/sign-in/set-up-code/"


def session_id(client: Client) -> str:
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)


def with_session(key: str) -> Client:
    """Another browser presenting a session id it got hold of."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


def test_sec1_the_session_id_from_before_the_code_does_not_work_after_it(officer: User) -> None:
    confirmed_device(officer)
    client = Client()
    client.post("/accounts/sign-in/", {"username": officer.username, "password": PASSWORD, "next": "/staff/"})
    before = session_id(client)
    assert with_session(before).get("/staff/")["Location"].startswith(VERIFY)  # half signed in
    verified = client.post(VERIFY, {"code": second_factor_code(officer.username), "next": "/staff/"})
    assert verified["Location"] == "/staff/"
    after = session_id(client)
    assert after != before and not Session.objects.filter(session_key=before).exists()
    assert client.get("/staff/").status_code == 200  # the signed-in browser carries on
    stolen = with_session(before).get("/staff/")
    assert stolen.status_code == 302 and stolen["Location"].startswith("/accounts/sign-in/")


def test_sec1_the_session_id_is_rotated_when_an_authenticator_is_enrolled(officer: User) -> None:
    client = Client()
    client.post("/accounts/sign-in/", {"username": officer.username, "password": PASSWORD, "next": "/staff/"})
    client.get(f"{ENROL}?next=/staff/")
    before = session_id(client)
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    enrolled = client.post(ENROL, {"code": next_code(device), "next": "/staff/"})
    assert enrolled["Location"].startswith("/accounts/sign-in/backup-codes/")
    assert session_id(client) != before
    assert "Your backup codes" in client.get(enrolled["Location"]).content.decode()  # kept across the new key
    assert with_session(before).get("/staff/")["Location"].startswith("/accounts/sign-in/")
