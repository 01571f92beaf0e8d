"""`python manage.py load_demo_channels`: issue 8's demonstration data (frontdoor/demo/channels.py),
after `load_demo`. Safe to run again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdoor.accounts.models import User
from frontdoor.demo import channels


class Command(BaseCommand):
    help = "Load the channels' demonstration data: the referrals mailbox, a partner organisation, a matched phone call."

    def handle(self, *args: Any, **options: Any) -> None:
        administrator = User.objects.filter(username="admin").first()
        officer = User.objects.filter(username="cso").first()
        if administrator is None or officer is None:
            raise CommandError("Run `manage.py load_demo` first: the demo's admin and cso logins are needed")
        if channels.load(administrator, officer):
            self.stdout.write("Channels' demo data loaded: 2 emails in the mailbox, 1 partner organisation, 1 match.")
        else:
            self.stdout.write("Channels' demo data is loaded already: nothing to do.")
