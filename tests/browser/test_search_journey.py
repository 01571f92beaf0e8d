"""Issue 15 part 1 in a real browser: a customer service officer finds a contact made today by
part of its reference, from the header's search box, by keyboard; axe-core finds no WCAG 2.2
A/AA violation on the search page (its start, its results, its error)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from frontdoor.accounts.models import Role, User
from tests.browser.test_public_journey import assert_error_summary_focused, assert_govuk_page, focused
from tests.browser.test_staff_pages import StaffAxeAudit, main_text, sign_in
from tests.factories import make_contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_issue15_a_cso_finds_a_contact_made_today_by_part_of_its_reference(
    live_server: object, new_page: Callable[[], Page], make_user: Callable[..., User]
) -> None:
    """SRC-1 (issue 15): "/" focuses the box; part of a reference, lower case, finds the contact."""
    older = make_contact()  # an older contact, not today's
    today = make_contact(received_at=timezone.now())
    make_user(Role.CUSTOMER_SERVICE_OFFICER, username="officer")
    base = str(live_server)
    audit = StaffAxeAudit()
    page = new_page()
    sign_in(page, base, "officer")
    assert_govuk_page(page, "/staff/", public=False)

    # The box: labelled, and "/" puts the cursor in it from anywhere on the page.
    assert page.get_by_label("Search by reference, name, date of birth, NHS number or postcode").count() == 1
    page.locator("h1").click()
    page.keyboard.press("/")
    assert focused(page, "#header-search")

    part = today.reference.removeprefix("FD-")[:4].lower()
    page.keyboard.type(part)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_govuk_page(page, f"/staff/search/?q={part}", public=False)
    text = main_text(page)
    assert today.reference in text
    assert "Jayden Smith (age" in text
    if older.reference.removeprefix("FD-")[:4].lower() != part:
        assert older.reference not in text
    assert page.locator("#header-search").input_value() == part  # what was typed stays in the box
    audit.check(page, "search, results")

    # The contact, from its result.
    page.get_by_role("link", name=today.reference).first.click()
    assert_govuk_page(page, f"/staff/contacts/{today.reference}/", public=False)

    # The search page on its own, and a search it cannot run.
    page.goto(f"{base}/staff/search/")
    assert_govuk_page(page, "/staff/search/", public=False)
    audit.check(page, "search, start")
    page.locator("#header-search").fill("x" * 150)
    with page.expect_navigation():
        page.locator("#header-search").press("Enter")
    assert_error_summary_focused(page, "Search for 100 characters or fewer")
    audit.check(page, "search, too long")
    audit.assert_clean()
