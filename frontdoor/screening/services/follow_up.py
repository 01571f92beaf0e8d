"""The commands after a decision and on the clock: the referrer told by phone or letter, a referral's
milestones, escalations, and the daily deadline check. Atomic, checked, audited."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from frontdoor.accounts.models import Role, User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.core.guards import require_manager, require_transition
from frontdoor.intake import outbox
from frontdoor.intake.models import Contact, ContactStatus, OutboundEmail
from frontdoor.policy.calendar import to_london
from frontdoor.policy.council import COUNCIL
from frontdoor.screening.models import (
    REFERRAL_DEADLINES,
    DeadlineFlag,
    Decision,
    DecisionStatus,
    Escalation,
    Referral,
    ReferrerUpdate,
)
from frontdoor.screening.services.guards import ScreeningRefused, _require_screener
from frontdoor.screening.services.queries import DueItem, due_items

# --- Telling the referrer (ACK-3) ----------------------------------------------------------------


@transaction.atomic(durable=True)
def record_referrer_told(contact: Contact, *, actor: User, method: str, text: str) -> ReferrerUpdate:
    """ACK-3 by phone or letter, recorded on the contact."""
    decision = contact.decisions.filter(status=DecisionStatus.AUTHORISED).first()
    if decision is None:
        raise ScreeningRefused("The referrer can be told the outcome once a decision is authorised")
    if method not in (ReferrerUpdate.Method.PHONE, ReferrerUpdate.Method.LETTER):
        raise ScreeningRefused("Select phone or letter")
    if not text.strip():
        raise ScreeningRefused("Enter what the referrer was told")
    update = ReferrerUpdate.objects.create(
        contact=contact, decision=decision, method=method, text=text.strip(), recorded_by=actor
    )
    audit.record(actor, Action.REFERRER_TOLD, contact, method=method, decision=decision.pk)
    return update


# --- What follows a referral (TIM-2) --------------------------------------------------------------

# What can be recorded as having happened, by the field that records it.
MILESTONES = {d.met_field: d.met_text for d in REFERRAL_DEADLINES}


@transaction.atomic(durable=True)
def record_milestone(referral: Referral, *, actor: User, milestone: str, at: dt.datetime) -> Referral:
    """Record that a referral's deadline was met, so it stops being due. Only for a referral with
    no linked child: once a child has a pathway episode, the pathway's own steps record these
    (``frontdoor.pathway.services``), so they are never recorded twice."""
    _require_screener(actor)
    if milestone not in MILESTONES:
        raise ScreeningRefused("Select what happened")
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if at > timezone.now():
        raise ScreeningRefused("The time must be in the past")
    if at < locked.referred_at.replace(second=0, microsecond=0):
        raise ScreeningRefused("The time must be after the referral was made")
    if getattr(locked, milestone) is not None:
        raise ScreeningRefused("That is already recorded")
    if locked.episodes.exists():
        raise ScreeningRefused(
            "This referral's children have pathway episodes: record the strategy discussion, the child seen and "
            "the assessment on each child's pathway page, which keeps these deadlines in step"
        )
    setattr(locked, milestone, at)
    locked.save(update_fields=[milestone])
    audit.record(actor, Action.REFERRAL_MILESTONE_RECORDED, locked, milestone=milestone, at=at.isoformat())
    return locked


# --- Escalation (DEC-6) --------------------------------------------------------------------------


@transaction.atomic(durable=True)
def record_escalation(decision: Decision, *, actor: User, name: str, role: str, disagreement: str) -> Escalation:
    decision = Decision.objects.select_for_update().select_related("contact").get(pk=decision.pk)
    require_transition(decision, "record_escalation")
    if not name.strip() or not disagreement.strip():
        raise ScreeningRefused("Enter who disagrees and why")
    escalation = Escalation.objects.create(
        decision=decision,
        raised_by_name=name.strip(),
        raised_by_role=role.strip(),
        disagreement=disagreement.strip(),
        recorded_by=actor,
    )
    audit.record(actor, Action.DECISION_ESCALATED, decision.contact, decision=decision.pk, by=name.strip())
    return escalation


@transaction.atomic(durable=True)
def resolve_escalation(escalation: Escalation, *, actor: User, result: str, resolution: str) -> Escalation:
    """A manager resolves the disagreement: the decision stands, or the contact is screened again."""
    require_manager(actor, "resolve an escalation", ScreeningRefused)
    locked = Escalation.objects.select_for_update().select_related("decision").get(pk=escalation.pk)
    if not locked.is_open:
        raise ScreeningRefused("This escalation is already resolved")
    if result not in Escalation.Result.values:
        raise ScreeningRefused("Select the result")
    if not resolution.strip():
        raise ScreeningRefused("Enter how the disagreement was resolved")
    locked.result = result
    locked.resolution = resolution.strip()
    locked.resolved_by = actor
    locked.resolved_at = timezone.now()
    locked.save()
    contact = Contact.objects.select_for_update().get(pk=locked.decision.contact_id)
    if result == Escalation.Result.REOPENED:
        Decision.objects.filter(pk=locked.decision_id).update(status=DecisionStatus.SUPERSEDED)
        contact.status = ContactStatus.NEW
        contact.claimed_by = None
        contact.claimed_at = None
        contact.decided_at = None
        contact.save(update_fields=["status", "claimed_by", "claimed_at", "decided_at"])
    audit.record(
        actor,
        Action.DECISION_ESCALATION_RESOLVED,
        contact,
        decision=locked.decision_id,
        result=result,
        reason=resolution.strip(),
    )
    return locked


# --- Deadlines (TIM-2, TIM-3) --------------------------------------------------------------------


def check_deadlines(*, now: dt.datetime | None = None) -> int:
    """The daily check (TIM-3): flag every deadline due by the end of the next working day or
    overdue, once per state, and email each team's managers a digest of the new flags. Safe to
    run as often as the worker likes."""
    now = now or timezone.now()
    by_team: dict[int | None, list[DueItem]] = {}
    for item in due_items(now=now, limit=5000):
        by_team.setdefault(item.contact.team_id, []).append(item)
    flagged = 0
    for team_id, items in by_team.items():
        # A team's new flags and its managers' email are committed together: a crash between
        # them cannot leave flags whose email was never sent.
        with transaction.atomic(durable=True):
            new = [item for item in items if _flag(item, now)]
            if new:
                _email_digest(team_id, new, now)
        flagged += len(new)
    return flagged


def _flag(item: DueItem, now: dt.datetime) -> bool:
    """Record the flag for this deadline in this state; False if it was flagged before."""
    state = DeadlineFlag.State.OVERDUE if item.state == "overdue" else DeadlineFlag.State.DUE_SOON
    object_type, object_id = ("referral", item.referral.pk) if item.referral else ("contact", item.contact.pk)
    _, created = DeadlineFlag.objects.get_or_create(
        object_type=object_type,
        object_id=object_id,
        rule_id=item.rule_id,
        state=state,
        defaults={"due_at": item.due_at, "team_id": item.contact.team_id, "flagged_at": now},
    )
    return created


def _email_digest(team_id: int | None, items: list[DueItem], now: dt.datetime) -> None:
    if team_id is None:
        return  # no team holds these: the deadlines page still shows them to every manager
    managers = User.objects.filter(role=Role.TEAM_MANAGER, is_active=True, team_id=team_id).exclude(email="")
    day = to_london(now).date().isoformat()
    for manager in managers:
        body = render_to_string(
            "screening/email/deadline_digest.txt", {"items": items, "manager": manager, "council": COUNCIL}
        )
        outbox.queue_email(
            key=f"digest:{manager.pk}:{day}:{now.isoformat()}",
            contact=None,
            kind=OutboundEmail.Kind.DEADLINE_DIGEST,
            to=manager.email,
            subject=f"Front door deadlines: {len(items)} due soon or overdue",
            body=body,
        )
