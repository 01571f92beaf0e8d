"""The returns pages (RET-1, RET-2, RET-3): team managers only, exports made by the task worker."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from frontdoor.accounts.models import Role
from frontdoor.audit.models import AuditEntry
from frontdoor.people.models import Person
from frontdoor.returns.census import la_child_id
from frontdoor.returns.models import Export, ExportStatus
from tests.returns import validator
from tests.returns.fixtures import YEAR, build

CHART_QUERY = "start-day=1&start-month=4&start-year=2025&end-day=31&end-month=3&end-year=2026"

PAGES = [
    ("returns:index", []),
    ("returns:quality", []),
    ("returns:charts", []),
    ("returns:annex-a-csv", ["list_1"]),
    ("returns:chart-csv", ["conversion"]),
]


@pytest.fixture
def manager(make_user, settings, tmp_path: Path) -> Client:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    client = Client()
    client.force_login(make_user(Role.TEAM_MANAGER, "boss"))
    return client


def run_worker() -> str:
    out = io.StringIO()
    call_command("run_worker", "--batch", "--no-startup-delay", "--interval=0", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [
        Role.CUSTOMER_SERVICE_OFFICER,
        Role.SCREENING_SOCIAL_WORKER,
        Role.SOCIAL_WORKER,
        Role.OUT_OF_HOURS_WORKER,
        Role.DATA_PROTECTION_OFFICER,
        Role.ADMINISTRATOR,
    ],
)
def test_ret1_returns_are_for_team_managers_only(make_user, role: str) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    for name, args in PAGES:
        assert client.get(reverse(name, args=args) + "?year=2026").status_code == 302  # to sign in
    client.force_login(make_user(role, f"user-{role}"))
    for name, args in PAGES:
        assert client.get(reverse(name, args=args) + "?year=2026").status_code == 403, name
    assert client.post(reverse("returns:census"), {"census-year": "2026"}).status_code == 403
    assert not Export.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_ret1_census_made_in_the_background_then_downloaded(manager: Client, tmp_path: Path) -> None:
    build()
    response = manager.post(reverse("returns:census"), {"census-year": str(YEAR)})
    job = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("returns:export", args=[job.pk])
    page = manager.get(response["Location"]).content.decode()
    assert "Waiting to start" in page and "Check progress" in page
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.problems) == (ExportStatus.READY, 6, 6, 0)
    page = manager.get(reverse("returns:export", args=[job.pk])).content.decode()
    assert "Download the file" in page and "6 of 6 children written" in page
    download = manager.get(reverse("returns:download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/xml"
    body = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    out = tmp_path / "downloaded.xml"
    out.write_bytes(body)
    assert validator.errors(validator.validate(out, YEAR)) == []
    entries = AuditEntry.objects.filter(object_type="returns.export").order_by("pk")
    actions = list(entries.values_list("action", flat=True))
    assert actions == ["returns.export_requested", "returns.export_ready", "returns.export_downloaded"]


@pytest.mark.django_db(transaction=True)
def test_ret2_annex_a_workbook_made_in_the_background(manager: Client) -> None:
    build()
    manager.post(reverse("returns:annex-a"), {"annex-year": str(YEAR)})
    run_worker()
    job = Export.objects.get()
    assert job.status == ExportStatus.READY and job.filename.endswith(".xlsx")
    download = manager.get(reverse("returns:download", args=[job.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_ret1_a_year_out_of_range_is_refused_with_a_message(manager: Client) -> None:
    for year, message in (
        ("", "Enter the collection year"),
        ("twenty", "Enter the year as a number, like 2026"),
        ("1999", "Enter a year between 2015 and"),
    ):
        response = manager.post(reverse("returns:census"), {"census-year": year})
        assert response.status_code == 400
        assert "There is a problem" in response.content.decode() and message in response.content.decode()
    assert not Export.objects.exists()


@pytest.mark.django_db
def test_ret1_data_quality_page_names_each_child_and_field_with_a_fix_link(manager: Client) -> None:
    p = build()
    Person.objects.filter(pk=p.people["amy"].pk).update(sex="")
    p.people["ben"].census.ethnicity = ""
    p.people["ben"].census.save()
    page = manager.get(reverse("returns:quality") + f"?year={YEAR}").content.decode()
    assert "2 problems for 2 children in 2026" in page
    assert "Amy Fixture" in page and la_child_id(p.people["amy"].pk) in page and "No sex is recorded" in page
    assert reverse("people:edit", args=[p.people["amy"].pk]) in page  # WRK-6: the Fix link edits
    assert "No ethnicity is recorded" in page
    assert reverse("pathway:child-details", args=[p.episodes["ben"].pk]) in page
    assert AuditEntry.objects.filter(action="returns.quality_viewed").count() == 1


@pytest.mark.django_db
def test_ret3_charts_page_has_each_chart_with_its_table_and_csv(manager: Client) -> None:
    build()
    page = manager.get(reverse("returns:charts") + "?" + CHART_QUERY).content.decode()
    assert page.count('role="img"') == 11
    assert "Assessments within 45 working days" in page and "2 of 3 assessments were authorised" in page
    assert "Initial conferences within 15 working days: the numbers" in page
    csv_text = b"".join(
        manager.get(reverse("returns:chart-csv", args=["assessments-in-time"]) + "?" + CHART_QUERY).streaming_content  # type: ignore[attr-defined]
    ).decode()
    lines = csv_text.splitlines()
    assert lines[0] == "Week beginning,Met,Of,Per cent"
    assert "04 Aug 2025,0,0,0.0" in lines and "11 Aug 2025,0,1,0.0" in lines  # Cara's, late
    bad = manager.get(
        reverse("returns:charts") + "?start-day=31&start-month=3&start-year=2026&end-day=1&end-month=4&end-year=2025"
    )
    assert bad.status_code == 400 and "The end date must be the same as or after the start date" in bad.content.decode()


@pytest.mark.django_db
def test_ret2_annex_a_csv_download(manager: Client) -> None:
    build()
    response = manager.get(reverse("returns:annex-a-csv", args=["list_3"]) + f"?year={YEAR}")
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert text.splitlines()[0].startswith("Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child (Years)")
    assert len(text.splitlines()) == 7
    assert manager.get(reverse("returns:annex-a-csv", args=["list_9"]) + f"?year={YEAR}").status_code == 404
    assert AuditEntry.objects.filter(action="returns.annex_a_downloaded").count() == 1
