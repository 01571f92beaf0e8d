"""SEC-1: a referrer who asked for their identity to be withheld is named only to the roles
that need it (frontdoor.intake.identity.REFERRER_IDENTITY_ROLES), on every page that shows it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from frontdoor.accounts.models import Role, User
from frontdoor.intake.identity import REFERRER_IDENTITY_ROLES
from frontdoor.intake.models import Channel
from tests.factories import IN_HOURS, make_contact, staff

pytestmark = pytest.mark.django_db

IDENTITY = ("Ann Teacher", "ann.teacher@school.example", "01632 960 123", "Elm Road Primary")
NEEDS = {Role.CUSTOMER_SERVICE_OFFICER, Role.SCREENING_SOCIAL_WORKER, Role.TEAM_MANAGER, Role.OUT_OF_HOURS_WORKER}


def page(user: User, path: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, path
    return re.sub(r"\s+", " ", response.content.decode())


def test_sec1_the_roles_that_see_a_withheld_referrer_are_those_documented() -> None:
    assert REFERRER_IDENTITY_ROLES == NEEDS


def test_sec1_a_withheld_referrer_is_hidden_from_roles_that_do_not_need_them() -> None:
    contact = make_contact(anonymity="withheld", referrer_phone="01632 960 123", channel=Channel.PHONE)
    pages = (f"/staff/contacts/{contact.reference}/", f"/staff/screening/{contact.reference}/")
    for role in (
        Role.CUSTOMER_SERVICE_OFFICER,
        Role.SCREENING_SOCIAL_WORKER,
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.OUT_OF_HOURS_WORKER,
    ):
        user = staff(role, f"{role}-reader")
        contact_page = page(user, pages[0])
        screening_page = page(user, pages[1])
        assert "The concern" in contact_page and "hungry" in contact_page  # what was said: always
        if role in NEEDS:
            assert all(part in contact_page for part in IDENTITY), role
            assert "Elm Road Primary" in screening_page
        else:
            assert not any(part in contact_page for part in IDENTITY), role
            assert not any(part in screening_page for part in IDENTITY), role
            assert "Withheld" in contact_page and "identity withheld from you" in screening_page


def test_sec1_a_named_referrer_is_shown_to_every_role_that_reads_the_contact() -> None:
    contact = make_contact(received_at=IN_HOURS)
    user = staff(Role.SOCIAL_WORKER, "sw")
    assert "Ann Teacher" in page(user, f"/staff/contacts/{contact.reference}/")


def test_sec1_the_contacts_list_does_not_name_a_withheld_referrer() -> None:
    contact = make_contact(anonymity="withheld", referrer_type="professional")
    # A professional's phone call waits for written confirmation and is listed by who made it.
    type(contact).objects.filter(pk=contact.pk).update(written_confirmation_due_at=contact.decision_due_at)
    sw, cso = staff(Role.SOCIAL_WORKER, "sw"), staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    assert "from Elm Road Primary" in page(cso, "/staff/")
    listing = page(sw, "/staff/")
    assert "Elm Road Primary" not in listing and "a referrer whose identity is withheld" in listing
