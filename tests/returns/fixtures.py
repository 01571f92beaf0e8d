"""Children whose records cover every part of the pathway, for the returns tests (RET-1, RET-2, RET-3).

Built with the pathway models directly (frontdoor/pathway/models.py, PATHWAY_SPEC.md), dated
in the collection year 2025/26 (census year 2026), on working days unless a test wants a
weekend. ``build()`` returns the people by name so tests can find them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from django.utils import timezone

from frontdoor.accounts.models import Role, Team, User
from frontdoor.intake.models import Contact, ContactPerson
from frontdoor.pathway.models import (
    Assessment,
    ChildDetails,
    ChildProtectionPlan,
    CINPlan,
    Conference,
    Episode,
    Section47,
    StrategyDiscussion,
)
from frontdoor.people.models import ContactPersonLink, LinkDecision, Person, PersonKind
from frontdoor.returns.quality import upn_check_letter
from frontdoor.screening.models import Decision, DecisionStatus, Outcome, Referral

YEAR = 2026
D = dt.date


@dataclass
class Pathway:
    team: Team
    worker: User
    other_team: Team
    people: dict[str, Person] = field(default_factory=dict)
    episodes: dict[str, Episode] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)


def upn_for(rest: str) -> str:
    return upn_check_letter(rest) + rest


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def child(
    p: Pathway,
    key: str,
    given: str,
    born: dt.date | None,
    sex: str = "female",
    *,
    ethnicity: str = "WBRI",
    disabilities: list[str] | None = None,
    upn: str = "",
    upn_unknown: str = "UN6",
    kind: str = PersonKind.CHILD,
    expected: dt.date | None = None,
) -> Person:
    person = Person.objects.create(
        given_name=given, surname="Fixture", sex=sex, date_of_birth=born, kind=kind, expected_date=expected
    )
    ChildDetails.objects.create(
        person=person,
        ethnicity=ethnicity,
        disabilities=disabilities if disabilities is not None else ["NONE"],
        upn=upn,
        upn_unknown="" if upn else upn_unknown,
    )
    p.people[key] = person
    return person


def contact(
    p: Pathway,
    reference: str,
    received: dt.date,
    *,
    referrer_type: str,
    children: list[tuple[str, str, str, Person | None]],
    team: Team | None,
    decided: dt.date | None,
    organisation_type: str = "",
    anonymity: str = "named",
) -> Contact:
    """A contact received at 10:00 on ``received``, decided at 16:00 on ``decided`` (None: not yet)."""
    at = _aware(received)
    c = Contact.objects.create(
        reference=reference,
        submission_key=uuid.uuid4(),
        received_at=at,
        form_type="green",
        referrer_type=referrer_type,
        organisation_type=organisation_type,
        anonymity=anonymity,
        concern="A worry",
        queue="screening",
        team=team,
        decision_due_at=at + dt.timedelta(days=1),
        acknowledgement_due_at=at + dt.timedelta(days=1),
        decided_at=_aware(decided, 16) if decided else None,
        status="decided" if decided else "new",
    )
    for position, (given, family, sex, person) in enumerate(children):
        cp = ContactPerson.objects.create(
            contact=c, position=position, role="child", given_names=given, family_name=family, sex=sex
        )
        if person is not None:
            ContactPersonLink.objects.create(
                contact_person=cp, person=person, decision=LinkDecision.LINKED, decided_by=p.worker
            )
    return c


def episode(p: Pathway, key: str, person: Person, referred: dt.date, source: str = "2A", **fields: object) -> Episode:
    e = Episode.objects.create(
        child=person, referral_date=referred, referral_source=source, team=p.team, allocated_worker=p.worker, **fields
    )
    p.episodes[key] = e
    return e


def assessment(
    e: Episode,
    started: dt.date,
    seen: dt.date | None,
    authorised: dt.date | None,
    factors: list[str],
    due: dt.date | None = None,
) -> Assessment:
    return Assessment.objects.create(
        episode=e,
        started_on=started,
        due_on=due or started + dt.timedelta(days=63),
        child_seen_on=seen,
        completed_on=authorised,
        authorised_on=authorised,
        factors=factors,
    )


def s47_with_conference(
    p: Pathway, e: Episode, discussed: dt.date, target: dt.date, icpc: dt.date | None, plan: str | None
) -> tuple[Section47, Conference | None]:
    sd = StrategyDiscussion.objects.create(
        episode=e,
        held_at=_aware(discussed),
        outcome=StrategyDiscussion.Outcome.S47,
        recorded_by=p.worker,
        participants=[{"name": "PC Lee", "agency": "Police", "role": "Officer"}],
    )
    s47 = Section47.objects.create(
        episode=e,
        strategy_discussion=sd,
        started_on=discussed,
        icpc_target=target,
        completed_on=icpc or target,
        icpc_required=icpc is not None,
        outcome=Section47.Outcome.SUBSTANTIATED_ICPC if icpc else Section47.Outcome.NOT_SUBSTANTIATED,
    )
    conference = None
    if icpc is not None:
        conference = Conference.objects.create(
            episode=e,
            kind=Conference.Kind.INITIAL,
            held_on=icpc,
            section47=s47,
            due_on=target,
            outcome=Conference.Outcome.PLAN if plan else Conference.Outcome.NO_PLAN,
        )
    return s47, conference


def build() -> Pathway:
    team = Team.objects.create(name="Assessment Team North", kind=Team.Kind.ASSESSMENT)
    worker = User.objects.create_user(username="fixture-sw", password="x", role=Role.SOCIAL_WORKER, team=team)
    p = Pathway(team=team, worker=worker, other_team=Team.objects.create(name="Screening", kind=Team.Kind.SCREENING))

    # 1. Referral -> assessment (child seen, authorised, factors) -> CIN plan -> closed RC7.
    amy = child(p, "amy", "Amy", D(2016, 5, 3), upn=upn_for("801200312001"))
    e = episode(p, "amy", amy, D(2025, 5, 6), "2A", primary_need="N5")
    assessment(e, D(2025, 5, 7), D(2025, 5, 9), D(2025, 6, 20), ["3B", "4B"])
    CINPlan.objects.create(episode=e, started_on=D(2025, 6, 23), ended_on=D(2025, 12, 12))
    Episode.objects.filter(pk=e.pk).update(closed_on=D(2025, 12, 12), closure_reason="RC7")

    # 2. Strategy discussion -> s47 -> ICPC -> CP plan -> reviews -> plan ends -> still open (CIN plan).
    ben = child(p, "ben", "Ben", D(2019, 9, 14), "male", ethnicity="MWBC", disabilities=["LD", "COMM"])
    e = episode(p, "ben", ben, D(2025, 6, 2), "6", primary_need="N1")
    assessment(e, D(2025, 6, 2), D(2025, 6, 3), D(2025, 7, 25), ["16A", "3A"])
    s47, _ = s47_with_conference(p, e, D(2025, 6, 3), D(2025, 6, 24), D(2025, 6, 20), "NEG")
    plan = ChildProtectionPlan.objects.create(
        episode=e, started_on=D(2025, 6, 20), ended_on=D(2026, 2, 27), initial_category="NEG", latest_category="EMO"
    )
    for held in (D(2025, 9, 19), D(2026, 2, 27)):
        Conference.objects.create(
            episode=e,
            kind=Conference.Kind.REVIEW,
            held_on=held,
            plan=plan,
            outcome=Conference.Outcome.PLAN_CONTINUES if held.month == 9 else Conference.Outcome.PLAN_ENDS,
        )
    CINPlan.objects.create(episode=e, started_on=D(2026, 2, 27))

    # 3. s47 not substantiated: no initial conference needed; services ceased (RC7).
    cara = child(p, "cara", "Cara", D(2012, 1, 30), ethnicity="AIND", upn="", upn_unknown="UN5")
    e = episode(p, "cara", cara, D(2025, 7, 1), "3E", primary_need="N4")
    assessment(e, D(2025, 7, 1), D(2025, 7, 2), D(2025, 8, 12), ["21"], due=D(2025, 8, 1))  # late
    s47_with_conference(p, e, D(2025, 7, 2), D(2025, 7, 23), None, None)
    Episode.objects.filter(pk=e.pk).update(closed_on=D(2025, 8, 12), closure_reason="RC7")

    # 4. Referral, no further action (closed the same day, RC8 is for after assessment: RC7).
    dev = child(p, "dev", "Dev", D(2014, 11, 2), "male", ethnicity="BAFR", upn_unknown="UN5")
    episode(
        p,
        "dev",
        dev,
        D(2025, 10, 7),
        "1A",
        primary_need="N0",
        referral_nfa=True,
        closed_on=D(2025, 10, 7),
        closure_reason="RC7",
    )

    # Dev is referred again three months later (a re-referral): an assessment is under way.
    e = episode(p, "dev-again", dev, D(2026, 1, 13), "6", primary_need="N4")
    assessment(e, D(2026, 1, 14), D(2026, 1, 15), None, [])

    # 5. An unborn baby, referred before birth: assessment open on 31 March.
    bump = child(
        p,
        "unborn",
        "",
        None,
        "",
        kind=PersonKind.UNBORN,
        expected=D(2026, 5, 20),
        ethnicity="NOBT",
        disabilities=[],
        upn_unknown="UN9",
    )
    e = episode(p, "unborn", bump, D(2026, 2, 10), "3B", primary_need="N3")
    assessment(e, D(2026, 2, 11), None, None, [])

    # 6. A second child protection plan (NumberOfPreviousCPP 1), episode open since the previous year.
    eve = child(p, "eve", "Eve", D(2010, 3, 21), ethnicity="WOTH", disabilities=["NONE"])
    old = episode(
        p, "eve-old", eve, D(2023, 1, 10), "8", primary_need="N1", closed_on=D(2023, 9, 29), closure_reason="RC7"
    )
    ChildProtectionPlan.objects.create(
        episode=old, started_on=D(2023, 2, 3), ended_on=D(2023, 9, 29), initial_category="PHY", latest_category="PHY"
    )
    e = episode(p, "eve", eve, D(2025, 2, 10), "5A", primary_need="N1")
    assessment(e, D(2025, 2, 10), D(2025, 2, 11), D(2025, 3, 20), ["19B", "1B"])
    s47_with_conference(p, e, D(2025, 2, 11), D(2025, 3, 4), D(2025, 3, 3), "PHY")
    plan = ChildProtectionPlan.objects.create(
        episode=e, started_on=D(2025, 3, 3), initial_category="PHY", latest_category="PHY"
    )
    Conference.objects.create(
        episode=e,
        kind=Conference.Kind.REVIEW,
        held_on=D(2025, 6, 2),
        plan=plan,
        outcome=Conference.Outcome.PLAN_CONTINUES,
    )

    # Contacts: Amy's (a school, became her referral), a family member's about two children
    # (passed to early help), and an anonymous one about a child not yet linked to anyone.
    p.contacts["amy"] = contact(
        p,
        "FD-AMY1-0001",
        D(2025, 5, 5),
        referrer_type="professional",
        organisation_type="school",
        children=[("Amy", "Fixture", "female", amy)],
        team=team,
        decided=D(2025, 5, 6),
    )
    decision = Decision.objects.create(
        contact=p.contacts["amy"],
        outcome=Outcome.ASSESSMENT,
        reasons="Needs assessment",
        proposed_by=worker,
        status=DecisionStatus.AUTHORISED,
        reviewed_by=worker,
        reviewed_at=_aware(D(2025, 5, 6), 16),
    )
    referral = Referral.objects.create(
        reference="R-AMY1",
        contact=p.contacts["amy"],
        decision=decision,
        route=Outcome.ASSESSMENT,
        referred_at=_aware(D(2025, 5, 6), 16),
        team=team,
    )
    Episode.objects.filter(pk=p.episodes["amy"].pk).update(referral=referral)
    p.contacts["family"] = contact(
        p,
        "FD-FAM1-0002",
        D(2025, 9, 1),
        referrer_type="family",
        children=[("Gil", "Fixture", "male", None), ("Hal", "Fixture", "", None)],
        team=team,
        decided=D(2025, 9, 1),
    )
    Decision.objects.create(
        contact=p.contacts["family"],
        outcome=Outcome.EARLY_HELP,
        early_help_service="families_first",
        reasons="Family support",
        proposed_by=worker,
        status=DecisionStatus.AUTHORISED,
        reviewed_by=worker,
        reviewed_at=_aware(D(2025, 9, 1), 15),
    )
    p.contacts["anon"] = contact(
        p,
        "FD-ANO1-0003",
        D(2025, 11, 8),
        referrer_type="public",
        anonymity="anonymous",
        children=[("Ivy", "", "female", None)],
        team=None,
        decided=D(2025, 11, 11),
    )
    p.contacts["other_team"] = contact(
        p,
        "FD-OTH1-0004",
        D(2025, 11, 10),
        referrer_type="professional",
        organisation_type="police",
        children=[("Jo", "Fixture", "", None)],
        team=p.other_team,
        decided=None,
    )

    # 7. Closed before the year began: not in the return.
    fin = child(p, "old", "Finn", D(2011, 8, 8), "male")
    episode(p, "old", fin, D(2024, 5, 1), "2A", primary_need="N4", closed_on=D(2025, 3, 14), closure_reason="RC7")
    return p
