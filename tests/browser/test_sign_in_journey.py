"""SEC-1 and SEC-2 in a real browser, by keyboard alone, checked with axe-core.

A new member of staff signs in for the first time: password, then setting up an
authenticator app by typing the key shown under "I cannot scan the QR code" (the code is
computed from that key as an app would), a wrong code first, then the right one; the
backup codes; signing out; signing in again with a code. The data protection officer then
searches the audit log for what that person did. No WCAG 2.2 A/AA violation on any page.
"""

from __future__ import annotations

import time
from base64 import b32decode
from collections.abc import Callable

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page

from frontdoor.accounts.models import Role, User
from frontdoor.audit.actions import Action
from frontdoor.audit.models import AuditEntry
from tests.browser.test_public_journey import (
    AxeAudit,
    activate,
    assert_error_summary_focused,
    assert_govuk_page,
    press_button,
    tab_to,
    type_into,
)
from tests.conftest import PASSWORD, second_factor_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from_key(key_text: str, *, ahead: int = 0) -> str:
    """What an authenticator app shows for a typed-in key (RFC 6238, 30-second steps, 6 digits)."""
    totp = TOTP(b32decode(key_text.replace(" ", "")))
    totp.time = time.time() + 30 * ahead
    return f"{totp.token():06d}"


def password(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/sign-in/")
    type_into(page, "#username", username)
    type_into(page, "#password", PASSWORD)
    press_button(page, "Sign in")


def test_sec1_first_sign_in_sets_up_the_authenticator_by_keyboard(
    live_server: object, new_page: Callable[[], Page], make_user: Callable[..., User]
) -> None:
    make_user(Role.SCREENING_SOCIAL_WORKER, username="newstarter")
    make_user(Role.DATA_PROTECTION_OFFICER, username="farah")
    base = str(live_server)
    audit = AxeAudit()
    page = new_page()

    password(page, base, "newstarter")
    assert_govuk_page(page, "/accounts/sign-in/set-up-code/?next=%2Fstaff%2F", public=False)
    assert page.locator("main svg title").text_content() == "QR code for your authenticator app"
    audit.check(page, "set up the app")
    tab_to(page, "summary.govuk-details__summary", "I cannot scan the QR code")
    page.keyboard.press("Enter")
    key = page.inner_text("#setup-key").strip()
    audit.check(page, "set up the app, key shown")

    type_into(page, "#code", "000000")
    press_button(page, "Continue")
    assert_error_summary_focused(page, "Enter the 6-digit code your authenticator app shows now")
    audit.check(page, "set up the app, wrong code")
    time.sleep(1.1)  # django-otp's wait after a wrong code
    page.fill("#code", "")
    type_into(page, "#code", code_from_key(key))
    press_button(page, "Continue")
    assert_govuk_page(page, "/accounts/sign-in/backup-codes/?next=%2Fstaff%2F", public=False)
    codes = page.locator("#backup-codes li").all_inner_texts()
    assert len(codes) == 8
    audit.check(page, "backup codes")
    activate(page, "a.govuk-button", "I have kept my backup codes")
    assert_govuk_page(page, "/staff/", public=False)

    activate(page, "a.govuk-service-navigation__link", "Sign out")
    assert_govuk_page(page, "/accounts/sign-out/", public=False)
    audit.check(page, "sign out")
    press_button(page, "Sign out")
    assert page.url.endswith("/accounts/sign-in/")

    # Later sign-ins: the password, then a code (the next step's, as the first was just used).
    password(page, base, "newstarter")
    assert_govuk_page(page, "/accounts/sign-in/code/?next=%2Fstaff%2F", public=False)
    audit.check(page, "enter your code")
    type_into(page, "#code", codes[0])  # a backup code this time
    press_button(page, "Continue")
    assert_govuk_page(page, "/staff/", public=False)

    # The data protection officer sees what the new starter did.
    dpo = new_page()
    code = second_factor_code("farah")
    password(dpo, base, "farah")
    type_into(dpo, "#code", code)
    press_button(dpo, "Continue")
    dpo.goto(f"{base}/staff/audit/")
    assert_govuk_page(dpo, "/staff/audit/", public=False)
    audit.check(dpo, "audit search")
    type_into(dpo, "#staff", "newstarter")
    press_button(dpo, "Search")
    results = dpo.inner_text("main table")  # the results, in the words the officer reads (not the action list)
    assert Action.ACCOUNT_SECOND_FACTOR_ENROLLED.label in results and Action.ACCOUNT_BACKUP_CODE_USED.label in results
    assert "account.second_factor_enrolled" not in results
    audit.check(dpo, "audit search results")
    type_into(dpo, "#person", "nonsense")
    press_button(dpo, "Search")
    assert_error_summary_focused(dpo, "Enter the person's index number, like 1234")
    audit.check(dpo, "audit search, error")
    assert AuditEntry.objects.filter(action="audit.searched", actor__username="farah").count() == 1
    audit.assert_clean()
