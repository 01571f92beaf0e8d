"""SEC-6 in a real browser, checked with axe-core: an administrator lists staff accounts, adds one
(its error state included), reads the first password once, changes a role and team with a
reason, and resets a second factor. No WCAG 2.2 A/AA violation on any of the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import pytest
from playwright.sync_api import Page

from frontdoor.accounts.models import Role, Team, User
from frontdoor.audit.models import AuditEntry
from tests.browser.test_public_journey import assert_error_summary_focused, assert_govuk_page, press_button
from tests.browser.test_staff_pages import StaffAxeAudit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def follow(page: Page, role: Literal["button", "link"], name: str) -> None:
    """Click, and wait for the page it leads to: axe-core run on a page still unloading finds no document."""
    with page.expect_navigation():
        page.get_by_role(role, name=name).click()
    page.wait_for_load_state()


def test_sec6_administrator_account_pages_have_no_axe_violation(
    live_server: object, new_page: Callable[[], Page], make_user: Callable[..., User]
) -> None:
    base = str(live_server)
    audit = StaffAxeAudit()
    make_user(Role.ADMINISTRATOR, username="administrator")
    lado = Team.objects.create(name="Allegations (LADO)", kind=Team.Kind.ALLEGATIONS)

    page = new_page()
    sign_in(page, base, "administrator")
    page.goto(f"{base}/staff/users/")
    assert_govuk_page(page, "/staff/users/", public=False)
    assert "Staff accounts" in page.inner_text("header")
    audit.check(page, "staff accounts")
    follow(page, "button", "Add an account")
    press_button(page, "Add account")
    assert_error_summary_focused(page, "Enter a username", "Select a role", "Enter why you are making this change")
    audit.check(page, "add an account, errors")
    page.get_by_label("Username").fill("jbloggs")
    page.get_by_label("First name").fill("Jo")
    page.get_by_label("Last name").fill("Bloggs")
    page.get_by_label("Work email address").fill("jo.bloggs@council.example")
    page.locator(f"input[name=role][value={Role.SOCIAL_WORKER}]").check()
    page.get_by_label("Why are you making this change?").fill("New starter, assessment team")
    press_button(page, "Add account")
    assert len(page.locator("#first-password").input_value()) >= 12
    audit.check(page, "account added")
    follow(page, "link", "See the account")
    audit.check(page, "an account")
    follow(page, "link", "Change role and team")
    audit.check(page, "change role and team")
    page.locator(f"input[name=team][value='{lado.pk}']").check()
    page.get_by_label("Why are you making this change?").fill("Joins the LADO team")
    press_button(page, "Save role and team")
    assert "Allegations (LADO)" in page.inner_text("main")
    follow(page, "link", "Reset the second factor")
    audit.check(page, "reset second factor")
    page.get_by_label("Why are you making this change?").fill("Lost phone; rang them back")
    press_button(page, "Reset second factor")
    assert "sets up their authenticator app again" in page.inner_text("main")
    audit.check(page, "after a reset")
    audit.assert_clean()
    actions = set(AuditEntry.objects.filter(action__startswith="account.").values_list("action", flat=True))
    assert {"account.created", "account.role_changed", "account.second_factor_reset"} <= actions
