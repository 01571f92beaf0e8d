"""A child's chronology and case notes in a real browser, by keyboard, checked with axe-core
(issue 15, parts 5 and 6: WRK-5, WRK-6).

Jayden Smith's school referred him and a manager authorised a strategy discussion, so his pathway
is open. His social worker signs in, opens the pathway, adds a case note from it (first with
nothing filled in, which is refused), lands on his chronology with the note among the contact,
decision and referral, filters it to case notes only, and sees that printed, the page drops its
menus and filter. Then she opens the page that corrects his record, the page that adds a
relationship, his family diagram, and the relationships his contact states. Every page: GOV.UK
Frontend loaded, no keyboard trap, no axe-core WCAG 2.2 A/AA violation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from frontdoor.accounts.models import Role
from frontdoor.audit.models import AuditEntry
from frontdoor.chronology.models import CaseNote
from tests.browser.test_pathway_journey import type_date
from tests.browser.test_public_journey import activate, assert_error_summary_focused, choose_radio, press_button, tab_to
from tests.browser.test_public_journey import type_into as type_in
from tests.browser.test_screening_journey import JourneyAudit, banner, main_text, person, sign_in, staff_page
from tests.factories import referral_with_child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Home visit. Jayden showed me his room and said he feels safe with his mum."


def test_wrk5_wrk6_a_social_worker_adds_a_case_note_and_reads_the_chronology(
    live_server: object, new_page: Callable[[], Page]
) -> None:
    """WRK-5 and WRK-6 in the browser, with no axe-core violation."""
    base = str(live_server)
    referral, episode = referral_with_child(outcome="strategy_discussion")
    sam = person(username="sam", first="Sam", last="Okoro", role=Role.SOCIAL_WORKER, team=referral.team)
    child = episode.child
    episode_path = f"/staff/pathway/{episode.pk}/"
    chronology_path = f"/staff/chronology/{child.pk}/"
    audit = JourneyAudit()

    page = new_page()
    sign_in(page, base, "sam")
    page.goto(f"{base}{episode_path}")
    staff_page(page, audit, "episode", episode_path)

    # 1. A case note from the pathway: nothing filled in is refused; then saved.
    note_path = f"/staff/chronology/pathways/{episode.pk}/notes/new/"
    activate(page, f'a[href="{note_path}"]', "add a case note")
    staff_page(page, audit, "add a case note", note_path)
    press_button(page, "Save the note")
    assert_error_summary_focused(
        page, "Select what kind of note this is", "Enter the date of the event", "Enter the note"
    )
    staff_page(page, audit, "add a case note, refused", note_path)
    choose_radio(page, "kind", "home_visit")
    type_date(page, "happened_on", dt.date(2026, 11, 18))
    type_in(page, "#text", NOTE)
    press_button(page, "Save the note")

    # 2. The chronology: the note among every event, newest first.
    staff_page(page, audit, "chronology", chronology_path)
    assert "Case note added to Jayden Smith's chronology" in banner(page)
    text = main_text(page)
    contact = referral.contact
    for expected in (
        NOTE,
        f"Contact {contact.reference} received",
        f"Referral {referral.reference} made",
        "Child's pathway opened",
        "Sam Okoro",
    ):
        assert expected in text, expected
    assert text.index(NOTE) < text.index(f"Contact {contact.reference} received")
    note = CaseNote.objects.get()
    assert (note.author_id, note.episode_id, note.happened_on) == (sam.pk, episode.pk, dt.date(2026, 11, 18))

    # 3. Filtered to case notes only, by keyboard; the filter is kept in the address.
    tab_to(page, 'input[type="checkbox"][value="note"]')
    page.keyboard.press("Space")
    press_button(page, "Apply filter")
    staff_page(page, audit, "chronology, case notes only", f"{chronology_path}?type=note")
    text = main_text(page)
    assert NOTE in text and f"Contact {contact.reference} received" not in text

    # 4. Printed: no menus, no filter, no buttons; the events stay.
    page.emulate_media(media="print")
    assert not page.locator(".govuk-service-navigation").is_visible()
    assert not page.locator("form.fd-no-print").is_visible()
    assert page.locator(".fd-chronology").is_visible()
    page.emulate_media(media="screen")

    # 5. Correcting his record, and adding a relationship: the pages open, by keyboard, clean.
    person_path = f"/staff/people/{child.pk}/"
    page.goto(f"{base}{person_path}")
    staff_page(page, audit, "person", person_path)
    edit_path = f"{person_path}edit/"
    activate(page, f'a[href="{edit_path}"]', "Correct Jayden Smith's details")
    staff_page(page, audit, "correct the record", edit_path)
    activate(page, f'a[href="{person_path}relationships/new/"]', "Add a relationship")
    staff_page(page, audit, "add a relationship", f"{person_path}relationships/new/")

    page.goto(f"{base}{person_path}")
    family_path = f"{person_path}family/"
    activate(page, f'a[href="{family_path}"]', "See Jayden Smith's family")
    staff_page(page, audit, "family", family_path)
    assert page.locator("svg.fd-family").is_visible()
    proposals_path = f"/staff/people/contacts/{contact.reference}/relationships/"
    page.goto(f"{base}{proposals_path}")
    staff_page(page, audit, "relationships a contact states", proposals_path)

    assert AuditEntry.objects.filter(action="chronology.viewed", actor=sam).count() >= 2
    audit.assert_clean()
