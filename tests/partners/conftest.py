"""Partner organisations with tokens, and a JSON contact as a school's system would send it."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.test import Client

from frontdoor.accounts.models import Role, User
from frontdoor.partners import services
from frontdoor.partners.models import PartnerOrganisation

SCHOOL_CONTACT: dict[str, Any] = {
    "immediate_danger": "no",
    "referrer_type": "professional",
    "referrer_name": "Ann Teacher",
    "organisation_name": "Elm Road Primary",
    "organisation_type": "school",
    "professional_role": "Designated safeguarding lead",
    "referrer_email": "dsl@elmroad.example",
    "referrer_phone": "01632 960 123",
    "form_type": "green",
    "hub_advice": "advised_green",
    "hub_advice_notes": "Hub advised a green form",
    "children": [
        {
            "given_names": "Jayden",
            "family_name": "Smith",
            "date_of_birth": "2019-04-03",
            "sex": "male",
            "address": "14 Elm Road, Northtown",
            "postcode": "ns1 2ab",
            "nhs_number": "943 476 5919",
            "school": "Elm Road Primary",
        }
    ],
    "people": [{"role": "parent", "given_names": "Kelly", "family_name": "Smith", "relationship_to_child": "Mother"}],
    "concern": "Jayden often arrives hungry and has said there is no food at home.",
    "concern_source": "Seen by staff",
    "allegation_against_worker": False,
    "domestic_abuse": "unknown",
    "parental_knowledge": "informed_agreed",
}


def school_contact(**changes: Any) -> dict[str, Any]:
    payload = copy.deepcopy(SCHOOL_CONTACT)
    payload.update(changes)
    return payload


@pytest.fixture
def administrator(make_user) -> User:  # type: ignore[no-untyped-def]
    user: User = make_user(Role.ADMINISTRATOR, username="admin-user")
    return user


def make_partner(administrator: User, name: str, scopes: list[str] | None = None) -> tuple[PartnerOrganisation, str]:
    organisation = services.create_organisation(
        actor=administrator, name=name, organisation_type="school", contact_email="it@school.example"
    )
    issued = services.issue_token(
        organisation, actor=administrator, name="CPOMS", scopes=scopes or ["contacts:write", "contacts:read"]
    )
    return organisation, issued.secret


@pytest.fixture
def partner(administrator: User) -> tuple[PartnerOrganisation, str]:
    return make_partner(administrator, "Elm Road Primary")


def api_client(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
