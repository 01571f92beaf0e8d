"""The commands that make a contact and look after it at the front door: atomic, audited in the same
transaction (INT-15). ``submit_contact`` is described in the package's docstring
(``frontdoor.intake.services``).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.core import rows
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
from frontdoor.intake.services.drafts import (
    CONTACT_FIELDS,
    PERSON_FIELDS,
    SUSPECTED_AUTOMATED,
    ContactDraft,
    Submission,
)
from frontdoor.intake.services.queries import is_allegation, sent_again, team_of_queue
from frontdoor.intake.services.references import new_reference, status_secret_for
from frontdoor.intake.signals import allegation_recorded, contact_arrived
from frontdoor.intake.tasks import follow_up_arrival
from frontdoor.policy import routing, timescales
from frontdoor.policy.active import active_config
from frontdoor.policy.council import COUNCIL

log = logging.getLogger("frontdoor.intake.services")  # the name it had as one module


def settle_restriction(contact: Contact, *, actor: User | None) -> None:
    """The one rule of restriction on arrival (SEC-1, SEC-5, LADO-2): an allegation against
    someone who works with children is restricted to the allegations team (and the member of
    staff who recorded it), whichever way it came.

    Every service that makes a contact final calls it, inside its own transaction, after the
    contact's answers and queue are saved: ``create_contact`` (the online form, staff entry,
    phone quick entry, the partner API, and an email's draft), ``complete_draft`` (an emailed
    draft completed by an officer) and ``move_to_queue`` (a screener reclassifying a contact).
    So the contact is never committed as an allegation without its restriction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("settle_restriction must run in the transaction that saves the contact")
    if is_allegation(contact):
        if not allegation_recorded.has_listeners(Contact):
            raise RuntimeError("An allegation is restricted as it arrives, and nothing is connected to restrict it")
        allegation_recorded.send(sender=Contact, contact=contact, actor=actor)  # access restricts it


def add_people(contact: Contact, people: list[dict[str, Any]], *, start: int = 0) -> None:
    """The people of a contact as the referrer gave them, in one INSERT of plain values: no model
    instance per person (frontdoor/core/rows.py; issue 13: a sixth of a submission's CPU went here)."""
    given = [{k: v for k, v in p.items() if k in PERSON_FIELDS and v is not None} for p in people]
    rows.insert(ContactPerson, [{"contact_id": contact.pk, "position": start + i, **p} for i, p in enumerate(given)])


def submit_contact(draft: ContactDraft, *, actor: User | None) -> Submission:
    """Commit a contact (INT-15). Idempotent on `draft.submission_key`: there is no look-up
    first, the unique key decides; a second send fails its INSERT, rolls back, and is given
    the first contact. Not durable: opening a contact from an information request calls it inside
    that command's transaction. A service that answers a duplicate itself (an email's receiver,
    the partner API) calls ``create_contact``, which raises IntegrityError."""
    try:
        submission = create_contact(draft, actor=actor)
    except IntegrityError:
        # This journey was sent already, or a concurrent send won the race: return its contact.
        existing = Contact.objects.filter(submission_key=draft.submission_key).first()
        if existing is None:
            raise
        return sent_again(existing)
    return submission


@transaction.atomic
def create_contact(draft: ContactDraft, *, actor: User | None) -> Submission:
    """Make a contact inside the caller's transaction, which commits it (with its follow-up task);
    a duplicate submission key raises IntegrityError for the caller to answer."""
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
        status=ContactStatus.DRAFT if draft.is_draft else outcome.status,
        priority=Priority.IMMEDIATE if draft.fields.get("immediate_danger") is True else Priority.NORMAL,
        team_id=team_of_queue(outcome.queue),
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
    elif draft.channel == Channel.API and not contact.referrer_email:
        # ACK-1: the API's answer, with the reference, is the partner system's written acknowledgement.
        contact.acknowledged_at = draft.received_at
        contact.acknowledgement_method = "API response"
    if draft.channel == Channel.PHONE and contact.referrer_type == ReferrerType.PROFESSIONAL:
        # INT-12: a professional's phone call is confirmed in writing within 24 hours.
        contact.written_confirmation_due_at = timescales.written_confirmation_due(draft.received_at, config).due_at
    contact.save()
    # The team was chosen by the database in the INSERT (team_of_queue): forgotten here, so that
    # reading it loads it (as a deferred field), instead of finding the subquery.
    vars(contact).pop("team_id")
    add_people(contact, draft.people)
    linked = 0
    if draft.attachment_ids is None or draft.attachment_ids:
        uploads = Attachment.objects.filter(journey_key=draft.submission_key, contact__isnull=True)
        if draft.attachment_ids is not None:
            uploads = uploads.filter(id__in=draft.attachment_ids)
        linked = uploads.update(contact=contact)
    settle_restriction(contact, actor=actor)  # SEC-1, SEC-5: an allegation is restricted from the start
    audit.record(
        actor,
        Action.CONTACT_CREATED,
        contact,
        actor_label=draft.actor_label,
        channel=draft.channel,
        queue=outcome.queue,
        attachments=linked,
        people=len(draft.people),
    )
    if contact.acknowledged_at is not None:
        audit.record(
            actor,
            Action.CONTACT_ACKNOWLEDGED,
            contact,
            actor_label=draft.actor_label,
            method=contact.acknowledgement_method,
        )
    returned = outcome.status == ContactStatus.RETURNED and not draft.is_draft
    if contact.referrer_email:
        # Issue 17: one email, one message. A contact returned for the Consultation Hub is
        # acknowledged by the return itself, never also told "a social worker will decide".
        _queue_acknowledgement(
            contact, secret, verified=draft.sender_verified, returned_by=outcome if returned else None
        )
    follow_up_arrival.enqueue(contact.pk)  # INT-12, INT-14: in the worker, committed with the contact
    return Submission(contact, secret, created=True)


def _queue_acknowledgement(
    contact: Contact, secret: str, *, verified: bool, returned_by: routing.RoutingOutcome | None = None
) -> OutboundEmail:
    """The acknowledgement every sender gets (ACK-1). A sender whose address may be forged learns
    nothing from it: no reference, no status code, nothing of what the email said. A contact
    returned to a school for the Consultation Hub (INT-10) is acknowledged by the return."""
    if verified and returned_by is not None:
        subject = f"Your contact {contact.reference} has been returned: please consult the Consultation Hub"
        body = render_to_string(
            "intake/email/hub_return.txt",
            {
                "contact": contact,
                "secret": secret,
                "council": COUNCIL,
                "hub_opens": routing.next_hub_opening(timezone.now(), active_config()),
                "reason": returned_by.decided_by.reason,
                "status_url": settings.PUBLIC_BASE_URL + reverse("intake:status"),
            },
        )
    elif verified:
        subject = f"We have received your contact {contact.reference}"
        body = render_to_string(
            "intake/email/acknowledgement.txt",
            {
                "contact": contact,
                "secret": secret,
                "council": COUNCIL,
                "status_url": settings.PUBLIC_BASE_URL + reverse("intake:status"),
            },
        )
    else:
        subject = "We have received your email"
        body = render_to_string("intake/email/acknowledgement_unverified.txt", {"council": COUNCIL})
    return outbox.queue_email(
        new=True,
        key=f"acknowledgement:{contact.reference}",
        contact=contact,
        kind=OutboundEmail.Kind.ACKNOWLEDGEMENT,
        to=contact.referrer_email,
        subject=subject,
        body=body,
    )


def _queue_hub_return(contact: Contact, outcome: routing.RoutingOutcome) -> OutboundEmail:
    """An emailed contact completed by an officer and then returned (INT-10): acknowledged already
    when its email arrived, it is told of the return in the same words as one returned at once."""
    body = render_to_string(
        "intake/email/hub_return.txt",
        {
            "contact": contact,
            "secret": None,
            "council": COUNCIL,
            "hub_opens": routing.next_hub_opening(timezone.now(), active_config()),
            "reason": outcome.decided_by.reason,
            "status_url": settings.PUBLIC_BASE_URL + reverse("intake:status"),
        },
    )
    return outbox.queue_email(
        new=True,
        key=f"hub-return:{contact.reference}",
        contact=contact,
        kind=OutboundEmail.Kind.HUB_RETURN,
        to=contact.referrer_email,
        subject=f"Your contact {contact.reference} has been returned: please consult the Consultation Hub",
        body=body,
    )


@transaction.atomic
def record_acknowledged(contact: Contact, method: str, *, actor: User | None, at: dt.datetime | None = None) -> None:
    """ACK-1: the contact was acknowledged, by email (the worker) or by phone or receipt (staff)."""
    updated = Contact.objects.filter(pk=contact.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=at or timezone.now(), acknowledgement_method=method
    )
    if updated:
        audit.record(actor, Action.CONTACT_ACKNOWLEDGED, contact, actor_label=audit.TASK_WORKER, method=method)
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
        with transaction.atomic(durable=True):
            body = render_to_string(
                "intake/email/written_confirmation_chase.txt",
                {
                    "contact": contact,
                    "council": COUNCIL,
                    "form_url": settings.PUBLIC_BASE_URL + reverse("intake:start"),
                },
            )
            outbox.queue_email(
                key=f"written-confirmation-chase:{contact.reference}",
                contact=contact,
                kind=OutboundEmail.Kind.WRITTEN_CONFIRMATION_CHASE,
                to=contact.referrer_email,
                subject=f"Please confirm your phone contact {contact.reference} in writing",
                body=body,
            )
            audit.record(None, Action.CONTACT_WRITTEN_CONFIRMATION_CHASED, contact, actor_label=audit.TASK_WORKER)
        chased += 1
    return chased


@transaction.atomic(durable=True)
def record_written_confirmation(contact: Contact, *, actor: User, received_at: dt.datetime | None = None) -> None:
    """INT-12: the professional's written confirmation of a phone contact arrived."""
    if contact.written_confirmation_due_at is None:
        raise ValueError("This contact does not need written confirmation")
    Contact.objects.filter(pk=contact.pk).update(written_confirmation_received_at=received_at or timezone.now())
    audit.record(actor, Action.CONTACT_WRITTEN_CONFIRMATION_RECEIVED, contact)
    contact.refresh_from_db(fields=["written_confirmation_received_at"])


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


@transaction.atomic(durable=True)
def move_to_queue(contact: Contact, queue: str, reason: str, *, actor: User) -> None:
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
    locked.team_id = team_of_queue(queue)  # read back below
    locked.routing = [
        *locked.routing,
        {
            "rule": "overruled",
            "title": f"Moved from {previous} to {queue} by {actor.display_name}",
            "source": "A person's decision, overruling the rules above",
            "reason": reason,
        },
    ]
    locked.save(update_fields=["queue", "status", "routing", "claimed_by", "claimed_at", "team"])
    audit.record(actor, Action.CONTACT_MOVED, locked, reason=reason, previous=previous, queue=queue)
    settle_restriction(locked, actor=actor)  # SEC-1, SEC-5: reclassified as an allegation, restricted at once
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


# --- Email to the published mailbox (INT-1, INT-8, ACK-1) -----------------------------------------


def announce_arrival(contact: Contact) -> None:
    """Tell the other apps a contact has arrived (after its commit): INT-14 routing, INT-12 matching.
    Run by the task worker (`tasks.follow_up_arrival`, enqueued with the contact), not the request."""
    for receiver, error in contact_arrived.send_robust(sender=Contact, contact=contact):
        if isinstance(error, Exception):
            log.error("after-arrival step %s failed for %s", receiver, contact.reference, exc_info=error)
