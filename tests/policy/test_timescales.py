"""TIM-2 deadlines and their sources (DEC-7): plain tests, no database."""

from datetime import UTC, datetime, timedelta

import pytest

from frontdoor.policy.calendar import LONDON
from frontdoor.policy.config import PolicyConfig
from frontdoor.policy.timescales import (
    DEADLINE_RULES,
    Deadline,
    DueState,
    acknowledgement_due,
    assessment_due,
    child_seen_due,
    decision_due,
    due_state,
    strategy_discussion_due,
    written_confirmation_due,
)


def london(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


def test_tim2_decision_due_one_working_day_after_friday_receipt_is_monday() -> None:
    deadline = decision_due(london(2026, 12, 11, 15, 0))
    assert deadline.due_at == london(2026, 12, 14, 15, 0)
    assert deadline.rule_id == "decision"
    assert "§7" in deadline.source
    assert deadline.title == "Decision within 1 working day of receipt"


def test_tim2_decision_due_skips_christmas_and_substitute_boxing_day() -> None:
    assert decision_due(london(2026, 12, 24, 9, 30)).due_at == london(2026, 12, 29, 9, 30)


def test_tim2_decision_due_for_saturday_contact_is_end_of_monday() -> None:
    assert decision_due(london(2026, 12, 12, 23, 10)).due_at == london(2026, 12, 15, 0, 0)


def test_tim2_acknowledgement_due_one_working_day_with_its_source() -> None:
    deadline = acknowledgement_due(london(2026, 4, 2, 12, 0))  # Thursday before Easter
    assert deadline.due_at == london(2026, 4, 7, 12, 0)
    assert deadline.rule_id == "acknowledgement"
    assert "§4" in deadline.source


def test_int12_written_confirmation_due_24_hours_later_including_weekends() -> None:
    deadline = written_confirmation_due(london(2026, 12, 11, 18, 0))  # Friday evening
    assert deadline.due_at == london(2026, 12, 12, 18, 0)  # Saturday: hours, not working days
    assert deadline.rule_id == "written_confirmation"
    assert "§3" in deadline.source


def test_int12_written_confirmation_is_24_elapsed_hours_across_dst_start() -> None:
    received = london(2026, 3, 28, 10, 0)  # Saturday, GMT
    due = written_confirmation_due(received).due_at
    assert due.astimezone(UTC) - received.astimezone(UTC) == timedelta(hours=24)  # elapsed
    assert (due.hour, due.utcoffset()) == (11, timedelta(hours=1))  # Sunday 11:00 BST


def test_int12_written_confirmation_is_24_elapsed_hours_across_dst_end() -> None:
    received = london(2026, 10, 24, 10, 0)  # Saturday, BST
    due = written_confirmation_due(received).due_at
    assert due.astimezone(UTC) == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    assert (due.hour, due.utcoffset()) == (9, timedelta(0))  # Sunday 09:00 GMT


def test_tim2_deadlines_follow_another_councils_config() -> None:
    config = PolicyConfig(decision_working_days=2, acknowledgement_working_days=3, written_confirmation_hours=48)
    received = london(2026, 12, 14, 10, 0)  # Monday
    assert decision_due(received, config).due_at == london(2026, 12, 16, 10, 0)
    assert decision_due(received, config).title == "Decision within 2 working days of receipt"
    assert acknowledgement_due(received, config).due_at == london(2026, 12, 17, 10, 0)
    assert written_confirmation_due(received, config).due_at == london(2026, 12, 16, 10, 0)


def test_dec7_every_deadline_names_its_rule_and_source() -> None:
    received = london(2026, 12, 14, 10, 0)
    deadlines = [f(received) for f in (decision_due, acknowledgement_due, written_confirmation_due)]
    assert len({d.rule_id for d in deadlines}) == 3
    for deadline in deadlines:
        assert isinstance(deadline, Deadline)
        assert deadline.source.startswith("Contacts and Referrals procedure §")
        assert deadline.title
        assert deadline.due_at > received


def test_tim2_naive_receipt_time_rejected() -> None:
    naive = london(2026, 12, 14, 10, 0).replace(tzinfo=None)
    for f in (decision_due, acknowledgement_due, written_confirmation_due):
        with pytest.raises(ValueError, match="naive"):
            f(naive)


# TIM-2: strategy discussion, child seen, assessment.


def test_tim2_strategy_discussion_due_24_elapsed_hours_across_a_weekend() -> None:
    deadline = strategy_discussion_due(london(2026, 12, 11, 18, 0))  # Friday evening
    assert deadline.due_at == london(2026, 12, 12, 18, 0)  # Saturday: hours, not working days
    assert deadline.rule_id == "strategy_discussion"
    assert "§10" in deadline.source and "Working Together to Safeguard Children 2023" in deadline.source
    assert deadline.title == "Decide on a strategy discussion within 24 hours (significant harm)"


def test_tim2_strategy_discussion_is_24_elapsed_hours_across_dst_start_and_end() -> None:
    spring = strategy_discussion_due(london(2027, 3, 27, 10, 0)).due_at  # Saturday; BST starts Sunday 28th
    assert spring.astimezone(UTC) == datetime(2027, 3, 28, 10, 0, tzinfo=UTC)
    assert (spring.hour, spring.utcoffset()) == (11, timedelta(hours=1))
    autumn = strategy_discussion_due(london(2026, 10, 24, 10, 0)).due_at  # Saturday; GMT from Sunday 25th
    assert autumn.astimezone(UTC) == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    assert (autumn.hour, autumn.utcoffset()) == (9, timedelta(0))


def test_tim2_strategy_discussion_does_not_mention_starting_section_47() -> None:
    deadline = strategy_discussion_due(london(2026, 12, 14, 10, 0))
    assert "47" not in deadline.title


def test_tim2_child_seen_five_working_days_across_a_weekend() -> None:
    deadline = child_seen_due(london(2026, 12, 10, 14, 30))  # Thursday
    assert deadline.due_at == london(2026, 12, 17, 14, 30)  # the next Thursday
    assert deadline.rule_id == "child_seen"
    assert "§10" in deadline.source
    assert deadline.title == "Child in need seen within 5 working days of the referral"


def test_tim2_child_seen_skips_christmas_boxing_day_observed_and_new_year() -> None:
    # 25 Dec 2026 is a Friday; Boxing Day (Saturday) is observed on Monday 28 December;
    # New Year's Day 2027 is a Friday. Working days: 24, 29, 30, 31 Dec, 4 Jan.
    assert child_seen_due(london(2026, 12, 23, 10, 0)).due_at == london(2027, 1, 4, 10, 0)


def test_tim2_child_seen_skips_easter_2027_and_keeps_its_clock_time_across_bst() -> None:
    # Good Friday 26 March 2027, Easter Monday 29 March; BST starts Sunday 28 March.
    due = child_seen_due(london(2027, 3, 24, 9, 0)).due_at  # Wednesday, GMT
    assert due == london(2027, 4, 2, 9, 0)  # 25 Mar, 30 Mar, 31 Mar, 1 Apr, 2 Apr
    assert (due.hour, due.utcoffset()) == (9, timedelta(hours=1))


def test_tim2_child_seen_for_a_saturday_referral_counts_from_monday() -> None:
    # Counting starts at 00:00 on Monday 14th: due at the end of Friday 18th (00:00 Monday 21st).
    assert child_seen_due(london(2026, 12, 12, 11, 0)).due_at == london(2026, 12, 21, 0, 0)


def test_tim2_assessment_45_working_days_across_easter_2027() -> None:
    deadline = assessment_due(london(2027, 2, 1, 10, 0))  # Monday
    assert deadline.due_at == london(2027, 4, 7, 10, 0)  # Wednesday, BST
    assert deadline.due_at.utcoffset() == timedelta(hours=1)
    assert deadline.rule_id == "assessment"
    assert "Working Together to Safeguard Children 2023" in deadline.source
    assert deadline.title == "Assessment completed within 45 working days of the referral"


def test_tim2_assessment_45_working_days_across_christmas_2026() -> None:
    assert assessment_due(london(2026, 11, 16, 15, 0)).due_at == london(2027, 1, 21, 15, 0)


def test_tim2_new_deadlines_follow_another_councils_config() -> None:
    config = PolicyConfig(strategy_discussion_hours=12, child_seen_working_days=3, assessment_working_days=10)
    referral = london(2026, 12, 14, 10, 0)  # Monday
    assert strategy_discussion_due(referral, config).due_at == london(2026, 12, 14, 22, 0)
    assert strategy_discussion_due(referral, config).title.startswith("Decide on a strategy discussion within 12 hours")
    assert child_seen_due(referral, config).due_at == london(2026, 12, 17, 10, 0)
    assert child_seen_due(referral, config).title == "Child in need seen within 3 working days of the referral"
    assert assessment_due(referral, config).due_at == london(2026, 12, 30, 10, 0)  # 25 and 28 Dec skipped


@pytest.mark.parametrize("name", ["strategy_discussion_hours", "child_seen_working_days", "assessment_working_days"])
def test_tim2_negative_timescales_are_rejected(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        PolicyConfig(**{name: -1})  # type: ignore[arg-type]


def test_tim2_new_deadlines_reject_naive_times() -> None:
    naive = london(2026, 12, 14, 10, 0).replace(tzinfo=None)
    for f in (strategy_discussion_due, child_seen_due, assessment_due):
        with pytest.raises(ValueError, match="naive"):
            f(naive)


ALL_DEADLINES = (
    decision_due,
    acknowledgement_due,
    written_confirmation_due,
    strategy_discussion_due,
    child_seen_due,
    assessment_due,
)


def test_dec7_deadline_rules_lists_every_deadline_with_its_title_and_source() -> None:
    received = london(2026, 12, 14, 10, 0)
    deadlines = [f(received) for f in ALL_DEADLINES]
    assert set(DEADLINE_RULES) == {d.rule_id for d in deadlines}
    assert len(DEADLINE_RULES) == len(ALL_DEADLINES)
    for deadline in deadlines:
        assert DEADLINE_RULES[deadline.rule_id] == (deadline.title, deadline.source)
        assert deadline.source.startswith("Contacts and Referrals procedure §")
        assert deadline.due_at > received


# TIM-3: how near a deadline is.


def test_tim3_done_wins_even_when_late() -> None:
    due = london(2026, 12, 14, 10, 0)
    assert due_state(due, now=london(2026, 12, 20), done_at=london(2026, 12, 15)) == DueState.DONE == "done"
    assert due_state(due, now=london(2026, 12, 1), done_at=london(2026, 12, 1)) == "done"


def test_tim3_exactly_at_the_due_time_is_due_today_and_a_moment_later_overdue() -> None:
    due = london(2026, 12, 14, 10, 0)
    assert due_state(due, now=due) == "due_today"
    assert due_state(due, now=due + timedelta(microseconds=1)) == "overdue"
    assert due_state(due, now=due.astimezone(UTC)) == "due_today"  # the same instant in UTC
    assert due_state(due, now=london(2026, 12, 14, 0, 0)) == "due_today"
    assert due_state(due, now=london(2026, 12, 15, 9, 0)) == "overdue"


def test_tim3_due_today_uses_the_london_date_not_the_utc_date() -> None:
    # In BST, 00:30 on Tuesday 16 June in London is 23:30 on Monday 15 June in UTC.
    due = london(2026, 6, 16, 0, 30)
    assert due.astimezone(UTC).day == 15
    assert due_state(due, now=london(2026, 6, 15, 10, 0)) == "due_next_working_day"
    # 00:30 London on Monday 15 June is 23:30 UTC on Sunday 14 June: already Monday in London.
    now = datetime(2026, 6, 14, 23, 30, tzinfo=UTC)
    assert due_state(london(2026, 6, 15, 18, 0), now=now) == "due_today"
    # Midnight: due at 00:00 London on 16 June is due on 16 June, not at the end of the 15th.
    assert due_state(london(2026, 6, 16, 0, 0), now=london(2026, 6, 15, 23, 59)) == "due_next_working_day"


def test_tim3_in_winter_london_midnight_is_utc_midnight() -> None:
    due = datetime(2026, 12, 15, 0, 0, tzinfo=UTC)  # 00:00 Tuesday in London too
    assert due_state(due, now=london(2026, 12, 14, 23, 0)) == "due_next_working_day"
    assert due_state(due, now=london(2026, 12, 15, 0, 0)) == "due_today"


def test_tim3_friday_next_working_day_is_monday() -> None:
    friday = london(2026, 12, 11, 14, 0)
    assert due_state(london(2026, 12, 11, 17, 0), now=friday) == "due_today"
    assert due_state(london(2026, 12, 12, 10, 0), now=friday) == "due_next_working_day"  # Saturday
    assert due_state(london(2026, 12, 14, 23, 59), now=friday) == "due_next_working_day"  # end of Monday
    assert due_state(london(2026, 12, 15, 0, 0), now=friday) == "later"  # Tuesday


def test_tim3_over_christmas_2026_the_next_working_day_is_tuesday_29th() -> None:
    christmas_eve = london(2026, 12, 24, 10, 0)
    assert due_state(london(2026, 12, 28, 9, 0), now=christmas_eve) == "due_next_working_day"  # observed
    assert due_state(london(2026, 12, 29, 17, 0), now=christmas_eve) == "due_next_working_day"
    assert due_state(london(2026, 12, 30, 9, 0), now=christmas_eve) == "later"


def test_tim3_over_easter_2027_the_next_working_day_is_tuesday_30_march() -> None:
    maundy_thursday = london(2027, 3, 25, 16, 0)
    assert due_state(london(2027, 3, 29, 12, 0), now=maundy_thursday) == "due_next_working_day"
    assert due_state(london(2027, 3, 30, 12, 0), now=maundy_thursday) == "due_next_working_day"
    assert due_state(london(2027, 3, 31, 0, 0), now=maundy_thursday) == "later"
    # On Good Friday itself (a bank holiday), the next working day is still Tuesday.
    assert due_state(london(2027, 3, 30, 23, 0), now=london(2027, 3, 26, 9, 0)) == "due_next_working_day"


def test_tim3_a_deadline_from_the_functions_moves_through_the_states() -> None:
    deadline = decision_due(london(2026, 12, 11, 15, 0))  # due Monday 14th 15:00
    assert due_state(deadline.due_at, now=london(2026, 12, 11, 15, 0)) == "due_next_working_day"
    assert due_state(deadline.due_at, now=london(2026, 12, 14, 9, 0)) == "due_today"
    assert due_state(deadline.due_at, now=london(2026, 12, 14, 15, 1)) == "overdue"
    assert set(DueState.ALL) == {"done", "overdue", "due_today", "due_next_working_day", "later"}


def test_tim3_naive_times_are_rejected() -> None:
    aware = london(2026, 12, 14, 10, 0)
    naive = aware.replace(tzinfo=None)
    with pytest.raises(ValueError, match="naive"):
        due_state(naive, now=aware)
    with pytest.raises(ValueError, match="naive"):
        due_state(aware, now=naive)
    with pytest.raises(ValueError, match="naive"):
        due_state(aware, now=aware, done_at=naive)
