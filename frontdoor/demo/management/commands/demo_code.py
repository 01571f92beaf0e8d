"""`manage.py demo_code <username>`: the code a demo login's authenticator shows now (demonstration only).

Works only for the demo logins' own authenticators, which `load_demo` makes (by their
name); it refuses any other account, so it gives nothing for a real one.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.accounts.totp import next_code
from frontdoor.demo.council import DEMO_DEVICE_NAME, STAFF


class Command(BaseCommand):
    help = "Print the current sign-in code of a demo login (made by load_demo). Refuses any other account."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("usernames", nargs="+", help="Demo logins: " + ", ".join(u.username for u in STAFF))

    def handle(self, *args: Any, **options: Any) -> None:
        allowed = {u.username for u in STAFF}
        for username in options["usernames"]:
            device = (
                TOTPDevice.objects.filter(user__username=username, name=DEMO_DEVICE_NAME, confirmed=True).first()
                if username in allowed
                else None
            )
            if device is None:
                raise CommandError(f"{username} is not a demo login with a demo authenticator (see load_demo)")
            self.stdout.write(f"{username}: {next_code(device)}")
