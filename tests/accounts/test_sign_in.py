"""Staff roles and sign-in (issue: accounts app; referrers need no account)."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdoor.accounts.models import Role, User
from tests.conftest import PASSWORD, confirmed_device, second_factor_code

pytestmark = pytest.mark.django_db


def test_every_staff_role_exists() -> None:
    roles = {value for value, _ in Role.choices}
    assert roles == {"cso", "screener", "social_worker", "manager", "ooh", "dpo", "admin"}


def test_sign_in_with_the_right_password_and_code_reaches_the_staff_pages(officer: User) -> None:
    """SEC-1: the password, then a code from the authenticator app, then the page asked for."""
    confirmed_device(officer)
    client = Client()
    page = client.get("/accounts/sign-in/?next=/staff/")
    assert page.status_code == 200 and "Sign in" in page.content.decode()
    response = client.post(
        "/accounts/sign-in/?next=/staff/", {"username": officer.username, "password": PASSWORD, "next": "/staff/"}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/sign-in/code/?next=%2Fstaff%2F"
    assert client.get("/staff/")["Location"] == "/accounts/sign-in/code/?next=%2Fstaff%2F"  # not before the code
    response = client.post(response["Location"], {"code": second_factor_code(officer.username), "next": "/staff/"})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_wrong_password_gets_a_message_that_does_not_say_which_was_wrong(officer: User) -> None:
    response = Client().post("/accounts/sign-in/", {"username": officer.username, "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "Enter a correct username and password" in html


def test_empty_sign_in_names_each_missing_answer() -> None:
    html = Client().post("/accounts/sign-in/", {}).content.decode()
    assert "Enter your username" in html and "Enter your password" in html


def test_sign_in_does_not_redirect_off_site(officer: User) -> None:
    confirmed_device(officer)
    client = Client()
    response = client.post(
        "/accounts/sign-in/", {"username": officer.username, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/sign-in/code/?next=%2Fstaff%2F"
    response = client.post(
        "/accounts/sign-in/code/", {"code": second_factor_code(officer.username), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/staff/"


def test_the_public_form_needs_no_account() -> None:
    client = Client()
    assert client.get("/").status_code == 200
    assert client.get("/report/danger/").status_code == 200


def test_an_administrator_sees_accounts_with_their_role_team_and_last_sign_in(make_user) -> None:  # type: ignore[no-untyped-def]
    admin_user = make_user("admin", username="root-admin")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    make_user("screener", username="sw1")
    client = Client()
    client.force_login(admin_user)
    html = client.get("/staff/users/").content.decode()
    assert "sw1" in html and "Screening social worker" in html and "Last sign-in" in html
