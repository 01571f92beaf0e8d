"""`manage.py audit_checkpoint`: seal the audit log and write a checkpoint of its head outside the database (SEC-6).

The checkpoint is appended to FRONTDOOR_AUDIT_CHECKPOINT_FILE; `verify_audit` checks the log
against it. Run it daily (cron or a systemd timer) as well as the task worker's own checkpoints.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from frontdoor.audit import checkpoints, services


class Command(BaseCommand):
    help = "Seal the audit log and write a checkpoint of its last entry outside the database."

    def handle(self, *args: Any, **options: Any) -> None:
        sealed = services.seal_and_checkpoint(force=True)
        if not sealed.seq:
            self.stdout.write("The audit log is empty: no checkpoint written.")
            return
        self.stdout.write(
            f"Sealed {sealed.count} entries. Checkpoint written to {checkpoints.checkpoint_path()}: "
            f"entry {sealed.seq}, hash {sealed.hash}."
        )
