"""INT-15, SEC-4: nothing accepted is lost, and nothing is done twice, when the database goes
away and comes back, or when the answer to a send is lost.

A database "restart" is simulated with a loopback TCP proxy in front of PostgreSQL
(tests/faults/proxy.py): taking it down drops the connections of the processes behind it
and refuses new ones, exactly what they see when the server restarts, while the machine's
shared server keeps running. SQLite has no server to lose (it is a file opened in the
process), so those tests need PostgreSQL: they run when DATABASE_URL names one, as
`DATABASE_URL=postgres://... scripts/test.sh` does. bench/faults does the same under load.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from frontdoor.intake.models import Contact, OutboundEmail
from tests.faults.proxy import TcpProxy
from tests.intake.answers import PROFESSIONAL_SCHOOL, PUBLIC_ANONYMOUS, answer_all, send, step_url
from tests.intake.smtp import LoopbackSMTP
from tests.intake.test_acknowledgement import BASE_DIR, REFERRER_EMAIL, mail_server, smtp, wait_for, worker_env

__all__ = ["mail_server", "smtp"]  # fixtures

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a database server to lose: run with DATABASE_URL=postgres://..."
)


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    db = connection.settings_dict
    server = TcpProxy(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)).start()
    yield server
    server.stop()


def _through(proxy: TcpProxy, env: dict[str, str]) -> dict[str, str]:
    db = connection.settings_dict
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{proxy.host}:{proxy.port}/{db['NAME']}"
    env["FRONTDOOR_CONN_MAX_AGE"] = "60"
    return env


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_int15_the_worker_survives_losing_its_database_and_then_sends_what_arrived_meanwhile(
    client: Client, mail_server: LoopbackSMTP, proxy: TcpProxy
) -> None:
    lines: list[str] = []
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--interval=0.1", "--sweep-interval=0.5"],
        cwd=BASE_DIR,
        env=_through(proxy, worker_env(mail_server)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    reader = threading.Thread(target=lambda: lines.extend(worker.stdout or []), daemon=True)
    reader.start()
    try:
        wait_for(lambda: proxy.connections > 0 and any("Outbox sweep" in x for x in lines), 30, "the worker to start")
        for _ in range(2):  # the database goes away twice; each time a contact arrives meanwhile
            proxy.down()
            time.sleep(1.5)
            contact = Contact.objects.get(submission_key=answer_and_send(Client()))
            time.sleep(1.0)
            assert worker.poll() is None, "".join(lines)
            assert not OutboundEmail.objects.filter(contact=contact, status=OutboundEmail.Status.SENT).exists()
            proxy.up()
            sent = OutboundEmail.objects.filter(contact=contact, status=OutboundEmail.Status.SENT)
            wait_for(sent.exists, 40, "the acknowledgement once the database is back")
        assert worker.poll() is None, "".join(lines)
    finally:
        worker.terminate()
        returncode = worker.wait(timeout=20)
        reader.join(timeout=5)
    output = "".join(lines)
    assert "Database unavailable" in output, output  # it did lose the database, and carried on
    assert returncode == 0, output
    # Exactly one acknowledgement per contact reached the mail server.
    message_ids = [m.message["Message-ID"] for m in mail_server.messages]
    assert len(message_ids) == len(set(message_ids)) == Contact.objects.count() == 2
    assert all(m.rcpt_tos == [REFERRER_EMAIL] for m in mail_server.messages)


def answer_and_send(client: Client) -> str:
    key = answer_all(client, PROFESSIONAL_SCHOOL)
    assert send(client, key).status_code == 302
    return key


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_int15_the_web_server_survives_a_database_restart_and_loses_no_accepted_contact(proxy: TcpProxy) -> None:
    """Requests made while the database is away get the GOV.UK error page; the person's journey
    survives it, and once the database is back the same send is accepted exactly once."""
    connection.close()
    direct_port = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = str(proxy.port)
    connection.settings_dict["HOST"] = proxy.host
    try:
        browser = Client(raise_request_exception=False)
        key = answer_all(browser, PUBLIC_ANONYMOUS)
        proxy.down()
        failed = browser.post(step_url("public", "check"), {"submission_key": key})
        assert failed.status_code == 500
        assert "Sorry, there is a problem with the service" in failed.content.decode()
        assert "999" in failed.content.decode()
        proxy.up()
        between_requests()
        # A restart also drops connections kept open between requests: the next request reconnects.
        proxy.down()
        proxy.up()
        between_requests()
        assert browser.get(step_url("public", "check")).status_code == 200
        between_requests()
        sent = send(browser, key)
        assert sent.status_code == 302 and sent["Location"].startswith("/sent/FD-")
        assert browser.get(sent["Location"]).status_code == 200
    finally:
        connection.close()
        connection.settings_dict["PORT"] = direct_port
    assert Contact.objects.filter(submission_key=key).count() == 1


def between_requests() -> None:
    """What Django's request_started and request_finished signals do around each request in a
    real server (the test client turns them off): drop a connection that failed or has gone
    bad, and check a kept connection's health before its next use (CONN_HEALTH_CHECKS)."""
    close_old_connections()


@pytest.mark.django_db
def test_int15_a_send_whose_answer_was_lost_is_shown_the_same_confirmation_when_sent_again() -> None:
    """The contact committed but the browser never saw the answer (the web server was killed,
    the connection dropped): sending the same journey again shows the same reference and
    status code, and makes no second contact."""
    browser = Client()
    key = answer_all(browser, PROFESSIONAL_SCHOOL)
    page = browser.get(step_url("public", "check")).content.decode()
    before = dict(browser.session.items())  # the session as it was before the answer
    first = send(browser, key)
    assert first.status_code == 302
    contact = Contact.objects.get(submission_key=key)
    shown = browser.get(first["Location"]).content.decode()
    # The answer is lost: the browser's session is as it was before sending.
    session = browser.session
    session.clear()
    session.update(before)
    session.save()
    started = page.split('name="fd_started" value="')[1].split('"')[0]
    again = browser.post(step_url("public", "check"), {"submission_key": key, "fd_started": started})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    confirmation = browser.get(again["Location"]).content.decode()
    assert contact.reference in confirmation
    secret = _status_code(shown)
    assert secret and secret == _status_code(confirmation) and contact.secret_matches(secret)
    assert Contact.objects.count() == 1 and OutboundEmail.objects.filter(contact=contact).count() == 1


def _status_code(page: str) -> str:
    found = re.search(r"\b([0-9A-Z]{5}-[0-9A-Z]{5})\b", page)
    return found.group(1) if found else ""
