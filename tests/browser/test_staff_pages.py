"""The staff pages in a real browser, by keyboard alone, checked with axe-core.

A screening social worker signs in with the keyboard, opens a contact about a child who is
already in the person index (Jayden Smith, tests.people.test_index.smith_family), tries to
overrule the rules without a reason, checks the child against the index, links him, and
looks at his record, the people search and the possible duplicates; and a contact is
started by hand ("Record a contact") and sent on without an answer. axe-core must report
no WCAG 2.2 A/AA violation on any of those pages, error states included.

The helpers (keyboard moves, the axe audit, the GOV.UK page checks) are the public
journey's, in tests/browser/test_public_journey.py.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Page

from frontdoor.accounts.models import Role, User
from frontdoor.intake.models import Contact
from frontdoor.people.models import ContactPersonLink, DuplicateStatus, DuplicateSuspect
from tests.browser.test_public_journey import (
    AxeAudit,
    activate,
    assert_error_summary_focused,
    assert_govuk_page,
    focused,
    follow_first_error,
    press_button,
    tab_to,
    type_into,
)
from tests.conftest import PASSWORD, second_factor_code
from tests.factories import second_record_of_mia, smith_family
from tests.intake.answers import CHILD_NAMED, PARENT, PROFESSIONAL_SCHOOL, answer_all, send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# WCAG 2.5.3 Label in Name (level A): axe-core has the rule but files it as experimental, so
# the WCAG tags alone do not run it. The staff pages label buttons for screen readers; the
# visible words must stay in those labels for people who use speech recognition.
LABEL_IN_NAME = "label-content-name-mismatch"


@dataclass
class StaffAxeAudit(AxeAudit):
    """The public journey's audit, and WCAG 2.5.3 Label in Name as well."""

    def check(self, page: Page, label: str) -> None:
        super().check(page, label)
        options = {"runOnly": {"type": "rule", "values": [LABEL_IN_NAME]}, "resultTypes": ["violations"]}
        for violation in self.axe.run(page, options=options).response["violations"]:
            for node in violation["nodes"]:
                target = " ".join(str(t) for t in node["target"])
                self.violations.append((label, page.url, violation["id"], target, violation["help"]))


def sign_in(page: Page, base: str, username: str) -> None:
    code = second_factor_code(username)  # SEC-1: their authenticator app's code (the app enrolled if need be)
    page.goto(f"{base}/accounts/sign-in/")
    type_into(page, "#username", username)
    type_into(page, "#password", PASSWORD)
    press_button(page, "Sign in")
    type_into(page, "#code", code)
    press_button(page, "Continue")


def main_text(page: Page) -> str:
    return page.inner_text("main")


def test_screening_social_worker_uses_the_staff_pages_with_keyboard_alone(
    live_server: object, new_page: Callable[[], Page], make_user: Callable[..., User]
) -> None:
    """SEC-1, SCR-3, PPL-3 and the staff side of INT-1, by keyboard, with no axe-core violation."""
    family = smith_family()
    mia_again = second_record_of_mia()
    call_command("dedupe_people", stdout=io.StringIO())
    assert DuplicateSuspect.objects.filter(status=DuplicateStatus.OPEN).exists()
    make_user(Role.SCREENING_SOCIAL_WORKER, username="screener")
    client = Client()
    send(client, answer_all(client, PROFESSIONAL_SCHOOL, children=[CHILD_NAMED], people=[PARENT]))
    contact = Contact.objects.get()
    jayden_cp = contact.people.get(given_names="Jayden")
    base = str(live_server)

    audit = StaffAxeAudit()
    page = new_page()

    # Sign in, and the contact list.
    sign_in(page, base, "screener")
    assert_govuk_page(page, "/staff/", public=False)
    assert contact.reference in main_text(page)
    audit.check(page, "staff contacts")

    # A contact's page.
    activate(page, f'a[href="/staff/contacts/{contact.reference}/"]', contact.reference)
    contact_path = f"/staff/contacts/{contact.reference}/"
    assert_govuk_page(page, contact_path, public=False)
    assert "Not yet checked against the index" in main_text(page)
    audit.check(page, "contact")

    # Overrule the rules without a reason: open the details with the keyboard, then send.
    tab_to(page, "summary.govuk-details__summary", "Overrule the rules")
    page.keyboard.press("Enter")
    assert page.locator("details.govuk-details").first.get_attribute("open") is not None
    tab_to(page, "button", "Move contact")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_error_summary_focused(page, "Enter why you are moving this contact")
    audit.check(page, "contact, move without a reason")
    follow_first_error(page)
    assert focused(page, "#reason")
    assert_govuk_page(page, f"{contact_path}move/", public=False)

    # The match page of the child: candidates, with the evidence for and against.
    page.goto(f"{base}{contact_path}")
    match_path = f"/staff/people/match/{jayden_cp.pk}/"
    activate(page, f'a[href="{match_path}"]', "Check")
    assert_govuk_page(page, match_path, public=False)
    assert page.inner_text("h1") == "Who is Jayden Smith?"
    candidate = page.locator(f"#candidate-{family.jayden.pk}")
    assert candidate.count() == 1, "Jayden's record is not among the candidates"
    assert "Why the matcher thinks so" in candidate.inner_text()
    assert candidate.locator(".govuk-tag--green", has_text="For").count() > 0, "no evidence for the match is shown"
    audit.check(page, "match, candidates")

    # "This is the same person", by keyboard: back to the contact, linked.
    activate(page, f"#candidate-{family.jayden.pk} button", "This is the same person")
    assert_govuk_page(page, f"{contact_path}#person-{jayden_cp.pk}", public=False)
    assert "Linked to Jayden Smith" in main_text(page)
    assert ContactPersonLink.objects.get(contact_person=jayden_cp).person_id == family.jayden.pk
    audit.check(page, "contact, child linked")
    activate(page, f'a[href="{match_path}"]', "Review")
    assert_govuk_page(page, match_path, public=False)
    assert "Linked to Jayden Smith" in page.inner_text(".govuk-inset-text")
    audit.check(page, "match, linked")
    activate(page, "a", "Back to contact")

    # The linked person's page.
    person_path = f"/staff/people/{family.jayden.pk}/"
    activate(page, f'main a[href="{person_path}"]')
    assert_govuk_page(page, person_path, public=False)
    assert page.inner_text("h1") == "Jayden Smith"
    assert contact.reference in main_text(page)
    audit.check(page, "person")

    # Search the person index: a query, an empty search, and a search with nothing in it but spaces.
    activate(page, "a", "Search people")
    assert_govuk_page(page, "/staff/people/search/", public=False)
    audit.check(page, "search")
    type_into(page, "#given_name", "Jaiden")
    type_into(page, "#surname", "Smith")
    press_button(page, "Search")
    assert_govuk_page(page, public=False)
    assert "Jayden Smith" in main_text(page)
    audit.check(page, "search, results")

    activate(page, "a", "Search people")
    press_button(page, "Search")
    assert_govuk_page(page, public=False)
    assert "possible match" not in main_text(page)  # nothing asked, nothing searched
    audit.check(page, "search, empty")
    type_into(page, "#given_name", "   ")
    press_button(page, "Search")
    assert_error_summary_focused(page, "Enter a name, a date of birth, a postcode or an NHS number")
    audit.check(page, "search, nothing to search for")
    follow_first_error(page)

    # The possible duplicates.
    activate(page, "a", "Possible duplicates")
    assert_govuk_page(page, "/staff/people/duplicates/", public=False)
    assert f"Record {mia_again.pk}" in main_text(page)
    merging = f"Merge into record {family.mia.pk} (record {mia_again.pk} is the same person)"
    merge = page.get_by_role("button", name=merging, exact=True)
    assert merge.count() == 1
    audit.check(page, "possible duplicates")

    # Record a contact by hand: the first page, sent on without an answer.
    activate(page, "a", "Record a contact")
    assert_govuk_page(page, "/staff/record/arrival/", public=False)
    audit.check(page, "record a contact, arrival")
    press_button(page)
    assert_error_summary_focused(
        page,
        "Select how the contact arrived",
        "Enter the date the contact was received",
        "Enter the time the contact was received",
    )
    audit.check(page, "record a contact, arrival not answered")
    follow_first_error(page)

    # Issue 17: a contact left unfinished is set aside; "Record a contact" starts a new one and
    # lists the unfinished one to take up by choice.
    page.locator('input[name="channel"][value="phone"]').check()
    page.fill("#received_date-day", "2")
    page.fill("#received_date-month", "12")
    page.fill("#received_date-year", "2026")
    page.fill("#received_time", "09:30")
    press_button(page)
    activate(page, "a", "Record a contact")
    assert_govuk_page(page, "/staff/record/arrival/", public=False)
    assert "Unfinished contacts you started" in page.inner_text("main")
    assert page.locator("#received_date-day").input_value() == ""
    audit.check(page, "record a contact, with an unfinished one listed")
    press_button(page, "Continue this contact")
    assert page.url.endswith("/staff/record/check/"), page.url

    audit.assert_clean()
