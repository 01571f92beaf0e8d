"""Issue 13, leak 11: what one public send costs the database. The request commits the contact
and nothing more: matching and routing are the task worker's (decision 0020), the rate limit is
one statement, and more people on the form do not mean more statements."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings as SettingsWrapper

from frontdoor.accounts.models import Team
from frontdoor.intake.models import Contact
from frontdoor.intake.tasks import follow_up_arrival
from frontdoor.policy import routing
from tests.intake.answers import CHILD_NAMED, PARENT, PROFESSIONAL_SCHOOL, answer_all, step_url

pytestmark = pytest.mark.django_db

# Session read, rate-limit count, BEGIN, team, contact, people, uploads, audit entry,
# acknowledgement, its delivery task, the follow-up task, COMMIT, the session's update (3).
MOST_STATEMENTS = 15


def _send_counted(children: list[dict[str, Any]], people: list[dict[str, Any]]) -> list[str]:
    client = Client()
    key = answer_all(client, PROFESSIONAL_SCHOOL, children=children, people=people)
    page = client.get(step_url("public", "check")).content.decode()
    started = re.search(r'name="fd_started" value="([^"]*)"', page)
    data = {"submission_key": key, **({"fd_started": started.group(1)} if started else {})}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(step_url("public", "check"), data)
    assert response.status_code == 302
    return [q["sql"] for q in queries.captured_queries]


def test_issue13_a_public_send_is_a_fixed_handful_of_statements_and_matches_nobody_in_the_request(
    settings: SettingsWrapper,
) -> None:
    settings.FRONTDOOR_SPAM_MIN_SECONDS = 0
    one = _send_counted([CHILD_NAMED], [])
    many = _send_counted([CHILD_NAMED, {**CHILD_NAMED, "given_names": "Amber"}, CHILD_NAMED], [PARENT, PARENT])
    assert len(one) == len(many) <= MOST_STATEMENTS, "\n".join(many)
    # INT-12 matching and INT-14 routing (the person index, the phone contacts waiting) are not run here...
    assert not [sql for sql in many if "people_" in sql or "writtenconfirmation" in sql]
    # ...but enqueued with each contact, for the task worker.
    assert Contact.objects.count() == 2
    assert DBTaskResult.objects.filter(task_path=follow_up_arrival.module_path).count() == 2


@pytest.mark.usefixtures("office_hours")
def test_issue13_the_queues_team_is_chosen_in_the_contacts_insert(settings: SettingsWrapper) -> None:
    """No look-up of its own: the first team of the queue's kind, by id, chosen by the database in
    the statement that writes the contact (intake.services.team_of_queue), and read back correctly."""
    settings.FRONTDOOR_SPAM_MIN_SECONDS = 0
    first = Team.objects.create(name="MASH screening team", kind=Team.Kind.SCREENING)
    Team.objects.create(name="MASH screening team East", kind=Team.Kind.SCREENING)
    statements = _send_counted([CHILD_NAMED], [])
    assert not [sql for sql in statements if 'FROM "accounts_team"' in sql and not sql.startswith("INSERT")]
    contact = Contact.objects.get()
    assert contact.queue == routing.Queue.SCREENING and contact.team == first
