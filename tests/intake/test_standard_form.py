"""The standard form, public journey: INT-1..INT-11, INT-15, INT-16, ACK-2, SEC-2 (audit from the start)."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from fpdf import FPDF
from pytest_django.fixtures import Settings as SettingsWrapper

from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import Anonymity, Attachment, Contact, OutboundEmail, PersonRole
from frontdoor.policy.routing import Queue
from tests.intake.answers import (
    CHILD_NAMED,
    CHILD_UNNAMED,
    PARENT,
    PROFESSIONAL_SCHOOL,
    PUBLIC_ANONYMOUS,
    answer_all,
    person_url,
    post_ok,
    send,
    step_url,
)

pytestmark = pytest.mark.django_db


def a_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Court order (fictional)")
    return bytes(pdf.output())


def errors_of(response) -> str:  # type: ignore[no-untyped-def]
    html: str = response.content.decode()
    assert "govuk-error-summary" in html, html[:2000]
    return html


def test_int1_int2_public_written_referral_is_accepted_and_channel_recorded(client: Client) -> None:
    key = answer_all(client, PUBLIC_ANONYMOUS)
    response = send(client, key)
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert response["Location"] == f"/sent/{contact.reference}/"
    assert contact.channel == "online"
    assert contact.referrer_type == "public"
    assert contact.form_type == "red"
    assert contact.status == "new"
    assert contact.queue in (Queue.SCREENING, Queue.OUT_OF_HOURS)  # never returned or refused (INT-2)


def test_int3_only_the_concern_is_mandatory(client: Client) -> None:
    pages = {**PUBLIC_ANONYMOUS, "concern": {"concern": ""}}
    for slug in ("danger", "about-you", "your-details", "request-type"):
        post_ok(client, step_url("public", slug), pages[slug])
    post_ok(client, person_url("public", "children"), CHILD_UNNAMED)
    response = client.post(step_url("public", "concern"), {"concern": "   "})
    assert response.status_code == 400
    assert "Enter what you are worried about" in errors_of(response)
    # Every other page accepts an empty answer.
    for slug in ("family", "parents"):
        post_ok(client, step_url("public", slug), {})


def test_int3_everything_given_is_kept_on_the_contact(client: Client) -> None:
    pages = {
        **PROFESSIONAL_SCHOOL,
        "concern": {
            "concern": "Bruise on cheek",
            "concern_source": "Child told teacher",
            "concern_when": "Monday morning",
            "concern_where": "At home",
            "significant_events": "Moved house in May",
            "on_behalf_of_someone_else": "yes",
        },
        "family": {
            "domestic_abuse": "yes",
            "mental_ill_health": "no",
            "substance_misuse": "unknown",
            "learning_difficulties": "no",
            "threats_to_professionals": "no",
            "background_details": "Police called",
            "positive_aspects": "Warm with the baby",
            "other_agencies": "Health visitor",
            "extended_family": "Gran",
        },
        "parents": {"parental_knowledge": "not_informed", "not_informed_ground": "behavioural_risk"},
    }
    key = answer_all(client, pages, children=[CHILD_NAMED], people=[PARENT])
    send(client, key)
    contact = Contact.objects.get()
    assert contact.concern_source == "Child told teacher"
    assert contact.on_behalf_of_someone_else is True
    assert (contact.domestic_abuse, contact.substance_misuse) == ("yes", "unknown")
    assert contact.positive_aspects == "Warm with the baby"
    assert (contact.parental_knowledge, contact.not_informed_ground) == ("not_informed", "behavioural_risk")
    assert contact.organisation_name == "Elm Road Primary"
    assert contact.hub_advice == "advised_green"
    child, parent = contact.people.order_by("position")
    assert (child.role, child.given_names, child.nhs_number, child.postcode) == (
        PersonRole.CHILD,
        "Jayden",
        "9434765919",
        "NS1 2AB",
    )
    assert child.date_of_birth is not None and child.date_of_birth.isoformat() == "2019-04-03"
    assert (parent.role, parent.relationship_to_child, parent.has_parental_responsibility) == (
        "parent",
        "Mother",
        "yes",
    )


def test_con1_not_informed_needs_a_ground(client: Client) -> None:
    Client()  # a fresh journey for this client
    client.get(step_url("public", "danger"))
    response = client.post(step_url("public", "parents"), {"parental_knowledge": "not_informed"})
    assert response.status_code == 400
    assert "Select why the parents have not been told" in errors_of(response)


def test_int4_a_child_with_only_a_description_and_location_is_accepted(client: Client) -> None:
    key = answer_all(client, PUBLIC_ANONYMOUS, children=[CHILD_UNNAMED])
    send(client, key)
    child = Contact.objects.get().people.get()
    assert (child.given_names, child.family_name) == ("", "")
    assert child.description == "A boy of about six"
    assert child.display_name == "Name not known"


def test_int4_a_child_with_nothing_to_find_them_by_gets_a_message(client: Client) -> None:
    response = client.post(person_url("public", "children"), {"born": "yes"})
    assert response.status_code == 400
    assert "describe them and say where they can be found" in errors_of(response)


def test_int4_the_form_cannot_be_sent_without_a_child(client: Client) -> None:
    for slug in ("danger", "about-you", "your-details", "request-type"):
        post_ok(client, step_url("public", slug), PUBLIC_ANONYMOUS[slug])
    for slug in ("concern", "family", "parents"):
        post_ok(client, step_url("public", slug), PUBLIC_ANONYMOUS.get(slug, {}))
    page = client.get(step_url("public", "check"))
    key = page.content.decode().split('name="submission_key" value="')[1].split('"')[0]
    response = send(client, key)
    assert response.status_code == 400
    assert "Add the child you are worried about" in errors_of(response)
    assert Contact.objects.count() == 0


def test_int3_unborn_baby_has_an_expected_date_not_a_birth_date(client: Client) -> None:
    unborn = {
        "born": "no",
        "given_names": "",
        "family_name": "Okafor",
        "address": "2 Mill Lane",
        "expected_date-day": "1",
        "expected_date-month": "1",
        "expected_date-year": "2099",
    }
    response = client.post(person_url("public", "children"), unborn)
    assert response.status_code == 400
    assert "Expected date of birth must be within the next 10 months" in errors_of(response)
    soon = timezone.localdate() + dt.timedelta(days=60)
    unborn.update(
        {
            "expected_date-day": str(soon.day),
            "expected_date-month": str(soon.month),
            "expected_date-year": str(soon.year),
        }
    )
    key = answer_all(client, PUBLIC_ANONYMOUS, children=[unborn])
    send(client, key)
    baby = Contact.objects.get().people.get()
    assert (baby.role, baby.expected_date, baby.date_of_birth) == (PersonRole.UNBORN, soon, None)


def test_dates_are_validated_and_answers_kept(client: Client) -> None:
    child = {**CHILD_NAMED, "date_of_birth-day": "31", "date_of_birth-month": "2", "date_of_birth-year": "2020"}
    response = client.post(person_url("public", "children"), child)
    html = errors_of(response)
    assert "Date of birth must be a real date" in html
    assert 'href="#date_of_birth-day"' in html
    assert 'value="Jayden"' in html  # what was typed is still there
    future = {**CHILD_NAMED, "date_of_birth-year": "2099"}
    assert "Date of birth must be today or in the past" in errors_of(
        client.post(person_url("public", "children"), future)
    )


def test_int9_nhs_number_check_digit(client: Client) -> None:
    response = client.post(person_url("public", "children"), {**CHILD_NAMED, "nhs_number": "485 777 3456"})
    assert "This is not a valid NHS number" in errors_of(response)
    response = client.post(person_url("public", "children"), {**CHILD_NAMED, "nhs_number": "12345"})
    assert "NHS number must be 10 digits" in errors_of(response)


def test_postcode_email_and_phone_messages(client: Client) -> None:
    response = client.post(person_url("public", "children"), {**CHILD_NAMED, "postcode": "NOT A POSTCODE"})
    assert "Enter a real postcode" in errors_of(response)
    client.post(step_url("public", "about-you"), {"referrer_type": "public"})
    response = client.post(
        step_url("public", "your-details"),
        {"anonymity": "named", "referrer_name": "Pat", "referrer_email": "pat-at-example", "referrer_phone": "call me"},
    )
    html = errors_of(response)
    assert "Enter an email address in the correct format, like name@example.com" in html
    assert "Enter a telephone number" in html
    assert 'value="Pat"' in html


def test_int5_harm_by_another_child_keeps_both_children(client: Client) -> None:
    pages = {**PUBLIC_ANONYMOUS, "concern": {"concern": "An older boy hurt him", "harm_by_another_child": "yes"}}
    other_child = {"role": "child_who_harmed", "given_names": "Tom", "age_description": "about 12"}
    key = answer_all(client, pages, children=[CHILD_UNNAMED], people=[other_child])
    send(client, key)
    contact = Contact.objects.get()
    assert contact.harm_by_another_child is True
    assert sorted(contact.people.values_list("role", flat=True)) == ["child", "child_who_harmed"]


def test_int6_allegation_against_someone_who_works_with_children(client: Client) -> None:
    response = client.post(person_url("public", "people"), {"role": "worker", "given_names": "Mr Jones"})
    assert "Enter their job and where they work with children" in errors_of(response)
    pages = {**PUBLIC_ANONYMOUS, "concern": {"concern": "The coach hit a boy", "allegation_against_worker": "yes"}}
    worker = {"role": "worker", "given_names": "Mr Jones", "occupation": "Football coach at Northtown FC"}
    key = answer_all(client, pages, children=[CHILD_UNNAMED], people=[worker])
    send(client, key)
    contact = Contact.objects.get()
    assert contact.allegation_against_worker is True
    assert any(firing["rule"] == "allegation_against_worker" for firing in contact.routing)
    assert contact.queue in (Queue.LADO, Queue.OUT_OF_HOURS)


def test_int7_anonymous_and_withheld_referrers_are_recorded(client: Client) -> None:
    key = answer_all(client, PUBLIC_ANONYMOUS)
    send(client, key)
    other = Client()
    withheld = {**PUBLIC_ANONYMOUS, "your-details": {"anonymity": "withheld", "referrer_name": "Jo Neighbour"}}
    send(other, answer_all(other, withheld))
    anonymous, named = Contact.objects.order_by("id")
    assert (anonymous.anonymity, anonymous.referrer_name) == (Anonymity.ANONYMOUS, "")
    assert (named.anonymity, named.referrer_name) == (Anonymity.WITHHELD, "Jo Neighbour")
    assert named.referrer_identity_withheld and anonymous.referrer_identity_withheld


def test_int7_limits_of_confidentiality_are_explained(client: Client) -> None:
    client.post(step_url("public", "about-you"), {"referrer_type": "public"})
    html = client.get(step_url("public", "your-details")).content.decode()
    assert "a court can order us to say who contacted us" in html


def test_int7_a_professional_cannot_be_anonymous(client: Client) -> None:
    """INT-7, issue 17: a professional is never offered anonymity, and a posted 'anonymous' is ignored;
    the missing name's message cites no procedure section."""
    client.post(step_url("public", "about-you"), {"referrer_type": "professional"})
    page = client.get(step_url("public", "your-details")).content.decode()
    assert 'name="anonymity"' not in page and "stay anonymous" not in page
    assert "As a professional, you give your name" in page
    details = {**PROFESSIONAL_SCHOOL["your-details"], "anonymity": "anonymous"}
    response = client.post(step_url("public", "your-details"), {**details, "referrer_name": ""})
    html = errors_of(response)
    assert "Enter your name" in html and "procedure section" not in html
    post_ok(client, step_url("public", "your-details"), details)
    key = answer_all(client, {**PROFESSIONAL_SCHOOL, "your-details": details})
    send(client, key)
    assert Contact.objects.get().anonymity == Anonymity.NAMED


def test_int8_documents_are_checked_from_their_content_and_kept(client: Client) -> None:
    client.get(step_url("public", "danger"))
    exe = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200)
    exe.name = "court-order.pdf"
    response = client.post(step_url("public", "documents"), {"document": exe})
    assert response.status_code == 400
    assert "The selected file must be a PDF" in errors_of(response)
    big = io.BytesIO(b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024 + 1))
    big.name = "big.pdf"
    assert "smaller than 20MB" in errors_of(client.post(step_url("public", "documents"), {"document": big}))
    pdf = io.BytesIO(a_pdf())
    pdf.name = "../../etc/court order.pdf"
    assert client.post(step_url("public", "documents"), {"document": pdf}).status_code == 302
    assert Attachment.objects.count() == 1
    key = answer_all(client, PUBLIC_ANONYMOUS)
    send(client, key)
    attachment = Attachment.objects.get()
    assert attachment.contact == Contact.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.filename == "court order.pdf"
    assert bytes(attachment.data).startswith(b"%PDF")


def test_int10_school_red_form_without_hub_is_returned_and_told_why(client: Client) -> None:
    pages = {**PROFESSIONAL_SCHOOL, "request-type": {"form_type": "red"}, "hub": {"hub_advice": "not_consulted"}}
    send(client, answer_all(client, pages))
    contact = Contact.objects.get()
    assert (contact.queue, contact.status) == (Queue.RETURNED, "returned")
    assert contact.routing[0]["rule"] == "hub_not_consulted"
    assert "§2" in contact.routing[0]["source"]
    # Issue 17: one email, one message: the acknowledgement is the return, with the code.
    email = OutboundEmail.objects.get(contact=contact)
    assert email.kind == "acknowledgement" and "returned" in email.subject
    assert "Consultation Hub" in email.body and contact.reference in email.body and "Status code" in email.body
    assert "A social worker will" not in email.body and "within one working day" not in email.body
    html = client.get(f"/sent/{contact.reference}/").content.decode()
    assert "Your contact has been returned to you" in html and "phone the hub" in html
    assert "A social worker will look at your contact" not in html
    secret = html.split('id="status-secret">')[1].split("<")[0].strip()
    status = Client().post("/status/", {"reference": contact.reference, "secret": secret}).content.decode()
    assert "It was returned to you" in status and "It is being looked at" not in status


def test_int10_hub_question_is_asked_only_of_schools_and_early_years(client: Client) -> None:
    post_ok(client, step_url("public", "about-you"), {"referrer_type": "professional"})
    details = {**PROFESSIONAL_SCHOOL["your-details"], "organisation_type": "health"}
    post_ok(client, step_url("public", "your-details"), details)
    response = post_ok(client, step_url("public", "request-type"), {"form_type": "red"})
    assert response["Location"] == step_url("public", "children")
    post_ok(client, step_url("public", "your-details"), PROFESSIONAL_SCHOOL["your-details"])
    response = post_ok(client, step_url("public", "request-type"), {"form_type": "red"})
    assert response["Location"] == step_url("public", "hub")


def test_int11_immediate_danger_shows_call_999_first(client: Client) -> None:
    response = post_ok(client, step_url("public", "danger"), {"immediate_danger": "yes"})
    assert response["Location"] == step_url("public", "call-999")
    assert "Call 999 now" in client.get(response["Location"]).content.decode()
    assert post_ok(client, step_url("public", "danger"), {"immediate_danger": "no"})["Location"] == step_url(
        "public", "about-you"
    )


def test_int15_sending_twice_makes_one_contact(client: Client) -> None:
    key = answer_all(client, PROFESSIONAL_SCHOOL)
    first = send(client, key)
    second = send(client, key)  # back button and resubmit, or a double click
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Contact.objects.count() == 1
    assert OutboundEmail.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_int15_concurrent_double_submit_makes_one_contact() -> None:
    client = Client()
    key = answer_all(client, PROFESSIONAL_SCHOOL)
    cookie = client.cookies
    results: list[str] = []
    barrier = threading.Barrier(2)

    def submit() -> None:
        other = Client()
        other.cookies = cookie
        barrier.wait()
        response = send(other, key)
        results.append(response["Location"])
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Contact.objects.count() == 1
    reference = Contact.objects.get().reference
    assert results == [f"/sent/{reference}/"] * 2


def test_int15_a_failure_while_saving_keeps_nothing_half_done(client: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pdf = io.BytesIO(a_pdf())
    pdf.name = "order.pdf"
    client.get(step_url("public", "danger"))
    client.post(step_url("public", "documents"), {"document": pdf})
    key = answer_all(client, PROFESSIONAL_SCHOOL, people=[PARENT])

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("frontdoor.intake.services.commands.audit.record", broken)
    with pytest.raises(RuntimeError):
        send(client, key)
    assert Contact.objects.count() == 0
    assert OutboundEmail.objects.count() == 0
    assert Attachment.objects.get().contact is None  # still with the journey, ready for a retry
    monkeypatch.undo()
    assert send(client, key).status_code == 302
    assert Attachment.objects.get().contact == Contact.objects.get()


def test_int16_receipt_pdf_only_for_the_browser_that_sent_it(client: Client) -> None:
    send(client, answer_all(client, PUBLIC_ANONYMOUS))
    contact = Contact.objects.get()
    response = client.get(f"/sent/{contact.reference}/receipt.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert Client().get(f"/sent/{contact.reference}/receipt.pdf").status_code == 404
    assert Client().get(f"/sent/{contact.reference}/").status_code == 404


def test_ack2_status_says_received_and_nothing_else(client: Client) -> None:
    response = send(client, answer_all(client, PROFESSIONAL_SCHOOL))
    page = client.get(response["Location"]).content.decode()
    secret = page.split('id="status-secret">')[1].split("<")[0].strip()
    contact = Contact.objects.get()
    stranger = Client()
    found = stranger.post("/status/", {"reference": contact.reference.lower(), "secret": secret.lower()})
    html = found.content.decode()
    assert found.status_code == 200
    assert "We received your contact on" in html
    assert "hungry" not in html and "Jayden" not in html and contact.queue not in html
    wrong = stranger.post("/status/", {"reference": contact.reference, "secret": "AAAAA-BBBBB"})
    assert wrong.status_code == 400
    assert "We cannot find a contact with that reference and status code" in errors_of(wrong)
    unknown = stranger.post("/status/", {"reference": "FD-0000-0000", "secret": secret})
    assert "We cannot find a contact" in errors_of(unknown)
    assert "Enter the reference number" in errors_of(stranger.post("/status/", {}))


def test_sec2_audit_from_the_start(client: Client, staff_client: Client, officer) -> None:  # type: ignore[no-untyped-def]
    send(client, answer_all(client, PUBLIC_ANONYMOUS))
    contact = Contact.objects.get()
    created = AuditEntry.objects.get(action="contact.created")
    assert (created.object_id, created.actor, created.actor_label) == (str(contact.pk), None, "public referrer")
    assert staff_client.get(f"/staff/contacts/{contact.reference}/").status_code == 200
    viewed = AuditEntry.objects.get(action="contact.viewed")
    assert (viewed.actor, viewed.object_id) == (officer, str(contact.pk))


def test_public_journey_has_exit_this_page_and_staff_pages_need_sign_in(client: Client) -> None:
    for url in ("/", step_url("public", "danger"), "/status/"):
        assert "govuk-exit-this-page" in client.get(url).content.decode()
    for url in ("/staff/", step_url("staff", "arrival")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_sec3_honeypot_filled_in_keeps_the_contact_but_flags_it(client: Client, settings: SettingsWrapper) -> None:
    settings.FRONTDOOR_SPAM_MIN_SECONDS = 0  # this test is about the honeypot, not the time check
    key = answer_all(client, PUBLIC_ANONYMOUS)
    response = client.post(step_url("public", "check"), {"submission_key": key, "fd_hp_leave_empty": "http://spam"})
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.routing[-1]["rule"] == "suspected_automated"
    other = Client()
    send(other, answer_all(other, PUBLIC_ANONYMOUS))
    assert "suspected_automated" not in [f["rule"] for f in Contact.objects.order_by("id").last().routing]  # type: ignore[union-attr]


def test_int8_continue_with_a_chosen_file_keeps_it_and_upload_with_none_says_so(client: Client) -> None:
    client.get(step_url("public", "danger"))
    nothing = client.post(step_url("public", "documents"), {"action": "upload"})
    assert "Select a file to upload" in errors_of(nothing)
    pdf = io.BytesIO(a_pdf())
    pdf.name = "order.pdf"
    response = client.post(step_url("public", "documents"), {"document": pdf, "action": "continue"})
    assert response.status_code == 302 and response["Location"] == step_url("public", "check")
    assert Attachment.objects.count() == 1
    skip = client.post(step_url("public", "documents"), {"action": "continue"})
    assert skip.status_code == 302


def test_form_wide_errors_link_to_the_first_field() -> None:
    from django.test import RequestFactory

    from frontdoor.accounts.forms import SignInForm
    from frontdoor.core.govuk_forms import error_list

    # django-axes (SEC-1) counts failed sign-ins per request, so the form is always given one, as the view does.
    form = SignInForm(RequestFactory().post("/accounts/sign-in/"), data={"username": "nobody", "password": "wrong"})
    assert not form.is_valid()
    assert error_list(form)[0]["href"] == "#username"


def test_int3_parents_ethnicity_language_and_religion_are_kept(client: Client) -> None:
    mother = {**PARENT, "ethnicity": "Black British", "first_language": "Yoruba", "religion": "Christian"}
    send(client, answer_all(client, PUBLIC_ANONYMOUS, people=[mother]))
    parent = Contact.objects.get().people.get(role="parent")
    assert (parent.ethnicity, parent.first_language, parent.religion) == ("Black British", "Yoruba", "Christian")


def test_ack1_int16_without_an_email_the_confirmation_page_is_the_acknowledgement(client: Client) -> None:
    send(client, answer_all(client, PUBLIC_ANONYMOUS))
    contact = Contact.objects.get()
    assert contact.acknowledgement_method == "on-screen receipt"
    assert contact.acknowledged_at == contact.received_at
    assert not OutboundEmail.objects.exists()
    html = client.get(f"/sent/{contact.reference}/").content.decode()
    assert "Download a receipt of what you sent (PDF)" in html and contact.reference in html


def test_sec4_sending_after_the_session_expired_says_so_and_makes_nothing(client: Client) -> None:
    key = answer_all(client, PUBLIC_ANONYMOUS)
    client.cookies.clear()  # the session has gone
    response = send(client, key)
    assert response.status_code == 409
    assert "Your answers were not saved" in response.content.decode()
    assert Contact.objects.count() == 0


def test_int8_documents_of_journeys_never_sent_are_deleted_after_the_session_age(client: Client) -> None:
    from frontdoor.intake import services

    client.get(step_url("public", "danger"))
    pdf = io.BytesIO(a_pdf())
    pdf.name = "order.pdf"
    client.post(step_url("public", "documents"), {"document": pdf})
    send(client, answer_all(client, PUBLIC_ANONYMOUS))  # this one is sent: its document stays
    abandoned = Client()
    abandoned.get(step_url("public", "danger"))
    other = io.BytesIO(a_pdf())
    other.name = "never-sent.pdf"
    abandoned.post(step_url("public", "documents"), {"document": other})
    assert Attachment.objects.count() == 2
    later = timezone.now() + dt.timedelta(hours=9)
    done = services.periodic_duties(now=later)
    assert done["abandoned uploads deleted"] == 1
    assert list(Attachment.objects.values_list("filename", flat=True)) == ["order.pdf"]
    assert services.purge_abandoned_uploads(older_than=dt.timedelta(hours=8), now=timezone.now()) == 0
