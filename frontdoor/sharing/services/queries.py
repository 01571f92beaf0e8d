"""What sharing reads and never changes: the lawful basis to ask other agencies (CON-3), an information
request's person, route, facts and letters, the queues and what is due (INF-1..INF-7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from frontdoor.accounts.models import Team, User
from frontdoor.people import matching
from frontdoor.policy import information_rules as rules
from frontdoor.policy import timescales
from frontdoor.policy.calendar import LONDON, next_working_day, to_london
from frontdoor.policy.council import COUNCIL
from frontdoor.sharing import facts
from frontdoor.sharing.models import (
    OPEN_REQUEST_STATUSES,
    Disclosure,
    InformationRequest,
    RequestStatus,
)
from frontdoor.sharing.services.guards import is_dpo

# === Information requests from other agencies (INF-1..INF-7, §8) =====================================

LEGAL_HELPDESK_DEFAULT = "legal.helpdesk@northshire.example"


def new_request_reference() -> str:
    """``IR-XXXX-XXXX``: plainly not a contact (FD-) or a referral (REF-)."""
    from frontdoor.intake.services import new_reference

    return "IR-" + new_reference().removeprefix("FD-")


def _team(kind: str) -> Team | None:
    return Team.objects.filter(kind=kind).order_by("id").first()


def query_of(request: InformationRequest) -> matching.PersonRecord:
    """The person the requester described, for the person index's matcher (PPL-2)."""
    given, _, middle = request.subject_given_name.strip().partition(" ")
    return matching.PersonRecord(
        given_name=given,
        middle_names=middle.strip(),
        surname=request.subject_surname.strip(),
        date_of_birth=request.subject_date_of_birth,
        postcodes=(request.subject_postcode,) if request.subject_postcode else (),
    )


def facts_of(request: InformationRequest) -> rules.RequestFacts:
    case = facts.case_of(request.person)
    return rules.RequestFacts(
        agency=request.agency,
        purpose=request.purpose,
        asked=request.asked,
        identity=request.identity,
        legitimacy_in_doubt=request.legitimacy_in_doubt,
        consent_from_pr=request.consent_from_pr,
        statutory_role_evidenced=request.statutory_role_evidenced,
        reason_given=bool(request.purpose_details.strip()),
        case_state=case.state,
        allocated_worker=case.allocated_worker_name,
        subject_is_adult=request.subject_is_adult,
    )


def preview(request: InformationRequest) -> rules.InformationDecision:
    return rules.decide(facts_of(request))


def legal_helpdesk_email() -> str:
    address: str = getattr(settings, "FRONTDOOR_LEGAL_HELPDESK_EMAIL", LEGAL_HELPDESK_DEFAULT)
    return address


def _level_facts(request: InformationRequest, level: str) -> list[dict[str, Any]]:
    rows = [f.as_json() for f in facts.gather(request.person)]
    if level != rules.Level.DETAILED:
        for row in rows:
            row["detail"] = ""
    return rows


def proposed_facts(request: InformationRequest) -> list[dict[str, Any]]:
    """The facts an answer would disclose now, at the level the deciding rule allows."""
    if request.route != rules.Route.ANSWER:
        return []
    return _level_facts(request, request.level)


def answer_text(request: InformationRequest) -> str:
    return render_to_string("sharing/email/answer.txt", _letter_context(request, request.draft_facts))


def reply_text(request: InformationRequest) -> str:
    """A refusal or a request for evidence: it never says whether the child is known."""
    template = "sharing/email/hold.txt" if request.route == rules.Route.HOLD else "sharing/email/refusal.txt"
    return render_to_string(template, _letter_context(request, []))


def _date(value: str | None) -> str:
    return dt.date.fromisoformat(value).strftime("%-d %B %Y") if value else ""


def fact_line(row: dict[str, Any], *, detailed: bool = False) -> str:
    """One fact as the requester reads it: what, when, the outcome (and, in a detailed answer, the detail)."""
    when = _date(row["start"]) + (f" to {_date(row['end'])}" if row.get("end") else (" (open)" if row["open"] else ""))
    text = f"{row['kind']}, {when}" + (f": {row['outcome']}" if row.get("outcome") else "")
    if detailed and row.get("detail"):
        text += f". {row['detail']}"
    return text


def _letter_context(request: InformationRequest, rows: list[dict[str, Any]]) -> dict[str, Any]:
    rule = rules.rule_by_id(request.basis_rule) if request.basis_rule else None
    basis = next((r for r in request.rules if r["rule"] == request.basis_rule), None)
    return {
        "request": request,
        "rule": rule,
        "basis": basis,
        "facts": rows,
        "lines": [fact_line(row, detailed=request.level == rules.Level.DETAILED) for row in rows],
        "known": bool(request.person_id) and request.case_state != rules.CaseState.NOT_KNOWN,
        "council": COUNCIL,
        "detailed": request.level == rules.Level.DETAILED,
    }


# --- Queues (in the style of contacts: SCR-1, TIM-3) --------------------------------------------------


WAITING_IN_QUEUE = (RequestStatus.NEW, RequestStatus.DECIDED, RequestStatus.APPROVED)


def request_queue() -> QuerySet[InformationRequest]:
    """Open requests nobody holds and no allocated worker has, soonest deadline first."""
    return InformationRequest.objects.filter(
        status__in=WAITING_IN_QUEUE, claimed_by__isnull=True, allocated_to__isnull=True
    ).order_by("due_at", "id")


def my_requests(*, actor: User) -> QuerySet[InformationRequest]:
    """Requests I hold, my allocated children's (INF-1), for a manager those waiting for approval,
    and for the Data Protection Officer those with the Data Protection Team."""
    mine = Q(claimed_by=actor) | Q(allocated_to=actor)
    if actor.is_manager:
        mine |= Q(status=RequestStatus.AWAITING_APPROVAL)
    if is_dpo(actor):
        mine |= Q(status=RequestStatus.WITH_DATA_PROTECTION)
    # Court correspondence about an open case stays in the allocated worker's list until they close it.
    passed_on = Q(allocated_to=actor, status=RequestStatus.PASSED_ON)
    # A held request stays with whoever holds it, waiting for the requester's evidence (INF-7).
    held = (Q(claimed_by=actor) | Q(allocated_to=actor)) & Q(status=RequestStatus.HELD)
    rows = InformationRequest.objects.filter((mine & Q(status__in=OPEN_REQUEST_STATUSES)) | passed_on | held)
    return rows.order_by("due_at", "id")


def due_requests(now: dt.datetime | None = None) -> list[tuple[InformationRequest, str]]:
    """Open requests due by the end of the next working day, overdue first (TIM-3), with their state."""
    now = now or timezone.now()
    horizon = dt.datetime.combine(next_working_day(to_london(now).date()), dt.time.max, tzinfo=LONDON)
    rows = InformationRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES, due_at__lte=horizon).select_related(
        "claimed_by", "allocated_to", "team"
    )
    return [(row, timescales.due_state(row.due_at, now)) for row in rows.order_by("due_at", "id")]


def earlier_disclosures(request: InformationRequest) -> QuerySet[Disclosure]:
    """What was sent before about the same child, so that this answer builds on it (INF-5)."""
    if request.person_id is None:
        return Disclosure.objects.none()
    return (
        Disclosure.objects.filter(person_id=request.person_id)
        .exclude(request=request)
        .select_related("request", "sent_by", "approved_by")
    )
