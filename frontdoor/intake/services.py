"""Every change to a contact happens here: atomic, audited in the same transaction.

`submit_contact` is the moment a referrer's words become the council's responsibility
(INT-15): the contact, its people, its documents, its routing, its deadlines, its audit
entry and its acknowledgement in the outbox are committed together, or not at all,
before any reference number is shown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import Team, User
from frontdoor.audit import services as audit
from frontdoor.intake import outbox
from frontdoor.intake.models import (
    Attachment,
    Channel,
    Contact,
    ContactPerson,
    ContactStatus,
    OutboundEmail,
    Priority,
    ReferrerType,
)
from frontdoor.intake.signals import contact_arrived
from frontdoor.policy import routing, timescales
from frontdoor.policy.active import active_config
from frontdoor.policy.council import COUNCIL

log = logging.getLogger(__name__)

# Crockford's base 32 without I, L, O, U: easy to read aloud and to type.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _code(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_reference() -> str:
    code = _code(8)
    return f"FD-{code[:4]}-{code[4:]}"


def status_secret_for(submission_key: uuid.UUID) -> str:
    """The status code of the contact sent with this submission key, derived from it with the
    secret key (HMAC-SHA256), so a browser that sends its journey again after losing the
    answer (a crash, a lost connection: SEC-4, INT-15) is shown the same code. Only the
    browser that holds the journey's random key can ask for it."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"status-secret:" + submission_key.bytes, hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    code = "".join(_ALPHABET[(number >> (5 * i)) & 31] for i in range(10))
    return f"{code[:5]}-{code[5:]}"


def sent_again(contact: Contact) -> Submission:
    """A contact whose journey was sent again by the browser that sent it: its confirmation once more."""
    secret = status_secret_for(contact.submission_key)
    return Submission(contact, secret if contact.secret_matches(secret) else None, created=False)


@dataclass
class ContactDraft:
    """Everything the standard form holds, whoever filled it in and however it arrived."""

    submission_key: uuid.UUID
    channel: str
    received_at: dt.datetime
    fields: dict[str, Any]
    people: list[dict[str, Any]] = field(default_factory=list)
    # None: every document uploaded in this journey and not yet sent (what check-your-answers showed).
    attachment_ids: list[int] | None = field(default_factory=list)
    suspected_automated: bool = False


@dataclass(frozen=True)
class Submission:
    contact: Contact
    status_secret: str | None  # None when this call found the contact already made
    created: bool


SUSPECTED_AUTOMATED = {
    "rule": "suspected_automated",
    "title": "Possibly sent by a program",
    "source": "SEC-3: a form field hidden from people was filled in",
    "reason": "Kept and screened like any other contact (INT-2); check it is a real concern before acting",
}

CONTACT_FIELDS = {f.name for f in Contact._meta.get_fields() if getattr(f, "concrete", False)} - {
    "id",
    "reference",
    "submission_key",
    "status_secret_hash",
    "channel",
    "received_at",
    "recorded_at",
    "recorded_by",
    "queue",
    "status",
    "routing",
    "decision_due_at",
    "acknowledgement_due_at",
    "acknowledged_at",
    "acknowledgement_method",
    "written_confirmation_due_at",
    "written_confirmation_received_at",
    # Set by routing and by screening, never by the form.
    "priority",
    "team",
    "claimed_by",
    "claimed_at",
    "allocated_to",
    "decided_at",
}
PERSON_FIELDS = {f.name for f in ContactPerson._meta.get_fields() if getattr(f, "concrete", False)} - {
    "id",
    "contact",
    "position",
}


def submit_contact(draft: ContactDraft, actor: User | None) -> Submission:
    """Commit a contact (INT-15). Idempotent on `draft.submission_key`: there is no look-up
    first, the unique key decides; a second send fails its INSERT, rolls back, and is given
    the first contact."""
    try:
        submission = _create_contact(draft, actor)
    except IntegrityError:
        # This journey was sent already, or a concurrent send won the race: return its contact.
        existing = Contact.objects.filter(submission_key=draft.submission_key).first()
        if existing is None:
            raise
        return sent_again(existing)
    for receiver, error in contact_arrived.send_robust(sender=Contact, contact=submission.contact):
        if isinstance(error, Exception):
            log.error("after-arrival step %s failed for %s", receiver, submission.contact.reference, exc_info=error)
    return submission


@transaction.atomic
def _create_contact(draft: ContactDraft, actor: User | None) -> Submission:
    values = {k: v for k, v in draft.fields.items() if k in CONTACT_FIELDS and v is not None}
    facts = routing.ContactFacts(
        received_at=draft.received_at,
        form_type=values.get("form_type", "green"),
        referrer_type=values.get("referrer_type", ReferrerType.PUBLIC),
        organisation_type=values.get("organisation_type", ""),
        hub_advice=values.get("hub_advice") or "not_consulted",
        immediate_danger=draft.fields.get("immediate_danger"),
        allegation_against_worker=bool(values.get("allegation_against_worker")),
    )
    config = active_config()
    outcome = routing.route(facts, config)
    secret = status_secret_for(draft.submission_key)
    contact = Contact(
        **values,
        reference=new_reference(),
        submission_key=draft.submission_key,
        status_secret_hash=Contact.hash_secret(secret),
        channel=draft.channel,
        received_at=draft.received_at,
        recorded_by=actor,
        queue=outcome.queue,
        status=outcome.status,
        priority=Priority.IMMEDIATE if draft.fields.get("immediate_danger") is True else Priority.NORMAL,
        team=team_for_queue(outcome.queue),
        routing=[
            {"rule": f.rule.id, "title": f.rule.title, "source": f.rule.source, "reason": f.reason}
            for f in outcome.firings
        ]
        + ([SUSPECTED_AUTOMATED] if draft.suspected_automated else []),
        decision_due_at=timescales.decision_due(draft.received_at, config).due_at,
        acknowledgement_due_at=timescales.acknowledgement_due(draft.received_at, config).due_at,
    )
    if draft.channel == Channel.ONLINE and not contact.referrer_email:
        # ACK-1, INT-16: with no email address, the confirmation page and its receipt are the
        # written acknowledgement, given at once.
        contact.acknowledged_at = draft.received_at
        contact.acknowledgement_method = "on-screen receipt"
    if draft.channel == Channel.PHONE and contact.referrer_type == ReferrerType.PROFESSIONAL:
        # INT-12: a professional's phone call is confirmed in writing within 24 hours.
        contact.written_confirmation_due_at = timescales.written_confirmation_due(draft.received_at, config).due_at
    contact.save()
    ContactPerson.objects.bulk_create(
        ContactPerson(
            contact=contact, position=i, **{k: v for k, v in p.items() if k in PERSON_FIELDS and v is not None}
        )
        for i, p in enumerate(draft.people)
    )
    linked = 0
    if draft.attachment_ids is None or draft.attachment_ids:
        uploads = Attachment.objects.filter(journey_key=draft.submission_key, contact__isnull=True)
        if draft.attachment_ids is not None:
            uploads = uploads.filter(id__in=draft.attachment_ids)
        linked = uploads.update(contact=contact)
    audit.record(
        actor,
        "contact.created",
        contact,
        channel=draft.channel,
        queue=outcome.queue,
        attachments=linked,
        people=len(draft.people),
    )
    if contact.acknowledged_at is not None:
        audit.record(actor, "contact.acknowledged", contact, method=contact.acknowledgement_method)
    if contact.referrer_email:
        _queue_acknowledgement(contact, secret)
    if outcome.status == ContactStatus.RETURNED and contact.referrer_email:
        _queue_hub_return(contact, outcome)
    return Submission(contact, secret, created=True)


def team_for_queue(queue: str) -> Team | None:
    """The council's team of the kind that holds this queue (routing.QUEUE_TEAM_KINDS)."""
    kind = routing.QUEUE_TEAM_KINDS.get(queue)
    return Team.objects.filter(kind=kind).order_by("id").first() if kind else None


def _queue_acknowledgement(contact: Contact, secret: str) -> OutboundEmail:
    body = render_to_string(
        "intake/email/acknowledgement.txt",
        {
            "contact": contact,
            "secret": secret,
            "council": COUNCIL,
            "status_url": settings.PUBLIC_BASE_URL + reverse("intake:status"),
        },
    )
    return outbox.queue_email(
        new=True,
        key=f"acknowledgement:{contact.reference}",
        contact=contact,
        kind=OutboundEmail.Kind.ACKNOWLEDGEMENT,
        to=contact.referrer_email,
        subject=f"We have received your contact {contact.reference}",
        body=body,
    )


def _queue_hub_return(contact: Contact, outcome: routing.RoutingOutcome) -> OutboundEmail:
    body = render_to_string(
        "intake/email/hub_return.txt",
        {
            "contact": contact,
            "council": COUNCIL,
            "hub_opens": routing.next_hub_opening(timezone.now(), active_config()),
            "reason": outcome.decided_by.reason,
        },
    )
    return outbox.queue_email(
        new=True,
        key=f"hub-return:{contact.reference}",
        contact=contact,
        kind=OutboundEmail.Kind.HUB_RETURN,
        to=contact.referrer_email,
        subject=f"Please consult the Consultation Hub about {contact.reference}",
        body=body,
    )


@transaction.atomic
def record_acknowledged(contact: Contact, method: str, actor: User | None, *, at: dt.datetime | None = None) -> None:
    """ACK-1: the contact was acknowledged, by email (the worker) or by phone or receipt (staff)."""
    updated = Contact.objects.filter(pk=contact.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=at or timezone.now(), acknowledgement_method=method
    )
    if updated:
        audit.record(actor, "contact.acknowledged", contact, actor_label=audit.TASK_WORKER, method=method)
    contact.refresh_from_db(fields=["acknowledged_at", "acknowledgement_method"])


def chase_overdue_written_confirmations(*, now: dt.datetime | None = None) -> int:
    """INT-12: email each professional whose phone contact's written confirmation is overdue,
    once. Run by the task worker's periodic sweep; safe to run again (idempotency key)."""
    now = now or timezone.now()
    overdue = (
        Contact.objects.filter(written_confirmation_due_at__lt=now, written_confirmation_received_at__isnull=True)
        .exclude(referrer_email="")
        .exclude(emails__kind=OutboundEmail.Kind.WRITTEN_CONFIRMATION_CHASE)
    )
    chased = 0
    for contact in overdue:
        with transaction.atomic():
            body = render_to_string(
                "intake/email/written_confirmation_chase.txt", {"contact": contact, "council": COUNCIL}
            )
            outbox.queue_email(
                key=f"written-confirmation-chase:{contact.reference}",
                contact=contact,
                kind=OutboundEmail.Kind.WRITTEN_CONFIRMATION_CHASE,
                to=contact.referrer_email,
                subject=f"Please confirm your phone contact {contact.reference} in writing",
                body=body,
            )
            audit.record(None, "contact.written_confirmation_chased", contact, actor_label=audit.TASK_WORKER)
        chased += 1
    return chased


@transaction.atomic
def record_written_confirmation(contact: Contact, actor: User, *, received_at: dt.datetime | None = None) -> None:
    """INT-12: the professional's written confirmation of a phone contact arrived."""
    if contact.written_confirmation_due_at is None:
        raise ValueError("This contact does not need written confirmation")
    Contact.objects.filter(pk=contact.pk).update(written_confirmation_received_at=received_at or timezone.now())
    audit.record(actor, "contact.written_confirmation_received", contact)
    contact.refresh_from_db(fields=["written_confirmation_received_at"])


def record_viewed(contact: Contact, actor: User, *, reason: str = "") -> None:
    """SEC-2 (from the start): a member of staff opened the contact."""
    audit.record(actor, "contact.viewed", contact, reason=reason)


def store_upload(
    *,
    journey_key: uuid.UUID,
    filename: str,
    content_type: str,
    data: bytes,
    sha256: str,
    received_by_post_on: dt.date | None = None,
) -> Attachment:
    """Keep an uploaded document with its journey until the journey is sent (INT-8)."""
    return Attachment.objects.create(
        journey_key=journey_key,
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha256=sha256,
        data=data,
        received_by_post_on=received_by_post_on,
    )


def remove_upload(*, journey_key: uuid.UUID, attachment_id: int) -> None:
    Attachment.objects.filter(id=attachment_id, journey_key=journey_key, contact__isnull=True).delete()


def record_attachment_downloaded(attachment: Attachment, actor: User) -> None:
    audit.record(actor, "attachment.downloaded", attachment, contact=attachment.contact_id)


@transaction.atomic
def move_to_queue(contact: Contact, queue: str, reason: str, actor: User) -> None:
    """DEC-7: a person overrules the routing rules, with a reason, recorded beside them."""
    reason = reason.strip()
    if queue not in routing.Queue.ALL:
        raise ValueError(f"Unknown queue {queue!r}")
    if not reason:
        raise ValueError("Give a reason for moving the contact")
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if locked.status in (ContactStatus.DECIDED, ContactStatus.AWAITING_AUTHORISATION):
        raise ValueError("A contact with a proposed or authorised decision cannot be moved to another queue")
    previous = locked.queue
    locked.queue = queue
    locked.status = ContactStatus.RETURNED if queue == routing.Queue.RETURNED else ContactStatus.NEW
    # Moving releases any claim: the new queue's screeners pick it up (SCR-1).
    locked.claimed_by = None
    locked.claimed_at = None
    locked.team = team_for_queue(queue)
    locked.routing = [
        *locked.routing,
        {
            "rule": "overruled",
            "title": f"Moved from {previous} to {queue} by {actor.display_name}",
            "source": "A person's decision, overruling the rules above (DEC-7)",
            "reason": reason,
        },
    ]
    locked.save(update_fields=["queue", "status", "routing", "claimed_by", "claimed_at", "team"])
    audit.record(actor, "contact.moved", locked, reason=reason, previous=previous, queue=queue)
    contact.refresh_from_db(fields=["queue", "status", "routing", "claimed_by", "claimed_at", "team"])


def purge_abandoned_uploads(*, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Delete documents uploaded to journeys that were never sent, once the journey's
    session can no longer exist: they were never accepted, and are not kept (privacy)."""
    cutoff = (now or timezone.now()) - older_than
    deleted, _ = Attachment.objects.filter(contact__isnull=True, uploaded_at__lt=cutoff).delete()
    return deleted


EMAILS_QUEUED = "emails queued for delivery"


def periodic_duties(*, now: dt.datetime | None = None) -> dict[str, int]:
    """What the task worker does every sweep, in order; each is safe to repeat."""
    return {
        "written confirmations chased": chase_overdue_written_confirmations(now=now),
        "abandoned uploads deleted": purge_abandoned_uploads(
            older_than=dt.timedelta(seconds=settings.SESSION_COOKIE_AGE), now=now
        ),
        EMAILS_QUEUED: outbox.sweep(),
    }
