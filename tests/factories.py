"""Every app's test records, made through the real services: one module for all the tests (issue 14).

Plain builders rather than factory_boy: each record is made the way the system makes it (through its
services, with their audit entries and side effects), which factory_boy's model factories would
bypass. Scenario modules (tests/returns/fixtures.py, tests/access/world.py) compose these builders.

- Staff: `staff` (any role, in their usual team unless told), `screener`, `manager`, `social_worker`.
- Contacts and screening: `make_contact`, `screened`, `proposed`, with the answers `PROFESSIONAL`,
  `JAYDEN` and `READY`.
- The person index: `smith_family` (a known family), `closed_child`, `open_child`.
- The pathway: `referral_with_child`.
- Information requests: `log`, `routed`, with the answers `REQUEST`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from frontdoor.accounts.models import Role, Team, User
from frontdoor.intake.models import Contact
from frontdoor.intake.services import ContactDraft, submit_contact
from frontdoor.pathway.models import Episode
from frontdoor.people import services as people
from frontdoor.people.models import InvolvementKind, NameKind, Person, RelationshipType
from frontdoor.policy.calendar import LONDON
from frontdoor.screening import services as screening
from frontdoor.screening.models import Decision, Referral
from frontdoor.sharing import services as sharing
from frontdoor.sharing.models import InformationRequest
from tests.conftest import PASSWORD

D = dt.date

# A Tuesday morning, in the Customer Service Centre's hours.
IN_HOURS = dt.datetime(2026, 11, 17, 10, 0, tzinfo=LONDON)
RECEIVED = IN_HOURS


# ---------------------------------------------------------------------------------------------- staff

# The team a member of staff of each role works in, unless a test names another.
USUAL_TEAM = {
    Role.CUSTOMER_SERVICE_OFFICER: ("Customer Service Centre", Team.Kind.CUSTOMER_SERVICE),
    Role.SCREENING_SOCIAL_WORKER: ("MASH screening team", Team.Kind.SCREENING),
    Role.SOCIAL_WORKER: ("MASH screening team", Team.Kind.SCREENING),
    Role.TEAM_MANAGER: ("MASH screening team", Team.Kind.SCREENING),
    Role.OUT_OF_HOURS_WORKER: ("Safeguarding Out of Hours Service", Team.Kind.OUT_OF_HOURS),
    Role.DATA_PROTECTION_OFFICER: ("Data Protection Team", Team.Kind.DATA_PROTECTION),
    Role.ADMINISTRATOR: ("Administration", Team.Kind.ADMINISTRATION),
}


def staff(role: str, username: str, team: Team | str | None = None, team_name: str = "") -> User:
    """A member of staff. `team` is a team, or a team kind (with `team_name`, or the kind's own name);
    without it, the role's usual team."""
    if isinstance(team, str):
        team = Team.objects.get_or_create(name=team_name or dict(Team.Kind.choices)[team], kind=team)[0]
    elif team is None:
        name, kind = USUAL_TEAM[Role(role)]
        team = Team.objects.get_or_create(name=team_name or name, kind=kind)[0]
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        team=team,
        first_name=username.title(),
        last_name="Test",
        email=f"{username}@council.example",
    )


def screener(username: str = "screener") -> User:
    return staff(Role.SCREENING_SOCIAL_WORKER, username)


def manager(username: str = "manager") -> User:
    return staff(Role.TEAM_MANAGER, username)


def social_worker(username: str = "worker") -> User:
    return staff(Role.SOCIAL_WORKER, username)


# ---------------------------------------------------------------------------------- contacts and screening

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
READY = {
    "nature_of_concern": "Jayden arrives hungry each day and says there is no food at home.",
    "continuum_level": 3,
    "continuum_reasons": "Needs not met at home for a week; no other agency involved.",
    "parental_knowledge": "informed_agreed",
    "abuse_or_neglect": "child_in_need",
}


def make_contact(
    *, received_at: dt.datetime = IN_HOURS, people: list[dict[str, Any]] | None = None, **fields: Any
) -> Contact:
    """A contact sent on the online form by a teacher (about Jayden unless `people` says otherwise)."""
    draft = ContactDraft(
        submission_key=uuid.uuid4(),
        channel="online",
        received_at=received_at,
        fields={**PROFESSIONAL, **fields},
        people=[JAYDEN] if people is None else people,
    )
    return submit_contact(draft, actor=None).contact


def screened(contact: Contact, by: User, **values: Any) -> Contact:
    """Claim the contact and record enough to propose a decision."""
    screening.claim(contact, actor=by)
    screening.save_screening(contact, actor=by, **{**READY, **values})
    contact.refresh_from_db()
    return contact


def proposed(contact: Contact, by: User, outcome: str = "assessment", **extra: Any) -> Decision:
    screened(contact, by)
    return screening.propose_decision(contact, actor=by, outcome=outcome, reasons="Needs assessing.", **extra)


# --------------------------------------------------------------------------------------- the person index


@dataclass
class SmithFamily:
    mother: Person  # Elizabeth Anne Smith, born Jones
    jayden: Person  # her son, exactly as tests.intake.answers.CHILD_NAMED describes him
    mia: Person  # his full sister
    partner: Person  # Wayne Pickering, the mother's partner
    tyler: Person  # Wayne's son by someone else: "those adults' other children" (SCR-2)
    namesake: Person  # another Elizabeth Smith: a girl born 2012, another family


def smith_family() -> SmithFamily:
    """A known family, built through the services as the index would be."""
    s = people
    mother = s.create_person(
        actor=None,
        kind="adult",
        given_name="Elizabeth",
        middle_names="Anne",
        surname="Smith",
        sex="female",
        date_of_birth=D(1990, 5, 12),
        address="3 Mill Lane\nNorthtown",
        postcode="NS2 4DE",
        address_from=D(2012, 1, 1),
    )
    s.add_name(mother, actor=None, kind=NameKind.BIRTH, given_name="Elizabeth", surname="Jones", to_date=D(2015, 7, 4))
    s.add_address(mother, actor=None, address="14 Elm Road\nNorthtown", postcode="NS1 2AB", from_date=D(2018, 3, 1))
    jayden = s.create_person(
        actor=None,
        given_name="Jayden",
        surname="Smith",
        sex="male",
        date_of_birth=D(2019, 4, 3),
        nhs_number="9434765919",
        address="14 Elm Road\nNorthtown",
        postcode="NS1 2AB",
    )
    mia = s.create_person(
        actor=None,
        given_name="Mia",
        surname="Smith",
        sex="female",
        date_of_birth=D(2016, 8, 20),
        address="14 Elm Road\nNorthtown",
        postcode="NS1 2AB",
    )
    partner = s.create_person(
        actor=None,
        kind="adult",
        given_name="Wayne",
        surname="Pickering",
        sex="male",
        date_of_birth=D(1985, 11, 30),
        address="14 Elm Road\nNorthtown",
        postcode="NS1 2AB",
    )
    tyler = s.create_person(
        actor=None,
        given_name="Tyler",
        surname="Pickering",
        sex="male",
        date_of_birth=D(2010, 6, 1),
        address="22 Canal Street\nNorthtown",
        postcode="NS3 5GH",
    )
    namesake = s.create_person(
        actor=None,
        given_name="Elizabeth",
        surname="Smith",
        sex="female",
        date_of_birth=D(2012, 9, 30),
        address="8 Orchard Way\nAldermoor",
        postcode="NS5 1QT",
    )
    for child in (jayden, mia):
        s.add_relationship(mother, child, RelationshipType.MOTHER, actor=None)
        s.add_relationship(partner, child, RelationshipType.PARTNER_OF_PARENT, actor=None, from_date=D(2023, 1, 1))
    s.add_relationship(jayden, mia, RelationshipType.SIBLING, actor=None)
    s.add_relationship(partner, tyler, RelationshipType.FATHER, actor=None)
    s.record_involvement(
        jayden,
        actor=None,
        kind=InvolvementKind.CONTACT,
        start=D(2021, 2, 1),
        end=D(2021, 2, 2),
        outcome="Information and advice to mother",
        team="MASH",
        source_reference="FD-OLD1-0001",
    )
    s.record_involvement(
        jayden,
        actor=None,
        kind=InvolvementKind.CIN_PLAN,
        start=D(2022, 4, 20),
        end=D(2023, 1, 10),
        outcome="Closed: needs met through early help",
        team="Assessment team North",
    )
    s.record_involvement(
        mia,
        actor=None,
        kind=InvolvementKind.CP_PLAN,
        start=D(2020, 1, 14),
        end=D(2020, 9, 30),
        outcome="Plan ended: neglect no longer a risk",
        team="Child protection",
    )
    s.record_involvement(
        tyler,
        actor=None,
        kind=InvolvementKind.S47_ENQUIRY,
        start=D(2019, 11, 5),
        end=D(2019, 12, 2),
        outcome="Substantiated: physical abuse by father",
        team="Assessment team North",
    )
    return SmithFamily(mother, jayden, mia, partner, tyler, namesake)


def second_record_of_mia() -> Person:
    """Mia Smith entered again years later by another team: day and month swapped, a short name."""
    copy = people.create_person(
        actor=None,
        given_name="Mia",
        surname="Smith",
        sex="female",
        date_of_birth=D(2016, 8, 20),
        address="14 Elm Rd, Northtown",
        postcode="NS1 2AB",
    )
    people.record_involvement(
        copy,
        actor=None,
        kind=InvolvementKind.CONTACT,
        start=D(2024, 6, 3),
        outcome="Signposted to school nurse",
        source_reference="FD-XXXX-0002",
    )
    return copy


def closed_child() -> Person:
    """Jayden: known, with a contact and a child in need plan, both closed."""
    jayden = people.create_person(
        actor=None,
        given_name="Jayden",
        surname="Smith",
        sex="male",
        date_of_birth=D(2019, 4, 3),
        address="14 Elm Road\nNorthtown",
        postcode="NS1 2AB",
    )
    people.record_involvement(
        jayden,
        actor=None,
        kind=InvolvementKind.CONTACT,
        start=D(2021, 2, 1),
        end=D(2021, 2, 2),
        outcome="Information and advice to mother",
        team="MASH",
        source_reference="FD-OLD1-0001",
    )
    people.record_involvement(
        jayden,
        actor=None,
        kind=InvolvementKind.CIN_PLAN,
        start=D(2022, 4, 20),
        end=D(2023, 1, 10),
        outcome="Closed: needs met through early help",
        team="Assessment team North",
    )
    return jayden


def open_child(worker: User) -> Person:
    """Mia: an open child protection plan, allocated to `worker`."""
    mia = people.create_person(
        actor=None,
        given_name="Mia",
        surname="Smith",
        sex="female",
        date_of_birth=D(2016, 8, 20),
        address="14 Elm Road\nNorthtown",
        postcode="NS1 2AB",
    )
    people.record_involvement(
        mia,
        actor=None,
        kind=InvolvementKind.S47_ENQUIRY,
        start=D(2025, 3, 1),
        end=D(2025, 3, 20),
        outcome="Substantiated: neglect",
        team="Assessment team North",
    )
    people.record_involvement(
        mia,
        actor=None,
        kind=InvolvementKind.CP_PLAN,
        start=D(2025, 4, 2),
        outcome="Neglect",
        team="Child protection",
        allocated_worker=worker,
    )
    return mia


# ---------------------------------------------------------------------------------------------- the pathway


def referral_with_child(
    *,
    received_at: dt.datetime = IN_HOURS,
    outcome: str = "assessment",
    by: User | None = None,
    boss: User | None = None,
    child: str = "Jayden",
    **extra: Any,
) -> tuple[Referral, Episode]:
    """A contact about a child (Jayden unless named), linked to their index record, decided as a
    referral by a manager."""
    by = by or User.objects.filter(username="screener").first() or screener()
    boss = boss or User.objects.filter(username="manager").first() or manager()
    jayden = Person.objects.filter(given_name=child).first() or people.create_person(
        actor=None, given_name=child, surname="Smith", sex="male", date_of_birth=dt.date(2019, 4, 3)
    )
    contact = make_contact(received_at=received_at, people=[{**JAYDEN, "given_names": child}])
    people.link_contact_person(contact.people.get(), jayden, actor=by)
    if outcome in ("strategy_discussion", "immediate_protection"):
        extra.setdefault("reasonable_cause", "Jayden has a burn the school saw; he says his stepfather did it.")
    screening.authorise(proposed(contact, by, outcome, **extra), actor=boss)
    referral = Referral.objects.get(contact=contact)
    # The decision was made an hour after the contact arrived, not when the test ran.
    screening.schedule_referral(referral, received_at + dt.timedelta(hours=1))
    referral.save()
    Episode.objects.filter(referral=referral).update(referral_date=referral.referred_at.astimezone(LONDON).date())
    episode = Episode.objects.filter(referral=referral).first()
    # A child with an open episode carries on in it (one open episode per child).
    return referral, episode or Episode.objects.get(child=jayden, closed_on__isnull=True)


# -------------------------------------------------------------------------------------- information requests

REQUEST: dict[str, Any] = {
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


def log(actor: User, **changes: Any) -> InformationRequest:
    """An information request logged by `actor` (a school asking about Jayden unless changed)."""
    return sharing.log_request(actor=actor, received_at=RECEIVED, **{**REQUEST, **changes})


def routed(actor: User, person: Person | None, **changes: Any) -> InformationRequest:
    """Logged, matched (or 'not in the index') and routed, as a member of staff would."""
    request = log(actor, **changes)
    sharing.confirm_match(request, person, actor=actor, reason="Same name, date of birth and postcode")
    sharing.decide_route(request, actor=actor)
    request.refresh_from_db()
    return request
