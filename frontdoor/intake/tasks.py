"""Background tasks of intake, run by the task worker (`manage.py run_worker`).

Tasks go through django-tasks with its database backend: enqueueing writes a row in the
caller's transaction, and the worker runs it once that transaction has committed.
"""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_email(message_id: int) -> str:
    """Send one outbox message (ACK-1, INT-15; see frontdoor.intake.outbox).

    Safe to run more than once for the same message: delivery claims the message first,
    so a duplicate task returns "already sent" or "held by another worker".
    """
    from frontdoor.intake import outbox  # outbox imports this module

    return outbox.deliver(message_id)


@task()
def follow_up_arrival(contact_id: int) -> str:
    """The steps after a contact's arrival that the referrer does not wait for: INT-12 matching of
    a written confirmation and INT-14 routing to an open case's allocated worker (the receivers of
    `contact_arrived`). Enqueued in the transaction that commits the contact, so the task is as
    durable as the contact itself; run by the task worker, never in the submitter's request (issue
    13: they were a third of a submission's CPU).

    Safe to run more than once: matching marks a phone contact only while it still waits, and
    routing changes a contact only while it is new and not yet with that worker.
    """
    from frontdoor.intake.models import Contact
    from frontdoor.intake.services import announce_arrival

    contact = Contact.objects.filter(pk=contact_id).first()
    if contact is None:
        return "no such contact"
    announce_arrival(contact)
    return "announced"
