"""The facts an answer to an information request is drafted from (§8, INF-3, INF-5).

Each *fact source* is one function ``(person) -> list[Fact]`` returning dated facts about the
child from one part of the record; ``SOURCES`` lists them. ``gather`` asks every source,
drops a fact a source earlier in the list already gave (the same reference), and orders them
by date. To add a part of the record, write one more function and append it to ``SOURCES``:
nothing else changes (``pathway_facts`` brings the statutory pathway this way).

§8 lists what is checked before answering: contacts (with outcomes, only where they were not
progressed to a referral), referrals, assessments, s47 enquiries, conferences, closures,
child protection plans, periods looked after. Facts have a summary (dates, kind, outcome:
what INF-3 allows) and a detail (what the record says: only in a detailed answer, INF-5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from frontdoor.intake.models import Contact, ContactPerson
from frontdoor.people.models import LinkDecision, Person
from frontdoor.policy.calendar import to_london
from frontdoor.screening.models import Decision, DecisionStatus, Referral, Screening


@dataclass(frozen=True)
class Fact:
    key: str  # stable within the record, e.g. "contact:FD-7K3M-Q9PX"
    source: str  # which source gave it
    kind: str  # "Contact", "Referral", "Child protection plan", ...
    start: dt.date
    end: dt.date | None
    open: bool
    outcome: str
    reference: str = ""
    detail: str = ""  # only released in a detailed answer (INF-5)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"] = self.start.isoformat()
        data["end"] = self.end.isoformat() if self.end else None
        return data


FactSource = Callable[[Person], list[Fact]]


def _linked_contact_ids(person: Person) -> list[int]:
    return list(
        ContactPerson.objects.filter(
            index_link__person=person,
            index_link__decision__in=[LinkDecision.LINKED, LinkDecision.NEW_PERSON],
        ).values_list("contact_id", flat=True)
    )


def _local(at: dt.datetime | None) -> dt.date | None:
    return to_london(at).date() if at else None


def contact_facts(person: Person) -> list[Fact]:
    """Contacts about the child that did not become a referral, with their outcome."""
    ids = _linked_contact_ids(person)
    referred = set(Referral.objects.filter(contact_id__in=ids).values_list("contact_id", flat=True))
    decisions = {
        d.contact_id: d
        for d in Decision.objects.filter(contact_id__in=ids, status=DecisionStatus.AUTHORISED).select_related("contact")
    }
    screenings = {s.contact_id: s for s in Screening.objects.filter(contact_id__in=ids)}
    facts = []
    for contact in Contact.objects.filter(id__in=ids).exclude(id__in=referred).order_by("received_at"):
        decision = decisions.get(contact.pk)
        screening = screenings.get(contact.pk)
        detail = " ".join(
            part
            for part in (
                f"Concern: {screening.nature_of_concern}" if screening and screening.nature_of_concern else "",
                f"Reasons for the decision: {decision.reasons}" if decision else "",
            )
            if part
        )
        received = _local(contact.received_at)
        assert received is not None  # noqa: S101 - received_at is required
        facts.append(
            Fact(
                key=f"contact:{contact.reference}",
                source="contacts",
                kind="Contact",
                start=received,
                end=_local(contact.decided_at),
                open=contact.is_open,
                outcome=decision.outcome_text if decision else "Decision not yet made",
                reference=contact.reference,
                detail=detail,
            )
        )
    return facts


def referral_facts(person: Person) -> list[Fact]:
    """Referrals (contacts a decision made into referrals), their route and what has happened."""
    facts = []
    referrals = Referral.objects.filter(contact_id__in=_linked_contact_ids(person)).select_related("decision")
    for referral in referrals.order_by("referred_at"):
        done = [d.met_text for d, _, met in referral.deadlines() if met is not None]
        outcome = referral.get_route_display() + (f"; {', '.join(done).lower()}" if done else "")
        start = _local(referral.referred_at)
        assert start is not None  # noqa: S101 - referred_at is required
        facts.append(
            Fact(
                key=f"referral:{referral.reference}",
                source="referrals",
                kind="Referral",
                start=start,
                end=_local(referral.assessment_completed_at),
                open=referral.assessment_completed_at is None,
                outcome=outcome,
                reference=referral.reference,
                detail=f"Reasons for the referral: {referral.decision.reasons}",
            )
        )
    return facts


def history_facts(person: Person) -> list[Fact]:
    """The person index's history (PPL-1): assessments, s47 enquiries, conferences, plans, periods
    looked after and closures, including history brought in from earlier systems."""
    return [
        Fact(
            key=f"involvement:{i.pk}",
            source="history",
            kind=i.get_kind_display(),
            start=i.start,
            end=i.end,
            open=i.is_open,
            outcome=i.outcome,
            reference=i.source_reference,
            detail=f"Team: {i.team}" if i.team else "",
        )
        for i in person.involvements.order_by("start", "id")
    ]


def pathway_facts(person: Person) -> list[Fact]:
    """The child's statutory pathway (frontdoor/pathway, STA-1): each episode with its closure
    reason, strategy discussions, Section 47 enquiries, assessments, conferences, child protection
    and child in need plans, and periods looked after."""
    from frontdoor.pathway.models import Episode, LookedAfterPeriod

    facts: list[Fact] = []

    def add(key: str, kind: str, start: dt.date, end: dt.date | None, outcome: str, detail: str = "") -> None:
        facts.append(
            Fact(
                key=key,
                source="pathway",
                kind=kind,
                start=start,
                end=end,
                open=end is None,
                outcome=outcome,
                detail=detail,
            )
        )

    episodes = Episode.objects.filter(child=person).prefetch_related(
        "strategy_discussions", "section47s", "assessments", "conferences", "cp_plans", "cin_plans"
    )
    for e in episodes.order_by("referral_date", "id"):
        closed = f"Closed: {e.get_closure_reason_display()}" if e.closed_on else "Open"
        add(
            f"episode:{e.pk}",
            "Children's social care involvement",
            e.referral_date,
            e.closed_on,
            closed,
            f"Primary need: {e.get_primary_need_display()}" if e.primary_need else "",
        )
        for sd in e.strategy_discussions.all():
            held = to_london(sd.held_at).date()
            add(f"strategy:{sd.pk}", "Strategy discussion", held, held, sd.get_outcome_display(), sd.notes)
        for s47 in e.section47s.all():
            add(
                f"s47:{s47.pk}",
                "Section 47 enquiry",
                s47.started_on,
                s47.completed_on,
                s47.get_outcome_display() or "Under way",
                s47.notes,
            )
        for a in e.assessments.all():
            factors = ", ".join(a.factors)
            add(
                f"assessment:{a.pk}",
                "Child and family assessment",
                a.started_on,
                a.completed_on,
                "Completed" if a.completed_on else "Under way",
                " ".join(p for p in (a.summary, f"Factors identified: {factors}" if factors else "") if p),
            )
        for c in e.conferences.all():
            add(f"conference:{c.pk}", c.get_kind_display(), c.held_on, c.held_on, c.get_outcome_display(), c.notes)
        for plan in e.cp_plans.all():
            add(
                f"cp_plan:{plan.pk}",
                "Child protection plan",
                plan.started_on,
                plan.ended_on,
                f"Category: {plan.get_latest_category_display()}",
            )
        for cin in e.cin_plans.all():
            add(f"cin_plan:{cin.pk}", "Child in need plan", cin.started_on, cin.ended_on, "")
    for period in LookedAfterPeriod.objects.filter(child=person).order_by("started_on"):
        add(f"looked_after:{period.pk}", "Period looked after", period.started_on, period.ended_on, "")
    return facts


SOURCES: list[FactSource] = [contact_facts, referral_facts, history_facts, pathway_facts]


def gather(person: Person | None, sources: list[FactSource] | None = None) -> list[Fact]:
    """Every fact about the person from every source, oldest first; a fact with a reference that an
    earlier source already gave is not repeated (screening writes contacts and referrals into the
    index's history too)."""
    if person is None:
        return []
    seen: set[str] = set()
    facts: list[Fact] = []
    for source in sources if sources is not None else SOURCES:
        for fact in source(person):
            if fact.reference and fact.reference in seen:
                continue
            facts.append(fact)
        seen.update(f.reference for f in facts if f.reference)
    return sorted(facts, key=lambda f: (f.start, f.key))


@dataclass(frozen=True)
class CaseInfo:
    state: str  # information_rules.CaseState
    allocated_worker_id: int | None
    allocated_worker_name: str


def case_of(person: Person | None) -> CaseInfo:
    """Open (an open involvement), closed (known, nothing open) or not known (INF-1)."""
    from frontdoor.policy.information_rules import CaseState

    if person is None:
        return CaseInfo(CaseState.NOT_KNOWN, None, "")
    from frontdoor.pathway.models import Episode

    open_episode = (
        Episode.objects.filter(child=person, closed_on__isnull=True)
        .select_related("allocated_worker")
        .order_by("-referral_date")
        .first()
    )
    if open_episode is not None:  # an open statutory pathway is an open case (INF-1)
        worker = open_episode.allocated_worker
        return CaseInfo(CaseState.OPEN, worker.pk if worker else None, worker.display_name if worker else "")
    involvements = list(person.involvements.select_related("allocated_worker").order_by("-start", "-id"))
    open_ones = [i for i in involvements if i.is_open]
    if open_ones:
        allocated = next((i.allocated_worker for i in open_ones if i.allocated_worker is not None), None)
        if allocated is None:
            return CaseInfo(CaseState.OPEN, None, "")
        return CaseInfo(CaseState.OPEN, allocated.pk, allocated.display_name)
    if involvements or _linked_contact_ids(person) or Episode.objects.filter(child=person).exists():
        return CaseInfo(CaseState.CLOSED, None, "")
    return CaseInfo(CaseState.NOT_KNOWN, None, "")
