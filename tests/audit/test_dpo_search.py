"""SEC-2: the data protection officer searches the audit log (who looked at this child?) and exports it.
The search and the export are themselves audited; nobody else may use them."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from markupsafe import escape

from frontdoor.accounts.models import Role, User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.audit.models import AuditEntry
from frontdoor.people import services as people
from tests.factories import make_contact, screener, staff

pytestmark = pytest.mark.django_db

SEARCH = "/staff/audit/"


def cell(action: Action) -> str:
    """The results table's cell naming an action: its label, the words the DPO reads."""
    return f'<td class="govuk-table__cell">{escape(action.label)}</td>'


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def looked_at() -> dict[str, Any]:
    """Mia's contact, opened by one screener; her person record, opened by another; and an unrelated contact."""
    tomasz, priya = screener("tomasz"), staff(Role.SOCIAL_WORKER, "priya")
    contact, other = make_contact(), make_contact()
    child = contact.people.filter(role="child").first() or contact.people.first()
    assert child is not None
    mia = people.create_person(actor=None, given_name=child.given_names or "Mia", surname=child.family_name or "Smith")
    people.link_contact_person(child, mia, actor=tomasz)
    # Reads are audited by the access middleware (SEC-2) when the pages are shown.
    assert signed_in(tomasz).get(reverse("intake:staff-contact", args=[contact.reference])).status_code == 200
    assert signed_in(priya).get(reverse("people:person", args=[mia.pk])).status_code == 200
    assert signed_in(priya).get(reverse("intake:staff-contact", args=[other.reference])).status_code == 200
    return {
        "contact": contact,
        "other": other,
        "mia": mia,
        "tomasz": tomasz,
        "priya": priya,
        "dpo": staff(Role.DATA_PROTECTION_OFFICER, "farah"),
    }


def test_sec2_who_looked_at_this_child(looked_at: dict[str, Any]) -> None:
    dpo, mia = looked_at["dpo"], looked_at["mia"]
    assert isinstance(dpo, User)
    response = signed_in(dpo).get(SEARCH, {"search": "1", "person": mia.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert cell(Action.CONTACT_VIEWED) in html and cell(Action.PERSON_VIEWED) in html
    assert "tomasz" in html and "priya" in html
    assert ">contact.viewed<" not in html and ">person.viewed<" not in html  # the label, not the stored value
    other = looked_at["other"]
    assert f"intake.contact {other.pk}<" not in html  # not about Mia
    searched = AuditEntry.objects.get(action="audit.searched")
    assert searched.actor == dpo and searched.detail["filters"] == {"person": str(mia.pk)}
    assert searched.detail["found"] >= 3  # the link, the contact view, the person view


def test_sec2_search_by_contact_staff_action_and_dates(looked_at: dict[str, Any]) -> None:
    dpo, contact, other = looked_at["dpo"], looked_at["contact"], looked_at["other"]
    client = signed_in(dpo)
    html = client.get(SEARCH, {"search": "1", "contact": contact.reference.lower()}).content.decode()
    assert f"intake.contact {contact.pk}<" in html and f"intake.contact {other.pk}<" not in html
    html = client.get(SEARCH, {"search": "1", "staff": "priya", "action": "contact.viewed"}).content.decode()
    assert "1 entry" in html and f"intake.contact {other.pk}<" in html and cell(Action.CONTACT_VIEWED) in html
    # The list offers every action by its label, the chosen one selected.
    assert '<option value="contact.viewed" selected>Contact viewed</option>' in html
    assert all(f'<option value="{a.value}"' in html and f">{escape(a.label)}</option>" in html for a in Action)
    future = client.get(
        SEARCH, {"search": "1", "date_from-day": "1", "date_from-month": "1", "date_from-year": "2999"}
    ).content.decode()
    assert "No entries match this search" in future


def test_sec2_bad_search_answers_get_messages(looked_at: dict[str, Any]) -> None:
    client = signed_in(looked_at["dpo"])
    response = client.get(
        SEARCH,
        {
            "search": "1",
            "person": "abc",
            "contact": "NC-NOPE",
            "staff": "nobody",
            "action": "<script>x</script>",
            "date_from-day": "31",
            "date_from-month": "2",
            "date_from-year": "2026",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in html
    for message in (
        "Enter the person&#39;s index number",
        "No contact has this reference",
        "No member of staff has",
        "Choose an action from the list",
    ):
        assert message in html, message
    assert "<script>x" not in html
    assert not AuditEntry.objects.filter(action="audit.searched").exists()


def test_sec2_export_streams_csv_and_is_audited(looked_at: dict[str, Any]) -> None:
    dpo, contact = looked_at["dpo"], looked_at["contact"]
    audit.record(looked_at["tomasz"], Action.CONTACT_VIEWED, contact, reason='=HYPERLINK("http://evil")')
    response = signed_in(dpo).get("/staff/audit/export.csv", {"search": "1", "contact": contact.reference})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))  # type: ignore[attr-defined]
    assert rows[0][:6] == ["Entry", "When (UTC)", "Who", "Action", "Action code", "Record type"]
    # The action in the DPO's words, and the value stored in the log beside it.
    assert {(r[3], r[4]) for r in rows[1:]} >= {("Contact viewed", "contact.viewed")}
    assert all(r[3] == Action(r[4]).label for r in rows[1:])
    assert all(r[6] == str(contact.pk) for r in rows[1:] if r[5] == "intake.contact")
    assert any(r[7] == '\'=HYPERLINK("http://evil")' for r in rows)  # no formula runs in a spreadsheet
    exported = AuditEntry.objects.get(action="audit.exported")
    assert exported.actor == dpo and exported.detail["found"] == len(rows) - 1


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.DATA_PROTECTION_OFFICER])
def test_sec2_only_the_data_protection_officer_searches_the_log(role: str) -> None:
    client = signed_in(staff(role, f"someone-{role}"))
    assert client.get(SEARCH).status_code == 403
    assert client.get("/staff/audit/export.csv", {"search": "1"}).status_code == 403
    assert not AuditEntry.objects.filter(action__startswith="audit.").exists()


def test_sec2_signed_out_visitors_are_sent_to_sign_in() -> None:
    assert Client().get(SEARCH)["Location"].startswith("/accounts/sign-in/")
