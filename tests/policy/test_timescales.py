"""TIM-2 deadlines and their sources (DEC-7): plain tests, no database."""

from datetime import UTC, datetime, timedelta

import pytest

from frontdoor.policy.calendar import LONDON
from frontdoor.policy.config import PolicyConfig
from frontdoor.policy.timescales import (
    Deadline,
    acknowledgement_due,
    decision_due,
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
    config = PolicyConfig(
        decision_working_days=2, acknowledgement_working_days=3, written_confirmation_hours=48
    )
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
