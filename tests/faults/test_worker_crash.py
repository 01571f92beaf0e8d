"""INT-15, ACK-3, TIM-3: outcome messages and the deadline check resume after the task worker
is killed, and each happens once in effect.

The worker is the real `run_worker` in a subprocess sharing the test database; the test-only
fault hook (FRONTDOOR_FAULT_CRASH_BEFORE_SEND, frontdoor/intake/outbox.py) makes it exit
abruptly, as if killed, right after claiming the outcome message and before sending it, after
its first sweep has run the deadline check.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.intake import outbox
from frontdoor.intake.models import OutboundEmail
from frontdoor.screening import services
from frontdoor.screening.models import DeadlineFlag
from tests.factories import make_contact, manager, proposed
from tests.intake.smtp import LoopbackSMTP
from tests.intake.test_acknowledgement import mail_server, run_worker_process, smtp, wait_for, worker_env

__all__ = ["mail_server", "smtp"]  # fixtures


@pytest.mark.django_db(transaction=True)
def test_int15_outcome_messages_and_deadline_checks_resume_after_a_worker_crash_and_go_once(
    mail_server: LoopbackSMTP,
) -> None:
    Team.objects.create(name="MASH screening team", kind=Team.Kind.SCREENING)
    boss, other = manager("boss"), manager("other")
    overdue = make_contact(received_at=timezone.now() - dt.timedelta(days=10))
    decided = make_contact()
    services.authorise(proposed(decided, boss), actor=other)
    outcome = OutboundEmail.objects.get(kind=OutboundEmail.Kind.OUTCOME)

    crashed = run_worker_process(worker_env(mail_server, **{outbox.FAULT_CRASH_BEFORE_SEND: "outcome"}))

    assert crashed.returncode == 137, crashed.stdout + crashed.stderr
    outcome.refresh_from_db()
    assert outcome.status == OutboundEmail.Status.SENDING  # claimed by the worker that died
    flags = DeadlineFlag.objects.count()
    assert DeadlineFlag.objects.filter(object_id=overdue.pk, state="overdue").exists()  # the check ran first
    digests = OutboundEmail.objects.filter(kind=OutboundEmail.Kind.DEADLINE_DIGEST).count()
    assert digests >= 1

    wait_for(lambda: not OutboundEmail.objects.filter(pk=outcome.pk, lease_until__gte=timezone.now()).exists(), 10)
    for _ in range(2):  # restarted, and restarted again: nothing more is flagged or sent
        recovered = run_worker_process(worker_env(mail_server))
        assert recovered.returncode == 0, recovered.stdout + recovered.stderr

    assert DeadlineFlag.objects.count() == flags
    assert OutboundEmail.objects.filter(kind=OutboundEmail.Kind.DEADLINE_DIGEST).count() == digests
    assert not OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).exists()
    received = Counter(str(m.message["Message-ID"]) for m in mail_server.messages)
    assert set(received) == {m.message_id for m in OutboundEmail.objects.all()}
    assert set(received.values()) == {1}, received  # every message exactly once at the mail server
    outcome.refresh_from_db()
    assert outcome.attempts == 2 and received[outcome.message_id] == 1
