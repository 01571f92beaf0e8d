"""The whole screening journey in a real browser, checked with axe-core (issue 4).

A designated safeguarding lead sends a contact about Jayden Smith through the public form,
by keyboard. A screening social worker signs in, finds it in the queue, claims it ("Screen
the next contact"), checks Jayden against the person index, fills in the screening record
(meeting the wording check of SCR-7: "rough handling", kept on purpose), and proposes a
child and family assessment. A team manager, someone else, finds it in their list and
authorises it; the contact becomes a referral. The task worker then sends the outcome
email, which arrives at a real SMTP server on loopback: to the referrer, with the
reference and the outcome in words for a professional, and without the concern.

axe-core must report no WCAG 2.2 A/AA violation (nor WCAG 2.5.3 Label in Name) on any
staff page of the journey. Moves are key presses (Tab, Space, the arrow keys, Enter,
typing), as in the other browser tests, whose helpers these are.

Set FRONTDOOR_SCREENSHOTS=1 to (re)write the screening screenshots in docs/screenshots/,
which docs/screening.md shows.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pytest
from django.core.management import call_command
from playwright.sync_api import Page
from pytest_django.fixtures import Settings as SettingsWrapper

from frontdoor.accounts.models import Role, Team, User
from frontdoor.intake.models import Contact, OutboundEmail
from frontdoor.people.models import ContactPersonLink
from frontdoor.policy.routing import Queue
from frontdoor.screening.models import Decision, DecisionStatus, Outcome, Referral, Screening
from tests.browser.test_public_journey import (
    AXE_TAGS,
    REFERENCE,
    AxeAudit,
    activate,
    assert_govuk_page,
    choose_radio,
    focused,
    press_button,
    screenshot,
    tab_to,
    type_into,
)
from tests.browser.test_staff_pages import LABEL_IN_NAME
from tests.conftest import PASSWORD, second_factor_code
from tests.factories import smith_family
from tests.intake.answers import CHILD_NAMED, PROFESSIONAL_SCHOOL
from tests.intake.smtp import LoopbackSMTP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DETAILS = PROFESSIONAL_SCHOOL["your-details"]
REFERRER_EMAIL = DETAILS["referrer_email"]
CONCERN = PROFESSIONAL_SCHOOL["concern"]["concern"]
NATURE = "Jayden told his teacher about rough handling at home when he spilt his dinner."
EUPHEMISM = "rough handling"


class JourneyAudit(AxeAudit):
    """The staff pages' audit (WCAG 2.2 A/AA, and 2.5.3 Label in Name, which axe-core files as
    experimental), in one run of axe-core per page: a rule enabled by name runs whatever the tags."""

    def check(self, page: Page, label: str) -> None:
        options = {
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "rules": {LABEL_IN_NAME: {"enabled": True}},
            "resultTypes": ["violations"],
        }
        results = self.axe.run(page, options=options).response
        self.checked.append(f"{label}: {page.url}")
        for violation in results["violations"]:
            for node in violation["nodes"]:
                target = " ".join(str(t) for t in node["target"])
                self.violations.append((label, page.url, violation["id"], target, violation["help"]))


@pytest.fixture
def mail_server(settings: SettingsWrapper) -> Iterator[LoopbackSMTP]:
    """A real SMTP server on loopback, and the outbox pointed at it (as in tests/intake/test_acknowledgement.py)."""
    server = LoopbackSMTP().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


def run_worker() -> str:
    """The real task worker, in this process, until nothing is left to do."""
    out = io.StringIO()
    call_command("run_worker", "--batch", "--no-startup-delay", "--interval=0", stdout=out)
    return out.getvalue()


# The public form, by keyboard: a school's designated safeguarding lead ----------------------


def send_contact_from_school(page: Page, base: str) -> str:
    """PROFESSIONAL_SCHOOL's answers, about Jayden Smith (CHILD_NAMED); returns the reference shown."""
    page.goto(f"{base}/")
    activate(page, "a.govuk-button--start", "Start now")
    choose_radio(page, "immediate_danger", "no")
    press_button(page)
    choose_radio(page, "referrer_type", "professional")
    press_button(page)
    assert page.url.endswith("/report/your-details/"), page.url
    for name in ("referrer_name", "organisation_name", "professional_role", "referrer_email"):
        type_into(page, f"#{name}", DETAILS[name])
    choose_radio(page, "organisation_type", DETAILS["organisation_type"])
    press_button(page)
    choose_radio(page, "form_type", PROFESSIONAL_SCHOOL["request-type"]["form_type"])
    press_button(page)
    assert page.url.endswith("/report/hub/"), page.url  # a school is asked about the Consultation Hub
    choose_radio(page, "hub_advice", PROFESSIONAL_SCHOOL["hub"]["hub_advice"])
    press_button(page)
    activate(page, "a#add", "Add a child")
    choose_radio(page, "born", "yes")
    press_button(page)  # issue 17: "Has the child been born?" is its own question
    for name in ("given_names", "family_name", "date_of_birth-day", "date_of_birth-month", "date_of_birth-year"):
        type_into(page, f"#{name}", CHILD_NAMED[name])
    press_button(page, "Save and continue")
    assert page.url.endswith("/report/children/"), page.url
    press_button(page)  # the children
    press_button(page)  # other people
    type_into(page, "#concern", CONCERN)
    press_button(page)
    press_button(page)  # the family
    choose_radio(page, "parental_knowledge", PROFESSIONAL_SCHOOL["parents"]["parental_knowledge"])
    press_button(page)
    press_button(page)  # documents
    assert page.url.endswith("/report/check/"), page.url
    press_button(page, "Send")
    found = REFERENCE.search(page.inner_text(".govuk-panel"))
    assert found, page.inner_text("main")
    return found.group(0)


# Staff ----------------------------------------------------------------------------------------


def sign_in(page: Page, base: str, username: str) -> None:
    code = second_factor_code(username)  # SEC-1: their authenticator app's code (the app enrolled if need be)
    page.goto(f"{base}/accounts/sign-in/")
    type_into(page, "#username", username)
    type_into(page, "#password", PASSWORD)
    press_button(page, "Sign in")
    type_into(page, "#code", code)
    press_button(page, "Continue")
    assert page.url.endswith("/staff/"), page.url


def person(username: str, first: str, last: str, role: str, team: Team | None) -> User:
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        team=team,
        first_name=first,
        last_name=last,
        email=f"{username}@council.example",
    )


def main_text(page: Page) -> str:
    return page.inner_text("main")


def banner(page: Page) -> str:
    return " ".join(page.locator(".govuk-notification-banner").all_inner_texts())


def staff_page(page: Page, audit: JourneyAudit, label: str, path: str, shot: str | None = None) -> None:
    """A staff page: where we expected, GOV.UK Frontend loaded, no keyboard trap; then axe-core and a screenshot.
    A fragment followed before a redirect stays in the address; only the page is compared."""
    assert page.url.split("#")[0].endswith(path.split("#")[0]), (page.url, path)
    assert_govuk_page(page, public=False)
    audit.check(page, label)
    if shot:
        screenshot(page, shot)


def test_a_contact_is_screened_proposed_authorised_and_the_referrer_is_emailed(
    live_server: object, new_page: Callable[[], Page], mail_server: LoopbackSMTP
) -> None:
    """SCR-1, SCR-3, SCR-7, CON-1, DEC-1, DEC-2, ACK-3 in the browser, with no axe-core violation."""
    base = str(live_server)
    family = smith_family()
    mash = Team.objects.create(name="MASH screening team", kind=Team.Kind.SCREENING)
    out_of_hours = Team.objects.create(name="Safeguarding Out of Hours Service", kind=Team.Kind.OUT_OF_HOURS)

    # 1. The contact arrives through the public form.
    reference = send_contact_from_school(new_page(), base)
    contact = Contact.objects.get(reference=reference)
    assert contact.referrer_email == REFERRER_EMAIL
    # By day it waits in the screening queue; at night, in the out-of-hours queue (§3).
    assert (contact.queue, contact.team) in ((Queue.SCREENING, mash), (Queue.OUT_OF_HOURS, out_of_hours))
    jayden = contact.people.get(given_names="Jayden")
    contact_path = f"/staff/screening/{reference}/"
    person(username="tomasz", first="Tomasz", last="Nowak", role=Role.SCREENING_SOCIAL_WORKER, team=contact.team)
    person(username="grace", first="Grace", last="Adeyemi", role=Role.TEAM_MANAGER, team=contact.team)

    audit = JourneyAudit()

    # 2. The screener finds the queue and claims the next contact.
    page = new_page()
    sign_in(page, base, "tomasz")
    activate(page, 'a[href="/staff/screening/"]', "Queue")
    if contact.queue == Queue.OUT_OF_HOURS:
        activate(page, f'a[href="?queue={Queue.OUT_OF_HOURS}"]', "Out of hours")
    queue_path = "/staff/screening/" + ("" if contact.queue == Queue.SCREENING else f"?queue={contact.queue}")
    staff_page(page, audit, "queue", queue_path, "screening-queue.png")
    assert reference in page.inner_text("table"), "the contact is not in the queue"
    assert "immediate protection first, then by decision deadline" in main_text(page)
    press_button(page, "Screen the next contact")
    staff_page(page, audit, "contact, claimed", contact_path)
    assert f"You are screening contact {reference}" in banner(page)
    assert "Tomasz Nowak" in main_text(page)

    # 3. Known to services: Jayden is checked against the person index and linked.
    match_path = f"/staff/people/match/{jayden.pk}/"
    activate(page, f'a[href="{match_path}"]', "Check")
    staff_page(page, audit, "match", match_path)
    activate(page, f"#candidate-{family.jayden.pk} button", "This is the same person")
    staff_page(page, audit, "contact, child linked", f"{contact_path}#known", "screening-contact.png")
    assert page.url.endswith("#known"), page.url  # back at "Known to services"
    assert ContactPersonLink.objects.get(contact_person=jayden).person_id == family.jayden.pk
    known = page.inner_text("main")
    assert f"Jayden Smith, record {family.jayden.pk}" in known, known
    assert "Mia Smith" in known  # his family's history is shown with his

    # 4. The screening record, and the wording check (SCR-7).
    activate(page, f'a[href="{contact_path}record/"]', "Fill in the screening record")
    staff_page(page, audit, "screening record", f"{contact_path}record/", "screening-record.png")
    type_into(page, "#nature_of_concern", NATURE)
    choose_radio(page, "abuse_or_neglect", "child_in_need")
    choose_radio(page, "continuum_level", "3")
    type_into(page, "#continuum_reasons", "Food and care at home need a coordinated response.")
    for question in ("domestic_abuse", "mental_ill_health", "substance_misuse", "learning_difficulties"):
        choose_radio(page, question, "unknown")
    # What the referrer said the parents know is already filled in; the screener confirms it.
    assert page.is_checked('input[name="parental_knowledge"][value="informed_agreed"]')
    choose_radio(page, "suspected_crime", "no")
    press_button(page, "Save")
    # Not saved: the banner takes the focus and says why, and leads to the box that keeps the words.
    page.wait_for_function("() => document.activeElement.matches('.govuk-notification-banner[role=alert]')")
    staff_page(page, audit, "record, check your wording", f"{contact_path}record/", "screening-language-check.png")
    wording = page.inner_text(".govuk-notification-banner")
    assert "Check your wording" in wording and EUPHEMISM in wording.lower(), wording
    assert page.input_value("#nature_of_concern") == NATURE  # nothing typed is lost
    assert not Screening.objects.get(contact=contact).nature_of_concern  # and nothing is saved yet
    tab_to(page, 'a[href="#keep_wording"]')
    page.keyboard.press("Enter")
    assert focused(page, 'input[name="keep_wording"]')
    page.keyboard.press("Space")
    assert focused(page, 'input[name="keep_wording"]:checked')
    press_button(page, "Save")
    staff_page(page, audit, "contact, record saved", contact_path)
    assert "Screening record saved" in banner(page)
    assert f"“{EUPHEMISM}” in nature of concern" in main_text(page).lower()
    screening = Screening.objects.get(contact=contact)
    assert (screening.continuum_level, screening.parental_knowledge) == (3, "informed_agreed")
    assert screening.kept_language[0]["text"].lower() == EUPHEMISM

    # 5. The screener proposes a child and family assessment.
    activate(page, f'a[href="{contact_path}propose/"]', "Propose a decision")
    staff_page(page, audit, "propose", f"{contact_path}propose/")
    choose_radio(page, "outcome", Outcome.ASSESSMENT)
    type_into(page, "#reasons", "Jayden's needs are complex and not met at home; the family agree to help.")
    screenshot(page, "screening-propose.png")
    press_button(page, "Save")
    staff_page(page, audit, "contact, proposed", contact_path)
    assert "Decision proposed: a manager will authorise it" in banner(page)
    assert page.get_by_role("link", name="Authorise or send back").count() == 0  # never the proposer's to authorise
    decision = Decision.objects.get(contact=contact)
    assert decision.status == DecisionStatus.PROPOSED

    # 6. The manager finds it in their list, reads it, and authorises it.
    page = new_page()
    sign_in(page, base, "grace")
    activate(page, 'a[href="/staff/screening/mine/"]', "My list")
    staff_page(page, audit, "my list", "/staff/screening/mine/")
    assert reference in page.inner_text("table")
    activate(page, f'main a[href="{contact_path}"]', reference)
    staff_page(page, audit, "contact, waiting for the manager", contact_path)
    activate(page, f'a[href="{contact_path}review/"]', "Authorise or send back")
    staff_page(page, audit, "review", f"{contact_path}review/", "screening-review.png")
    assert "Tomasz Nowak" in main_text(page) and "Child and family assessment" in main_text(page)
    choose_radio(page, "action", "authorise")
    press_button(page, "Save")
    staff_page(page, audit, "contact, authorised", contact_path, "screening-decided.png")
    assert "Decision authorised" in banner(page)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AUTHORISED
    assert decision.reviewed_by is not None and decision.reviewed_by.username == "grace"
    referral = Referral.objects.get(contact=contact)  # option 3: the contact became a referral (DEC-2)
    assert f"Referral {referral.reference}" in main_text(page)
    assert f"Email to {REFERRER_EMAIL}" in main_text(page)

    # 7. The referral is listed apart from contacts (DEC-2), and the deadlines page.
    activate(page, 'a[href="/staff/screening/referrals/"]', "Referrals")
    staff_page(page, audit, "referrals", "/staff/screening/referrals/")
    assert referral.reference in page.inner_text("table") and "Child seen" in page.inner_text("table")
    activate(page, 'a[href="/staff/screening/deadlines/"]', "Deadlines")
    staff_page(page, audit, "deadlines", "/staff/screening/deadlines/", "deadlines.png")

    audit.assert_clean()

    # 8. The worker sends the outcome email over SMTP; the referrer receives it.
    outcome = OutboundEmail.objects.get(contact=contact, kind=OutboundEmail.Kind.OUTCOME)
    assert mail_server.messages == []  # nothing is sent by the web pages themselves
    run_worker()
    outcome.refresh_from_db()
    assert outcome.status == OutboundEmail.Status.SENT, outcome.last_error
    [received] = [m for m in mail_server.messages if m.message["Message-ID"] == outcome.message_id]
    assert received.rcpt_tos == [REFERRER_EMAIL]
    assert received.message["To"] == REFERRER_EMAIL
    assert reference in received.message["Subject"]
    body = received.body
    assert reference in body
    assert "Our decision: Child and family assessment" in body  # a professional is told the outcome
    assert "A social worker will see the child" in body
    for private in (CONCERN, NATURE, "Jayden", "Smith", EUPHEMISM):  # privacy: nothing of what was said
        assert private.lower() not in body.lower(), private
