"""Write the permission matrix into docs/security.md from frontdoor.access.matrix (SEC-1)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.access import docs


class Command(BaseCommand):
    help = "Write the permission matrix (frontdoor/access/matrix.py) into docs/security.md"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if docs/security.md is out of date")

    def handle(self, *args: Any, **options: Any) -> None:
        path = docs.security_md()
        current = path.read_text(encoding="utf-8")
        wanted = docs.render(current)
        if options["check"]:
            if wanted != current:
                raise CommandError(f"{path} is out of date: run manage.py permission_matrix")
            self.stdout.write("docs/security.md is up to date")
            return
        path.write_text(wanted, encoding="utf-8")
        self.stdout.write(f"Wrote the permission matrix ({len(docs.table().splitlines()) - 2} URL names) to {path}")
