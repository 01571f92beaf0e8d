"""My caseload and the team's workload (issue 15 part 3), read through the visibility rule (SEC-1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from frontdoor.access import services as access
from frontdoor.audit.models import AuditEntry
from frontdoor.pathway import services as pathway
from frontdoor.policy.calendar import LONDON
from frontdoor.workbench import services
from tests.factories import manager, referral_with_child, social_worker

pytestmark = pytest.mark.django_db

LATER = dt.datetime(2026, 12, 10, 10, 0, tzinfo=LONDON)  # well after the referral of 17 November 2026


def test_issue15_my_caseload_lists_my_children_with_their_next_deadline_last_visit_and_last_activity() -> None:
    _, jayden = referral_with_child()
    _, mia = referral_with_child(child="Mia")
    worker, boss = social_worker(), manager("boss")
    pathway.allocate(jayden, actor=boss, worker=worker)
    pathway.allocate(mia, actor=boss, worker=worker)
    assessment = pathway.start_assessment(mia, actor=worker, started_on=dt.date(2026, 11, 18))
    pathway.record_child_seen(assessment, actor=worker, seen_on=dt.date(2026, 11, 19))
    rows = services.caseload(worker, viewer=worker, now=LATER)
    assert {r.episode.child.given_name for r in rows} == {"Jayden", "Mia"}
    by_name = {r.episode.child.given_name: r for r in rows}
    assert by_name["Mia"].last_visit == dt.date(2026, 11, 19)
    assert by_name["Mia"].last_activity == dt.date(2026, 11, 19)
    assert by_name["Jayden"].last_visit is None
    assert by_name["Jayden"].next_deadline is not None and by_name["Jayden"].overdue  # not seen in time
    assert by_name["Mia"].next_deadline is not None and by_name["Mia"].next_deadline.rule_id == "assessment"
    assert services.caseload(boss, viewer=boss) == []


def test_issue15_the_workload_counts_open_cases_and_overdue_steps_per_worker_with_team_totals() -> None:
    _, jayden = referral_with_child()
    _, mia = referral_with_child(child="Mia")
    worker, boss = social_worker(), manager("boss")
    pathway.allocate(jayden, actor=boss, worker=worker)
    found = services.workload(worker.team, viewer=boss, now=LATER)
    rows = {r.worker.username if r.worker else None: r for r in found.rows}
    assert rows["worker"].open_cases == 1 and rows["worker"].overdue >= 1
    assert rows[None].open_cases == 1  # Mia's case has no worker yet
    assert rows["boss"].open_cases == 0
    assert found.totals.open_cases == 2
    assert found.totals.overdue == rows["worker"].overdue + rows[None].overdue
    assert mia.allocated_worker is None


def test_sec1_issue15_a_restricted_child_is_left_out_of_caseloads_and_workload_of_those_not_named() -> None:
    _, jayden = referral_with_child()
    worker, boss, named = social_worker(), manager("boss"), manager("named")
    pathway.allocate(jayden, actor=boss, worker=worker)
    access.restrict(jayden.child, "The family of a member of staff", actor=named)
    assert services.caseload(worker, viewer=worker) == []
    assert services.workload(None, viewer=boss).totals.open_cases == 0
    assert [r.episode.pk for r in services.caseload(worker, viewer=named)] == [jayden.pk]
    client = Client()
    client.force_login(worker)
    page = client.get(reverse("workbench:caseload")).content.decode()
    assert "Jayden" not in page and "No open cases are allocated" in page


def test_issue15_the_caseload_and_workload_pages_for_their_roles_and_audited_when_filtered() -> None:
    _, jayden = referral_with_child()
    worker, boss = social_worker(), manager("boss")
    pathway.allocate(jayden, actor=boss, worker=worker)
    client = Client()
    client.force_login(worker)
    page = client.get(reverse("workbench:caseload"))
    assert page.status_code == 200 and "Jayden Smith" in page.content.decode()
    assert "My caseload" in page.content.decode() and "Workload" not in page.content.decode().split("<main")[0]
    assert client.get(reverse("workbench:workload")).status_code == 403
    client.force_login(boss)
    load = client.get(reverse("workbench:workload") + "?team=all").content.decode()
    assert "Team total" in load and "Worker Test" in load
    theirs = client.get(reverse("workbench:caseload") + f"?worker={worker.pk}").content.decode()
    assert "Worker Test&#39;s caseload" in theirs and "Jayden Smith" in theirs
    assert AuditEntry.objects.filter(action="caseload.viewed", actor=boss).exists()
    assert AuditEntry.objects.filter(action="workload.viewed", actor=boss).exists()
