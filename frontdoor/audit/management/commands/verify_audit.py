"""`manage.py verify_audit`: seal what is committed, then check the audit log and report every break (SEC-2, SEC-6).

Checks every entry's key (an edit, or an entry forged without the key), the chain (a deletion,
an insertion), the chain head (a cut at the end), and every checkpoint of the head written
outside the database (a cut with the head moved back, a rewrite re-sealed with the key).
Prints how many entries were checked and each problem; exits with status 1 if there is any,
0 if the log is whole.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from frontdoor.audit import checkpoints, keys, services
from frontdoor.audit.chain import iter_sealed, iter_unsealed, verify
from frontdoor.audit.models import AuditChainHead, AuditEntry


class Command(BaseCommand):
    help = (
        "Check the audit log: report edited, deleted and inserted entries, and a log cut short or rewritten "
        "since a checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-seal", action="store_true", help="Check without sealing committed entries first")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_seal"]:
            services.seal()
        head = AuditChainHead.objects.filter(pk=1).first()
        read = checkpoints.read()
        entries = AuditEntry.objects.all()
        report = verify(
            iter_sealed(entries),
            iter_unsealed(entries),
            head.seq if head else 0,
            head.hash if head else "",
            keys.all_keys(),
            read.checkpoints,
        )
        problems = [problem.kind.upper() + ": " + problem.message for problem in report.problems]
        problems += [
            f"CHECKPOINT: line {number} of {checkpoints.checkpoint_path()} was not written with the audit key."
            for number in read.bad_lines
        ]
        for problem in problems:
            self.stderr.write(problem)
        unsealed = f" ({report.unsealed} not yet sealed)" if report.unsealed else ""
        self.stdout.write(
            f"Checked {report.checked + report.unsealed} audit entries{unsealed} against {report.checkpoints} "
            f"checkpoint(s); last entry {report.last_seq}, hash {report.last_hash}."
        )
        if report.checked and not report.checkpoints:
            self.stdout.write(
                f"No checkpoint of this database in {checkpoints.checkpoint_path()}: entries removed from the end "
                "with the chain head moved back cannot be detected until one is written (manage.py audit_checkpoint)."
            )
        if problems:
            self.stdout.write(f"The audit log has been tampered with: {len(problems)} problem(s) found.")
            sys.exit(1)
        self.stdout.write("The audit log is whole: no entry was edited, deleted or inserted.")
