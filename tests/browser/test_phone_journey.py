"""Issue 17: a member of the public on a 390-pixel phone, with no email address, in a real browser.

ACK-2, INT-16, INT-15: they send a referral, download the receipt, go Back and press Send
again (and are told it was already sent, with its reference), and later check the status
with the reference and status code from the receipt, typed in lower case without hyphens.
axe-core reports no WCAG 2.2 A/AA violation on the pages of the journey's end.

Set FRONTDOOR_SCREENSHOTS=1 to (re)write the phone screenshots in docs/screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from frontdoor.intake.models import Contact
from tests.browser.test_public_journey import AxeAudit
from tests.intake.answers import CHILD_UNNAMED, PUBLIC_ANONYMOUS
from tests.pdftext import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE: ViewportSize = {"width": 390, "height": 844}
CONCERN = PUBLIC_ANONYMOUS["concern"]["concern"]


@pytest.fixture
def phone(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(
        viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True, accept_downloads=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def shot(page: Page, name: str) -> None:
    if os.environ.get("FRONTDOOR_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"), full_page=True)


def tap(page: Page, text: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=text).first.click()


def choose(page: Page, name: str, value: str) -> None:
    page.locator(f'input[name="{name}"][value="{value}"]').check()


def test_ack2_int16_int15_phone_user_without_email_sends_keeps_receipt_and_checks_status(
    live_server: object, phone: Page, tmp_path: Path
) -> None:
    """Issue 17 (ACK-2, INT-16, INT-15) on a 390 px viewport."""
    audit = AxeAudit()
    page = phone
    page.goto(f"{live_server}/")
    shot(page, "start")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()
    choose(page, "immediate_danger", "no")
    tap(page, "Continue")
    choose(page, "referrer_type", "public")
    tap(page, "Continue")
    choose(page, "anonymity", "anonymous")
    tap(page, "Continue")
    # Issue 17: the public say what the worry is about; they never choose a form colour.
    assert page.url.endswith("/report/request-type/"), page.url
    assert "red form" not in page.inner_text("main").lower()
    audit.check(page, "what is your worry about, on a phone")
    shot(page, "worry-about")
    choose(page, "form_type", "red")
    tap(page, "Continue")
    assert page.url.endswith("/report/children/"), page.url
    with page.expect_navigation():
        page.get_by_role("link", name="Add a child").click()
    choose(page, "born", "yes")
    tap(page, "Continue")
    page.fill("#address", CHILD_UNNAMED["address"])
    page.fill("#description", CHILD_UNNAMED["description"])
    tap(page, "Save and continue")
    tap(page, "Continue")  # children
    tap(page, "Continue")  # other people
    page.fill("#concern", CONCERN)
    tap(page, "Continue")
    while "/report/check/" not in page.url:
        tap(page, "Continue")  # family, parents, documents
    shot(page, "check-answers")
    tap(page, "Send")

    assert "/sent/" in page.url, page.url
    reference = Contact.objects.get().reference
    code = page.inner_text("#status-secret").strip()
    assert reference in page.inner_text(".govuk-panel")
    audit.check(page, "confirmation on a phone")
    shot(page, "confirmation")

    # The receipt: downloaded, and it carries the reference and the status code.
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download a receipt")).click()
    saved = tmp_path / "receipt.pdf"
    download.value.save_as(saved)
    text = pdf_text(saved.read_bytes())
    assert f"({reference})" in text and f"({code})" in text

    # Back to the check page, and Send again: already sent, here is your reference.
    page.go_back()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "You have already sent this" in main and reference in main, main
    assert page.locator(".govuk-error-summary").count() == 0
    assert page.get_by_role("button", name="Send").count() == 0
    audit.check(page, "already sent on a phone")
    shot(page, "already-sent")

    # Later, on another day (a fresh browser session): the status, with the receipt's codes typed loosely.
    page.context.clear_cookies()
    page.goto(f"{live_server}/status/")
    page.fill("#reference", reference.replace("-", "").lower())
    page.fill("#secret", code.replace("-", "").lower())
    tap(page, "Check status")
    assert f"Your contact {reference}" in page.inner_text("main")
    audit.check(page, "status found on a phone")
    shot(page, "status")
    audit.assert_clean()
