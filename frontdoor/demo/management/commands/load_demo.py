"""`python manage.py load_demo`: the demonstration council, its logins and a few hundred contacts.

Safe to run again: when the demo data is there already it only prints the logins. It
refuses a database that has staff accounts but none of the demo's (a real one) unless
--force is given. The logins are also written to var/demo-logins.txt.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from frontdoor.demo import council, load
from frontdoor.demo.contacts import DEFAULT_CONTACTS, DEFAULT_SEED

STATUS_EXAMPLE = "To try the public status page"


class Command(BaseCommand):
    help = (
        "Load demonstration data: a fictional council's teams, one login for each staff role and a few hundred "
        "fictional contacts. Does nothing (but print the logins) if they are loaded already."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--contacts", type=int, default=DEFAULT_CONTACTS, help="How many contacts (default: %(default)s)"
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Seed of the made-up data (default: %(default)s)"
        )
        parser.add_argument(
            "--no-logins", action="store_true", help="Print only what was loaded, not the logins (scripts/run.sh)"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even into a database that has other staff accounts (never do this to a real one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["contacts"] < 0:
            raise CommandError("--contacts cannot be negative")
        started = time.monotonic()
        try:
            result = load.load_demo(options["contacts"], seed=options["seed"], force=options["force"])
        except load.DemoRefused as refused:
            raise CommandError(str(refused)) from refused
        took = time.monotonic() - started
        if result.already_loaded:
            self.stdout.write(f"Demo data is loaded already ({result.contacts_total} demo contacts): nothing to do.")
        else:
            self.stdout.write(
                f"Demo data loaded in {took:.1f} s: {result.teams_created} teams, {result.users_created} logins and "
                f"{result.contacts_created} contacts created ({result.contacts_total} demo contacts in all)."
            )
        text = council.logins_table()
        if result.sample_status:
            reference, secret = result.sample_status
            text += (
                f"\n\n{STATUS_EXAMPLE} ({settings.PUBLIC_BASE_URL}/status/), use the reference "
                f"{reference} and the status code {secret}."
            )
        logins_file = settings.VAR_DIR / "demo-logins.txt"
        if not result.sample_status and logins_file.exists():
            # Keep the status-page example from the first load; the logins (and their keys) are written afresh.
            _, found, example = logins_file.read_text().rstrip().partition(STATUS_EXAMPLE)
            text += f"\n\n{found}{example}" if found else ""
        logins_file.write_text(text + "\n")
        logins_file.chmod(0o600)
        if not options["no_logins"]:
            self.stdout.write("")
            self.stdout.write(text)
            self.stdout.write(f"\n(These logins are kept in {logins_file}.)")
