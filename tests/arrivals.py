"""Run the arrival follow-ups (INT-12 matching, INT-14 routing) the way the task worker does.

Submissions enqueue `frontdoor.intake.tasks.follow_up_arrival` with the contact (issue 13: not in the
request any more); a test that looks at what those steps did runs the waiting tasks first, through
django-tasks-db's own worker code (claim, run, record the result), and only those tasks: the
acknowledgement delivery tasks stay queued as before.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from frontdoor.intake.tasks import follow_up_arrival


def run_arrival_follow_ups() -> int:
    """Run every waiting arrival follow-up task; returns how many ran."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with transaction.atomic():
            row = DBTaskResult.objects.ready().filter(task_path=follow_up_arrival.module_path).get_locked()
            if row is None:
                return ran
            row.claim(worker.worker_id)
        worker.run_task(row)
        ran += 1
