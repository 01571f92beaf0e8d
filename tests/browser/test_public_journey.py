"""The public form in a real browser, by keyboard alone, checked with axe-core.

INT-1, INT-4, INT-7, INT-8, SEC-3: a member of the public completes the form with the
keyboard alone, anonymously, about an unnamed child, attaches a PDF, and reaches the
confirmation page; axe-core reports no WCAG 2.2 A/AA violation on any page of the
public journey, error states included.

No mouse: every move is a key press (Tab, Space, the arrow keys, Enter, typing). A file
is given to the focused file input through the file chooser that Space opens, which is
how a keyboard user's file picker is emulated. JavaScript is used only to read where the
focus is and to run axe-core.

Set FRONTDOOR_SCREENSHOTS=1 to (re)write the screenshots in docs/screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from fpdf import FPDF
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from frontdoor.core.validation import FILE_TYPE_MESSAGE
from frontdoor.intake.models import Anonymity, Contact, PersonRole
from frontdoor.policy.council import COUNCIL
from tests.intake.answers import CHILD_UNNAMED, PUBLIC_ANONYMOUS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe-core files WCAG 2.2 level A rules under wcag2a/wcag21a).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MAX_TABS = 150
REFERENCE = re.compile(r"\bFD-[0-9A-Z]{4}-[0-9A-Z]{4}\b")
CONCERN = PUBLIC_ANONYMOUS["concern"]["concern"]


@dataclass
class AxeAudit:
    """Runs axe-core on every page it is shown and keeps the violations for one assertion at the end."""

    axe: Axe = field(default_factory=Axe)
    checked: list[str] = field(default_factory=list)
    violations: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    def check(self, page: Page, label: str) -> None:
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        results = self.axe.run(page, options=options).response
        self.checked.append(f"{label}: {page.url}")
        for violation in results["violations"]:
            for node in violation["nodes"]:
                target = " ".join(str(t) for t in node["target"])
                self.violations.append((label, page.url, violation["id"], target, violation["help"]))

    def assert_clean(self) -> None:
        print(f"axe-core {AXE_TAGS}: {len(self.checked)} pages checked", *self.checked, sep="\n  ")
        lines = [f"axe-core found {len(self.violations)} WCAG 2.2 A/AA violation(s):"]
        lines += [f"  {label} {url}\n    {rule}: {target} ({why})" for label, url, rule, target, why in self.violations]
        assert not self.violations, "\n".join(lines)


# Keyboard ------------------------------------------------------------------------------------


def focused(page: Page, selector: str) -> bool:
    return bool(page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector))


def focused_text(page: Page) -> str:
    return str(page.evaluate("() => (document.activeElement && document.activeElement.innerText) || ''")).strip()


def tab_to(page: Page, selector: str, text: str | None = None) -> None:
    """Press Tab until the focused element matches `selector` (and shows `text`, if given)."""
    for _ in range(MAX_TABS):
        if focused(page, selector) and (text is None or focused_text(page).startswith(text)):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector} {text or ''} on {page.url}")


def activate(page: Page, selector: str, text: str | None = None) -> None:
    """Tab to a link or button and press Enter; wait for the page it leads to."""
    tab_to(page, selector, text)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def press_button(page: Page, text: str = "Continue") -> None:
    activate(page, "button, a.govuk-button", text)


def type_into(page: Page, selector: str, value: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(value)


def clear(page: Page, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Backspace")


def assert_no_keyboard_trap(page: Page) -> None:
    """Tab from the top of the page through every control: the focus must come round to the start again."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.fdFirstStop = null; }")
    for stops in range(MAX_TABS):
        page.keyboard.press("Tab")
        back_at_start = page.evaluate(
            """() => {
                const now = document.activeElement;
                if (!now || now === document.body) return true;
                if (window.fdFirstStop === null) { window.fdFirstStop = now; return false; }
                return now === window.fdFirstStop;
            }"""
        )
        if back_at_start:
            assert stops > 0, f"nothing on {page.url} takes the focus"
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            return
    raise AssertionError(f"the focus never came round on {page.url} after {MAX_TABS} presses of Tab: a keyboard trap?")


def choose_radio(page: Page, name: str, value: str) -> None:
    """Tab into a radio group, then choose with Space and the arrow keys."""
    tab_to(page, f'input[type="radio"][name="{name}"]')
    page.keyboard.press("Space")
    target = f'input[type="radio"][name="{name}"][value="{value}"]'
    for _ in range(12):
        if focused(page, target):
            break
        page.keyboard.press("ArrowDown")
    assert page.is_checked(target), f"could not choose {name}={value} with the keyboard on {page.url}"


def choose_file(page: Page, name: str, filename: str, data: bytes, mime: str) -> None:
    """Tab to the file input and press Space: the file picker opens and the file is chosen in it.

    On a loaded machine the picker can be slow to open; if it has not opened in time, the file
    is given to the input the keyboard reached (what the picker would do), so the test checks
    the page, not the machine's speed."""
    tab_to(page, f'input[type="file"][name="{name}"]')
    payload = {"name": filename, "mimeType": mime, "buffer": data}
    try:
        with page.expect_file_chooser(timeout=20_000) as chooser:
            page.keyboard.press("Space")
        chooser.value.set_files(payload)  # type: ignore[arg-type]
    except PlaywrightTimeoutError:
        page.locator(f'input[type="file"][name="{name}"]').set_input_files(payload)  # type: ignore[arg-type]


# Checks --------------------------------------------------------------------------------------


def assert_govuk_page(page: Page, path: str | None = None, *, public: bool = True) -> None:
    """GOV.UK Frontend's CSS and JavaScript loaded, the council's header, and the quick exit (SEC-3)."""
    if path is not None:
        assert page.url.endswith(path), (page.url, path)
    page.wait_for_function("() => document.body.classList.contains('govuk-frontend-supported')")
    font = str(page.evaluate("() => getComputedStyle(document.querySelector('main h1, main .govuk-body')).fontFamily"))
    assert font.lower().startswith("arial"), font
    assert page.locator("header svg, header img").count() == 0, "a crown or logo is in the header"
    header = page.inner_text("header")
    assert COUNCIL.name in header, header
    assert_no_keyboard_trap(page)
    exit_button = page.locator(".govuk-exit-this-page__button")
    if public:
        assert exit_button.count() == 1, f"no 'Exit this page' button on {page.url}"
        assert "Exit this page" in exit_button.inner_text()
        assert exit_button.is_visible()


def assert_error_summary_focused(page: Page, *messages: str) -> None:
    """The error summary has the focus, says what is wrong, and each entry leads to its field."""
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('.govuk-error-summary')")
    summary = page.inner_text(".govuk-error-summary")
    assert "There is a problem" in summary, summary
    for message in messages:
        assert message in summary, (message, summary)
    assert page.title().startswith("Error: "), page.title()
    hrefs = page.eval_on_selector_all(".govuk-error-summary__list a", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs, "the error summary has no links"
    for href in hrefs:
        assert href.startswith("#") and len(href) > 1, f"error link {href!r} does not lead to a field on {page.url}"
        assert page.locator(href).count() == 1, f"error link {href} leads nowhere on {page.url}"


def follow_first_error(page: Page) -> None:
    """From the focused error summary, Tab to its first entry and press Enter: the focus moves to that field."""
    href = page.eval_on_selector(".govuk-error-summary__list a", "a => a.getAttribute('href')")
    page.keyboard.press("Tab")
    assert focused(page, ".govuk-error-summary__list a"), focused_text(page)
    page.keyboard.press("Enter")
    page.wait_for_function("h => document.activeElement && document.activeElement.matches(h)", arg=href)


def screenshot(page: Page, name: str) -> None:
    """Full-page screenshots for docs/screenshots/, only when FRONTDOOR_SCREENSHOTS=1."""
    if os.environ.get("FRONTDOOR_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        # The sticky "Exit this page" button sits where it belongs only when the page is at the top.
        page.evaluate("() => new Promise(done => { window.scrollTo(0, 0); requestAnimationFrame(() => done(null)); })")
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def small_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Child arrangements order, Northtown Family Court")
    return bytes(pdf.output())


# A Windows program renamed to look like a PDF: its content says what it is.
FAKE_PDF = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode.\r\r\n$"
    + b"\x00" * 200
)


# Tests ---------------------------------------------------------------------------------------


def test_member_of_public_reports_unnamed_child_anonymously_with_keyboard_alone(
    live_server: object, new_page: Callable[[], Page]
) -> None:
    """INT-1, INT-4, INT-7, INT-8, SEC-3."""
    audit = AxeAudit()
    page = new_page()
    page.goto(f"{live_server}/")

    assert_govuk_page(page, "/")
    audit.check(page, "start")
    screenshot(page, "start.png")
    activate(page, "a.govuk-button--start", "Start now")

    assert_govuk_page(page, "/report/danger/")
    audit.check(page, "immediate danger")
    choose_radio(page, "immediate_danger", "no")
    press_button(page)

    assert_govuk_page(page, "/report/about-you/")
    audit.check(page, "who are you")
    press_button(page)
    assert_error_summary_focused(page, "Select who you are")
    audit.check(page, "who are you, not answered")
    follow_first_error(page)
    choose_radio(page, "referrer_type", "public")
    press_button(page)

    assert_govuk_page(page, "/report/your-details/")
    assert "a court can order us" in page.content()  # INT-7: the limits of confidentiality
    audit.check(page, "about you")
    choose_radio(page, "anonymity", Anonymity.ANONYMOUS.value)
    screenshot(page, "question-page.png")
    press_button(page)

    assert_govuk_page(page, "/report/request-type/")
    audit.check(page, "request type")
    choose_radio(page, "form_type", "red")
    press_button(page)

    assert_govuk_page(page, "/report/children/")
    audit.check(page, "children, none added")
    press_button(page)
    assert_error_summary_focused(page, "Add the child you are worried about")
    audit.check(page, "children, continue with none added")
    follow_first_error(page)
    activate(page, "a#add", "Add a child")

    assert_govuk_page(page, "/report/children/new/")
    audit.check(page, "has the child been born")
    choose_radio(page, "born", "yes")
    press_button(page)
    # Issue 17: only a born child's dates are asked (no expected date of birth).
    assert_govuk_page(page, "/report/children/new/?born=yes")
    assert page.locator('[name="expected_date-day"]').count() == 0
    audit.check(page, "about the child")
    type_into(page, "#address", CHILD_UNNAMED["address"])
    type_into(page, "#date_of_birth-day", "31")
    type_into(page, "#date_of_birth-month", "2")
    type_into(page, "#date_of_birth-year", "2020")
    type_into(page, "#description", CHILD_UNNAMED["description"])
    press_button(page, "Save and continue")
    assert_error_summary_focused(page, "Date of birth must be a real date")
    audit.check(page, "about the child, impossible date of birth")
    screenshot(page, "error-state.png")
    follow_first_error(page)
    for part in ("day", "month", "year"):
        clear(page, f"#date_of_birth-{part}")
    press_button(page, "Save and continue")

    assert_govuk_page(page, "/report/children/")
    assert "Name not known" in page.inner_text("main")
    assert page.get_by_role("button", name="Remove child 1").count() == 1
    audit.check(page, "children, one added")
    press_button(page)

    assert_govuk_page(page, "/report/people/")
    audit.check(page, "other people")
    press_button(page)

    assert_govuk_page(page, "/report/concern/")
    audit.check(page, "your worry")
    press_button(page)
    assert_error_summary_focused(page, "Enter what you are worried about")
    audit.check(page, "your worry, not answered")
    follow_first_error(page)
    type_into(page, "#concern", CONCERN)
    press_button(page)

    assert_govuk_page(page, "/report/family/")
    audit.check(page, "family")
    press_button(page)

    assert_govuk_page(page, "/report/parents/")
    audit.check(page, "parents")
    press_button(page)

    assert_govuk_page(page, "/report/documents/")
    audit.check(page, "documents")
    choose_file(page, "document", "court-order.pdf", FAKE_PDF, "application/pdf")
    press_button(page, "Upload file")
    assert_error_summary_focused(page, FILE_TYPE_MESSAGE)
    audit.check(page, "documents, file not allowed")
    follow_first_error(page)
    choose_file(page, "document", "court-order.pdf", small_pdf(), "application/pdf")
    press_button(page, "Upload file")
    assert_govuk_page(page, "/report/documents/")
    assert "court-order.pdf" in page.inner_text("main")
    audit.check(page, "documents, one added")
    press_button(page, "Continue")

    assert_govuk_page(page, "/report/check/")
    main = page.inner_text("main")
    for shown in (
        "A member of the public",
        "I do not want to give my name",
        "A boy of about six",
        "14 Elm Road",
        "court-order.pdf",
        CONCERN,
    ):
        assert shown in main, shown
    audit.check(page, "check your answers")
    screenshot(page, "check-answers.png")
    press_button(page, "Send")

    assert "/sent/" in page.url, page.url
    assert_govuk_page(page)
    panel = page.inner_text(".govuk-panel")
    assert "Contact received" in panel
    found = REFERENCE.search(panel)
    assert found, panel
    audit.check(page, "confirmation")
    screenshot(page, "confirmation.png")

    contact = Contact.objects.get(reference=found.group(0))
    assert contact.anonymity == Anonymity.ANONYMOUS
    assert contact.referrer_name == ""
    assert contact.channel == "online"
    assert contact.concern == CONCERN
    attachments = list(contact.attachments.all())
    assert [(a.filename, a.content_type) for a in attachments] == [("court-order.pdf", "application/pdf")]
    children = list(contact.people.filter(role=PersonRole.CHILD))
    assert len(children) == 1
    assert (children[0].given_names, children[0].family_name) == ("", "")
    assert children[0].description == CHILD_UNNAMED["description"]
    assert children[0].address == CHILD_UNNAMED["address"]
    assert contact.people.count() == 1

    audit.assert_clean()


def test_call_999_status_and_sign_in_pages_are_accessible(live_server: object, new_page: Callable[[], Page]) -> None:
    """INT-11 (call 999), ACK-2 (status), SEC-1 (sign-in) and SEC-3 (exit this page by keyboard)."""
    audit = AxeAudit()
    page = new_page()
    page.goto(f"{live_server}/")
    activate(page, "a.govuk-button--start", "Start now")
    choose_radio(page, "immediate_danger", "yes")
    press_button(page)
    assert_govuk_page(page, "/report/call-999/")
    assert page.inner_text("h1") == "Call 999 now"
    audit.check(page, "call 999")

    page.goto(f"{live_server}/")
    activate(page, "a", "Check the status of a contact")
    assert_govuk_page(page, "/status/")
    audit.check(page, "status")
    press_button(page, "Check status")
    assert_error_summary_focused(page, "Enter the reference number", "Enter the status code")
    audit.check(page, "status, not answered")
    follow_first_error(page)
    type_into(page, "#reference", "FD-AAAA-BBBB")
    type_into(page, "#secret", "WRONG")
    press_button(page, "Check status")
    assert_error_summary_focused(page, "We cannot find a contact with that reference")
    audit.check(page, "status, not found")
    follow_first_error(page)

    page.goto(f"{live_server}/accounts/sign-in/")
    assert_govuk_page(page, "/accounts/sign-in/", public=False)
    audit.check(page, "staff sign-in")
    press_button(page, "Sign in")
    assert_error_summary_focused(page, "Enter your username")
    audit.check(page, "staff sign-in, not answered")
    follow_first_error(page)

    # SEC-3: pressing Shift three times leaves at once (the other site is not really visited).
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>"))
    page.goto(f"{live_server}/report/danger/")
    with page.expect_navigation(url=re.compile(r"^https://www\.bbc\.co\.uk/weather")):
        for _ in range(3):
            page.keyboard.press("Shift")

    audit.assert_clean()
