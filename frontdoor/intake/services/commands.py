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

from frontdoor.access.services import restrict_allegation
from frontdoor.accounts.models import Team, User
from frontdoor.audit import services as audit
from frontdoor.intake import mailparse, outbox, validation
from frontdoor.intake.models import (
    Attachment,
    Channel,
    Contact,
    ContactPerson,
    ContactStatus,
    FormType,
    InboundMessage,
    OutboundEmail,
    Priority,
    QuarantinedAttachment,
    ReferrerType,
    WrittenConfirmation,
)
from frontdoor.intake.signals import contact_arrived
from frontdoor.intake.tasks import follow_up_arrival
from frontdoor.policy import routing, timescales
from frontdoor.policy.active import active_config
from frontdoor.policy.council import COUNCIL

log = logging.getLogger("frontdoor.intake.services")  # the name it had as one module

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


def derived_submission_key(purpose: str) -> uuid.UUID:
    """A contact's idempotency key made from a caller's own key (a partner's Idempotency-Key):
    keyed with the server's secret key (HMAC-SHA256), so nobody can work it out from what
    they know (the organisation, its Idempotency-Key, this source code)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"submission-key:" + purpose.encode(), hashlib.sha256).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def sent_again(contact: Contact) -> Submission:
    """A contact sent again by the journey that sent it: its confirmation once more. The caller
    has made sure the journey is its own (the browser's session holds it: intake.views)."""
    secret = status_secret_for(contact.submission_key)
    return Submission(contact, secret if contact.secret_matches(secret) else None, created=False)


def is_allegation(contact: Contact) -> bool:
    """An allegation against someone who works with children: the referrer said so, or the
    contact is in (or was moved to) the allegations (LADO) queue."""
    return bool(contact.allegation_against_worker) or contact.queue == routing.Queue.LADO


def settle_restriction(contact: Contact, actor: User | None) -> None:
    """The one rule of restriction on arrival (SEC-1, SEC-5, LADO-2): an allegation against
    someone who works with children is restricted to the allegations team (and the member of
    staff who recorded it), whichever way it came.

    Every service that makes a contact final calls it, inside its own transaction, after the
    contact's answers and queue are saved: ``_create_contact`` (the online form, staff entry,
    phone quick entry, the partner API, and an email's draft), ``complete_draft`` (an emailed
    draft completed by an officer) and ``move_to_queue`` (a screener reclassifying a contact).
    So the contact is never committed as an allegation without its restriction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("settle_restriction must run in the transaction that saves the contact")
    if is_allegation(contact):
        restrict_allegation(contact, actor)


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
    # An email to the published mailbox: kept as a draft for an officer to complete (INT-1).
    is_draft: bool = False
    # Who sent it when no member of staff did, for the audit log ("partner:<organisation>").
    actor_label: str = ""
    # False for an email whose sender's address nobody vouched for: its acknowledgement then
    # carries no reference or status code and nothing of the message (issue 13).
    sender_verified: bool = True


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
        status=ContactStatus.DRAFT if draft.is_draft else outcome.status,
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
    elif draft.channel == Channel.API and not contact.referrer_email:
        # ACK-1: the API's answer, with the reference, is the partner system's written acknowledgement.
        contact.acknowledged_at = draft.received_at
        contact.acknowledgement_method = "API response"
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
    settle_restriction(contact, actor)  # SEC-1, SEC-5: an allegation is restricted from the start
    audit.record(
        actor,
        "contact.created",
        contact,
        actor_label=draft.actor_label,
        channel=draft.channel,
        queue=outcome.queue,
        attachments=linked,
        people=len(draft.people),
    )
    if contact.acknowledged_at is not None:
        audit.record(
            actor, "contact.acknowledged", contact, actor_label=draft.actor_label, method=contact.acknowledgement_method
        )
    if contact.referrer_email:
        _queue_acknowledgement(contact, secret, verified=draft.sender_verified)
    if outcome.status == ContactStatus.RETURNED and contact.referrer_email and not draft.is_draft:
        _queue_hub_return(contact, outcome)
    follow_up_arrival.enqueue(contact.pk)  # INT-12, INT-14: in the worker, committed with the contact
    return Submission(contact, secret, created=True)


def team_for_queue(queue: str) -> Team | None:
    """The council's team of the kind that holds this queue (routing.QUEUE_TEAM_KINDS)."""
    kind = routing.QUEUE_TEAM_KINDS.get(queue)
    return Team.objects.filter(kind=kind).order_by("id").first() if kind else None


def _queue_acknowledgement(contact: Contact, secret: str, *, verified: bool) -> OutboundEmail:
    """The acknowledgement every sender gets (ACK-1). A sender whose address may be forged learns
    nothing from it: no reference, no status code, nothing of what the email said."""
    if verified:
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
    settle_restriction(locked, actor)  # SEC-1, SEC-5: reclassified as an allegation, restricted at once
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

EMAIL_ACTOR = "referrals mailbox"


def receive_email(raw: bytes, *, mail_from: str, rcpt_tos: list[str]) -> InboundMessage:
    """Keep a message that arrived at the council's mailbox, whole, and decide what it is.

    A new contact becomes a DRAFT contact (the email's text as the concern, the sender as the
    referrer) with its attachments: those that pass the content checks of the standard form
    (INT-8) are attached, the others kept in quarantine with the reason. It is acknowledged
    through the outbox like any contact (ACK-1). A reply, an automatic reply or spam is filed,
    never acknowledged. Everything commits together before the mail server is told "250"
    (INT-15): a message is never accepted and then lost.
    """
    parsed = mailparse.read(raw, mail_from)
    received_at = timezone.now()
    verified, how = _sender_check(parsed)
    draft: ContactDraft | None = None
    if parsed.kind == mailparse.CONTACT:
        draft = _email_draft(parsed, received_at)
        draft.sender_verified = verified
    with transaction.atomic():
        inbound = InboundMessage.objects.create(
            received_at=received_at,
            mail_from=mail_from[:254],
            rcpt_to=", ".join(rcpt_tos)[:1000],
            from_header=f"{parsed.from_name} <{parsed.from_address}>"[:500],
            subject=parsed.subject[:500],
            message_id=parsed.message_id[:500],
            kind=parsed.kind,
            reason=parsed.reason[:300],
            raw=raw,
            sha256=hashlib.sha256(raw).hexdigest(),
            related_contact=_contact_answered(parsed.replies_to),
            sender_verified=verified,
            sender_check=how[:300],
            reading_note=_reading_note(parsed)[:500],
        )
        submission: Submission | None = None
        if draft is not None:
            submission = submit_contact_in_transaction(draft, None)
            inbound.contact = submission.contact
            inbound.save(update_fields=["contact"])
            _attach_email_parts(inbound, submission.contact, parsed)
        audit.record(
            None,
            "inbound_email.received",
            inbound,
            actor_label=EMAIL_ACTOR,
            kind=parsed.kind,
            reason=parsed.reason,
            contact=submission.contact.reference if submission else "",
        )
    return inbound


def _reading_note(parsed: mailparse.ParsedEmail) -> str:
    if not parsed.problems:
        return ""
    return f"{mailparse.TOO_COMPLEX}: {'; '.join(parsed.problems)}. Open the original message to read all of it."


def _sender_check(parsed: mailparse.ParsedEmail) -> tuple[bool, str]:
    """Issue 13: is the address an acknowledgement would go to vouched for? By the council's
    receiving mail server (Authentication-Results), or as a partner organisation's domain."""
    from frontdoor.partners.models import PartnerOrganisation  # partners builds on intake

    verified, how = mailparse.sender_check(
        parsed.message, parsed.from_address, settings.FRONTDOOR_MAILBOX_AUTHSERV_IDS
    )
    if verified:
        return verified, how
    domain = parsed.from_address.rsplit("@", 1)[-1].lower() if "@" in parsed.from_address else ""
    partners = PartnerOrganisation.objects.filter(is_active=True).values_list("name", "contact_email")
    for name, email_address in partners:
        if domain and mailparse.aligned(email_address, domain):
            return True, f"The address of a partner organisation ({name})"
    return False, how


def _email_draft(parsed: mailparse.ParsedEmail, received_at: dt.datetime) -> ContactDraft:
    try:
        sender = validation.normalise_email(parsed.from_address)
    except validation.ValidationProblem:
        sender = ""  # kept in the message; the officer completing it finds another way to reply
    concern = parsed.text or "(The email had no text: see its attachments and the original message.)"
    if parsed.subject:
        concern = f"Subject: {parsed.subject}\n\n{concern}"
    if parsed.problems:
        concern = f"{_reading_note(parsed)}\n\n{concern}"
    return ContactDraft(
        submission_key=uuid.uuid4(),
        channel=Channel.EMAIL,
        received_at=received_at,
        # Until an officer completes it: a written contact from anyone is accepted (INT-2), and
        # treated as a possible child protection request so that nothing urgent waits behind it.
        fields={
            "concern": concern[:100_000],
            "referrer_email": sender,
            "referrer_name": parsed.from_name[:200],
            "referrer_type": ReferrerType.PUBLIC,
            "form_type": FormType.RED,
        },
        is_draft=True,
        actor_label=EMAIL_ACTOR,
    )


def _contact_answered(message_ids: list[str]) -> Contact | None:
    """The contact whose email a reply answers, found from our Message-IDs (outbox.message_id)."""
    if not message_ids:
        return None
    wanted = set(message_ids)
    for key, contact_id in OutboundEmail.objects.filter(contact__isnull=False).values_list(
        "idempotency_key", "contact_id"
    ).iterator():
        if OutboundEmail(idempotency_key=key).message_id in wanted:
            return Contact.objects.filter(pk=contact_id).first()
    return None


def _attach_email_parts(inbound: InboundMessage, contact: Contact, parsed: mailparse.ParsedEmail) -> None:
    for part in parsed.attachments:
        digest = hashlib.sha256(part.data).hexdigest()
        try:
            kind = validation.sniff_upload(part.data, part.filename)
        except validation.ValidationProblem as problem:
            QuarantinedAttachment.objects.create(
                inbound_message=inbound,
                contact=contact,
                filename=validation.safe_filename(part.filename)[:200],
                declared_type=part.content_type[:200],
                size=len(part.data),
                sha256=digest,
                data=part.data,
                note=problem.message[:300],
            )
            audit.record(None, "attachment.quarantined", contact, actor_label=EMAIL_ACTOR, note=problem.message)
            continue
        Attachment.objects.create(
            contact=contact,
            journey_key=contact.submission_key,
            filename=validation.safe_filename(part.filename, kind.extension),
            content_type=kind.content_type,
            size=len(part.data),
            sha256=digest,
            data=part.data,
        )


def submit_contact_in_transaction(draft: ContactDraft, actor: User | None) -> Submission:
    """`submit_contact` inside a caller's transaction (the receiver keeps the message and the
    contact together). The arrival's follow-up task commits with it."""
    return _create_contact(draft, actor)


def announce_arrival(contact: Contact) -> None:
    """Tell the other apps a contact has arrived (after its commit): INT-14 routing, INT-12 matching.
    Run by the task worker (`tasks.follow_up_arrival`, enqueued with the contact), not the request."""
    for receiver, error in contact_arrived.send_robust(sender=Contact, contact=contact):
        if isinstance(error, Exception):
            log.error("after-arrival step %s failed for %s", receiver, contact.reference, exc_info=error)


@transaction.atomic
def record_inbound_reviewed(inbound: InboundMessage, actor: User) -> None:
    """A member of staff has looked at a filed message (a reply, an automatic reply, spam)."""
    InboundMessage.objects.filter(pk=inbound.pk, reviewed_at__isnull=True).update(
        reviewed_by=actor, reviewed_at=timezone.now()
    )
    audit.record(actor, "inbound_email.reviewed", inbound)
    inbound.refresh_from_db(fields=["reviewed_by", "reviewed_at"])


def complete_draft(contact: Contact, draft: ContactDraft, actor: User) -> Contact:
    """An officer completes an emailed draft with the standard form (INT-1): the same contact,
    reference and time received, now with the form's answers, routed by the rules like any other."""
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.status != ContactStatus.DRAFT:
            raise ValueError("This contact has been completed already")
        values = {k: v for k, v in draft.fields.items() if k in CONTACT_FIELDS and v is not None}
        if not values.get("referrer_email"):
            values.pop("referrer_email", None)  # keep the sender's address the email came from
        for name, value in values.items():
            setattr(locked, name, value)
        facts = routing.ContactFacts(
            received_at=locked.received_at,
            form_type=locked.form_type,
            referrer_type=locked.referrer_type,
            organisation_type=locked.organisation_type,
            hub_advice=locked.hub_advice or "not_consulted",
            immediate_danger=locked.immediate_danger,
            allegation_against_worker=locked.allegation_against_worker,
        )
        outcome = routing.route(facts, active_config())
        locked.queue = outcome.queue
        locked.status = outcome.status
        locked.priority = Priority.IMMEDIATE if locked.immediate_danger is True else Priority.NORMAL
        locked.team = team_for_queue(outcome.queue)
        locked.routing = [
            {"rule": f.rule.id, "title": f.rule.title, "source": f.rule.source, "reason": f.reason}
            for f in outcome.firings
        ]
        locked.recorded_by = actor
        locked.save()
        start = locked.people.count()
        ContactPerson.objects.bulk_create(
            ContactPerson(
                contact=locked,
                position=start + i,
                **{k: v for k, v in p.items() if k in PERSON_FIELDS and v is not None},
            )
            for i, p in enumerate(draft.people)
        )
        linked = 0
        if draft.attachment_ids is None:
            linked = Attachment.objects.filter(journey_key=draft.submission_key, contact__isnull=True).update(
                contact=locked
            )
        audit.record(actor, "contact.draft_completed", locked, queue=outcome.queue, attachments=linked)
        settle_restriction(locked, actor)  # SEC-1, SEC-5: an emailed allegation is restricted too
        if outcome.status == ContactStatus.RETURNED and locked.referrer_email:
            _queue_hub_return(locked, outcome)
        follow_up_arrival.enqueue(locked.pk)  # INT-12, INT-14: in the worker, committed with the contact
    contact.refresh_from_db()
    return contact


# --- INT-12: a professional's phone contact confirmed in writing, matched automatically -------------

CONFIRMATION_WINDOW = dt.timedelta(days=7)


def _digits(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "0" + digits[2:] if digits.startswith("44") else digits


def _same_referrer(phone: Contact, written: Contact) -> str:
    email_a, email_b = phone.referrer_email.lower(), written.referrer_email.lower()
    if email_a and email_a == email_b:
        return "the same referrer's email address"
    if phone.referrer_phone and written.referrer_phone and _digits(phone.referrer_phone) == _digits(
        written.referrer_phone
    ):
        return "the same referrer's telephone number"
    if (
        phone.organisation_name
        and written.organisation_name
        and phone.organisation_name.strip().lower() == written.organisation_name.strip().lower()
    ):
        return "the same organisation"
    return ""


def _same_child(phone: Contact, written: Contact) -> str:
    for a in phone.children():
        for b in written.children():
            if a.nhs_number and a.nhs_number == b.nhs_number:
                return f"the same child's NHS number ({b.display_name})"
            same_family = bool(a.family_name) and a.family_name.strip().lower() == b.family_name.strip().lower()
            first_a = (a.given_names.split() or [""])[0].lower()
            first_b = (b.given_names.split() or [""])[0].lower()
            if same_family and first_a and first_a == first_b:
                return f"the same child's name ({b.display_name})"
            if same_family and a.date_of_birth and a.date_of_birth == b.date_of_birth:
                return f"the same child's surname and date of birth ({b.display_name})"
    return ""


def match_written_confirmation(written: Contact) -> WrittenConfirmation | None:
    """INT-12: when a written contact arrives (any channel but the phone), find the professional's
    phone contact it confirms: the same referrer (email, telephone or organisation) about the same
    child, received by phone up to CONFIRMATION_WINDOW before, still waiting. Marks the
    confirmation received, links the two and records why; a person can undo it."""
    if written.channel == Channel.PHONE or written.status == ContactStatus.DRAFT:
        return None
    if not (written.referrer_email or written.referrer_phone or written.organisation_name):
        return None  # nobody to compare: an anonymous member of the public
    undone = WrittenConfirmation.objects.filter(written_contact=written, undone_at__isnull=False).values(
        "phone_contact_id"
    )
    candidates = (
        Contact.objects.filter(
            received_at__lte=written.received_at,
            received_at__gte=written.received_at - CONFIRMATION_WINDOW,
            channel=Channel.PHONE,
            written_confirmation_due_at__isnull=False,
            written_confirmation_received_at__isnull=True,
        )
        .exclude(pk__in=undone)
        .prefetch_related("people")
        .order_by("-received_at")
    )
    for phone in candidates:
        referrer = _same_referrer(phone, written)
        child = _same_child(phone, written) if referrer else ""
        if referrer and child:
            with transaction.atomic():
                updated = Contact.objects.filter(pk=phone.pk, written_confirmation_received_at__isnull=True).update(
                    written_confirmation_received_at=written.received_at
                )
                if not updated:
                    continue
                link = WrittenConfirmation.objects.create(
                    phone_contact=phone, written_contact=written, reasons=[referrer, child]
                )
                audit.record(
                    None,
                    "contact.written_confirmation_matched",
                    phone,
                    actor_label=audit.TASK_WORKER,
                    written=written.reference,
                    reasons=[referrer, child],
                )
            return link
    return None


@transaction.atomic
def undo_written_confirmation(link: WrittenConfirmation, actor: User, reason: str) -> None:
    """A wrong match (INT-12): the phone contact waits for its written confirmation again."""
    reason = reason.strip()
    if not reason:
        raise ValueError("Give a reason for undoing the match")
    locked = WrittenConfirmation.objects.select_for_update().get(pk=link.pk)
    if locked.undone_at is not None:
        raise ValueError("This match has been undone already")
    locked.undone_at = timezone.now()
    locked.undone_by = actor
    locked.undo_reason = reason
    locked.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    Contact.objects.filter(pk=locked.phone_contact_id).update(written_confirmation_received_at=None)
    audit.record(
        actor,
        "contact.written_confirmation_unmatched",
        locked.phone_contact,
        reason=reason,
        written=locked.written_contact.reference,
    )
    link.refresh_from_db()
