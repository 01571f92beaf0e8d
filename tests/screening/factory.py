"""Contacts and staff for screening tests, made through the real services."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from frontdoor.accounts.models import Role, Team, User
from frontdoor.intake.models import Contact
from frontdoor.intake.services import ContactDraft, submit_contact
from frontdoor.policy.calendar import LONDON
from frontdoor.screening import services
from frontdoor.screening.models import Decision
from tests.conftest import PASSWORD

# A Tuesday morning, in the Customer Service Centre's hours.
IN_HOURS = dt.datetime(2026, 11, 17, 10, 0, tzinfo=LONDON)

PROFESSIONAL = {
    "form_type": "green",
    "referrer_type": "professional",
    "referrer_name": "Ann Teacher",
    "referrer_email": "ann.teacher@school.example",
    "organisation_name": "Elm Road Primary",
    "organisation_type": "school",
    "hub_advice": "advised_green",
    "immediate_danger": False,
    "concern": "Jayden has come to school hungry every day this week and says there is no food at home.",
}
JAYDEN = {
    "role": "child",
    "given_names": "Jayden",
    "family_name": "Smith",
    "date_of_birth": dt.date(2019, 4, 3),
    "sex": "male",
    "postcode": "NS1 2AB",
    "nhs_number": "9434765919",
}


def make_contact(
    *, received_at: dt.datetime = IN_HOURS, people: list[dict[str, Any]] | None = None, **fields: Any
) -> Contact:
    draft = ContactDraft(
        submission_key=uuid.uuid4(),
        channel="online",
        received_at=received_at,
        fields={**PROFESSIONAL, **fields},
        people=[JAYDEN] if people is None else people,
    )
    return submit_contact(draft, actor=None).contact


def staff(role: str, username: str, team: Team | None = None) -> User:
    team = team or Team.objects.get_or_create(name="MASH screening team", kind=Team.Kind.SCREENING)[0]
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, team=team, first_name=username.title(), last_name="Test",
        email=f"{username}@council.example",
    )  # fmt: skip


def screener(username: str = "screener") -> User:
    return staff(Role.SCREENING_SOCIAL_WORKER, username)


def manager(username: str = "manager") -> User:
    return staff(Role.TEAM_MANAGER, username)


READY = {
    "nature_of_concern": "Jayden arrives hungry each day and says there is no food at home.",
    "continuum_level": 3,
    "continuum_reasons": "Needs not met at home for a week; no other agency involved.",
    "parental_knowledge": "informed_agreed",
    "abuse_or_neglect": "child_in_need",
}


def screened(contact: Contact, by: User, **values: Any) -> Contact:
    """Claim the contact and record enough to propose a decision."""
    services.claim(contact, actor=by)
    services.save_screening(contact, actor=by, **{**READY, **values})
    contact.refresh_from_db()
    return contact


def proposed(contact: Contact, by: User, outcome: str = "assessment", **extra: Any) -> Decision:
    screened(contact, by)
    return services.propose_decision(contact, actor=by, outcome=outcome, reasons="Needs assessing.", **extra)
