"""The background task worker: `python manage.py run_worker`.

It is django-tasks-db's `db_worker` (every option of that command works here: --interval,
--batch, --max-tasks, --queue-name, ...) with the outbox sweep added: once at start and
then every --sweep-interval seconds in a thread of the same process, it enqueues delivery
of every outbox message that is due and has no task waiting, which is how an email whose
worker died mid-send is sent after all (INT-15). See docs/decisions/0002-outbox-and-worker.md.
Every --seal-interval seconds another thread runs the audit log's sealer, which chains the
entries committed since and writes checkpoints of the chain's head (SEC-6, docs/decisions/0018).

SIGTERM or SIGINT stops it cleanly: the task being run finishes, then the worker and the
sweep stop.

It survives losing its database (a restart, a dropped connection, a failover): the loop that
takes tasks catches the database error, closes the broken connection, waits (1 s, doubling up
to 30 s) and carries on; the sweep thread does the same. A task cut off by the loss stays
"running" in the queue; its outbox message is taken up again by the sweep once its lease has
run out (docs/decisions/0002-outbox-and-worker.md).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.module_loading import import_string
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from frontdoor.audit import services as audit
from frontdoor.intake.services import EMAILS_QUEUED

logger = logging.getLogger(__name__)

DATABASE_RETRY_MAX_SECONDS = 30.0


class ResilientWorker(db_worker.Worker):
    """django-tasks-db's worker, kept alive through database outages (INT-15)."""

    def run(self) -> None:
        delay = 1.0
        while True:
            started = time.monotonic()
            try:
                super().run()
                return
            except (DatabaseError, InterfaceError) as exc:
                if not self.running:
                    return
                if time.monotonic() - started > 60:
                    delay = 1.0  # it had been working for a while: a new outage
                logger.warning("Database unavailable (%s); the worker tries again in %.0f s", exc, delay)
                _drop_connection()
                self.running_task = False
                deadline = time.monotonic() + delay
                while self.running and time.monotonic() < deadline:
                    time.sleep(0.2)
                delay = min(delay * 2, DATABASE_RETRY_MAX_SECONDS)
                self.startup_delay = False


def _drop_connection() -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - the connection is broken; closing it may fail too
        logger.debug("Closing the broken database connection failed", exc_info=True)


def _seal_round() -> None:
    """One round of the audit log's sealer; a failure is logged and the next round tries again."""
    try:
        audit.seal_and_checkpoint()
    except Exception:
        logger.exception("Sealing the audit log failed; the next round tries again")
        _drop_connection()


def _seal_every(interval: float, stop: threading.Event) -> None:
    while not stop.wait(interval):
        _seal_round()
    connection.close()  # this thread's own connection


_SIGNALS = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None)) if s is not None]


def _periodic_duties() -> dict[str, int]:
    """Every app's sweep, in order: the project's wiring says which (settings.FRONTDOOR_PERIODIC_DUTIES,
    frontdoor/duties.py), as it names the URLs and middleware; intake does not import the apps above it."""
    duties: Callable[[], dict[str, int]] = import_string(settings.FRONTDOOR_PERIODIC_DUTIES)
    return duties()


class Command(DbWorkerCommand):
    help = (
        "Run the background task worker: sends acknowledgement emails and other tasks from the "
        "database queue, and sweeps the outbox for emails to send or retry."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-interval",
            type=float,
            default=30.0,
            help="Seconds between sweeps of the outbox for due messages (default: %(default)r; 0: only at start)",
        )
        parser.add_argument(
            "--seal-interval",
            type=float,
            default=2.0,
            help="Seconds between rounds of the audit log's sealer (default: %(default)r; 0: only at start)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sweep_interval: float = options.pop("sweep_interval")
        seal_interval: float = options.pop("seal_interval")
        batch = bool(options.get("batch"))
        reloading_parent = bool(options.get("reload")) and not batch and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        every = f"every {sweep_interval:g} s" if sweep_interval > 0 and not batch else "once, at start"
        self.stdout.write(
            f"Front Door task worker: runs background tasks (acknowledgement emails) from the database queue"
            f"{' until none is ready' if batch else ''}, and sweeps the outbox for emails to send or retry ({every})."
        )

        stop = threading.Event()
        sweeper: threading.Thread | None = None
        sealer: threading.Thread | None = None
        if not reloading_parent:  # with --reload, the child process does the work
            self._sweep_once()
            _seal_round()
            if seal_interval > 0 and not batch:
                sealer = threading.Thread(
                    target=_seal_every, args=(seal_interval, stop), name="audit-sealer", daemon=True
                )
                sealer.start()
            if sweep_interval > 0 and not batch:
                sweeper = threading.Thread(
                    target=self._sweep_every, args=(sweep_interval, stop), name="outbox-sweep", daemon=True
                )
                sweeper.start()

        previous = {sig: signal.getsignal(sig) for sig in _SIGNALS}
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker  # type: ignore[misc] # db_worker's handle builds the worker by this name
        try:
            super().handle(*args, **options)  # installs its own SIGTERM/SIGINT handlers: finish the task, then stop
        finally:
            db_worker.Worker = original  # type: ignore[misc]
            stop.set()
            for thread in (sweeper, sealer):
                if thread is not None:
                    thread.join(timeout=10)
            for sig, handler in previous.items():
                if threading.current_thread() is threading.main_thread():
                    signal.signal(sig, handler)

    def _sweep_once(self) -> None:
        try:
            done = _periodic_duties()
        except (DatabaseError, InterfaceError) as exc:
            # No database at start: the worker's loop waits for it; the next sweep catches up.
            logger.warning("Outbox sweep at start failed (%s); the periodic sweep will retry", exc)
            _drop_connection()
            return
        revived = done.pop(EMAILS_QUEUED)
        if any(done.values()):
            self.stdout.write("Sweep: " + ", ".join(f"{what} {count}" for what, count in done.items()) + ".")
        self.stdout.write(f"Outbox sweep: {revived} message(s) queued for delivery.")

    @staticmethod
    def _sweep_every(interval: float, stop: threading.Event) -> None:
        while not stop.wait(interval):
            try:
                done = _periodic_duties()
                revived = done.pop(EMAILS_QUEUED)
                if any(done.values()):
                    logger.info("Sweep: %s", ", ".join(f"{what} {count}" for what, count in done.items()))
                if revived:
                    logger.info("Outbox sweep: %s message(s) queued for delivery", revived)
            except Exception:
                logger.exception("Outbox sweep failed; trying again in %s s", interval)
            finally:
                connection.close()  # this thread's own connection
