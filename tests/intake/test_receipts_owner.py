"""Receipts only to their owner (issue 13, leak 4; SEC-1, SEC-5, INT-15, INT-16): a browser
sees a confirmation, a status code and a receipt only for a journey it sent itself. A
submission key from anywhere else (another browser's journey, a partner's API submission)
is never accepted by the public pages, and an API submission's key cannot be worked out from
public inputs (the organisation and its Idempotency-Key)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from frontdoor.accounts.models import Role, User
from frontdoor.intake.models import Channel, Contact
from frontdoor.partners import services as partners
from tests.intake.answers import PROFESSIONAL_SCHOOL, PUBLIC_ANONYMOUS, answer_all, send, step_url
from tests.partners.conftest import api_client, make_partner, school_contact

pytestmark = pytest.mark.django_db

# The namespace the API's submission keys were once derived with (uuid5), as published in
# the source: anyone could work out a partner's contact's key from its Idempotency-Key.
OLD_PUBLIC_NAMESPACE = uuid.UUID("6f1d3c0e-1f0b-4c8e-9d5e-3c2a7b9e5a10")


def stranger() -> Client:
    """Another browser, with a journey of its own (so a session and a signed start time)."""
    client = Client()
    assert client.get(step_url("public", "danger")).status_code == 200
    return client


def try_key(client: Client, key: str) -> Any:
    """What the public "already sent?" check does with a key: post it to the check page."""
    return send(client, key)


def assert_nothing_shown(client: Client, contact: Contact) -> None:
    assert client.get(f"/sent/{contact.reference}/").status_code == 404
    assert client.get(f"/sent/{contact.reference}/receipt.pdf").status_code == 404


def test_sec5_another_browser_cannot_get_a_confirmation_or_receipt_with_someone_elses_journey_key() -> None:
    """Fails on the old code: the other browser was sent to /sent/<ref>/ with the status code,
    and could download the receipt (referrer, concern, child)."""
    owner = Client()
    key = answer_all(owner, PROFESSIONAL_SCHOOL)
    assert send(owner, key).status_code == 302
    contact = Contact.objects.get()
    other = stranger()
    response = try_key(other, key)
    assert response.status_code == 409  # as for an expired journey: nothing about the contact
    page = response.content.decode()
    assert contact.reference not in page and "Jayden" not in page
    assert "Your answers were not saved" in page
    assert_nothing_shown(other, contact)
    assert Contact.objects.count() == 1


def test_sec5_the_public_page_refuses_an_api_submissions_key(make_user: Callable[..., User]) -> None:
    """Fails on the old code: the key was uuid5(namespace in the source, "<organisation>:<key>"),
    and the public page then showed the partner's contact, its status code and receipt."""
    organisation, secret = make_partner(make_user(Role.ADMINISTRATOR, username="admin-user"), "Elm Road Primary")
    created = api_client(secret).post(
        "/api/v1/contacts",
        json.dumps(school_contact()),
        content_type="application/json",
        headers={"Idempotency-Key": "cpoms-2026-0001"},
    )
    assert created.status_code == 201, created.content
    contact = Contact.objects.get()
    assert contact.channel == Channel.API
    guessed = uuid.uuid5(OLD_PUBLIC_NAMESPACE, f"{organisation.pk}:cpoms-2026-0001")
    # The key is not derivable from public inputs any more...
    assert contact.submission_key != guessed
    # ...and even the real key, were it to leak, is refused by the public pages.
    for key in (str(guessed), str(contact.submission_key)):
        other = stranger()
        response = try_key(other, key)
        assert response.status_code == 409
        assert contact.reference not in response.content.decode()
        assert_nothing_shown(other, contact)


def test_sec5_an_api_submission_key_depends_on_the_servers_secret_key(
    make_user: Callable[..., User], settings: SettingsWrapper
) -> None:
    """The same organisation and Idempotency-Key give the same contact key (retries make one
    contact), but only the server, with its secret key, can work it out."""
    organisation, _ = make_partner(make_user(Role.ADMINISTRATOR, username="admin-user"), "Elm Road Primary")
    first = partners.submission_key(organisation, "cpoms-2026-0001")
    assert first == partners.submission_key(organisation, "cpoms-2026-0001")
    assert first != partners.submission_key(organisation, "cpoms-2026-0002")
    settings.SECRET_KEY = "another server's secret key, for this test only"  # noqa: S105
    assert first != partners.submission_key(organisation, "cpoms-2026-0001")


def test_int15_back_and_send_again_still_lands_on_already_sent_for_the_same_browser() -> None:
    """The real journey keeps working: after sending a second contact, Back to the first
    journey's check page and Send again shows the first contact's confirmation, its status code
    and its receipt, to the browser that sent it."""
    browser = Client()
    first_key = answer_all(browser, PROFESSIONAL_SCHOOL)
    first = send(browser, first_key)
    assert first.status_code == 302
    first_page = browser.get(first["Location"]).content.decode()
    second_key = answer_all(browser, PUBLIC_ANONYMOUS)
    assert send(browser, second_key).status_code == 302
    again = send(browser, first_key)  # Back, twice, and Send on the first journey's page
    assert again.status_code == 302 and again["Location"] == first["Location"]
    shown = browser.get(again["Location"])
    assert shown.status_code == 200
    reference = first["Location"].split("/")[2]
    assert reference in shown.content.decode()
    code = first_page.split('id="status-secret">')[1].split("<")[0].strip()
    assert code and code in shown.content.decode()
    receipt = browser.get(f"/sent/{reference}/receipt.pdf")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    assert Contact.objects.count() == 2


def test_sec5_a_member_of_staff_cannot_take_a_colleagues_journey_key_either(
    make_user: Callable[..., User],
) -> None:
    """Staff entry uses the same rule: a key from another officer's journey shows nothing of
    the contact, and no status code."""
    from tests.intake.test_staff_entry import MONDAY_MORNING, arrival

    author, colleague = Client(), Client()
    author.force_login(make_user(Role.CUSTOMER_SERVICE_OFFICER, username="author"))
    colleague.force_login(make_user(Role.CUSTOMER_SERVICE_OFFICER, username="colleague"))
    key = answer_all(author, PROFESSIONAL_SCHOOL, mode="staff", arrival=arrival("phone", MONDAY_MORNING))
    assert send(author, key, mode="staff").status_code == 302
    contact = Contact.objects.get()
    colleague.get(step_url("staff", "danger"))
    response = send(colleague, key, mode="staff")
    assert response.status_code == 409
    page = colleague.get(f"/staff/contacts/{contact.reference}/").content.decode()
    assert contact.reference in page and "Status code for the referrer" not in page
    assert "Status code for the referrer" in author.get(f"/staff/contacts/{contact.reference}/").content.decode()


def test_sec5_the_phone_page_does_not_take_another_contacts_key(
    staff_client: Client, make_user: Callable[..., User]
) -> None:
    """Fails on the old code: an officer posting a partner's contact key to the phone page was
    told its reference ("Phone call recorded as ...") and marked it acknowledged by phone."""
    from tests.intake.test_phone_and_post import an_hour_ago, call

    _, secret = make_partner(make_user(Role.ADMINISTRATOR, username="admin-user"), "Elm Road Primary")
    payload = school_contact()  # with an email address: acknowledged when the email goes, not yet
    created = api_client(secret).post("/api/v1/contacts", json.dumps(payload), content_type="application/json")
    assert created.status_code == 201
    contact = Contact.objects.get()
    assert contact.acknowledged_at is None
    response = staff_client.post("/staff/phone/", call(an_hour_ago(), submission_key=str(contact.submission_key)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "This call was not recorded" in page and contact.reference not in page
    assert str(contact.submission_key) not in page  # a fresh key for the next try
    contact.refresh_from_db()
    assert contact.acknowledged_at is None and contact.acknowledgement_method == ""
    assert Contact.objects.count() == 1
    # Sent again with the page's fresh key, the call is recorded.
    fresh = page.split('name="submission_key" value="')[1].split('"')[0]
    again = staff_client.post("/staff/phone/", call(an_hour_ago(), submission_key=fresh))
    assert again.status_code == 302 and Contact.objects.count() == 2
