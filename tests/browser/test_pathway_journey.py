"""The pathway after a referral in a real browser, by keyboard, checked with axe-core (issue 6).

Jayden Smith's school referred him and a manager authorised a strategy discussion route, so his
episode is open. His social worker signs in, opens his pathway page, records a strategy
discussion (first with one agency only, which is refused with the answers kept), starts the
Section 47 enquiry it decided on, completes it as needing an initial child protection conference,
and records the conference, which starts a child protection plan. Every page: GOV.UK Frontend
loaded, no keyboard trap, no axe-core WCAG 2.2 A/AA violation (nor 2.5.3 Label in Name). Moves
are key presses (Tab, Space, the arrow keys, Enter, typing), with the helpers of the other
browser tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from frontdoor.accounts.models import Role
from frontdoor.pathway.models import Conference, Section47, StrategyDiscussion
from tests.browser.test_public_journey import activate, assert_error_summary_focused, choose_radio, press_button
from tests.browser.test_public_journey import type_into as type_in
from tests.browser.test_screening_journey import JourneyAudit, banner, main_text, person, sign_in, staff_page
from tests.factories import referral_with_child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_date(page: Page, name: str, day: dt.date) -> None:
    type_in(page, f"#{name}-day", str(day.day))
    type_in(page, f"#{name}-month", str(day.month))
    type_in(page, f"#{name}-year", str(day.year))


def test_sta1_tim2_a_strategy_discussion_s47_and_initial_conference_by_keyboard(
    live_server: object, new_page: Callable[[], Page]
) -> None:
    """STA-1, TIM-2 in the browser, with no axe-core violation."""
    base = str(live_server)
    referral, episode = referral_with_child(outcome="strategy_discussion")  # referred Tuesday 17 November 2026
    person(username="sam", first="Sam", last="Okoro", role=Role.SOCIAL_WORKER, team=referral.team)
    episode_path = f"/staff/pathway/{episode.pk}/"
    audit = JourneyAudit()

    page = new_page()
    sign_in(page, base, "sam")
    activate(page, 'a[href="/staff/pathway/"]', "Pathways")
    staff_page(page, audit, "pathways", "/staff/pathway/")
    activate(page, f'main a[href="{episode_path}"]', "Jayden Smith")
    staff_page(page, audit, "episode", episode_path)
    assert "Child in need seen within 5 working days of the referral" in main_text(page)

    # 1. The strategy discussion: one agency is not enough; the answers are kept.
    strategy_path = f"{episode_path}strategy-discussion/"
    activate(page, f'a[href="{strategy_path}"]', "Record a strategy discussion")
    staff_page(page, audit, "strategy discussion", strategy_path)
    type_date(page, "date", dt.date(2026, 11, 17))
    type_in(page, "#time", "15:00")
    type_in(page, "#p1_name", "Sam Okoro")
    type_in(page, "#p1_agency", "Children's social care")
    type_in(page, "#p1_role", "Social worker")
    choose_radio(page, "outcome", "s47")
    type_in(page, "#notes", "Joint visit with the police this evening; Jayden to be seen at school first.")
    press_button(page, "Save")
    assert_error_summary_focused(page, "at least two agencies")
    staff_page(page, audit, "strategy discussion, refused", strategy_path)
    assert page.input_value("#p1_name") == "Sam Okoro"  # nothing typed is lost
    type_in(page, "#p2_name", "DC Amir Patel")
    type_in(page, "#p2_agency", "Northshire Police")
    type_in(page, "#p3_name", "Dr Ruth Evans")
    type_in(page, "#p3_agency", "Northtown General Hospital")
    press_button(page, "Save")
    staff_page(page, audit, "episode, strategy discussion recorded", episode_path)
    assert "Strategy discussion recorded" in banner(page)
    discussion = StrategyDiscussion.objects.get(episode=episode)
    assert [p["agency"] for p in discussion.participants] == [
        "Children's social care",
        "Northshire Police",
        "Northtown General Hospital",
    ]
    assert "DC Amir Patel" in main_text(page)

    # 2. The Section 47 enquiry it decided on; the initial conference is due in 15 working days.
    start_path = f"{episode_path}section-47/"
    activate(page, f'a[href="{start_path}"]', "Start a Section 47 enquiry")
    staff_page(page, audit, "start s47", start_path)
    choose_radio(page, "strategy_discussion", str(discussion.pk))
    type_date(page, "started_on", dt.date(2026, 11, 17))
    press_button(page, "Save")
    staff_page(page, audit, "episode, s47 started", episode_path)
    assert "the initial conference is due by 8 December 2026" in banner(page)
    s47 = Section47.objects.get(episode=episode)

    # 3. The enquiry finds that a conference is needed.
    complete_path = f"{episode_path}section-47/{s47.pk}/complete/"
    activate(page, f'a[href="{complete_path}"]', "complete the enquiry")
    staff_page(page, audit, "complete s47", complete_path)
    choose_radio(page, "outcome", "substantiated_icpc")
    type_date(page, "completed_on", dt.date(2026, 11, 20))
    press_button(page, "Save")
    staff_page(page, audit, "episode, s47 completed", episode_path)

    # 4. The initial conference decides on a plan, which starts that day.
    conference_path = f"{episode_path}section-47/{s47.pk}/conference/"
    activate(page, f'a[href="{conference_path}"]', "record the initial conference")
    staff_page(page, audit, "initial conference", conference_path)
    assert "Due by 8 December 2026" in main_text(page)
    type_date(page, "held_on", dt.date(2026, 11, 23))
    choose_radio(page, "outcome", "plan")
    choose_radio(page, "category", "NEG")
    press_button(page, "Save")
    staff_page(page, audit, "episode, plan started", episode_path)
    assert "Initial child protection conference recorded" in banner(page)
    conference = Conference.objects.get(episode=episode)
    assert (conference.held_on, conference.due_on, conference.outcome) == (
        dt.date(2026, 11, 23),
        dt.date(2026, 12, 8),
        "plan",
    )
    text = main_text(page)
    assert "Next review due by 23 February 2027" in text and "Neglect" in text
    referral.refresh_from_db()
    assert referral.strategy_decided_at is not None and referral.s47_started_at is not None

    # 5. The family's letter about the enquiry.
    letter_path = f"{episode_path}letters/section47/"
    activate(page, f'a[href="{letter_path}"]', "read")
    staff_page(page, audit, "letter", letter_path)
    assert "This is not help you can say no to." in main_text(page)

    audit.assert_clean()
