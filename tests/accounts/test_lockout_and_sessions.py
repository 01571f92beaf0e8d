"""SEC-1: lock-out after failed sign-ins (django-axes), session expiry after inactivity, secure
cookies and password rules."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from frontdoor.accounts.models import Role, User
from frontdoor.audit.models import AuditEntry
from tests.conftest import PASSWORD, confirmed_device, second_factor_code

pytestmark = pytest.mark.django_db

LOCKED = "This account is locked because of 5 failed sign-ins. Try again in 30 minutes, or ask an administrator"


def sign_in(client: Client, username: str, password: str) -> Any:
    return client.post("/accounts/sign-in/", {"username": username, "password": password, "next": "/staff/"})


def test_sec1_five_failed_sign_ins_lock_the_account_even_against_the_right_password(officer: User) -> None:
    client = Client()
    for attempt in range(4):
        response = sign_in(client, officer.username, f"wrong-{attempt}")
        assert response.status_code == 200 and "Enter a correct username and password" in response.content.decode()
    fifth = sign_in(client, officer.username, "wrong-again")
    assert fifth.status_code == 429 and LOCKED in fifth.content.decode()
    right = sign_in(Client(), officer.username, PASSWORD)  # another browser, the right password
    html = right.content.decode()
    assert right.status_code == 429 and LOCKED in html and "govuk-error-summary" in html
    assert "correct horse" not in html  # the password is not echoed back


def test_sec1_an_administrator_unlocks_an_account_and_it_is_audited(officer: User, make_user) -> None:  # type: ignore[no-untyped-def]
    for attempt in range(5):
        sign_in(Client(), officer.username, f"wrong-{attempt}")
    admin_user = make_user(Role.ADMINISTRATOR, username="root")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    admin = Client()
    admin.force_login(admin_user)
    listing = admin.get("/staff/users/").content.decode()
    locked_row = listing.split(f">{officer.username}<", 1)[1].split("</tr>", 1)[0]
    assert "Locked out" in locked_row
    admin.post(f"/staff/users/{officer.pk}/unlock/", {"reason": "They rang the helpdesk"})
    entry = AuditEntry.objects.get(action="account.unlocked")
    assert entry.actor == admin_user and entry.object_id == str(officer.pk) and entry.detail["attempts"] >= 1
    confirmed_device(officer)
    assert sign_in(Client(), officer.username, PASSWORD)["Location"].startswith("/accounts/sign-in/code/")


def test_sec1_a_successful_sign_in_clears_earlier_failures(officer: User) -> None:
    for attempt in range(4):
        sign_in(Client(), officer.username, f"wrong-{attempt}")
    assert sign_in(Client(), officer.username, PASSWORD).status_code == 302
    for attempt in range(4):
        assert sign_in(Client(), officer.username, f"wrong-{attempt}").status_code == 200


def test_sec1_a_session_ends_after_30_minutes_without_use_and_the_sign_in_page_says_so(officer: User) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    confirmed_device(officer)
    client = Client()
    sign_in(client, officer.username, PASSWORD)
    client.post("/accounts/sign-in/code/", {"code": second_factor_code(officer.username), "next": "/staff/"})
    assert client.get("/staff/").status_code == 200
    session = Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    assert session.expire_date > timezone.now() + dt.timedelta(minutes=29)  # every request starts the 30 minutes again
    # 31 minutes pass without a request.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - dt.timedelta(minutes=1))
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/?next=")
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out because you had not used Front Door for 30 minutes" in page
    assert "govuk-notification-banner" in page
    assert "You were signed out" not in client.get("/accounts/sign-in/").content.decode()  # said once


def test_sec1_a_visitor_who_never_signed_in_sees_no_expiry_message() -> None:
    assert "You were signed out" not in Client().get("/accounts/sign-in/").content.decode()


def test_sec1_signing_out_is_not_reported_as_expiry(officer: User) -> None:
    client = Client()
    client.force_login(officer)
    client.get("/staff/")
    client.post("/accounts/sign-out/")
    assert "You were signed out" not in client.get("/accounts/sign-in/").content.decode()


def test_sec1_cookies_are_http_only_same_site_and_secure_unless_debugging(officer: User) -> None:
    if "FRONTDOOR_SECURE_COOKIES" not in os.environ:
        assert settings.SESSION_COOKIE_SECURE is (not settings.DEBUG)
    assert settings.CSRF_COOKIE_SECURE == settings.SESSION_COOKIE_SECURE
    client = Client()
    client.get("/accounts/sign-in/")
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    confirmed_device(officer)
    sign_in(client, officer.username, PASSWORD)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax" and session["max-age"] == 1800
    assert bool(session["secure"]) == settings.SESSION_COOKIE_SECURE


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Short-pw-1", "at least 12 characters"),
        ("password1234", "too common"),
        ("830472619354", "entirely numeric"),
        ("cso-user-2026", "too similar"),
    ],
)
def test_sec1_password_rules(password: str, problem: str, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password(password, officer)
    assert problem in " ".join(refused.value.messages)
    validate_password("Northshire-demo-2026", officer)  # a good one passes
