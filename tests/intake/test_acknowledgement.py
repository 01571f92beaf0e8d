"""ACK-1 and INT-15: acknowledgements go through the outbox and the task worker, over real SMTP.

A real SMTP server listens on loopback (tests/intake/smtp.py); the worker is the real
`run_worker` command, in this process or, where a crash must be survived, in a subprocess
sharing the test database.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings as SettingsWrapper

from frontdoor.audit.models import AuditEntry
from frontdoor.intake import outbox
from frontdoor.intake.models import Contact, OutboundEmail
from frontdoor.intake.tasks import deliver_email
from tests.intake.answers import PROFESSIONAL_SCHOOL, PUBLIC_ANONYMOUS, answer_all, send
from tests.intake.smtp import LoopbackSMTP

BASE_DIR = Path(django_settings.BASE_DIR)
REFERRER_EMAIL = PROFESSIONAL_SCHOOL["your-details"]["referrer_email"]
BACKOFF_BASE = 1.0


@pytest.fixture
def smtp(settings: SettingsWrapper) -> Iterator[LoopbackSMTP]:
    """A loopback SMTP server on a free port, not started: nothing listens until `start()`."""
    server = LoopbackSMTP()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    settings.OUTBOX_BACKOFF_BASE_SECONDS = BACKOFF_BASE
    settings.OUTBOX_BACKOFF_MAX_SECONDS = 60.0
    settings.OUTBOX_LEASE_SECONDS = 30
    yield server
    server.stop()


@pytest.fixture
def mail_server(smtp: LoopbackSMTP) -> LoopbackSMTP:
    return smtp.start()


def submit(client: Client, pages: dict[str, dict[str, object]]) -> Contact:
    key = answer_all(client, pages)
    response = send(client, key)
    assert response.status_code == 302, response.content[:2000]
    return Contact.objects.get(submission_key=key)


def delivery_tasks(message: OutboundEmail) -> list[DBTaskResult[..., Any]]:
    tasks = DBTaskResult.objects.filter(task_path=deliver_email.module_path).order_by("enqueued_at")
    return [t for t in tasks if t.args_kwargs["args"] == [message.pk]]


def run_worker_here() -> str:
    out = io.StringIO()
    call_command("run_worker", "--batch", "--no-startup-delay", "--interval=0", stdout=out)
    return out.getvalue()


def worker_env(server: LoopbackSMTP, **extra: str) -> dict[str, str]:
    """The environment of a worker process that shares this test's database and mail server."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        user = quote(db["USER"] or "", safe="")
        password = quote(db["PASSWORD"] or "", safe="")
        url = f"postgres://{user}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if k != outbox.FAULT_CRASH_BEFORE_SEND}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="frontdoor.settings",
        FRONTDOOR_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        FRONTDOOR_EMAIL_HOST=server.host,
        FRONTDOOR_EMAIL_PORT=str(server.port),
        FRONTDOOR_OUTBOX_LEASE_SECONDS="1",
        FRONTDOOR_OUTBOX_BACKOFF_BASE="1",
        FRONTDOOR_DEBUG="0",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def run_worker_process(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "run_worker", "--batch", "--no-startup-delay", "--interval=0"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def wait_for(condition: Callable[[], bool], timeout: float = 10, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_ack_1_acknowledgement_is_emailed_by_the_worker_and_recorded(client: Client, mail_server: LoopbackSMTP) -> None:
    contact = submit(client, PROFESSIONAL_SCHOOL)
    message = OutboundEmail.objects.get(contact=contact)
    assert message.kind == OutboundEmail.Kind.ACKNOWLEDGEMENT
    assert message.status == OutboundEmail.Status.PENDING
    assert contact.acknowledged_at is None
    assert mail_server.messages == []  # nothing is sent in the web request

    output = run_worker_here()

    assert "Front Door task worker" in output
    [received] = mail_server.messages
    assert received.rcpt_tos == [REFERRER_EMAIL]
    assert received.message["To"] == REFERRER_EMAIL
    assert received.message["Message-ID"] == message.message_id
    assert contact.reference in received.message["Subject"]
    assert contact.reference in received.body
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT
    assert message.attempts == 1
    assert message.lease_until is None
    assert message.sent_at is not None
    contact.refresh_from_db()
    assert contact.acknowledged_at == message.sent_at
    assert contact.acknowledgement_method == "email"
    audit = AuditEntry.objects.get(action="contact.acknowledged", object_id=str(contact.pk))
    assert audit.actor_label == "task worker"
    assert audit.detail == {"method": "email"}
    [task] = delivery_tasks(message)
    assert task.status == "SUCCESSFUL"
    assert task.return_value == f"message {message.pk}: sent on attempt 1"


@pytest.mark.django_db
def test_ack_1_retries_with_growing_back_off_while_the_mail_server_is_down(client: Client, smtp: LoopbackSMTP) -> None:
    contact = submit(client, PROFESSIONAL_SCHOOL)
    message = OutboundEmail.objects.get(contact=contact)
    delays = []
    for attempt in (1, 2):
        OutboundEmail.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        before = timezone.now()
        result = outbox.deliver(message.pk)
        after = timezone.now()
        assert "failed" in result, result
        message.refresh_from_db()
        assert message.status == OutboundEmail.Status.PENDING
        assert message.attempts == attempt
        assert message.lease_until is None
        assert message.last_error.startswith("ConnectionRefusedError"), message.last_error
        expected = BACKOFF_BASE * 2 ** (attempt - 1)
        delay = (message.next_attempt_at - before).total_seconds()
        assert expected <= delay <= expected * 1.1 + (after - before).total_seconds()
        delays.append(delay)
        # The next attempt is enqueued for when it is due.
        retry = delivery_tasks(message)[-1]
        assert retry.status == "READY"
        assert retry.run_after == message.next_attempt_at
        # Until then, a delivery task does nothing.
        assert "not due" in outbox.deliver(message.pk)
        message.refresh_from_db()
        assert message.attempts == attempt
    assert delays[1] > delays[0]
    assert len(delivery_tasks(message)) == 3  # the first, and one per failure
    contact.refresh_from_db()
    assert contact.acknowledged_at is None

    smtp.start()
    OutboundEmail.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert outbox.deliver(message.pk) == f"message {message.pk}: sent on attempt 3"

    [received] = smtp.messages
    assert received.rcpt_tos == [REFERRER_EMAIL]
    assert contact.reference in received.body
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT
    assert message.last_error == ""
    contact.refresh_from_db()
    assert contact.acknowledged_at == message.sent_at
    assert contact.acknowledgement_method == "email"


@pytest.mark.django_db(transaction=True)
def test_int_15_a_worker_crash_after_claiming_loses_no_acknowledgement_and_sends_none_twice(
    client: Client, mail_server: LoopbackSMTP
) -> None:
    contact = submit(client, PROFESSIONAL_SCHOOL)
    message = OutboundEmail.objects.get(contact=contact)
    [first_task] = delivery_tasks(message)

    crashed = run_worker_process(worker_env(mail_server, **{outbox.FAULT_CRASH_BEFORE_SEND: "1"}))

    assert crashed.returncode == 137, crashed.stdout + crashed.stderr
    assert mail_server.messages == []
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENDING
    assert message.attempts == 1
    assert message.lease_until is not None
    first_task.refresh_from_db()
    assert first_task.status == "RUNNING"  # orphaned: the process that ran it is gone
    contact.refresh_from_db()
    assert contact.acknowledged_at is None

    wait_for(
        lambda: OutboundEmail.objects.filter(pk=message.pk, lease_until__lt=timezone.now()).exists(),
        timeout=10,
        what="the crashed worker's lease to expire",
    )
    recovered = run_worker_process(worker_env(mail_server))

    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    assert "Outbox sweep: 1 message(s) queued for delivery." in recovered.stdout
    [received] = mail_server.messages
    assert received.rcpt_tos == [REFERRER_EMAIL]
    assert received.message["Message-ID"] == message.message_id
    assert contact.reference in received.body
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT
    assert message.attempts == 2
    contact.refresh_from_db()
    assert contact.acknowledged_at == message.sent_at
    assert contact.acknowledgement_method == "email"
    assert AuditEntry.objects.filter(action="contact.acknowledged", object_id=str(contact.pk)).count() == 1

    again = run_worker_process(worker_env(mail_server))

    assert again.returncode == 0, again.stdout + again.stderr
    assert "Outbox sweep: 0 message(s) queued for delivery." in again.stdout
    assert len(mail_server.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_int_15_the_worker_sweeps_while_running_and_stops_cleanly_on_sigterm(mail_server: LoopbackSMTP) -> None:
    started = threading.Event()
    lines: list[str] = []
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--interval=0.1", "--sweep-interval=0.2"],
        cwd=BASE_DIR,
        env=worker_env(mail_server),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )

    def read() -> None:
        assert worker.stdout is not None
        for line in worker.stdout:
            lines.append(line)
            if line.startswith("Outbox sweep:"):
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert started.wait(30), "".join(lines)
        # A message left 'sending' by a dead worker, its lease run out, no task waiting:
        # only the periodic sweep can revive it.
        message = OutboundEmail.objects.create(
            idempotency_key="test:stuck",
            kind=OutboundEmail.Kind.HUB_RETURN,
            to="someone@example.org",
            subject="Stuck",
            body="Left behind by a crash",
            status=OutboundEmail.Status.SENDING,
            attempts=1,
            lease_until=timezone.now() - dt.timedelta(seconds=1),
        )
        assert delivery_tasks(message) == []
        wait_for(lambda: len(mail_server.messages) == 1, timeout=15, what="the swept message to be sent")
    finally:
        worker.send_signal(signal.SIGTERM)
        returncode = worker.wait(timeout=15)
        reader.join(timeout=5)

    assert returncode == 0, "".join(lines)
    assert lines[0].startswith("Front Door task worker"), lines
    assert mail_server.messages[0].message["Subject"] == "Stuck"
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT


@pytest.mark.django_db
def test_int_15_queueing_the_same_email_twice_makes_one_message_and_one_task() -> None:
    first = outbox.queue_email(
        key="acknowledgement:FD-TEST-0001",
        contact=None,
        kind=OutboundEmail.Kind.ACKNOWLEDGEMENT,
        to="a@example.org",
        subject="First",
        body="First body",
    )
    second = outbox.queue_email(
        key="acknowledgement:FD-TEST-0001",
        contact=None,
        kind=OutboundEmail.Kind.ACKNOWLEDGEMENT,
        to="a@example.org",
        subject="Second",
        body="Second body",
    )

    assert second.pk == first.pk
    assert second.subject == "First"
    assert OutboundEmail.objects.filter(idempotency_key="acknowledgement:FD-TEST-0001").count() == 1
    assert [t.args_kwargs["args"] for t in DBTaskResult.objects.filter(task_path=deliver_email.module_path)] == [
        [first.pk]
    ]
    assert first.message_id == second.message_id
    assert first.message_id.endswith("@frontdoor.invalid>")


@pytest.mark.django_db
def test_ack_1_a_contact_without_an_email_address_queues_no_email(client: Client) -> None:
    contact = submit(client, PUBLIC_ANONYMOUS)

    assert contact.referrer_email == ""
    assert OutboundEmail.objects.count() == 0
    assert DBTaskResult.objects.filter(task_path=deliver_email.module_path).count() == 0


@pytest.mark.django_db(transaction=True)
def test_int_15_two_deliveries_of_one_message_send_one_email(mail_server: LoopbackSMTP) -> None:
    message = outbox.queue_email(
        key="test:concurrent",
        contact=None,
        kind=OutboundEmail.Kind.HUB_RETURN,
        to="b@example.org",
        subject="Once",
        body="Only once",
    )
    results: list[str] = []

    def deliver_in_thread() -> None:
        try:
            results.append(outbox.deliver(message.pk))
        finally:
            connection.close()

    mail_server.hold()
    first = threading.Thread(target=deliver_in_thread)
    first.start()
    try:
        assert mail_server.wait_until_holding(10), "the first delivery never reached the server"
        # The first worker is in the middle of sending: it holds the lease.
        assert OutboundEmail.objects.get(pk=message.pk).status == OutboundEmail.Status.SENDING
        second = outbox.deliver(message.pk)
    finally:
        mail_server.release()
        first.join(timeout=15)

    assert second.startswith(f"message {message.pk}: held by another worker"), second
    assert results == [f"message {message.pk}: sent on attempt 1"]
    assert outbox.deliver(message.pk) == f"message {message.pk}: already sent"
    assert len(mail_server.messages) == 1
    message.refresh_from_db()
    assert message.status == OutboundEmail.Status.SENT
    assert message.attempts == 1

    # And a true race: four workers at once, one email.
    raced = outbox.queue_email(
        key="test:race", contact=None, kind=OutboundEmail.Kind.HUB_RETURN, to="c@example.org", subject="R", body="R"
    )
    barrier = threading.Barrier(4)
    race_results: list[str] = []

    def race() -> None:
        try:
            barrier.wait(timeout=10)
            race_results.append(outbox.deliver(raced.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sum("sent on attempt" in r for r in race_results) == 1, race_results
    assert len(race_results) == 4
    assert [m.message["Subject"] for m in mail_server.messages] == ["Once", "R"]


@pytest.mark.django_db
def test_int_15_sweep_requeues_only_what_is_due_and_not_waiting(settings: SettingsWrapper) -> None:
    settings.OUTBOX_LEASE_SECONDS = 30
    message = outbox.queue_email(
        key="test:sweep", contact=None, kind=OutboundEmail.Kind.HUB_RETURN, to="d@example.org", subject="S", body="S"
    )
    assert outbox.sweep() == 0  # due, but its task is waiting

    # A worker took the task and the message, then died.
    [task] = delivery_tasks(message)
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING")
    live = timezone.now() + dt.timedelta(seconds=30)
    OutboundEmail.objects.filter(pk=message.pk).update(status=OutboundEmail.Status.SENDING, lease_until=live)
    assert outbox.sweep() == 0  # its lease still runs

    OutboundEmail.objects.filter(pk=message.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    assert outbox.sweep() == 1
    assert [t.status for t in delivery_tasks(message)] == ["RUNNING", "READY"]
    assert outbox.sweep() == 0  # now a task waits for it

    OutboundEmail.objects.filter(pk=message.pk).update(status=OutboundEmail.Status.SENT, lease_until=None)
    DBTaskResult.objects.filter(task_path=deliver_email.module_path).delete()
    assert outbox.sweep() == 0  # sent messages are never swept


def test_ack_1_back_off_doubles_up_to_its_cap(settings: SettingsWrapper) -> None:
    settings.OUTBOX_BACKOFF_BASE_SECONDS = 2.0
    settings.OUTBOX_BACKOFF_MAX_SECONDS = 10.0
    for attempts, expected in ((1, 2.0), (2, 4.0), (3, 8.0), (4, 10.0), (20, 10.0)):
        delay = outbox.backoff_seconds(attempts)
        assert expected <= delay <= expected * 1.1, (attempts, delay)


@pytest.mark.django_db(transaction=True)
def test_ack_1_a_mailbox_refused_for_good_is_not_retried_and_staff_are_told(
    client: Client, mail_server: LoopbackSMTP, staff_client: Client
) -> None:
    mail_server.refuse(REFERRER_EMAIL)
    contact = submit(client, PROFESSIONAL_SCHOOL)
    message = OutboundEmail.objects.get(contact=contact)
    result = outbox.deliver(message.pk)
    message.refresh_from_db()
    assert "refused permanently" in result
    assert message.status == OutboundEmail.Status.FAILED and "550" in message.last_error
    assert len(delivery_tasks(message)) == 1  # no retry was queued
    assert outbox.sweep() == 0  # and the sweep does not revive it
    assert mail_server.messages == []
    contact.refresh_from_db()
    assert contact.acknowledged_at is None
    page = staff_client.get(f"/staff/contacts/{contact.reference}/").content.decode()
    assert "was refused by the mail server" in page and "Contact the referrer another way" in page
