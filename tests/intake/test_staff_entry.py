"""Staff entry of the standard form for phone, email, post, fax, police and helpline contacts
(INT-1), with the time received, the 24-hour written-confirmation clock (INT-12), and routing
by the time received (INT-11, INT-13, TIM-1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import Contact
from frontdoor.policy.calendar import LONDON
from frontdoor.policy.routing import Queue
from tests.intake.answers import PROFESSIONAL_SCHOOL, PUBLIC_ANONYMOUS, answer_all, send, step_url

pytestmark = pytest.mark.django_db

MONDAY_MORNING = dt.datetime(2026, 11, 16, 10, 15, tzinfo=LONDON)
SATURDAY_NIGHT = dt.datetime(2026, 11, 21, 23, 5, tzinfo=LONDON)
CHRISTMAS_DAY = dt.datetime(2025, 12, 25, 11, 0, tzinfo=LONDON)


def arrival(channel: str, when: dt.datetime) -> dict[str, str]:
    return {
        "channel": channel,
        "received_date-day": str(when.day),
        "received_date-month": str(when.month),
        "received_date-year": str(when.year),
        "received_time": when.strftime("%H:%M"),
    }


HEALTH_VISITOR = {
    **PROFESSIONAL_SCHOOL,
    "your-details": {
        **PROFESSIONAL_SCHOOL["your-details"],
        "organisation_type": "health",
        "organisation_name": "Northtown Health Visiting",
    },
}


def test_int1_phone_contact_records_channel_time_received_and_who_typed_it(staff_client: Client, officer) -> None:  # type: ignore[no-untyped-def]
    key = answer_all(staff_client, HEALTH_VISITOR, mode="staff", arrival=arrival("phone", MONDAY_MORNING))
    response = send(staff_client, key, mode="staff")
    contact = Contact.objects.get()
    assert response["Location"] == f"/staff/contacts/{contact.reference}/"
    assert contact.channel == "phone"
    assert contact.received_at == MONDAY_MORNING  # not the time it was typed
    assert contact.recorded_by == officer
    assert contact.recorded_at > contact.received_at
    # Decision due one working day after receipt (TIM-2).
    assert contact.decision_due_at == dt.datetime(2026, 11, 17, 10, 15, tzinfo=LONDON)
    assert AuditEntry.objects.get(action="contact.created").actor == officer


def test_int12_professional_phone_call_starts_the_24_hour_clock_and_is_tracked(staff_client: Client) -> None:
    key = answer_all(staff_client, HEALTH_VISITOR, mode="staff", arrival=arrival("phone", MONDAY_MORNING))
    send(staff_client, key, mode="staff")
    contact = Contact.objects.get()
    assert contact.written_confirmation_due_at == MONDAY_MORNING + dt.timedelta(hours=24)
    home = staff_client.get("/staff/").content.decode()
    assert "Phone contacts waiting for written confirmation" in home and contact.reference in home
    assert "Overdue" in home  # the 24 hours have long passed
    staff_client.post(f"/staff/contacts/{contact.reference}/written-confirmation/")
    contact.refresh_from_db()
    assert contact.written_confirmation_received_at is not None
    assert AuditEntry.objects.filter(action="contact.written_confirmation_received").count() == 1
    assert "Phone contacts waiting for written confirmation" not in staff_client.get("/staff/").content.decode()


def test_int12_no_clock_for_the_public_or_for_written_channels(staff_client: Client, officer) -> None:  # type: ignore[no-untyped-def]
    send(
        staff_client,
        answer_all(staff_client, PUBLIC_ANONYMOUS, mode="staff", arrival=arrival("phone", MONDAY_MORNING)),
        mode="staff",
    )
    other = Client()
    other.force_login(officer)
    send(other, answer_all(other, HEALTH_VISITOR, mode="staff", arrival=arrival("email", MONDAY_MORNING)), mode="staff")
    assert list(Contact.objects.values_list("written_confirmation_due_at", flat=True)) == [None, None]


def test_int13_out_of_hours_contacts_go_to_the_out_of_hours_queue(staff_client: Client) -> None:
    send(
        staff_client,
        answer_all(staff_client, PUBLIC_ANONYMOUS, mode="staff", arrival=arrival("helpline", SATURDAY_NIGHT)),
        mode="staff",
    )
    contact = Contact.objects.get()
    assert contact.queue == Queue.OUT_OF_HOURS
    assert contact.routing[0]["rule"] == "out_of_hours"
    assert "§3" in contact.routing[0]["source"]
    page = staff_client.get(f"/staff/contacts/{contact.reference}/").content.decode()
    assert contact.routing[0]["source"] in page.replace("&#39;", "'")  # DEC-7: the rule's source is shown


def test_int13_tim1_a_bank_holiday_is_out_of_hours(staff_client: Client) -> None:
    send(
        staff_client,
        answer_all(staff_client, PUBLIC_ANONYMOUS, mode="staff", arrival=arrival("post", CHRISTMAS_DAY)),
        mode="staff",
    )
    assert Contact.objects.get().queue == Queue.OUT_OF_HOURS


def test_int11_imminent_risk_in_hours_is_fast_tracked(staff_client: Client) -> None:
    pages = {**PUBLIC_ANONYMOUS, "danger": {"immediate_danger": "yes"}}
    staff_client.post(step_url("staff", "arrival"), arrival("police", MONDAY_MORNING))
    staff_client.post(step_url("staff", "danger"), pages["danger"])
    send(
        staff_client,
        answer_all(staff_client, pages, mode="staff", arrival=arrival("police", MONDAY_MORNING)),
        mode="staff",
    )
    contact = Contact.objects.get()
    assert (contact.queue, contact.immediate_danger, contact.channel) == (Queue.FAST_TRACK, True, "police")


def test_int1_time_received_cannot_be_in_the_future_or_missing(staff_client: Client) -> None:
    future = arrival("phone", dt.datetime(2099, 1, 1, 9, 0, tzinfo=LONDON))
    html = staff_client.post(step_url("staff", "arrival"), future).content.decode()
    assert "Date received must be today or in the past" in html
    html = staff_client.post(
        step_url("staff", "arrival"), {**arrival("phone", MONDAY_MORNING), "received_time": "25:99"}
    ).content.decode()
    assert "Enter a real time, for example 09:30 or 17:45" in html
    html = staff_client.post(step_url("staff", "arrival"), {}).content.decode()
    assert "Select how the contact arrived" in html and "Enter the date the contact was received" in html


def test_staff_can_download_a_document_safely(staff_client: Client) -> None:
    import io

    doc = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    doc.name = "letter.pdf"
    staff_client.get(step_url("staff", "arrival"))
    assert staff_client.post(step_url("staff", "documents"), {"document": doc}).status_code == 302
    send(
        staff_client,
        answer_all(staff_client, PUBLIC_ANONYMOUS, mode="staff", arrival=arrival("post", MONDAY_MORNING)),
        mode="staff",
    )
    contact = Contact.objects.get()
    attachment = contact.attachments.get()
    response = staff_client.get(f"/staff/contacts/{contact.reference}/documents/{attachment.id}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="letter.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(action="attachment.downloaded").count() == 1
    assert Client().get(f"/staff/contacts/{contact.reference}/documents/{attachment.id}/").status_code == 302


def test_ack1_a_phone_acknowledgement_is_recorded(staff_client: Client, officer) -> None:  # type: ignore[no-untyped-def]
    send(
        staff_client,
        answer_all(staff_client, HEALTH_VISITOR, mode="staff", arrival=arrival("phone", MONDAY_MORNING)),
        mode="staff",
    )
    contact = Contact.objects.get()
    assert (
        "Record that the referrer was told by phone"
        in staff_client.get(f"/staff/contacts/{contact.reference}/").content.decode()
    )
    staff_client.post(f"/staff/contacts/{contact.reference}/acknowledged-by-phone/")
    staff_client.post(f"/staff/contacts/{contact.reference}/acknowledged-by-phone/")  # a second click changes nothing
    contact.refresh_from_db()
    assert contact.acknowledgement_method == "phone" and contact.acknowledged_at is not None
    entries = AuditEntry.objects.filter(action="contact.acknowledged")
    assert [(e.actor, e.detail["method"]) for e in entries] == [(officer, "phone")]


def closed_on_mondays():  # type: ignore[no-untyped-def]
    """Another council's policy: its Customer Service Centre never opens on a Monday."""
    from frontdoor.policy.config import CSC_HOURS, PolicyConfig, WeeklyHours

    return PolicyConfig(csc_hours=WeeklyHours(days={**CSC_HOURS.days, 0: None}))


def test_int13_hours_are_configuration_another_council_can_change(staff_client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FRONTDOOR_POLICY = "tests.intake.test_staff_entry.closed_on_mondays"
    send(
        staff_client,
        answer_all(staff_client, PUBLIC_ANONYMOUS, mode="staff", arrival=arrival("email", MONDAY_MORNING)),
        mode="staff",
    )
    assert Contact.objects.get().queue == Queue.OUT_OF_HOURS


def test_dec7_a_person_can_overrule_the_routing_with_a_reason(staff_client: Client, officer) -> None:  # type: ignore[no-untyped-def]
    send(
        staff_client,
        answer_all(staff_client, PUBLIC_ANONYMOUS, mode="staff", arrival=arrival("helpline", SATURDAY_NIGHT)),
        mode="staff",
    )
    contact = Contact.objects.get()
    url = f"/staff/contacts/{contact.reference}/move/"
    refused = staff_client.post(url, {"queue": "screening", "reason": "  "})
    assert refused.status_code == 400
    assert "Enter why you are moving this contact" in refused.content.decode()
    staff_client.post(url, {"queue": "screening", "reason": "Out-of-hours team passed it back on Monday"})
    contact.refresh_from_db()
    assert contact.queue == Queue.SCREENING
    assert [f["rule"] for f in contact.routing] == ["out_of_hours", "overruled"]
    assert contact.routing[-1]["reason"] == "Out-of-hours team passed it back on Monday"
    moved = AuditEntry.objects.get(action="contact.moved")
    assert (moved.actor, moved.reason, moved.detail["previous"]) == (
        officer,
        "Out-of-hours team passed it back on Monday",
        "out_of_hours",
    )


def test_int12_an_overdue_written_confirmation_is_chased_once(staff_client: Client) -> None:
    from frontdoor.intake import services
    from frontdoor.intake.models import OutboundEmail

    send(
        staff_client,
        answer_all(staff_client, HEALTH_VISITOR, mode="staff", arrival=arrival("phone", MONDAY_MORNING)),
        mode="staff",
    )
    contact = Contact.objects.get()
    before_due = MONDAY_MORNING + dt.timedelta(hours=23)
    assert services.chase_overdue_written_confirmations(now=before_due) == 0
    assert services.chase_overdue_written_confirmations() == 1
    assert services.chase_overdue_written_confirmations() == 0  # once only
    chase = OutboundEmail.objects.get(kind="written_confirmation_chase")
    assert (chase.contact, chase.to) == (contact, "dsl@elmroad.example")
    assert contact.reference in chase.body and "within 24 hours" in chase.body
    # Issue 17: the chase links to the form it asks for.
    assert "complete the online form at http://" in chase.body and chase.body.count("http") == 1
    assert AuditEntry.objects.filter(action="contact.written_confirmation_chased").count() == 1
    staff_client.post(f"/staff/contacts/{contact.reference}/written-confirmation/")
    assert services.chase_overdue_written_confirmations() == 0
