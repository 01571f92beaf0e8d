"""`manage.py verify_audit`: walk the audit log's hash chain and report every break (SEC-2).

Prints how many entries were checked and each entry that was edited, deleted or
inserted; exits with status 1 if there is any, 0 if the chain is whole.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from frontdoor.audit.chain import iter_rows, verify
from frontdoor.audit.models import AuditChainHead, AuditEntry


class Command(BaseCommand):
    help = "Check the audit log's hash chain: report edited, deleted and inserted entries."

    def handle(self, *args: Any, **options: Any) -> None:
        head = AuditChainHead.objects.filter(pk=1).first()
        report = verify(iter_rows(AuditEntry.objects.all()), head.seq if head else 0, head.hash if head else "")
        problems = report.problems or []
        for problem in problems:
            self.stderr.write(f"{problem.kind.upper()}: {problem.message}")
        self.stdout.write(
            f"Checked {report.checked} audit entries; last entry {report.last_seq}, hash {report.last_hash}."
        )
        if problems:
            self.stdout.write(f"The audit log has been tampered with: {len(problems)} problem(s) found.")
            sys.exit(1)
        self.stdout.write("The audit log is whole: no entry was edited, deleted or inserted.")
