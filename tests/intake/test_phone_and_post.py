"""Issue 8, phone and post: an officer's quick entry of a phone call (INT-1, ACK-1), post and fax
scanned in with the date received (INT-8), and INT-12: a professional's phone contact matched
automatically to the written contact that confirms it, by any channel, and undone by a person."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import Attachment, Channel, Contact, WrittenConfirmation
from frontdoor.policy.calendar import LONDON
from tests.arrivals import run_arrival_follow_ups
from tests.intake.answers import CHILD_NAMED, PROFESSIONAL_SCHOOL, answer_all, send
from tests.partners.conftest import api_client, make_partner, school_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(make_user) -> User:  # type: ignore[no-untyped-def]
    user: User = make_user("admin", username="admin-user")
    return user


def call(when: dt.datetime, **changes: str) -> dict[str, str]:
    local = when.astimezone(LONDON)
    data = {
        "received_date-day": str(local.day),
        "received_date-month": str(local.month),
        "received_date-year": str(local.year),
        "received_time": local.strftime("%H:%M"),
        "immediate_danger": "no",
        "referrer_type": "professional",
        "referrer_name": "Ann Teacher",
        "referrer_phone": "01632 960 123",
        "referrer_email": "dsl@elmroad.example",
        "organisation_name": "Elm Road Primary",
        "organisation_type": "school",
        "form_type": "green",
        "hub_advice": "advised_green",
        "concern": "Jayden arrived hungry again and said there is no food at home.",
        "child_given_names": "Jayden",
        "child_family_name": "Smith",
        "child_date_of_birth-day": "3",
        "child_date_of_birth-month": "4",
        "child_date_of_birth-year": "2019",
        "told_received": "yes",
        "submission_key": "0b8f3c43-4a5e-4c55-9c1e-6f7b4e2f9a10",
    }
    data.update(changes)
    return data


def an_hour_ago() -> dt.datetime:
    return (timezone.now() - dt.timedelta(hours=1)).replace(second=0, microsecond=0)


def test_int1_int12_ack1_quick_entry_of_a_professionals_call(staff_client: Client, officer: User) -> None:
    when = an_hour_ago()
    response = staff_client.post("/staff/phone/", call(when))
    contact = Contact.objects.get()
    assert response["Location"] == f"/staff/contacts/{contact.reference}/"
    assert contact.channel == Channel.PHONE and contact.received_at == when and contact.recorded_by == officer
    assert contact.written_confirmation_due_at == when + dt.timedelta(hours=24)  # INT-12's clock
    assert contact.acknowledgement_method == "phone"  # ACK-1, recorded
    # Issue 17: told during the call, so acknowledged at the call's time, not when it was typed in.
    assert contact.acknowledged_at == when
    assert [(p.given_names, p.date_of_birth) for p in contact.people.all()] == [("Jayden", dt.date(2019, 4, 3))]
    # The same key again (a double click) makes no second contact (INT-15).
    staff_client.post("/staff/phone/", call(when))
    assert Contact.objects.count() == 1


def test_sec4_quick_entry_has_the_standard_forms_rules_and_messages(staff_client: Client) -> None:
    response = staff_client.post(
        "/staff/phone/",
        call(
            an_hour_ago(),
            organisation_name="",
            anonymity="anonymous",
            child_given_names="",
            child_family_name="",
            **{"child_date_of_birth-day": "", "child_date_of_birth-month": "", "child_date_of_birth-year": ""},
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the name of your organisation" in page
    assert "Professionals cannot make an anonymous contact" in page
    assert "Add the child you are worried about" in page
    assert Contact.objects.count() == 0


def test_int8_post_scanned_in_with_the_date_received(staff_client: Client) -> None:
    arrival = {
        "channel": "post",
        "received_date-day": "16",
        "received_date-month": "11",
        "received_date-year": "2026",
        "received_time": "09:00",
    }
    key = answer_all(staff_client, PROFESSIONAL_SCHOOL, mode="staff", arrival=arrival)
    upload = staff_client.post(
        "/staff/record/documents/",
        {
            "document": SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n%%EOF\n"),
            "received_by_post_on-day": "14",
            "received_by_post_on-month": "11",
            "received_by_post_on-year": "2026",
            "action": "continue",
        },
    )
    assert upload.status_code == 302
    send(staff_client, key, mode="staff")
    contact = Contact.objects.get()
    assert contact.channel == Channel.POST
    assert Attachment.objects.get(contact=contact).received_by_post_on == dt.date(2026, 11, 14)


def phone_call(staff_client: Client, when: dt.datetime, **changes: str) -> Contact:
    staff_client.post("/staff/phone/", call(when, submission_key=str(uuid.uuid4()), **changes))
    return Contact.objects.filter(channel=Channel.PHONE).latest("recorded_at")


def test_int12_written_form_by_api_confirms_the_phone_call_automatically_and_undo(
    staff_client: Client, officer: User, administrator: User
) -> None:
    phone = phone_call(staff_client, an_hour_ago())
    other_child = phone_call(staff_client, an_hour_ago(), child_given_names="Amber", child_family_name="Jones")
    _, secret = make_partner(administrator, "Elm Road Primary")
    response = api_client(secret).post(
        "/api/v1/contacts", json.dumps(school_contact()), content_type="application/json"
    )
    written = Contact.objects.get(reference=response.json()["reference"])
    assert run_arrival_follow_ups() == 3  # by the task worker, after the commit (issue 13)
    phone.refresh_from_db()
    other_child.refresh_from_db()
    assert phone.written_confirmation_received_at == written.received_at
    assert other_child.written_confirmation_received_at is None  # another child: not matched
    link = WrittenConfirmation.objects.get()
    assert (link.phone_contact, link.written_contact, link.matched_by) == (phone, written, None)
    assert link.reasons == ["the same referrer's email address", "the same child's name (Jayden Smith)"]
    assert AuditEntry.objects.filter(action="contact.written_confirmation_matched").count() == 1
    page = staff_client.get(f"/staff/contacts/{phone.reference}/").content.decode()
    assert "Confirmed in writing by" in page and written.reference in page
    waiting = staff_client.get("/staff/").content.decode().split("Phone contacts waiting for written confirmation")
    assert phone.reference not in waiting[1].split("</ul>")[0]  # no longer waiting
    # A wrong match is undone by a person, with a reason; the call waits again.
    staff_client.post(
        f"/staff/contacts/{phone.reference}/confirmations/{link.pk}/undo/", {"reason": "Different Jayden"}
    )
    phone.refresh_from_db()
    link.refresh_from_db()
    assert phone.written_confirmation_received_at is None and link.undone_by == officer
    assert AuditEntry.objects.get(action="contact.written_confirmation_unmatched").reason == "Different Jayden"
    assert "Phone contacts waiting for written confirmation" in staff_client.get("/staff/").content.decode()


def test_int12_written_form_by_staff_entry_matches_on_phone_number_and_surname_and_date_of_birth(
    staff_client: Client,
) -> None:
    phone_call(staff_client, an_hour_ago(), referrer_email="", child_given_names="")
    pages = {**PROFESSIONAL_SCHOOL, "your-details": {**PROFESSIONAL_SCHOOL["your-details"], "referrer_email": ""}}
    now = timezone.localtime()
    arrival = {
        "channel": "post",
        "received_date-day": str(now.day),
        "received_date-month": str(now.month),
        "received_date-year": str(now.year),
        "received_time": now.strftime("%H:%M"),
    }
    key = answer_all(staff_client, pages, mode="staff", arrival=arrival, children=[CHILD_NAMED])
    send(staff_client, key, mode="staff")
    run_arrival_follow_ups()
    link = WrittenConfirmation.objects.get()
    assert link.reasons == [
        "the same referrer's telephone number",
        "the same child's surname and date of birth (Jayden Smith)",
    ]


def test_int12_no_match_outside_the_window_or_for_another_referrer(staff_client: Client, administrator: User) -> None:
    phone_call(staff_client, timezone.now() - dt.timedelta(days=8))
    phone_call(
        staff_client,
        an_hour_ago(),
        referrer_email="someone@else.example",
        referrer_phone="01632 960 999",
        organisation_name="Another School",
    )
    _, secret = make_partner(administrator, "Elm Road Primary")
    api_client(secret).post("/api/v1/contacts", json.dumps(school_contact()), content_type="application/json")
    assert run_arrival_follow_ups() == 3
    assert WrittenConfirmation.objects.count() == 0
