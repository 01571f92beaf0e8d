"""The commands that take a contact through screening to an authorised decision, and the referral
it makes: atomic, checked (``guards``), audited in the same transaction.

The life of a contact at the front door is drawn in the package's docstring
(``frontdoor.screening.services``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from frontdoor.accounts.models import Team, User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.core.guards import require_manager, require_transition
from frontdoor.intake import outbox
from frontdoor.intake.models import Contact, ContactPerson, ContactStatus, OutboundEmail
from frontdoor.people import index
from frontdoor.people import services as people_services
from frontdoor.people.models import InvolvementKind, Person
from frontdoor.policy import routing, timescales
from frontdoor.policy.active import active_config
from frontdoor.policy.calendar import to_london
from frontdoor.screening.models import (
    SIGNIFICANT_HARM_OUTCOMES,
    Decision,
    DecisionStatus,
    Knowledge,
    Outcome,
    Overrule,
    Referral,
    ReferrerUpdate,
    Screening,
)
from frontdoor.screening.services.guards import (
    CONTACT_TRANSITIONS,
    EDITABLE,
    LanguageCheck,
    ScreeningRefused,
    _live,
    _refusals_to_propose,
    _require_holder,
    _require_screener,
    _review,
    _unkept_flags,
)
from frontdoor.screening.services.queries import (
    _link,
    _open_allocation,
    general_queue,
    known_to_services,
    new_referral_reference,
    pattern,
    referrer_message,
    suggestions,
)
from frontdoor.screening.signals import (
    contact_allocated,
    contact_routed_to_worker,
    decision_reviewed,
    referral_made,
)

log = logging.getLogger("frontdoor.screening.services")  # the name it had as one module


# --- Who may do what ----------------------------------------------------------------------------


def _locked(contact: Contact) -> Contact:
    return Contact.objects.select_for_update(of=("self",)).select_related("claimed_by").get(pk=contact.pk)


# --- Claiming (SCR-1) ----------------------------------------------------------------------------


def _start_screening(contact: Contact) -> Screening:
    """The screening record, made on the first claim with what the referrer already said."""
    knowledge = contact.parental_knowledge if contact.parental_knowledge in Knowledge.values else ""
    screening, _ = Screening.objects.get_or_create(
        contact=contact,
        defaults={
            "parental_knowledge": knowledge,
            "not_informed_ground": contact.not_informed_ground if knowledge == Knowledge.NOT_INFORMED else "",
            "domestic_abuse": contact.domestic_abuse,
            "mental_ill_health": contact.mental_ill_health,
            "substance_misuse": contact.substance_misuse,
            "learning_difficulties": contact.learning_difficulties,
        },
    )
    return screening


@transaction.atomic(durable=True)
def claim(contact: Contact, *, actor: User) -> Contact:
    """Take a new contact to screen. Exactly one of any number of concurrent claims wins;
    the others are told who has it. Claiming a contact you already hold does nothing."""
    return _claim(contact, actor=actor)


@transaction.atomic
def _claim(contact: Contact, *, actor: User) -> Contact:
    """``claim`` inside a caller's transaction (claim_next)."""
    _require_screener(actor)
    now = timezone.now()
    won = Contact.objects.filter(pk=contact.pk, status=ContactStatus.NEW, claimed_by__isnull=True).update(
        claimed_by=actor, claimed_at=now, status=ContactStatus.SCREENING
    )
    current = Contact.objects.select_related("claimed_by").get(pk=contact.pk)
    if not won:
        if current.claimed_by_id == actor.pk:
            return current
        if current.claimed_by is not None:
            raise ScreeningRefused(f"{current.claimed_by.display_name} is already screening this contact")
        raise ScreeningRefused(f"This contact cannot be claimed: it is {current.get_status_display().lower()}")
    _start_screening(current)
    audit.record(actor, Action.CONTACT_CLAIMED, current)
    return current


def claim_next(queue: str, *, actor: User, team: Team | None = None, exclude: Collection[int] = ()) -> Contact | None:
    """Claim the most urgent unclaimed contact in a queue, or None when there is none.

    On PostgreSQL the candidate is picked with ``FOR UPDATE SKIP LOCKED``, so concurrent
    screeners each take a different contact at once instead of queueing behind the one at the
    top (bench/screening: 131 claims/s against 23 with 20 screeners). SQLite has one writer at a
    time, so there the most urgent few are simply tried in turn. Either way ``claim``'s
    conditional UPDATE is what guarantees one holder."""
    _require_screener(actor)
    candidates = general_queue(queue).filter(status=ContactStatus.NEW, claimed_by__isnull=True)
    if team is not None:
        candidates = candidates.filter(team=team)
    if exclude:  # SEC-1: restricted contacts the screener may not see are never handed to them
        candidates = candidates.exclude(pk__in=exclude)
    if connection.features.has_select_for_update_skip_locked:
        while True:
            with transaction.atomic(durable=True):
                pk = candidates.select_for_update(skip_locked=True).values_list("id", flat=True).first()
                if pk is None:
                    return None
                try:
                    return _claim(Contact(pk=pk), actor=actor)
                except ScreeningRefused:
                    continue  # claimed between our read and our lock: take the next
    while True:
        ids = list(candidates.values_list("id", flat=True)[:5])
        if not ids:
            return None
        for pk in ids:
            try:
                return _claim(Contact(pk=pk), actor=actor)
            except ScreeningRefused:
                continue


@transaction.atomic(durable=True)
def release(contact: Contact, reason: str = "", *, actor: User) -> None:
    """Put a contact back in its queue. The holder may; a manager may, with a reason."""
    locked = _locked(contact)
    require_transition(locked, "release")
    if locked.claimed_by_id is None:
        raise ScreeningRefused(CONTACT_TRANSITIONS["release"].refusal)
    if locked.claimed_by_id != actor.pk:
        require_manager(actor, "release a contact someone else is screening", ScreeningRefused)
        if not reason.strip():
            raise ScreeningRefused("Enter why you are releasing someone else's contact")
    previous = locked.claimed_by
    locked.claimed_by = None
    locked.claimed_at = None
    locked.status = ContactStatus.NEW
    locked.save(update_fields=["claimed_by", "claimed_at", "status"])
    holder = previous.username if previous else ""
    audit.record(actor, Action.CONTACT_RELEASED, locked, reason=reason.strip(), previous_holder=holder)


@transaction.atomic(durable=True)
def reassign(contact: Contact, to: User, reason: str, *, actor: User) -> None:
    """A manager gives a contact to another screener (SCR-1)."""
    require_manager(actor, "reassign a contact", ScreeningRefused)
    if not to.can_screen:
        raise ScreeningRefused(f"{to.display_name} cannot screen contacts")
    if not reason.strip():
        raise ScreeningRefused("Enter why you are reassigning this contact")
    locked = _locked(contact)
    require_transition(locked, "reassign")
    previous = locked.claimed_by
    locked.claimed_by = to
    locked.claimed_at = timezone.now()
    locked.status = ContactStatus.SCREENING
    locked.save(update_fields=["claimed_by", "claimed_at", "status"])
    _start_screening(locked)
    audit.record(
        actor,
        Action.CONTACT_REASSIGNED,
        locked,
        reason=reason.strip(),
        to=to.username,
        previous_holder=previous.username if previous else "",
    )


@transaction.atomic(durable=True)
def allocate_contact(contact: Contact, *, actor: User, worker: User | None, team: Team, reason: str = "") -> Contact:
    """A manager gives an open contact to a team and a worker in it (issue 15); moving it from one
    worker or team to another needs a reason. The worker finds it in their list (``my_list``)."""
    require_manager(actor, "allocate a contact", ScreeningRefused)
    locked = _locked(contact)
    if not locked.is_open:
        raise ScreeningRefused("This contact has been decided: there is nothing left to allocate")
    if worker is not None and worker.team_id not in (None, team.pk):
        raise ScreeningRefused(f"{worker.display_name} is not in {team.name}: choose a worker in the team")
    previous = locked.allocated_to
    if previous == worker and locked.team_id == team.pk:
        raise ScreeningRefused(f"The contact is already with {worker.display_name if worker else team.name}")
    moving = previous is not None  # a worker held it; the first allocation (from a queue's team) needs no reason
    if moving and not reason.strip():
        raise ScreeningRefused("Enter the reason for moving the contact to another worker or team")
    locked.allocated_to = worker
    locked.team = team
    locked.save(update_fields=["allocated_to", "team"])
    audit.record(
        actor,
        Action.CONTACT_ALLOCATED,
        locked,
        reason=reason.strip(),
        team=team.name,
        worker=worker.username if worker else "",
        previous=previous.username if previous else "",
    )
    contact_allocated.send(sender=Contact, contact=locked, worker=worker, actor=actor)
    return locked


# --- Open cases (INT-14) -------------------------------------------------------------------------


@transaction.atomic
def route_to_allocated_worker(contact: Contact, person: Person, *, actor: User | None, how: str) -> bool:
    """INT-14: a contact about a child whose case is open goes to the allocated social worker's
    list (and their team manager's, when urgent), not the general queue. ``how`` says why we
    believe the child is this person (a confirmed link, or a certain match to confirm)."""
    involvement = _open_allocation([person.pk])
    if involvement is None or involvement.allocated_worker is None:
        return False
    worker = involvement.allocated_worker
    locked = _locked(contact)
    if not locked.is_open or locked.allocated_to_id == worker.pk or locked.status != ContactStatus.NEW:
        return False
    locked.allocated_to = worker
    locked.team_id = worker.team_id or locked.team_id
    urgent = " Urgent: their team manager sees it too." if locked.is_urgent else ""
    locked.routing = [
        *locked.routing,
        {
            "rule": routing.OPEN_CASE.id,
            "title": routing.OPEN_CASE.title,
            "source": routing.OPEN_CASE.source,
            "reason": (
                f"{person.display_name} (record {person.pk}) has an open {involvement.get_kind_display().lower()} "
                f"allocated to {worker.display_name}; {how}.{urgent}"
            ),
        },
    ]
    locked.save(update_fields=["allocated_to", "team", "routing"])
    audit.record(
        actor,
        Action.CONTACT_ROUTED_TO_ALLOCATED_WORKER,
        locked,
        actor_label=audit.TASK_WORKER,
        worker=worker.username,
        person=person.pk,
        how=how,
    )
    contact_routed_to_worker.send(sender=Contact, contact=locked, worker=worker, person=person)
    return True


def route_open_case_on_arrival(contact: Contact) -> bool:
    """At arrival, before anyone has confirmed who the children are: a child whose description
    matches an index record with certainty (NHS number and date of birth agreeing) and who has
    an open, allocated case sends the contact to the allocated worker. No link is made (PPL-3):
    the worker confirms who the child is."""
    children = [cp for cp in contact.people.all() if cp.is_child and cp.nhs_number and cp.date_of_birth]
    for cp in children:
        query = index.query_of(cp)
        ranked = index.find_candidates(query, limit=3)
        chosen = index.matcher().decide([c for c, _ in ranked])
        if chosen is None:
            continue
        person = next(p for c, p in ranked if c.person_id == chosen.person_id)
        agree = {e.field for e in chosen.evidence if e.level == "exact"}
        if {"nhs_number", "date_of_birth"} <= agree and route_to_allocated_worker(
            contact, person, actor=None, how="matched on NHS number and date of birth at arrival: confirm the link"
        ):
            return True
    return False


def route_open_case_on_link(contact_person: ContactPerson, *, actor: User) -> bool:
    link = getattr(contact_person, "index_link", None)
    if link is None or not link.is_linked or not contact_person.is_child or link.person is None:
        return False
    return route_to_allocated_worker(
        contact_person.contact, link.person, actor=actor, how="linked by a member of staff"
    )


# --- Suggestions (DEC-4, DEC-5, SCR-5; DEC-7) -----------------------------------------------------


@transaction.atomic(durable=True)
def overrule(contact: Contact, rule_id: str, reason: str, *, actor: User) -> Overrule:
    """DEC-7: a person overrules a suggestion, with a reason."""
    locked = _locked(contact)
    _require_holder(locked, actor)
    if not reason.strip():
        raise ScreeningRefused("Enter why you are overruling this suggestion")
    screening = _start_screening(locked)
    if rule_id not in {s["rule"] for s in suggestions(locked, screening)}:
        raise ScreeningRefused("That suggestion does not apply to this contact")
    row, _ = Overrule.objects.update_or_create(
        screening=screening, rule_id=rule_id, defaults={"reason": reason.strip(), "by": actor, "at": timezone.now()}
    )
    audit.record(actor, Action.SCREENING_SUGGESTION_OVERRULED, locked, reason=reason.strip(), rule=rule_id)
    return row


# --- The screening record (SCR-2, SCR-4, SCR-6, SCR-7, CON-1, DEC-4, DEC-5) ---------------------------


@transaction.atomic(durable=True)
def save_screening(contact: Contact, *, actor: User, keep_wording: bool = False, **values: Any) -> Screening:
    """Save what the screener found. Euphemisms are pointed out first (``LanguageCheck``);
    saving again with ``keep_wording`` keeps them, and that choice is recorded."""
    locked = _locked(contact)
    _require_holder(locked, actor)
    require_transition(locked, "save_screening")
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not screening fields: {sorted(unknown)}")
    screening = _start_screening(locked)
    if values.get("parental_knowledge", screening.parental_knowledge) != Knowledge.NOT_INFORMED:
        values["not_informed_ground"] = ""
    elif not values.get("not_informed_ground", screening.not_informed_ground):
        raise ScreeningRefused("Select the ground for not informing the parents")
    flags = _unkept_flags(screening, values)
    if flags and not keep_wording:
        raise LanguageCheck(flags)
    changed = [name for name, value in values.items() if getattr(screening, name) != value]
    for name, value in values.items():
        setattr(screening, name, value)
    if flags:
        screening.kept_language = [
            *screening.kept_language,
            *({"field": f.field, "text": f.text, "euphemism": f.euphemism.id} for f in flags),
        ]
        audit.record(
            actor, Action.SCREENING_WORDING_KEPT, locked, phrases=[{"field": f.field, "text": f.text} for f in flags]
        )
    screening.updated_at = timezone.now()
    screening.updated_by = actor
    screening.save()
    audit.record(actor, Action.SCREENING_SAVED, locked, fields=sorted(changed))
    return screening


@transaction.atomic(durable=True)
def record_police_notification(contact: Contact, details: str, *, actor: User, at: dt.datetime | None = None) -> None:
    """DEC-5: the police were told, at once, of a suspected crime."""
    locked = _locked(contact)
    _require_holder(locked, actor)
    if not details.strip():
        raise ScreeningRefused("Enter who at the police was told, how, and any reference they gave")
    screening = _start_screening(locked)
    screening.police_notified_at = at or timezone.now()
    screening.police_notification = details.strip()
    screening.save(update_fields=["police_notified_at", "police_notification"])
    audit.record(actor, Action.SCREENING_POLICE_NOTIFIED, locked, details=details.strip())


# --- Decision and authorisation (DEC-1..DEC-7) -----------------------------------------------------


@transaction.atomic(durable=True)
def propose_decision(
    contact: Contact,
    *,
    actor: User,
    outcome: str,
    reasons: str,
    reasonable_cause: str = "",
    early_help_service: str = "",
    signposted_to: str = "",
) -> Decision:
    """The screener proposes an outcome; a manager who is someone else authorises it."""
    _require_screener(actor)
    locked = _locked(contact)
    _require_holder(locked, actor)
    require_transition(locked, "propose_decision")
    screening = _start_screening(locked)
    found = pattern(locked)
    suggested = suggestions(locked, screening, found)
    problems = _refusals_to_propose(
        screening, outcome, reasons, reasonable_cause, early_help_service, signposted_to, suggested
    )
    if problems:
        raise ScreeningRefused("; ".join(problems))
    decision = Decision.objects.create(
        contact=locked,
        outcome=outcome,
        early_help_service=early_help_service if outcome == Outcome.EARLY_HELP else "",
        signposted_to=signposted_to.strip() if outcome == Outcome.SIGNPOSTING else "",
        reasons=reasons.strip(),
        reasonable_cause=reasonable_cause.strip() if outcome in SIGNIFICANT_HARM_OUTCOMES else "",
        proposed_by=actor,
        known_to_services=[k.as_json() for k in known_to_services(locked)],
        pattern=found.as_json(),
        suggestions=suggested,
    )
    locked.status = ContactStatus.AWAITING_AUTHORISATION
    locked.save(update_fields=["status"])
    audit.record(actor, Action.DECISION_PROPOSED, locked, decision=decision.pk, outcome=outcome)
    return decision


@transaction.atomic(durable=True)
def send_back(decision: Decision, comments: str, *, actor: User) -> Decision:
    """The manager returns the proposal to the screener with comments."""
    locked = _review(decision, actor, "send a decision back")
    if not comments.strip():
        raise ScreeningRefused("Enter your comments for the screener")
    locked.status = DecisionStatus.SENT_BACK
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.manager_comments = comments.strip()
    locked.save()
    contact = Contact.objects.select_for_update().get(pk=locked.contact_id)
    contact.status = ContactStatus.SCREENING
    contact.save(update_fields=["status"])
    audit.record(actor, Action.DECISION_SENT_BACK, contact, decision=locked.pk, reason=comments.strip())
    decision_reviewed.send(sender=Decision, decision=locked, authorised=False, actor=actor)
    return locked


@transaction.atomic(durable=True)
def authorise(decision: Decision, *, actor: User, comments: str = "", strategy_consideration: str = "") -> Decision:
    """A manager, not the proposer, authorises the decision (DEC-1). Option 3 makes a referral
    (DEC-2); the person index records the history (PPL-1); the referrer is told (ACK-3)."""
    locked = _review(decision, actor, "authorise a decision")
    if _live(locked.suggestions, "pre_mobile_bruise") and not strategy_consideration.strip():
        raise ScreeningRefused(
            "Record your consideration of a strategy discussion for the bruised baby (it is not started by a rule)"
        )
    now = timezone.now()
    locked.status = DecisionStatus.AUTHORISED
    locked.reviewed_by = actor
    locked.reviewed_at = now
    locked.manager_comments = comments.strip()
    locked.strategy_consideration = strategy_consideration.strip()
    locked.save()
    contact = Contact.objects.select_for_update().get(pk=locked.contact_id)
    contact.status = ContactStatus.DECIDED
    contact.decided_at = now
    contact.save(update_fields=["status", "decided_at"])
    referral = _make_referral(contact, locked, now, actor=actor) if locked.makes_referral else None
    _record_history(contact, locked, referral, now, actor=actor)
    audit.record(
        actor,
        Action.DECISION_AUTHORISED,
        contact,
        decision=locked.pk,
        outcome=locked.outcome,
        referral=referral.reference if referral else "",
    )
    tell_referrer_by_email(contact, locked)
    decision_reviewed.send(sender=Decision, decision=locked, authorised=True, actor=actor)
    return locked


def _make_referral(contact: Contact, decision: Decision, at: dt.datetime, *, actor: User) -> Referral:
    referral = Referral(
        reference=new_referral_reference(),
        contact=contact,
        decision=decision,
        route=decision.outcome,
        team=contact.team,
    )
    schedule_referral(referral, at)
    referral.save()
    audit.record(actor, Action.REFERRAL_CREATED, referral, contact=contact.reference, route=decision.outcome)
    referral_made.send(sender=Referral, referral=referral, actor=actor)  # pathway: an episode per linked child (STA-1)
    return referral


def schedule_referral(referral: Referral, at: dt.datetime) -> None:
    """Date a referral and set its deadlines from its route (TIM-2): an assessment for every
    referral; a strategy discussion decision for significant harm, otherwise the child seen."""
    config = active_config()
    referral.referred_at = at
    referral.assessment_due_at = timescales.assessment_due(at, config).due_at
    if referral.route in SIGNIFICANT_HARM_OUTCOMES:
        referral.strategy_due_at = timescales.strategy_discussion_due(at, config).due_at
    else:
        referral.child_seen_due_at = timescales.child_seen_due(at, config).due_at


def _record_history(
    contact: Contact, decision: Decision, referral: Referral | None, at: dt.datetime, *, actor: User
) -> None:
    """PPL-1: each child linked on the contact gets the contact (closed with its outcome) and,
    when there is one, the referral (open) in their history."""
    received = to_london(contact.received_at).date()
    today = to_london(at).date()
    team = contact.team.name if contact.team else ""
    for cp in contact.people.all().select_related("index_link__person"):
        link = _link(cp)
        if not cp.is_child or link is None or not link.is_linked or link.person is None:
            continue
        people_services.record_involvement(
            link.person,
            actor=actor,
            kind=InvolvementKind.CONTACT,
            start=received,
            end=today,
            outcome=decision.outcome_text,
            team=team,
            source_reference=contact.reference,
        )
        if referral is not None:
            people_services.record_involvement(
                link.person,
                actor=actor,
                kind=InvolvementKind.REFERRAL,
                start=today,
                outcome=decision.get_outcome_display(),
                team=team,
                source_reference=referral.reference,
            )


# --- Telling the referrer (ACK-3) ----------------------------------------------------------------


def tell_referrer_by_email(contact: Contact, decision: Decision) -> ReferrerUpdate | None:
    """Queue the outcome email in the same transaction as the authorisation (the outbox)."""
    if not contact.referrer_email:
        return None
    text = referrer_message(contact, decision)
    email = outbox.queue_email(
        key=f"outcome:{decision.pk}",
        kind=OutboundEmail.Kind.OUTCOME,
        to=contact.referrer_email,
        subject=f"Your contact {contact.reference}: what happens next",
        body=text,
        contact=contact,
    )
    update = ReferrerUpdate.objects.create(
        contact=contact, decision=decision, method=ReferrerUpdate.Method.EMAIL, text=text, email=email
    )
    audit.record(
        None, Action.REFERRER_TOLD, contact, actor_label=audit.TASK_WORKER, method="email", decision=decision.pk
    )
    return update
