"""Allocation, caseload and notifications in a real browser, by keyboard, checked with axe-core
(issue 15 parts 3 and 4).

Jayden Smith's referral is authorised and his pathway is open, with nobody allocated. The
Assessment team's manager signs in, opens the referral and allocates it to Sam, a social worker in
her team; the workload page counts it against Sam. Sam signs in: the bell in the header counts one
unread notification; Jayden is in his caseload with his next deadline; the notification links to
Jayden's pathway and is marked read. Every new page: no axe-core WCAG 2.2 A/AA violation.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from frontdoor.accounts.models import Role, Team
from frontdoor.pathway.models import Episode
from frontdoor.workbench import services as workbench
from tests.browser.test_public_journey import activate, choose_radio, press_button
from tests.browser.test_screening_journey import JourneyAudit, banner, main_text, person, sign_in, staff_page
from tests.factories import referral_with_child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_issue15_a_manager_allocates_a_referral_and_the_worker_sees_it_in_caseload_and_notifications(
    live_server: object, new_page: Callable[[], Page]
) -> None:
    """Issue 15 (allocation, caseload, notifications; INT-14 routing follows) with no axe-core violation."""
    base = str(live_server)
    referral, episode = referral_with_child()
    team = Team.objects.create(name="Assessment team North", kind=Team.Kind.ASSESSMENT)
    person(username="owen", first="Owen", last="Price", role=Role.TEAM_MANAGER, team=team)
    sam = person(username="sam", first="Sam", last="Okoro", role=Role.SOCIAL_WORKER, team=team)
    audit = JourneyAudit()

    # 1. The manager allocates the referral to Sam.
    page = new_page()
    sign_in(page, base, "owen")
    referral_path = f"/staff/pathway/referrals/{referral.pk}/"
    page.goto(f"{base}{referral_path}")
    staff_page(page, audit, "referral", referral_path)
    allocate_path = f"{referral_path}allocate/"
    activate(page, f'a[href="{allocate_path}"]', "Allocate this referral")
    staff_page(page, audit, "allocate", allocate_path)
    choose_radio(page, "team", str(team.pk))
    choose_radio(page, "worker", str(sam.pk))
    press_button(page, "Allocate")
    staff_page(page, audit, "referral, allocated", referral_path)
    assert f"Referral {referral.reference} allocated to Sam Okoro" in banner(page)
    assert Episode.objects.get(pk=episode.pk).allocated_worker == sam
    activate(page, 'a[href="/staff/work/workload/"]', "Workload")
    staff_page(page, audit, "workload", "/staff/work/workload/")
    text = main_text(page)
    assert "Sam Okoro" in text and "Team total" in text

    # 2. Sam: the bell counts it; Jayden is in his caseload; the notification links to the pathway.
    page = new_page()
    sign_in(page, base, "sam")
    bell = page.locator('.govuk-service-navigation a[href="/staff/work/notifications/"]').inner_text()
    assert "Notifications" in bell and "1" in bell
    activate(page, 'a[href="/staff/work/caseload/"]', "My caseload")
    staff_page(page, audit, "caseload", "/staff/work/caseload/")
    text = main_text(page)
    assert "Jayden Smith" in text and "Open cases: 1" in text
    activate(page, 'a[href="/staff/work/notifications/"]', "Notifications")
    staff_page(page, audit, "notifications", "/staff/work/notifications/")
    assert "Owen Price allocated Jayden Smith's case to you" in main_text(page)
    press_button(page, "Mark as read")
    staff_page(page, audit, "notifications, read", "/staff/work/notifications/")
    assert "Marked as read" in banner(page) and workbench.unread_count(sam) == 0
    episode_path = f"/staff/pathway/{episode.pk}/"
    activate(page, f'main a[href="{episode_path}"]', "Owen Price allocated Jayden Smith")
    staff_page(page, audit, "episode", episode_path)
    assert "Sam Okoro" in main_text(page)

    audit.assert_clean()
