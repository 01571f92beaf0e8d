"""TIM-2: the pathway's deadlines across weekends and bank holidays, and how near each one is (TIM-3)."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdoor.pathway import services as pathway
from frontdoor.policy import timescales
from frontdoor.policy.calendar import LONDON
from frontdoor.policy.config import PolicyConfig
from tests.factories import referral_with_child, social_worker
from tests.pathway.conftest import PARTICIPANTS


def test_tim2_a_referral_on_the_thursday_before_easter() -> None:
    thursday = dt.date(2027, 3, 25)  # Good Friday 26 March, Easter Monday 29 March 2027
    assert timescales.child_seen_due_on(thursday).due_on == dt.date(2027, 4, 5)
    # 45 working days: Good Friday, Easter Monday, the early May (3 May) and spring (31 May) bank holidays skipped.
    assert timescales.assessment_due_on(thursday).due_on == dt.date(2027, 6, 2)
    # A strategy discussion that day: the initial conference within 15 working days.
    assert timescales.initial_conference_due_on(thursday).due_on == dt.date(2027, 4, 19)


def test_tim2_a_referral_at_the_weekend_counts_from_the_next_working_day() -> None:
    saturday, friday = dt.date(2026, 11, 21), dt.date(2026, 11, 20)
    assert timescales.child_seen_due_on(saturday).due_on == dt.date(2026, 11, 30)  # Monday + 5
    assert timescales.child_seen_due_on(friday).due_on == dt.date(2026, 11, 27)
    # Christmas: Friday 25 December, Boxing Day observed Monday 28 December, New Year's Day 1 January.
    assert timescales.child_seen_due_on(dt.date(2026, 12, 23)).due_on == dt.date(2027, 1, 4)


def test_tim2_review_conferences_three_months_then_six_and_the_end_of_a_short_month() -> None:
    assert timescales.review_conference_due_on(dt.date(2026, 11, 30)).due_on == dt.date(2027, 2, 28)
    assert timescales.review_conference_due_on(dt.date(2026, 8, 31), dt.date(2026, 8, 31)).due_on == dt.date(
        2027, 2, 28
    )
    due = timescales.review_conference_due_on(dt.date(2026, 1, 15), dt.date(2026, 4, 10))
    assert (due.due_on, due.rule_id) == (dt.date(2026, 10, 10), "later_review")
    assert "Working Together to Safeguard Children 2023" in due.source


def test_tim2_a_councils_own_timescales_change_the_child_seen_and_assessment_deadlines() -> None:
    quicker = PolicyConfig(child_seen_working_days=3, assessment_working_days=30)
    assert timescales.child_seen_due_on(dt.date(2026, 11, 17), quicker).due_on == dt.date(2026, 11, 20)
    assert "3 working days" in timescales.child_seen_due_on(dt.date(2026, 11, 17), quicker).title


def test_tim3_a_date_deadline_is_due_all_day_and_overdue_the_next() -> None:
    due = dt.date(2026, 12, 8)
    assert timescales.date_due_state(due, dt.datetime(2026, 12, 8, 23, 0, tzinfo=LONDON)) == "due_today"
    assert timescales.date_due_state(due, dt.datetime(2026, 12, 9, 0, 1, tzinfo=LONDON)) == "overdue"
    assert timescales.date_due_state(due, dt.datetime(2026, 12, 7, 9, 0, tzinfo=LONDON)) == "due_next_working_day"
    # Friday 4 December: due the next working day is Monday 7 December, so 8 December is later.
    assert timescales.date_due_state(due, dt.datetime(2026, 12, 4, 9, 0, tzinfo=LONDON)) == "later"
    assert timescales.date_due_state(due, dt.datetime(2027, 1, 1, tzinfo=LONDON), dt.date(2026, 12, 10)) == "done"


@pytest.mark.django_db
def test_tim2_tim3_an_episodes_deadlines_and_the_overdue_list() -> None:
    tuesday = dt.datetime(2026, 11, 10, 9, 0, tzinfo=LONDON)
    _, episode = referral_with_child(outcome="strategy_discussion", received_at=tuesday)  # referred 10 November 2026
    worker = social_worker()
    held = dt.datetime(2026, 11, 10, 15, 0, tzinfo=LONDON)
    sd = pathway.record_strategy_discussion(
        episode, actor=worker, held_at=held, participants=PARTICIPANTS, outcome="s47"
    )
    s47 = pathway.start_section47(episode, actor=worker, strategy_discussion=sd, started_on=dt.date(2026, 11, 10))
    pathway.complete_section47(s47, actor=worker, completed_on=dt.date(2026, 11, 13), outcome="substantiated_icpc")
    assessment = pathway.start_assessment(episode, actor=worker, started_on=dt.date(2026, 11, 10), primary_need="N1")
    pathway.record_child_seen(assessment, actor=worker, seen_on=dt.date(2026, 11, 18))  # a day late
    episode.refresh_from_db()
    on_dec_2 = dt.datetime(2026, 12, 2, 10, 0, tzinfo=LONDON)
    rows = {d.rule_id: d for d in pathway.episode_deadlines(episode, on_dec_2)}
    assert rows["child_seen"].due_on == dt.date(2026, 11, 17) and rows["child_seen"].late
    assert rows["child_seen"].state == "done"
    assert rows["assessment"].due_on == dt.date(2027, 1, 15) and rows["assessment"].state == "later"
    assert rows["initial_conference"].due_on == dt.date(2026, 12, 1) and rows["initial_conference"].state == "overdue"
    overdue = pathway.due_items(now=on_dec_2)
    assert [(d.rule_id, d.episode.pk) for d in overdue] == [("initial_conference", episode.pk)]
    pathway.hold_initial_conference(s47, actor=worker, held_on=dt.date(2026, 11, 23), outcome="plan", category="EMO")
    episode.refresh_from_db()
    rows = {d.rule_id: d for d in pathway.episode_deadlines(episode, on_dec_2)}
    assert rows["initial_conference"].state == "done"
    assert rows["first_review"].due_on == dt.date(2027, 2, 23)
    # A fortnight after the first review was due, it is overdue.
    late = dt.datetime(2027, 3, 9, 10, 0, tzinfo=LONDON)
    assert [d.rule_id for d in pathway.due_items(now=late) if d.state == "overdue"] == ["assessment", "first_review"]
