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
