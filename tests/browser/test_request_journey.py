"""One information request from arrival to an approved answer, in a real browser, by keyboard, with
axe-core on every page (issue 7: INF-1, INF-3, INF-5, PPL-3, DEC-7).

Southshire Council's team manager emails for a chronology of Northshire's involvement with Jayden
Smith (a detailed request, saying why). A customer service officer records it, confirms Jayden in
the person index, routes it (the rules and their sources are shown), and prepares the answer. A
team manager (someone else) approves it; the officer sends it. The disclosure log and Jayden's
record show what was disclosed, and the task worker delivers the email to a real SMTP server on
loopback, to the .gov.uk address and nowhere else.

axe-core must report no WCAG 2.2 A/AA violation (nor 2.5.3 Label in Name) on any page; the number
of page states checked is printed. Set FRONTDOOR_SCREENSHOTS=1 to (re)write the screenshots that
docs/requests.md shows.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from frontdoor.accounts.models import Role, Team
from frontdoor.intake.models import OutboundEmail
from frontdoor.sharing.models import Disclosure, InformationRequest, RequestStatus
from tests.browser.test_public_journey import activate, choose_radio, press_button, type_into
from tests.browser.test_screening_journey import (
    JourneyAudit,
    banner,
    mail_server,  # noqa: F401 - a fixture, used by name
    main_text,
    person,
    run_worker,
    sign_in,
    staff_page,
)
from tests.factories import closed_child
from tests.intake.smtp import LoopbackSMTP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLA_EMAIL = "priya.shah@southshire.gov.uk"
WHY = "Southshire has started care proceedings for Jayden; the court asks for his history in Northshire."


def record_request(page: Page) -> None:
    """The 'Record an information request' form, by keyboard (the date and time received are filled in)."""
    choose_radio(page, "channel", "email")
    choose_radio(page, "agency", "other_council")
    type_into(page, "#organisation", "Southshire Council")
    type_into(page, "#requester_name", "Priya Shah")
    type_into(page, "#requester_role", "Team manager, children's services")
    type_into(page, "#requester_email", OLA_EMAIL)
    choose_radio(page, "identity", "secure_email")
    choose_radio(page, "legitimacy_in_doubt", "no")
    type_into(page, "#subject_given_name", "Jayden")
    type_into(page, "#subject_surname", "Smith")
    type_into(page, "#subject_date_of_birth-day", "3")
    type_into(page, "#subject_date_of_birth-month", "4")
    type_into(page, "#subject_date_of_birth-year", "2019")
    type_into(page, "#subject_postcode", "NS1 2AB")
    choose_radio(page, "subject_is_adult", "no")
    choose_radio(page, "purpose", "safeguarding")
    type_into(page, "#purpose_details", WHY)
    choose_radio(page, "consent_from_pr", "no")
    choose_radio(page, "statutory_role_evidenced", "no")
    choose_radio(page, "asked", "detailed")
    press_button(page, "Save and continue")


def test_an_information_request_from_arrival_to_approved_answer(
    live_server: object,
    new_page: Callable[[], Page],
    mail_server: LoopbackSMTP,  # noqa: F811
) -> None:
    """INF-1, INF-3, INF-5, PPL-3, DEC-7 in the browser, by keyboard, with no axe-core violation."""
    base = str(live_server)
    jayden = closed_child()
    csc = Team.objects.create(name="Customer Service Centre", kind=Team.Kind.CUSTOMER_SERVICE)
    person(username="amara", first="Amara", last="Okoye", role=Role.CUSTOMER_SERVICE_OFFICER, team=csc)
    person(username="grace", first="Grace", last="Adeyemi", role=Role.TEAM_MANAGER, team=csc)
    audit = JourneyAudit()

    # 1. The officer records the request.
    page = new_page()
    sign_in(page, base, "amara")
    activate(page, 'a[href="/staff/requests/"]', "Information requests")
    staff_page(page, audit, "requests queue", "/staff/requests/")
    activate(page, 'main a[href="/staff/requests/new/"]', "Record a request")
    staff_page(page, audit, "record a request", "/staff/requests/new/", "requests-new.png")
    record_request(page)
    request = InformationRequest.objects.get()
    path = f"/staff/requests/{request.reference}/"

    # 2. Who it is about: the person index's candidates; the officer confirms Jayden (PPL-3).
    staff_page(page, audit, "match", f"{path}match/", "requests-match.png")
    assert f"Jayden Smith, record {jayden.pk}" in main_text(page)
    activate(page, f"#candidate-{jayden.pk} button", "This is the person")
    staff_page(page, audit, "request, matched", path)
    assert "The request is about Jayden Smith" in banner(page)
    # Before routing, the rules say what would happen, with their sources (DEC-7).
    assert "Detailed request from another council or Cafcass" in main_text(page)
    assert "INF-5" not in main_text(page)  # issue 17: no rule ids on any page
    press_button(page, "Route the request")
    staff_page(page, audit, "request, routed", path, "requests-routed.png")
    text = main_text(page)
    assert "Routed: Detailed request from another council or Cafcass" in banner(page)
    assert "Schedule 1, Part 2, paragraph 18" in text, text
    assert "A team manager approves before sending\tYes" in text, text

    # 3. The answer: exactly which facts will be disclosed.
    activate(page, f'a[href="{path}prepare/"]', "Prepare the answer")
    staff_page(page, audit, "prepare the answer", f"{path}prepare/", "requests-prepare.png")
    prepare = main_text(page)
    assert "Contact, 1 February 2021 to 2 February 2021" in prepare
    assert "Child in need plan, 20 April 2022 to 10 January 2023" in prepare
    type_into(page, "#note", "Jayden's school was Elm Road Primary throughout.")
    press_button(page, "Save")
    staff_page(page, audit, "request, waiting for approval", path)
    assert "a team manager must approve it" in banner(page)
    assert page.get_by_role("link", name="Approve the answer").count() == 0  # never the preparer's
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_APPROVAL

    # 4. A team manager finds it in their list and approves exactly what will be sent (INF-5).
    boss = new_page()
    sign_in(boss, base, "grace")
    activate(boss, 'a[href="/staff/requests/"]', "Information requests")
    activate(boss, 'main a[href="/staff/requests/mine/"]', "My requests")
    staff_page(boss, audit, "manager's requests", "/staff/requests/mine/")
    activate(boss, f'main a[href="{path}"]', request.reference)
    staff_page(boss, audit, "request, for the manager", path)
    activate(boss, f'a[href="{path}review/"]', "Approve the answer")
    staff_page(boss, audit, "approve", f"{path}review/", "requests-approve.png")
    assert "Jayden's school was Elm Road Primary throughout." in main_text(boss)
    choose_radio(boss, "action", "approve")
    press_button(boss, "Save")
    staff_page(boss, audit, "request, approved", path)
    assert "Answer approved" in banner(boss)

    # 5. The officer sends it.
    activate(page, 'a[href="/staff/requests/"]', "Information requests")
    activate(page, 'main a[href="/staff/requests/mine/"]', "My requests")
    activate(page, f'main a[href="{path}"]', request.reference)
    activate(page, f'a[href="{path}send/"]', "Send the reply")
    staff_page(page, audit, "send", f"{path}send/")
    assert OLA_EMAIL in main_text(page)
    press_button(page, "Send")
    staff_page(page, audit, "request, answered", path)
    assert f"Answer sent to {OLA_EMAIL}" in banner(page)
    disclosure = Disclosure.objects.get()
    assert [f["kind"] for f in disclosure.facts] == ["Contact", "Child in need plan"]
    assert disclosure.approved_by is not None and disclosure.approved_by.username == "grace"

    # 6. The disclosure log and Jayden's record show it.
    activate(boss, 'a[href="/staff/requests/"]', "Information requests")
    activate(boss, 'main a[href="/staff/requests/disclosures/"]', "Disclosure log")
    staff_page(boss, audit, "disclosure log", "/staff/requests/disclosures/", "requests-log.png")
    assert request.reference in main_text(boss) and "Priya Shah" in main_text(boss)
    activate(boss, f'main a[href="{path}"]', request.reference)
    activate(boss, f'main a[href="/staff/people/{jayden.pk}/"]', "Jayden Smith")
    staff_page(boss, audit, "Jayden's record", f"/staff/people/{jayden.pk}/")
    assert "Replies sent about this person" in main_text(boss) and request.reference in main_text(boss)

    audit.assert_clean()

    # 7. The worker sends the email over SMTP, to the .gov.uk address only.
    reply = OutboundEmail.objects.get(kind=OutboundEmail.Kind.INFORMATION_REPLY)
    run_worker()
    reply.refresh_from_db()
    assert reply.status == OutboundEmail.Status.SENT, reply.last_error
    [received] = [m for m in mail_server.messages if m.message["Message-ID"] == reply.message_id]
    assert received.rcpt_tos == [OLA_EMAIL]
    assert request.reference in received.message["Subject"]
    assert "Child in need plan, 20 April 2022 to 10 January 2023" in received.body
