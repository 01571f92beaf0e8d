"""SEC-1: after signing in, each role lands on a page its role may use, and the header offers
only such pages (the data protection officer and the administrator have no contacts list)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from frontdoor.accounts.models import Role
from tests.conftest import second_factor_code
from tests.factories import staff

LANDINGS = {
    Role.CUSTOMER_SERVICE_OFFICER: "intake:staff-home",
    Role.TEAM_MANAGER: "intake:staff-home",
    Role.DATA_PROTECTION_OFFICER: "audit:search",
    Role.ADMINISTRATOR: "partners:organisations",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "landing"), LANDINGS.items())
def test_sec1_each_role_lands_on_a_page_it_may_use(role: str, landing: str) -> None:
    user = staff(role, f"{role}-lands")
    user.set_password("a long enough password 2026")
    user.save()
    code = second_factor_code(user.username)  # their authenticator app (enrolled), as their phone shows
    client = Client()
    password = {"username": user.username, "password": "a long enough password 2026"}
    signed = client.post(reverse("accounts:login"), password)
    assert signed.status_code == 302
    done = client.post(signed["Location"], {"code": code})
    assert done.status_code == 302 and done["Location"] == reverse(landing), done["Location"]
    page = client.get(done["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    if role in (Role.DATA_PROTECTION_OFFICER, Role.ADMINISTRATOR):  # no contacts, no returns in their header
        for forbidden in ("intake:staff-home", "returns:index"):
            assert f'href="{reverse(forbidden)}"' not in html
