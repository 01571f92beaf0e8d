"""The commands for what arrives in writing: an email to the published mailbox kept whole and made a
draft contact (INT-1, INT-8, ACK-1), an emailed draft completed by an officer, and a professional's
phone contact matched with its written confirmation (INT-12). Atomic, audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.core import validation
from frontdoor.intake import mailparse
from frontdoor.intake.models import (
    Attachment,
    Channel,
    Contact,
    ContactStatus,
    FormType,
    InboundMessage,
    Priority,
    QuarantinedAttachment,
    ReferrerType,
    WrittenConfirmation,
)
from frontdoor.intake.services.commands import _queue_hub_return, add_people, create_contact, settle_restriction
from frontdoor.intake.services.drafts import CONTACT_FIELDS, ContactDraft, Submission
from frontdoor.intake.services.queries import (
    _contact_answered,
    _same_child,
    _same_referrer,
    _sender_check,
    team_of_queue,
)
from frontdoor.intake.tasks import follow_up_arrival
from frontdoor.policy import routing
from frontdoor.policy.active import active_config

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
    with transaction.atomic(durable=True):
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
            submission = create_contact(draft, actor=None)
            inbound.contact = submission.contact
            inbound.save(update_fields=["contact"])
            _attach_email_parts(inbound, submission.contact, parsed)
        audit.record(
            None,
            Action.INBOUND_EMAIL_RECEIVED,
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
            audit.record(None, Action.ATTACHMENT_QUARANTINED, contact, actor_label=EMAIL_ACTOR, note=problem.message)
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


@transaction.atomic(durable=True)
def record_inbound_reviewed(inbound: InboundMessage, *, actor: User) -> None:
    """A member of staff has looked at a filed message (a reply, an automatic reply, spam)."""
    InboundMessage.objects.filter(pk=inbound.pk, reviewed_at__isnull=True).update(
        reviewed_by=actor, reviewed_at=timezone.now()
    )
    audit.record(actor, Action.INBOUND_EMAIL_REVIEWED, inbound)
    inbound.refresh_from_db(fields=["reviewed_by", "reviewed_at"])


def complete_draft(contact: Contact, draft: ContactDraft, *, actor: User) -> Contact:
    """An officer completes an emailed draft with the standard form (INT-1): the same contact,
    reference and time received, now with the form's answers, routed by the rules like any other."""
    with transaction.atomic(durable=True):
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
        locked.team_id = team_of_queue(outcome.queue)  # the contact is read again at the end
        locked.routing = [
            {"rule": f.rule.id, "title": f.rule.title, "source": f.rule.source, "reason": f.reason}
            for f in outcome.firings
        ]
        locked.recorded_by = actor
        locked.save()
        add_people(locked, draft.people, start=locked.people.count())
        linked = 0
        if draft.attachment_ids is None:
            linked = Attachment.objects.filter(journey_key=draft.submission_key, contact__isnull=True).update(
                contact=locked
            )
        audit.record(actor, Action.CONTACT_DRAFT_COMPLETED, locked, queue=outcome.queue, attachments=linked)
        settle_restriction(locked, actor=actor)  # SEC-1, SEC-5: an emailed allegation is restricted too
        if outcome.status == ContactStatus.RETURNED and locked.referrer_email:
            _queue_hub_return(locked, outcome)
        follow_up_arrival.enqueue(locked.pk)  # INT-12, INT-14: in the worker, committed with the contact
    contact.refresh_from_db()
    return contact


# --- INT-12: a professional's phone contact confirmed in writing, matched automatically -------------

CONFIRMATION_WINDOW = dt.timedelta(days=7)


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
            with transaction.atomic(durable=True):
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
                    Action.CONTACT_WRITTEN_CONFIRMATION_MATCHED,
                    phone,
                    actor_label=audit.TASK_WORKER,
                    written=written.reference,
                    reasons=[referrer, child],
                )
            return link
    return None


@transaction.atomic(durable=True)
def undo_written_confirmation(link: WrittenConfirmation, reason: str, *, actor: User) -> None:
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
        Action.CONTACT_WRITTEN_CONFIRMATION_UNMATCHED,
        locked.phone_contact,
        reason=reason,
        written=locked.written_contact.reference,
    )
    link.refresh_from_db()
