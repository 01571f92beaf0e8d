"""Background tasks of intake, run by the task worker (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_email(message_id: int) -> str:
    """Send one outbox message (see frontdoor.intake.outbox)."""
    from frontdoor.intake import outbox

    return outbox.deliver(message_id)
