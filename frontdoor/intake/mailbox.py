"""The council's published referrals mailbox, received by SMTP (aiosmtpd).

The council's mail system (or its MX) forwards mail for the published address to this
receiver; each message is handed to `services.receive_email`, which commits it (a draft
contact, or filed) before the receiver answers "250" (INT-15). A database failure answers
"451" so the sending server keeps the message and tries again: nothing accepted is lost.
Mail for any other address is refused ("550"): this is not a relay.
See docs/decisions/0013-channels.md.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import close_old_connections

from frontdoor.policy.council import COUNCIL

log = logging.getLogger(__name__)


def accepted_addresses() -> set[str]:
    """The address the council publishes for referrals (the one every page, letter and email gives),
    and any others its mail system forwards here (FRONTDOOR_MAILBOX_ADDRESSES)."""
    extra = {a.strip().lower() for a in settings.FRONTDOOR_MAILBOX_ADDRESSES if a.strip()}
    return {COUNCIL.referrals_email.lower(), *extra}


class MailboxHandler:
    """aiosmtpd's handler: RCPT checks the address, DATA stores the message."""

    def __init__(self, addresses: set[str] | None = None) -> None:
        self.addresses = addresses if addresses is not None else accepted_addresses()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:  # noqa: N802 - aiosmtpd's name
        if self.addresses and address.lower() not in self.addresses:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, _store, raw, envelope.mail_from or "", list(envelope.rcpt_tos))
        except Exception:
            log.exception("Could not store a message from %s: asking the sender to retry", envelope.mail_from)
            return "451 4.3.0 Temporary failure, please try again later"
        return "250 Message accepted"


def _store(raw: bytes, mail_from: str, rcpt_tos: list[str]) -> None:
    from frontdoor.intake.services import receive_email

    close_old_connections()
    try:
        receive_email(raw, mail_from=mail_from, rcpt_tos=rcpt_tos)
    finally:
        close_old_connections()


def controller(host: str, port: int, addresses: set[str] | None = None) -> Controller:
    return Controller(
        MailboxHandler(addresses),
        hostname=host,
        port=port,
        ready_timeout=10,
        data_size_limit=settings.FRONTDOOR_MAILBOX_MAX_BYTES,
    )
