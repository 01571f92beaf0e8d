"""SEC-3: the real pages run under the strict Content-Security-Policy with no violation.

axe-core is injected by Playwright through the DevTools protocol, which a page's CSP does
not govern, so the accessibility tests run with the CSP on (no `bypass_csp`). This test
opens the public and staff pages in Chromium, listens for `securitypolicyviolation` events
and CSP console errors, and checks that the one inline script (GOV.UK's js-enabled class,
carrying the request's nonce) and GOV.UK Frontend's JavaScript both ran.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page

from frontdoor.accounts.models import Role, User
from frontdoor.intake.models import Contact
from tests.intake.answers import CHILD_NAMED, PROFESSIONAL_SCHOOL, answer_all, send, step_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push([e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber].join(' '));
});
"""


def _open(page: Page, url: str, console: list[str]) -> dict[str, Any]:
    response = page.goto(url)
    assert response is not None and response.status < 500, url
    csp = response.headers.get("content-security-policy", "")
    assert "unsafe-inline" not in csp and "script-src 'self' 'nonce-" in csp, csp
    page.wait_for_load_state("load")
    state: dict[str, Any] = page.evaluate(
        "() => ({violations: window.__cspViolations, body: document.body.className,"
        " exit: !!document.querySelector('.govuk-exit-this-page'),"
        " exitReady: !!document.querySelector('.govuk-exit-this-page__overlay, .govuk-exit-this-page__indicator')})"
    )
    return state


def test_sec3_no_csp_violation_on_public_and_staff_pages(
    live_server: Any, new_page: Callable[[], Page], django_user_model: type[User]
) -> None:
    # A contact with a document, for the staff pages.
    sender = Client()
    key = answer_all(sender, PROFESSIONAL_SCHOOL, children=[CHILD_NAMED])
    upload = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    upload.name = "letter.pdf"
    sender.post(step_url("public", "documents"), {"document": upload, "action": "upload"})
    send(sender, key)
    contact = Contact.objects.get()

    page = new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.context.add_init_script(LISTEN)
    base = live_server.url
    public = [
        "/",
        step_url("public", "danger"),
        step_url("public", "concern"),
        step_url("public", "documents"),
        "/status/",
    ]
    checked = []
    for path in public:
        state = _open(page, base + path, console)
        assert "js-enabled" in state["body"] and "govuk-frontend-supported" in state["body"], (path, state)
        assert state["violations"] == [], (path, state["violations"])
        checked.append(path)
    # An error state (error summary focus is GOV.UK Frontend's JavaScript).
    page.goto(base + step_url("public", "danger"))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.evaluate("window.__cspViolations") == []
    # The exit-this-page component started (its JavaScript adds its indicator).
    assert _open(page, base + "/", console)["exitReady"]

    staff = django_user_model.objects.create_user(
        username="csp-screener", password="x" * 16, role=Role.SCREENING_SOCIAL_WORKER
    )
    signed_in = Client()
    signed_in.force_login(staff)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": signed_in.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    for path in [
        "/staff/",
        f"/staff/contacts/{contact.reference}/",
        "/staff/screening/",
        f"/staff/screening/{contact.reference}/",
        "/staff/people/search/",
        step_url("staff", "arrival"),
    ]:
        state = _open(page, base + path, console)
        assert "js-enabled" in state["body"], (path, state)
        assert state["violations"] == [], (path, state["violations"])
        checked.append(path)
    csp_errors = [line for line in console if "Content Security Policy" in line]
    print(f"CSP: {len(checked)} pages opened in Chromium, {len(csp_errors)} violation(s)")
    assert csp_errors == []
