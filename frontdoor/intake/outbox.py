"""The outbox: emails are written to the database in the transaction that makes them due,
and a background worker sends them (ACK-1, INT-15).

Writing the message and enqueueing its delivery task happen inside the caller's
transaction, so a contact is never committed without its acknowledgement, and an
acknowledgement is never sent for a contact that was rolled back.

Delivery is exactly-once in effect (docs/decisions/0002-outbox-and-worker.md):

- `deliver` claims a message with one conditional UPDATE (pending and due, or sending
  with an expired lease), so two workers never send the same message at the same time;
- the email carries a Message-ID derived from the idempotency key, the same on every
  attempt, so the one duplicate a crash after sending (before marking) could cause is
  recognisable as the same message;
- a failed send puts the message back to pending with a growing back-off and enqueues
  the next attempt;
- `sweep` re-enqueues what is due and has no task waiting: a message whose worker died
  (its task row stays RUNNING forever) is taken up again once its lease has run out.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import smtplib
import time
from typing import Final

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import DatabaseError, InterfaceError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from frontdoor.intake.models import Contact, OutboundEmail
from frontdoor.intake.tasks import deliver_email

logger = logging.getLogger(__name__)

# TEST-ONLY fault injection (tests/intake/test_acknowledgement.py, INT-15). When this
# environment variable is set to "1", or to a message kind ("acknowledgement"), the
# worker process exits abruptly (os._exit(137), as if killed) right after claiming such
# a message and before sending it. It is inert unless set; never set it in production.
FAULT_CRASH_BEFORE_SEND: Final = "FRONTDOOR_FAULT_CRASH_BEFORE_SEND"

_JITTER: Final = 0.1  # up to 10% added to each back-off, so retries of many messages spread out


def queue_email(
    *, key: str, contact: Contact | None, kind: str, to: str, subject: str, body: str, new: bool = False
) -> OutboundEmail:
    """Put an email in the outbox once: a second call with the same key returns the first message.

    `new=True` when no message with this key can exist yet (its contact was made in this
    transaction): one INSERT instead of a look-up and a savepoint. The unique key still guards it.
    """
    fields = {"contact": contact, "kind": kind, "to": to, "subject": subject, "body": body}
    if new:
        message, created = OutboundEmail.objects.create(idempotency_key=key, **fields), True
    else:
        message, created = OutboundEmail.objects.get_or_create(idempotency_key=key, defaults=fields)
    if created:
        deliver_email.enqueue(message.pk)
    return message


def backoff_seconds(attempts: int) -> float:
    """How long to wait after the `attempts`-th failed attempt: doubling, capped, a little jitter."""
    base: float = settings.OUTBOX_BACKOFF_BASE_SECONDS
    cap: float = settings.OUTBOX_BACKOFF_MAX_SECONDS
    delay: float = min(cap, base * 2.0 ** max(attempts - 1, 0))
    return delay * (1 + random.uniform(0, _JITTER))  # noqa: S311 - spreading retries, not security


def _claimable(now: dt.datetime) -> Q:
    return Q(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=OutboundEmail.Status.SENDING, lease_until__lt=now
    )


def deliver(message_id: int) -> str:
    """Send one outbox message if it is due and nobody else holds it. Returns what happened."""
    now = timezone.now()
    lease_until = now + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    claimed = OutboundEmail.objects.filter(_claimable(now), pk=message_id).update(
        status=OutboundEmail.Status.SENDING, lease_until=lease_until, attempts=F("attempts") + 1
    )
    if not claimed:
        return _why_not_claimed(message_id, now)

    message = OutboundEmail.objects.select_related("contact").get(pk=message_id)
    _maybe_crash(message)
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        # Auto-Submitted (RFC 3834): other systems' auto-responders must not answer it (no mail loops).
        headers={"Message-ID": message.message_id, "Auto-Submitted": "auto-generated"},
    )
    try:
        email.send(fail_silently=False)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
        if _permanent(exc):
            return _mark_failed(message, lease_until, exc)
        return _retry_later(message, lease_until, exc)
    except (smtplib.SMTPException, OSError) as exc:  # refused, timed out, rejected (TimeoutError is an OSError)
        return _retry_later(message, lease_until, exc)
    except Exception as exc:
        # Not a mail-server problem (a bug, a bad header): retry later like any failure,
        # and let the task fail loudly so the traceback is kept.
        _retry_later(message, lease_until, exc)
        raise
    return _mark_sent(message, lease_until)


def _permanent(exc: smtplib.SMTPException) -> bool:
    """A 5xx answer (no such mailbox, rejected) will not change by retrying; 4xx may."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _mark_failed(message: OutboundEmail, lease_until: dt.datetime, exc: BaseException) -> str:
    """The mail server refused the address for good: stop retrying and show it to staff,
    who must acknowledge the referrer another way (ACK-1)."""
    error = f"{type(exc).__name__}: {exc}"[:2000]
    OutboundEmail.objects.filter(pk=message.pk, status=OutboundEmail.Status.SENDING, lease_until=lease_until).update(
        status=OutboundEmail.Status.FAILED, lease_until=None, last_error=error
    )
    logger.warning("Message %s refused permanently: %s", message.pk, error)
    return f"message {message.pk}: refused permanently ({error})"


def _why_not_claimed(message_id: int, now: dt.datetime) -> str:
    message = OutboundEmail.objects.filter(pk=message_id).first()
    if message is None:
        return f"message {message_id}: no such message"
    if message.status == OutboundEmail.Status.SENT:
        return f"message {message_id}: already sent"
    if message.status == OutboundEmail.Status.FAILED:
        return f"message {message_id}: refused permanently"
    if message.status == OutboundEmail.Status.SENDING:
        return f"message {message_id}: held by another worker until {message.lease_until}"
    return f"message {message_id}: not due until {message.next_attempt_at}"


def _maybe_crash(message: OutboundEmail) -> None:
    """The test-only fault hook (see FAULT_CRASH_BEFORE_SEND); does nothing unless the variable is set."""
    fault = os.environ.get(FAULT_CRASH_BEFORE_SEND, "").strip()
    if fault and fault in {"1", message.kind}:
        logger.critical("%s is set: exiting before sending message %s", FAULT_CRASH_BEFORE_SEND, message.pk)
        os._exit(137)


def _mark_sent(message: OutboundEmail, lease_until: dt.datetime) -> str:
    """Record that the mail server took the email. The email has gone: if the database is
    briefly unreachable (a restart), keep trying while the lease holds, so that nobody sends
    it again (exactly once in effect, INT-15); only then give up and let the sweep decide."""
    sent_at = timezone.now()
    delay = 0.5
    while True:
        try:
            return _record_sent(message, lease_until, sent_at)
        except (DatabaseError, InterfaceError) as exc:
            remaining = (lease_until - timezone.now()).total_seconds() - settings.EMAIL_TIMEOUT
            if remaining <= delay:
                raise
            logger.warning("Message %s sent, but not yet recorded (%s); retrying in %.1f s", message.pk, exc, delay)
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - the connection is broken; closing it may fail too
                logger.debug("closing a broken connection failed", exc_info=True)
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def _record_sent(message: OutboundEmail, lease_until: dt.datetime, sent_at: dt.datetime) -> str:
    from frontdoor.intake import services  # services imports this module

    fields = {"status": OutboundEmail.Status.SENT, "sent_at": sent_at, "lease_until": None, "last_error": ""}
    with transaction.atomic():
        held = OutboundEmail.objects.filter(
            pk=message.pk, status=OutboundEmail.Status.SENDING, lease_until=lease_until
        ).update(**fields)
        if not held:
            # Our lease ran out while the server was taking the email and another worker
            # took the message over: the email has gone, so record it, once.
            logger.warning("Lease on message %s expired during sending; it may be sent twice", message.pk)
            OutboundEmail.objects.filter(pk=message.pk).exclude(status=OutboundEmail.Status.SENT).update(**fields)
        if message.kind == OutboundEmail.Kind.ACKNOWLEDGEMENT and message.contact is not None:
            services.record_acknowledged(message.contact, "email", actor=None, at=sent_at)
    return f"message {message.pk}: sent on attempt {message.attempts}"


def _retry_later(message: OutboundEmail, lease_until: dt.datetime, exc: BaseException) -> str:
    next_attempt_at = timezone.now() + dt.timedelta(seconds=backoff_seconds(message.attempts))
    error = f"{type(exc).__name__}: {exc}"[:2000]
    with transaction.atomic():
        released = OutboundEmail.objects.filter(
            pk=message.pk, status=OutboundEmail.Status.SENDING, lease_until=lease_until
        ).update(
            status=OutboundEmail.Status.PENDING, lease_until=None, last_error=error, next_attempt_at=next_attempt_at
        )
        if released:
            deliver_email.using(run_after=next_attempt_at).enqueue(message.pk)
    logger.warning("Message %s not sent (attempt %s): %s", message.pk, message.attempts, error)
    if not released:
        return f"message {message.pk}: attempt {message.attempts} failed ({error}); another worker has it now"
    return f"message {message.pk}: attempt {message.attempts} failed ({error}); next attempt at {next_attempt_at}"


def _messages_with_ready_task() -> set[int]:
    """Messages that already have a delivery task the worker can run now."""
    waiting: set[int] = set()
    ready = DBTaskResult.objects.ready().filter(task_path=deliver_email.module_path)
    for args_kwargs in ready.values_list("args_kwargs", flat=True):
        args = args_kwargs.get("args") if isinstance(args_kwargs, dict) else None
        if args and isinstance(args[0], int):
            waiting.add(args[0])
    return waiting


def sweep() -> int:
    """Enqueue delivery of every message that is due and has no task ready to run; returns how many.

    Crash recovery: a worker killed mid-task leaves its task row RUNNING for ever and the
    message `sending`; once the message's lease has run out, this revives it. A duplicate
    task is harmless (`deliver` claims before sending), so this errs on the side of enqueueing.
    """
    now = timezone.now()
    due = list(OutboundEmail.objects.filter(_claimable(now)).values_list("pk", flat=True))
    if not due:
        return 0
    waiting = _messages_with_ready_task()
    revived = 0
    for message_id in due:
        if message_id not in waiting:
            deliver_email.enqueue(message_id)
            revived += 1
    return revived
