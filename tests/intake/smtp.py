"""A real SMTP server on loopback for tests (aiosmtpd), recording what it receives.

    server = LoopbackSMTP()      # a free port is chosen; nothing listens yet ("mail server down")
    server.start()               # now it accepts mail, in a thread of the test process
    server.messages              # what arrived, parsed
    server.stop()

`hold()` makes the server keep each message waiting at its DATA command until `release()`,
so a test can act while a sender is in the middle of sending.
"""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        content: str = part.get_content()
        return content


class _Handler:
    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.lock = threading.Lock()
        self.holding = threading.Event()  # set when a held message has arrived
        self.released = threading.Event()
        self.released.set()
        self.refused: set[str] = set()  # addresses answered "550 no such mailbox"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:  # noqa: N802
        if address.lower() in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def _wait_for_release(self) -> None:
        self.holding.set()
        self.released.wait(timeout=30)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        if not self.released.is_set():
            await asyncio.get_running_loop().run_in_executor(None, self._wait_for_release)
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=default_policy)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class LoopbackSMTP:
    def __init__(self, port: int | None = None) -> None:
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self._handler = _Handler()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[Received]:
        with self._handler.lock:
            return list(self._handler.messages)

    def start(self) -> LoopbackSMTP:
        if self._controller is None:
            self._controller = Controller(self._handler, hostname=self.host, port=self.port, ready_timeout=5)
            self._controller.start()
        return self

    def stop(self) -> None:
        self._handler.released.set()
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def refuse(self, address: str) -> None:
        """Answer RCPT TO for this address with a permanent 550, as for a mailbox that does not exist."""
        self._handler.refused.add(address.lower())

    def hold(self) -> None:
        """Keep messages waiting at their DATA command until `release()`."""
        self._handler.holding.clear()
        self._handler.released.clear()

    def wait_until_holding(self, timeout: float = 10) -> bool:
        return self._handler.holding.wait(timeout)

    def release(self) -> None:
        self._handler.released.set()

    def __enter__(self) -> LoopbackSMTP:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
