"""Every change in consent and sharing (CON-2, CON-3) and to an information request from another
agency (INF-1..INF-7): atomic, checked (``guards``), audited in the same transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from frontdoor.accounts.models import Team, User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.core.guards import require_transition
from frontdoor.intake import outbox
from frontdoor.intake.models import Contact, OutboundEmail
from frontdoor.people.models import Person
from frontdoor.policy import information_rules as rules
from frontdoor.policy.council import COUNCIL
from frontdoor.screening.services import basis_for_enquiry
from frontdoor.sharing import facts
from frontdoor.sharing.models import (
    AgencyEnquiry,
    AgencyType,
    Disclosure,
    InformationRequest,
    RequestStatus,
    WithoutNoticeAuthorisation,
)
from frontdoor.sharing.services.guards import (
    REQUEST_FIELDS,
    RESTRICTED,
    RequestRefused,
    SharingRefused,
    _check_values,
    _locked,
    _may_prepare,
    _require_handler,
    is_dpo,
)
from frontdoor.sharing.services.queries import (
    _level_facts,
    _team,
    answer_text,
    facts_of,
    legal_helpdesk_email,
    new_request_reference,
    reply_text,
)
from frontdoor.sharing.signals import request_routed_to_worker


@transaction.atomic(durable=True)
def authorise_without_notice(contact: Contact, reasons: str, *, actor: User) -> WithoutNoticeAuthorisation:
    """CON-2: a team manager authorises discussing the contact with other agencies without the
    parents' knowledge, with reasons (§6)."""
    if not actor.is_manager:
        raise SharingRefused("Only a team manager can authorise sharing without the parents' knowledge")
    if not reasons.strip():
        raise SharingRefused("Enter the reasons for sharing without the parents' knowledge")
    row = WithoutNoticeAuthorisation.objects.create(contact=contact, reasons=reasons.strip(), authorised_by=actor)
    audit.record(actor, Action.SHARING_WITHOUT_NOTICE_AUTHORISED, contact, reason=reasons.strip())
    return row


REFUSAL = (
    "You cannot ask other agencies about this family yet. Before a section 47 enquiry has started, record that "
    "the parents agreed to information being shared, or ask a team manager to authorise sharing without their "
    "knowledge, with reasons."
)


def request_information(
    contact: Contact, *, actor: User, agency_type: str, agency_name: str, question: str
) -> AgencyEnquiry:
    """Record a request to another agency (a GP, a school) for information about the family,
    refused unless ``basis_for_enquiry`` finds a lawful footing (CON-3)."""
    if agency_type not in AgencyType.values:
        raise SharingRefused("Select the kind of agency")
    if not agency_name.strip() or not question.strip():
        raise SharingRefused("Enter the agency and what you are asking them")
    with transaction.atomic(durable=True):
        basis = basis_for_enquiry(contact)
        if basis is not None:
            enquiry = AgencyEnquiry.objects.create(
                contact=contact,
                agency_type=agency_type,
                agency_name=agency_name.strip(),
                question=question.strip(),
                basis=basis,
                requested_by=actor,
            )
            audit.record(actor, Action.SHARING_ENQUIRY_MADE, contact, agency=agency_name.strip(), basis=basis)
            return enquiry
    # The refused attempt is kept in the audit log too.
    with transaction.atomic(durable=True):
        audit.record(actor, Action.SHARING_ENQUIRY_REFUSED, contact, agency=agency_name.strip())
    raise SharingRefused(REFUSAL)


# === Information requests from other agencies (INF-1..INF-7, §8) =====================================
#
# Every change to an information request happens here: atomic, checked, audited in the same
# transaction. The lawful-basis rules are data (frontdoor/policy/information_rules.py); these
# functions apply them and refuse whatever the decision does not allow.


@transaction.atomic(durable=True)
def log_request(received_at: dt.datetime, *, actor: User, **values: Any) -> InformationRequest:
    """INF-1..INF-7: record a request as it arrived. It is matched and routed next, within a working day,
    by the person who recorded it (or, once they put it back, by whoever takes it from the queue)."""
    _require_handler(actor)
    unknown = set(values) - set(REQUEST_FIELDS)
    if unknown:
        raise RequestRefused(f"Unknown fields: {', '.join(sorted(unknown))}")
    _check_values(values)
    if not str(values.get("organisation", "")).strip() or not str(values.get("requester_name", "")).strip():
        raise RequestRefused("Enter who is asking: their name and organisation")
    if received_at > timezone.now() + dt.timedelta(minutes=5):
        raise RequestRefused("The date and time received must be in the past")
    request = InformationRequest.objects.create(
        reference=new_request_reference(),
        received_at=received_at,
        recorded_by=actor,
        due_at=rules.received_deadline(received_at),
        team=_team(Team.Kind.CUSTOMER_SERVICE),
        claimed_by=actor,  # whoever records it works on it, until they put it back in the queue
        claimed_at=timezone.now(),
        **{k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()},
    )
    audit.record(
        actor,
        Action.INFORMATION_REQUEST_LOGGED,
        request,
        agency=request.agency,
        purpose=request.purpose,
        asked=request.asked,
    )
    return request


@transaction.atomic(durable=True)
def confirm_match(request: InformationRequest, person: Person | None, reason: str = "", *, actor: User) -> None:
    """PPL-3: a member of staff says who the request is about (or that they are not in the index).
    Nothing is matched by a score alone. A change of person means the route is decided again."""
    _require_handler(actor)
    locked = _locked(request, actor)
    require_transition(locked, "confirm_match")
    if person is not None and person.merged_into_id is not None:
        raise RequestRefused("This record was merged into another; choose that one instead")
    if person is not None and not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise RequestRefused(RESTRICTED)
    locked.person = person
    locked.match_confirmed = True
    locked.match_confirmed_by = actor
    locked.match_reason = reason.strip()
    locked.status = RequestStatus.NEW
    locked.route = ""
    locked.save(update_fields=["person", "match_confirmed", "match_confirmed_by", "match_reason", "status", "route"])
    audit.record(
        actor, Action.INFORMATION_REQUEST_MATCHED, locked, reason=reason.strip(), person=person.pk if person else None
    )
    if person is not None:
        audit.record(actor, Action.PERSON_INFORMATION_REQUESTED, person, request=locked.reference)


@transaction.atomic(durable=True)
def decide_route(request: InformationRequest, *, actor: User) -> rules.InformationDecision:
    """Apply the lawful-basis rules (INF-1..INF-7) and send the request where they say: every rule
    that applied is kept with its source (DEC-7)."""
    _require_handler(actor)
    locked = _locked(request, actor)
    require_transition(locked, "decide_route")
    if not locked.match_confirmed:
        raise RequestRefused("Say who the request is about first: confirm a match or that they are not in the index")
    case = facts.case_of(locked.person)
    decision = rules.decide(facts_of(locked))
    now = timezone.now()
    locked.route = decision.route
    locked.basis_rule = decision.basis.rule.id
    locked.level = decision.level
    locked.gov_uk_only = decision.gov_uk_only
    locked.manager_approval = decision.manager_approval
    locked.handler = decision.handler
    locked.case_state = case.state
    locked.rules = [firing.as_json() for firing in decision.firings]
    locked.decided_at = now
    locked.decided_by = actor
    locked.due_at = decision.reply_due(locked.received_at)
    locked.status = RequestStatus.DECIDED
    locked.prepared_at = None
    locked.approved_at = None
    locked.approved_by = None
    if decision.handler == rules.Handler.ALLOCATED_WORKER and case.allocated_worker_id is not None:
        locked.allocated_to_id = case.allocated_worker_id
        locked.team_id = User.objects.filter(pk=case.allocated_worker_id).values_list("team_id", flat=True).first()
        locked.claimed_by = None
    if decision.route == rules.Route.DATA_PROTECTION:
        locked.status = RequestStatus.WITH_DATA_PROTECTION
        locked.team = _team(Team.Kind.DATA_PROTECTION)
        locked.claimed_by = None
        _notify(locked, COUNCIL.data_protection_email, "data-protection", "Data Protection Team")
    if decision.route == rules.Route.LEGAL:
        locked.status = RequestStatus.PASSED_ON
        locked.replied_at = now
        if case.state == rules.CaseState.OPEN and case.allocated_worker_id is not None:
            locked.allocated_to_id = case.allocated_worker_id  # the case note: in the worker's list
        else:
            locked.contact = _open_contact(locked, actor=actor)
        _notify(locked, legal_helpdesk_email(), "legal", "legal helpdesk")
    locked.save()
    audit.record(
        actor,
        Action.INFORMATION_REQUEST_ROUTED,
        locked,
        route=decision.route,
        rule=decision.basis.rule.id,
        reason=decision.basis.reason,
        rules=[f.rule.id for f in decision.firings],
    )
    if locked.allocated_to_id is not None and locked.allocated_to_id == case.allocated_worker_id:
        request_routed_to_worker.send(sender=InformationRequest, request=locked, worker=locked.allocated_to)
    return decision


def _notify(request: InformationRequest, to: str, key: str, team_name: str) -> OutboundEmail:
    """INF-6: tell the Data Protection Team or the legal helpdesk that a request is theirs."""
    body = render_to_string(
        "sharing/email/passed_on.txt", {"request": request, "team_name": team_name, "council": COUNCIL}
    )
    return outbox.queue_email(
        key=f"information-request:{request.reference}:{key}:{(request.decided_at or timezone.now()).isoformat()}",
        contact=None,
        kind=OutboundEmail.Kind.INFORMATION_PASSED_ON,
        to=to,
        subject=f"Information request {request.reference} passed to the {team_name}",
        body=body,
    )


def _open_contact(request: InformationRequest, *, actor: User) -> Contact:
    """INF-6: court or solicitor's correspondence about a closed child opens a contact, with the child
    linked to their index record by the member of staff who confirmed the match."""
    from frontdoor.intake import services as intake
    from frontdoor.people import services as people

    person = request.person
    child: dict[str, Any] = {"role": "child"}
    if person is not None:
        child.update(given_names=person.given_name, family_name=person.surname, date_of_birth=person.date_of_birth)
    else:
        child.update(
            given_names=request.subject_given_name,
            family_name=request.subject_surname,
            date_of_birth=request.subject_date_of_birth,
        )
    draft = intake.ContactDraft(
        submission_key=uuid.uuid5(uuid.NAMESPACE_URL, f"frontdoor:information-request:{request.reference}"),
        channel=request.channel,
        received_at=request.received_at,
        fields={
            "form_type": "green",
            "referrer_type": "professional",
            "referrer_name": request.requester_name,
            "organisation_name": request.organisation,
            "organisation_type": "other",
            "professional_role": request.requester_role,
            "referrer_email": request.requester_email,
            "referrer_phone": request.requester_phone,
            "concern": (
                f"Correspondence from {request.organisation} ({dict(rules.Agency.CHOICES)[request.agency]}) "
                f"about a child whose case is closed: information request {request.reference}. "
                f"{request.purpose_details}".strip()
            ),
        },
        people=[child],
    )
    contact = intake.submit_contact(draft, actor=actor).contact
    if person is not None:
        cp = contact.people.get(position=0)
        if not hasattr(cp, "index_link"):
            why = f"Confirmed on information request {request.reference}"
            people.link_contact_person(cp, person, actor=actor, reason=why)
    audit.record(actor, Action.INFORMATION_REQUEST_CONTACT_OPENED, request, contact=contact.reference)
    return contact


@transaction.atomic(durable=True)
def record_evidence(request: InformationRequest, *, actor: User, **values: Any) -> None:
    """INF-7, INF-4, INF-5, INF-2: the requester sent evidence (identity, statutory role, consent, why they
    ask, their .gov.uk address): recorded, and the request is routed again."""
    _require_handler(actor)
    allowed = {
        "identity",
        "identity_notes",
        "legitimacy_in_doubt",
        "consent_from_pr",
        "statutory_role_evidenced",
        "evidence_notes",
        "purpose_details",
        "requester_email",
    }
    if set(values) - allowed:
        raise RequestRefused("Only the evidence can be changed here")
    _check_values(values)
    locked = _locked(request, actor)
    # Before anything is sent. A prepared or approved answer is set aside: routed, prepared and
    # approved again, because who it goes to or why may have changed.
    require_transition(locked, "record_evidence")
    locked.prepared_at = None
    locked.approved_at = None
    locked.approved_by = None
    for name, value in values.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.status = RequestStatus.NEW
    locked.route = ""
    locked.save()
    evidence = {k: str(v)[:200] for k, v in values.items()}
    audit.record(actor, Action.INFORMATION_REQUEST_EVIDENCE_RECORDED, locked, **evidence)


@transaction.atomic(durable=True)
def prepare_answer(
    request: InformationRequest, *, actor: User, excluded: dict[str, str] | None = None, note: str = ""
) -> InformationRequest:
    """Draft the answer from the record: exactly these facts will be disclosed; a fact left out needs a
    reason. A detailed answer (INF-5) then waits for a team manager's approval."""
    locked = _locked(request, actor)
    _may_prepare(locked, actor)
    require_transition(locked, "prepare_answer")
    if locked.route != rules.Route.ANSWER:
        raise RequestRefused("Nothing may be disclosed on this request: send the reply the rule gives instead")
    excluded = excluded or {}
    rows = _level_facts(locked, locked.level)
    keys = {row["key"] for row in rows}
    if set(excluded) - keys:
        raise RequestRefused("A fact to leave out is not in the record any more: reload the page")
    missing = [key for key, reason in excluded.items() if not reason.strip()]
    if missing:
        raise RequestRefused("Give a reason for each fact you leave out")
    locked.draft_facts = [row for row in rows if row["key"] not in excluded]
    locked.draft_withheld = [
        {**{k: row[k] for k in ("key", "kind", "start", "outcome")}, "reason": excluded[row["key"]].strip()}
        for row in rows
        if row["key"] in excluded
    ]
    locked.draft_note = note.strip()
    locked.prepared_by = actor
    locked.prepared_at = timezone.now()
    locked.draft_text = answer_text(locked)
    locked.approved_by = None
    locked.approved_at = None
    if locked.manager_approval:
        locked.status = RequestStatus.AWAITING_APPROVAL
    locked.save()
    audit.record(
        actor,
        Action.INFORMATION_REQUEST_ANSWER_PREPARED,
        locked,
        facts=[r["key"] for r in locked.draft_facts],
        withheld=locked.draft_withheld,
    )
    return locked


@transaction.atomic(durable=True)
def approve_answer(request: InformationRequest, comments: str = "", *, actor: User) -> None:
    """INF-5: a team manager, not the person who prepared it, approves what will be sent."""
    if not actor.is_manager:
        raise RequestRefused("Only a team manager can approve a detailed answer")
    locked = _locked(request, actor)
    require_transition(locked, "approve_answer")
    if locked.prepared_by_id == actor.pk:
        raise RequestRefused("You prepared this answer: another team manager must approve it")
    locked.status = RequestStatus.APPROVED
    locked.approved_by = actor
    locked.approved_at = timezone.now()
    locked.approval_comments = comments.strip()
    locked.save(update_fields=["status", "approved_by", "approved_at", "approval_comments"])
    audit.record(actor, Action.INFORMATION_REQUEST_ANSWER_APPROVED, locked, reason=comments.strip())


@transaction.atomic(durable=True)
def send_back_answer(request: InformationRequest, comments: str, *, actor: User) -> None:
    if not actor.is_manager:
        raise RequestRefused("Only a team manager can send an answer back")
    if not comments.strip():
        raise RequestRefused("Say what needs to change")
    locked = _locked(request, actor)
    require_transition(locked, "send_back_answer")
    locked.status = RequestStatus.DECIDED
    locked.prepared_at = None
    locked.approval_comments = comments.strip()
    locked.save(update_fields=["status", "prepared_at", "approval_comments"])
    audit.record(actor, Action.INFORMATION_REQUEST_ANSWER_SENT_BACK, locked, reason=comments.strip())


# What the audit log says was sent, for each kind of reply.
REPLY_SENT: dict[str, Action] = {
    Disclosure.Kind.ANSWER: Action.INFORMATION_REQUEST_ANSWER_SENT,
    Disclosure.Kind.REFUSAL: Action.INFORMATION_REQUEST_REFUSAL_SENT,
    Disclosure.Kind.HOLD: Action.INFORMATION_REQUEST_HOLD_SENT,
}


@transaction.atomic(durable=True)
def send_reply(request: InformationRequest, *, actor: User, method: str = "email") -> Disclosure:
    """Send what the deciding rule allows, and keep it (INF-5): an answer (the prepared facts, approved
    by a manager when the rule needs it, only to .gov.uk when the rule says so), a refusal saying why
    (INF-4), or a request for evidence (INF-7). The email goes through the outbox."""
    locked = _locked(request, actor)
    _require_handler(actor)
    if locked.status == RequestStatus.AWAITING_APPROVAL:
        raise RequestRefused("A team manager must approve this detailed answer before it is sent")
    require_transition(locked, "send_reply")
    if locked.route == rules.Route.ANSWER:
        _may_prepare(locked, actor)
        if locked.prepared_at is None:
            raise RequestRefused("Prepare the answer first: choose the facts that will be disclosed")
        if locked.manager_approval and (locked.status != RequestStatus.APPROVED or locked.approved_by_id is None):
            raise RequestRefused("A team manager must approve this detailed answer before it is sent")
        if method != "email":
            raise RequestRefused("An answer is sent by email, so that what was disclosed is kept")
        kind, text, status = Disclosure.Kind.ANSWER, locked.draft_text, RequestStatus.ANSWERED
        facts_sent, withheld = locked.draft_facts, locked.draft_withheld
    elif locked.route in (rules.Route.REFUSE, rules.Route.HOLD):
        kind = Disclosure.Kind.REFUSAL if locked.route == rules.Route.REFUSE else Disclosure.Kind.HOLD
        text = reply_text(locked)
        status = RequestStatus.REFUSED if locked.route == rules.Route.REFUSE else RequestStatus.HELD
        facts_sent, withheld = [], []
    else:
        raise RequestRefused("This request has been passed on: the front door does not reply to it")
    if method not in ("email", "phone"):
        raise RequestRefused("Choose how the requester was told")
    to = locked.requester_email.strip()
    if method == "email" and not to:
        raise RequestRefused("Add the requester's email address before sending")
    if kind == Disclosure.Kind.ANSWER and locked.gov_uk_only and not rules.is_gov_uk(to):
        raise RequestRefused(
            f"This answer may only be sent to a .gov.uk email address, and {to} is not one. "
            "Ask the requester for their .gov.uk address"
        )
    now = timezone.now()
    basis: dict[str, Any] = next((r for r in locked.rules if r["rule"] == locked.basis_rule), {})
    email = None
    if method == "email":
        email = outbox.queue_email(
            key=f"information-request:{locked.reference}:reply:{now.isoformat()}",
            contact=None,
            kind=OutboundEmail.Kind.INFORMATION_REPLY,
            to=to,
            subject=f"Your request for information {locked.reference}",
            body=text,
        )
    disclosure = Disclosure.objects.create(
        request=locked,
        person=locked.person,
        kind=kind,
        to_name=locked.requester_name,
        to_organisation=locked.organisation,
        to_email=to if method == "email" else "",
        basis_rule=locked.basis_rule,
        basis=basis,
        level=locked.level if kind == Disclosure.Kind.ANSWER else rules.Level.NOTHING,
        facts=facts_sent,
        withheld=withheld,
        text=text,
        email=email,
        sent_by=actor,
        sent_at=now,
        approved_by=locked.approved_by if kind == Disclosure.Kind.ANSWER else None,
    )
    locked.status = status
    locked.replied_at = now
    locked.save(update_fields=["status", "replied_at"])
    audit.record(
        actor,
        REPLY_SENT[kind],
        locked,
        disclosure=disclosure.pk,
        to=to,
        method=method,
        rule=locked.basis_rule,
        facts=[r["key"] for r in facts_sent],
    )
    if locked.person is not None and kind == Disclosure.Kind.ANSWER:
        audit.record(
            actor,
            Action.PERSON_INFORMATION_DISCLOSED,
            locked.person,
            request=locked.reference,
            to=f"{locked.requester_name}, {locked.organisation} <{to}>",
            rule=locked.basis_rule,
            facts=[r["key"] for r in facts_sent],
        )
    return disclosure


@transaction.atomic(durable=True)
def record_outcome(request: InformationRequest, notes: str, *, actor: User) -> None:
    """Whoever a request was passed to records what became of it, and closes it: the Data Protection
    Team (or a manager) for one with the team; the allocated worker (or a manager) for court
    correspondence about an open case (INF-6)."""
    if not notes.strip():
        raise RequestRefused("Enter what was done")
    locked = _locked(request, actor)
    require_transition(locked, "record_outcome")
    if locked.status == RequestStatus.WITH_DATA_PROTECTION and not (is_dpo(actor) or actor.is_manager):
        raise RequestRefused("Only the Data Protection Officer or a team manager can close this request")
    if locked.status == RequestStatus.PASSED_ON and not (locked.allocated_to_id == actor.pk or actor.is_manager):
        raise RequestRefused("Only the allocated worker or a team manager can close this request")
    locked.status = RequestStatus.CLOSED
    locked.outcome_notes = notes.strip()
    locked.replied_at = timezone.now()
    locked.save(update_fields=["status", "outcome_notes", "replied_at"])
    audit.record(actor, Action.INFORMATION_REQUEST_CLOSED, locked, reason=notes.strip())


# --- Queues (in the style of contacts: SCR-1, TIM-3) --------------------------------------------------
