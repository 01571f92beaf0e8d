"""The outbox: emails are written to the database in the transaction that makes them due,
and a background worker sends them (ACK-1, INT-15).

Writing the message and enqueueing its delivery task happen inside the caller's
transaction, so a contact is never committed without its acknowledgement, and an
acknowledgement is never sent for a contact that was rolled back.
"""

from __future__ import annotations

from frontdoor.intake.models import Contact, OutboundEmail


def queue_email(*, key: str, contact: Contact | None, kind: str, to: str, subject: str, body: str) -> OutboundEmail:
    """Put an email in the outbox once: a second call with the same key returns the first message."""
    from frontdoor.intake.tasks import deliver_email

    message, created = OutboundEmail.objects.get_or_create(
        idempotency_key=key,
        defaults={"contact": contact, "kind": kind, "to": to, "subject": subject, "body": body},
    )
    if created:
        deliver_email.enqueue(message.pk)
    return message
