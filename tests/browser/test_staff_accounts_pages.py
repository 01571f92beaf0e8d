"""SEC-6 in a real browser, checked with axe-core: an administrator lists staff accounts, adds one
(its error state included), reads the first password once, changes a role and team with a
reason, and resets a second factor. No WCAG 2.2 A/AA violation on any of the pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from frontdoor.accounts.models import Role, Team, User
from frontdoor.audit.models import AuditEntry
from tests.browser.test_public_journey import assert_error_summary_focused, assert_govuk_page, press_button
from tests.browser.test_staff_pages import StaffAxeAudit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    page.get_by_role("button", name="Add an account").click()
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
    page.get_by_role("link", name="See the account").click()
    audit.check(page, "an account")
    page.get_by_role("link", name="Change role and team").click()
    audit.check(page, "change role and team")
    page.locator(f"input[name=team][value='{lado.pk}']").check()
    page.get_by_label("Why are you making this change?").fill("Joins the LADO team")
    press_button(page, "Save role and team")
    assert "Allegations (LADO)" in page.inner_text("main")
    page.get_by_role("link", name="Reset the second factor").click()
    audit.check(page, "reset second factor")
    page.get_by_label("Why are you making this change?").fill("Lost phone; rang them back")
    press_button(page, "Reset second factor")
    assert "sets up their authenticator app again" in page.inner_text("main")
    audit.check(page, "after a reset")
    audit.assert_clean()
    actions = set(AuditEntry.objects.filter(action__startswith="account.").values_list("action", flat=True))
    assert {"account.created", "account.role_changed", "account.second_factor_reset"} <= actions
