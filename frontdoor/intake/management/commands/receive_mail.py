"""manage.py receive_mail: the referrals mailbox's SMTP receiver (frontdoor/intake/mailbox.py)."""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from frontdoor.intake.mailbox import accepted_addresses, controller


class Command(BaseCommand):
    help = (
        "Receive email for the council's referrals mailbox by SMTP; each message becomes a draft contact or is filed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=settings.FRONTDOOR_MAILBOX_HOST)
        parser.add_argument("--port", type=int, default=settings.FRONTDOOR_MAILBOX_PORT)

    def handle(self, *args: Any, **options: Any) -> None:
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection at INFO
        addresses = accepted_addresses()
        receiver = controller(options["host"], options["port"], addresses)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        receiver.start()
        self.stdout.write(
            f"Receiving mail for {', '.join(sorted(addresses)) or 'any address'} on {options['host']}:{options['port']}"
        )
        try:
            stop.wait()
        finally:
            receiver.stop()
