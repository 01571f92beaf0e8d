"""SEC-1: a second factor (TOTP authenticator app, single-use backup codes) for every staff account.

These tests go through the real pages: password, enrolment (QR code, key, confirming
code, backup codes shown once), later sign-ins with a code, and the middleware that keeps
a half-signed-in user away from every other page.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.accounts.models import Role, User
from frontdoor.accounts.totp import next_code
from frontdoor.audit.models import AuditEntry
from tests.conftest import PASSWORD, confirmed_device, second_factor_code

pytestmark = pytest.mark.django_db

ENROL = "/accounts/sign-in/set-up-code/"
VERIFY = "/accounts/sign-in/code/"


def password_step(client: Client, user: User, next_url: str = "/staff/") -> str:
    response = client.post("/accounts/sign-in/", {"username": user.username, "password": PASSWORD, "next": next_url})
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def test_sec1_first_sign_in_enrols_an_authenticator_and_shows_backup_codes_once(officer: User) -> None:
    client = Client()
    assert password_step(client, officer) == f"{ENROL}?next=%2Fstaff%2F"
    page = client.get(f"{ENROL}?next=/staff/").content.decode()
    assert "Set up your authenticator app" in page
    assert "<svg" in page and "QR code for your authenticator app" in page  # rendered on the server
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    key = re.search(r'id="setup-key"><code>([A-Z2-7 ]+)</code>', page)
    assert key is not None and len(key.group(1).replace(" ", "")) == 32  # 20-byte key in base32, for typing in
    assert client.get("/staff/")["Location"].startswith(ENROL)  # nothing else until enrolled

    wrong = client.post(ENROL, {"code": "000000", "next": "/staff/"})
    html = wrong.content.decode()
    assert wrong.status_code == 200 and "govuk-error-summary" in html
    assert "Enter the 6-digit code your authenticator app shows now" in html
    empty = client.post(ENROL, {"code": "", "next": "/staff/"}).content.decode()
    assert "Enter the 6-digit code" in empty
    assert "You can try again in 1 second" in html  # django-otp throttles wrong codes
    device.refresh_from_db()
    device.throttle_reset()  # the second's wait, over
    response = client.post(ENROL, {"code": next_code(device), "next": "/staff/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/sign-in/backup-codes/?next=%2Fstaff%2F"
    codes_page = client.get(response["Location"])
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", codes_page.content.decode())
    assert len(codes) == 8 and len(set(codes)) == 8
    assert codes_page["Cache-Control"] == "no-store"
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    again = client.get("/accounts/sign-in/backup-codes/?next=/staff/")
    assert again.status_code == 302 and again["Location"] == "/staff/"  # shown once only
    assert client.get("/staff/").status_code == 200
    assert AuditEntry.objects.filter(action="account.second_factor_enrolled", object_id=str(officer.pk)).count() == 1


def test_sec1_later_sign_ins_need_a_code_and_a_backup_code_works_once(officer: User) -> None:
    device = confirmed_device(officer)
    client = Client()
    assert password_step(client, officer) == f"{VERIFY}?next=%2Fstaff%2F"
    wrong = client.post(VERIFY, {"code": "123456", "next": "/staff/"}).content.decode()
    assert "govuk-error-summary" in wrong and "or one of your backup codes" in wrong
    assert "You can try again in 1 second" in wrong  # django-otp's throttle: the wait doubles with each wrong code
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(VERIFY, {"code": next_code(device), "next": "/staff/"})
    assert response["Location"] == "/staff/" and client.get("/staff/").status_code == 200

    from frontdoor.accounts import services

    backup = services._new_backup_codes(officer)
    for code, expected in ((backup[0], "/staff/"), (backup[0], None)):
        other = Client()
        password_step(other, officer)
        answer = other.post(VERIFY, {"code": code.upper(), "next": "/staff/"})  # case does not matter
        if expected:
            assert answer.status_code == 302 and answer["Location"] == expected
        else:
            assert answer.status_code == 200 and "govuk-error-summary" in answer.content.decode()  # used up
    used = AuditEntry.objects.get(action="account.backup_code_used")
    assert used.detail == {"backup_codes_left": 7}


def test_sec1_a_code_is_single_use(officer: User) -> None:
    device = confirmed_device(officer)
    code = next_code(device)
    first, second = Client(), Client()
    password_step(first, officer)
    password_step(second, officer)
    assert first.post(VERIFY, {"code": code, "next": "/staff/"})["Location"] == "/staff/"
    assert second.post(VERIFY, {"code": code, "next": "/staff/"}).status_code == 200  # replayed: refused


def test_sec1_every_signed_in_page_needs_the_second_factor_even_the_admin_site(make_user) -> None:  # type: ignore[no-untyped-def]
    admin_user = make_user(Role.ADMINISTRATOR, username="root")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    confirmed_device(admin_user)
    client = Client()
    password_step(client, admin_user)
    for path in (
        "/staff/",
        "/staff/screening/",
        "/staff/people/search/",
        "/admin/",
        "/staff/users/",
        "/staff/audit/",
        "/accounts/sign-in/backup-codes/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(f"{VERIFY}?next="), path
    assert client.get("/admin/login/")["Location"].startswith(VERIFY)
    # The steps themselves and signing out stay open.
    assert client.get(VERIFY).status_code == 200
    assert client.get("/accounts/sign-out/").status_code == 200
    assert client.post("/accounts/sign-out/").status_code == 302
    assert client.get("/staff/")["Location"].startswith("/accounts/sign-in/")


def test_sec1_an_administrator_resets_a_second_factor_and_it_is_audited(make_user, officer: User) -> None:  # type: ignore[no-untyped-def]
    admin_user = make_user(Role.ADMINISTRATOR, username="root")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    confirmed_device(officer)
    admin = Client()
    admin.force_login(admin_user)
    listing = admin.get("/staff/users/").content.decode()
    assert "Second factor" in listing and "Set up" in listing
    response = admin.post(f"/staff/users/{officer.pk}/second-factor/", {"reason": "New phone"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    entry = AuditEntry.objects.get(action="account.second_factor_reset")
    assert entry.actor == admin_user and entry.object_id == str(officer.pk)
    assert password_step(Client(), officer).startswith(ENROL)  # they set up the app again


def test_sec1_verify_and_enrol_pages_send_a_signed_out_visitor_to_sign_in() -> None:
    client = Client()
    assert client.get(VERIFY)["Location"].startswith("/accounts/sign-in/?next=")
    assert client.get(ENROL)["Location"].startswith("/accounts/sign-in/?next=")


def test_browser_helper_codes_are_accepted_twice_in_a_row(officer: User) -> None:
    """The tests' own helper (tests/conftest.py) gives a code the device accepts, even right after another."""
    for _ in range(2):
        client = Client()
        password_step(client, officer)
        assert client.post(VERIFY, {"code": second_factor_code(officer.username), "next": "/staff/"})["Location"] == (
            "/staff/"
        )
