"""Requests, people and staff for the information-request tests, made through the real services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from frontdoor.accounts.models import Team, User
from frontdoor.people import services as people
from frontdoor.people.models import InvolvementKind, Person
from frontdoor.policy.calendar import LONDON
from frontdoor.sharing import services
from frontdoor.sharing.models import InformationRequest
from tests.conftest import PASSWORD

D = dt.date
# A Tuesday morning, in office hours.
RECEIVED = dt.datetime(2026, 11, 17, 10, 0, tzinfo=LONDON)

BASE: dict[str, Any] = {
    "channel": "email",
    "agency": "school",
    "organisation": "Elm Road Primary",
    "requester_name": "Ann Teacher",
    "requester_role": "Designated safeguarding lead",
    "requester_email": "ann.teacher@elmroad.sch.uk",
    "identity": "called_back",
    "purpose": "safeguarding",
    "purpose_details": "Jayden told us he is frightened to go home; we are deciding whether to make a contact.",
    "asked": "summary",
    "subject_given_name": "Jayden",
    "subject_surname": "Smith",
    "subject_date_of_birth": D(2019, 4, 3),
    "subject_postcode": "NS1 2AB",
}


def staff(role: str, username: str, kind: str = Team.Kind.CUSTOMER_SERVICE, team_name: str = "") -> User:
    team = Team.objects.get_or_create(name=team_name or dict(Team.Kind.choices)[kind], kind=kind)[0]
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, team=team, first_name=username.title(), last_name="Test",
        email=f"{username}@council.example",
    )  # fmt: skip


def closed_child() -> Person:
    """Jayden: known, with a contact and a child in need plan, both closed."""
    jayden = people.create_person(actor=None, given_name="Jayden", surname="Smith", sex="male",
                                  date_of_birth=D(2019, 4, 3),
                                  address="14 Elm Road\nNorthtown", postcode="NS1 2AB")  # fmt: skip
    people.record_involvement(jayden, actor=None, kind=InvolvementKind.CONTACT, start=D(2021, 2, 1), end=D(2021, 2, 2),
                              outcome="Information and advice to mother", team="MASH",
                              source_reference="FD-OLD1-0001")  # fmt: skip
    people.record_involvement(jayden, actor=None, kind=InvolvementKind.CIN_PLAN, start=D(2022, 4, 20),
                              end=D(2023, 1, 10),
                              outcome="Closed: needs met through early help", team="Assessment team North")  # fmt: skip
    return jayden


def open_child(worker: User) -> Person:
    """Mia: an open child protection plan, allocated to ``worker``."""
    mia = people.create_person(actor=None, given_name="Mia", surname="Smith", sex="female",
                               date_of_birth=D(2016, 8, 20),
                               address="14 Elm Road\nNorthtown", postcode="NS1 2AB")  # fmt: skip
    people.record_involvement(mia, actor=None, kind=InvolvementKind.S47_ENQUIRY, start=D(2025, 3, 1),
                              end=D(2025, 3, 20),
                              outcome="Substantiated: neglect", team="Assessment team North")  # fmt: skip
    people.record_involvement(mia, actor=None, kind=InvolvementKind.CP_PLAN, start=D(2025, 4, 2), outcome="Neglect",
                              team="Child protection", allocated_worker=worker)  # fmt: skip
    return mia


def log(actor: User, **changes: Any) -> InformationRequest:
    return services.log_request(actor=actor, received_at=RECEIVED, **{**BASE, **changes})


def routed(actor: User, person: Person | None, **changes: Any) -> InformationRequest:
    """Logged, matched (or 'not in the index') and routed, as a member of staff would."""
    request = log(actor, **changes)
    services.confirm_match(request, person, actor=actor, reason="Same name, date of birth and postcode")
    services.decide_route(request, actor=actor)
    request.refresh_from_db()
    return request
