"""TIM-1 working days, INT-10/INT-13 opening hours: plain tests, no database."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from frontdoor.policy.calendar import (
    LONDON,
    add_working_days,
    bank_holiday_name,
    is_bank_holiday,
    is_open,
    is_working_day,
    next_opening,
    next_working_day,
    to_london,
)
from frontdoor.policy.config import (
    CSC_HOURS,
    HUB_HOURS,
    PolicyConfig,
    WeeklyHours,
    default_config,
)


def london(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day (observed)"),  # substitute for Saturday 26th
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 8, 31), "Late Summer Bank Holiday"),
        (date(2027, 12, 27), "Christmas Day (observed)"),
        (date(2027, 12, 28), "Boxing Day (observed)"),
    ],
)
def test_tim1_bank_holidays_of_england_and_wales(day: date, name: str) -> None:
    assert is_bank_holiday(day)
    assert bank_holiday_name(day) == name
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [date(2026, 12, 24), date(2026, 12, 29), date(2026, 4, 7), date(2026, 9, 1)])
def test_tim1_ordinary_weekdays_are_working_days(day: date) -> None:
    assert not is_bank_holiday(day)
    assert bank_holiday_name(day) is None
    assert is_working_day(day)


def test_tim1_scottish_only_bank_holiday_is_a_working_day_in_england() -> None:
    # 2 January is a bank holiday in Scotland only; 2026-01-02 is a Friday.
    assert is_working_day(date(2026, 1, 2))


def test_tim1_weekend_is_not_a_working_day() -> None:
    assert is_working_day(date(2026, 12, 11))  # Friday
    assert not is_working_day(date(2026, 12, 12))  # Saturday
    assert not is_working_day(date(2026, 12, 13))  # Sunday
    assert is_working_day(date(2026, 12, 14))  # Monday


def test_tim1_aware_datetime_uses_its_london_date() -> None:
    # 23:30 UTC on Friday 5 June 2026 is 00:30 BST on Saturday 6 June in London.
    assert not is_working_day(datetime(2026, 6, 5, 23, 30, tzinfo=UTC))
    assert is_working_day(datetime(2026, 6, 5, 22, 30, tzinfo=UTC))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 24), date(2026, 12, 29)),  # Christmas, weekend, substitute Boxing Day
        (date(2026, 4, 2), date(2026, 4, 7)),  # Good Friday, weekend, Easter Monday
        (date(2026, 8, 28), date(2026, 9, 1)),  # weekend, Summer bank holiday
        (date(2026, 12, 14), date(2026, 12, 15)),  # ordinary Monday
        (date(2026, 12, 12), date(2026, 12, 14)),  # from a Saturday
    ],
)
def test_tim1_next_working_day_skips_weekends_and_bank_holidays(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


def test_tim1_add_working_days_across_christmas_bank_holiday_weekend() -> None:
    due = add_working_days(london(2026, 12, 24, 10, 0), 1)
    assert due == london(2026, 12, 29, 10, 0)


def test_tim1_add_working_days_across_easter() -> None:
    due = add_working_days(london(2026, 4, 2, 15, 30), 2)
    assert due == london(2026, 4, 8, 15, 30)


def test_tim1_add_working_days_across_summer_bank_holiday_weekend() -> None:
    assert add_working_days(london(2026, 8, 28, 9, 15), 1) == london(2026, 9, 1, 9, 15)


def test_tim1_add_working_days_from_weekend_counts_from_midnight_of_next_working_day() -> None:
    assert add_working_days(london(2026, 12, 12, 23, 10), 1) == london(2026, 12, 15, 0, 0)
    assert add_working_days(london(2026, 12, 12, 23, 10), 0) == london(2026, 12, 14, 0, 0)


def test_tim1_add_working_days_from_bank_holiday_counts_from_next_working_day() -> None:
    assert add_working_days(london(2026, 12, 25, 14, 0), 1) == london(2026, 12, 30, 0, 0)


def test_tim1_add_zero_working_days_on_a_working_day_is_unchanged() -> None:
    assert add_working_days(london(2026, 12, 14, 11, 45), 0) == london(2026, 12, 14, 11, 45)


# Python subtracts two datetimes sharing one tzinfo on the wall clock, so elapsed time
# is measured in UTC below.


def test_tim1_dst_starts_2026_03_29_deadline_keeps_clock_time() -> None:
    received = london(2026, 3, 27, 10, 0)  # Friday, GMT
    due = add_working_days(received, 1)
    assert due == london(2026, 3, 30, 10, 0)  # Monday, BST
    assert due.utcoffset() == timedelta(hours=1)
    assert received.utcoffset() == timedelta(0)
    assert due.astimezone(UTC) == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
    assert due.astimezone(UTC) - received.astimezone(UTC) == timedelta(days=3, hours=-1)


def test_tim1_dst_ends_2026_10_25_deadline_keeps_clock_time() -> None:
    received = london(2026, 10, 23, 10, 0)  # Friday, BST
    due = add_working_days(received, 1)
    assert due.astimezone(UTC) == datetime(2026, 10, 26, 10, 0, tzinfo=UTC)  # Monday 10:00 GMT
    assert due.utcoffset() == timedelta(0)
    assert due.astimezone(UTC) - received.astimezone(UTC) == timedelta(days=3, hours=1)


def test_tim1_received_on_dst_sunday_counts_from_monday_midnight() -> None:
    due = add_working_days(london(2026, 3, 29, 1, 30), 0)  # 01:30 does not exist on the London clock
    assert due.astimezone(UTC) == datetime(2026, 3, 29, 23, 0, tzinfo=UTC)  # Monday 00:00 BST


def test_tim1_add_working_days_accepts_other_timezones_and_returns_london_time() -> None:
    # 23:30 UTC on Monday 1 June 2026 is 00:30 BST on Tuesday 2 June.
    due = add_working_days(datetime(2026, 6, 1, 23, 30, tzinfo=UTC), 1)
    assert due == london(2026, 6, 3, 0, 30)
    assert due.tzinfo == LONDON


def test_tim1_negative_working_days_rejected() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(london(2026, 12, 14, 10), -1)


def test_tim1_naive_datetime_rejected() -> None:
    naive = london(2026, 12, 14, 10, 0).replace(tzinfo=None)
    with pytest.raises(ValueError, match="naive"):
        add_working_days(naive, 1)
    with pytest.raises(ValueError, match="naive"):
        is_open(naive, CSC_HOURS)
    with pytest.raises(ValueError, match="naive"):
        is_working_day(naive)
    with pytest.raises(ValueError, match="naive"):
        to_london(naive)
    with pytest.raises(ValueError, match="naive"):
        next_opening(naive, HUB_HOURS)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (london(2026, 12, 14, 7, 59), False),
        (london(2026, 12, 14, 8, 0), True),  # opens at 08:00 exactly
        (london(2026, 12, 14, 19, 59), True),
        (london(2026, 12, 14, 20, 0), False),  # closed at 20:00 exactly
        (london(2026, 12, 11, 19, 30), True),  # Friday evening
        (london(2026, 12, 12, 8, 59), False),  # Saturday
        (london(2026, 12, 12, 9, 0), True),
        (london(2026, 12, 12, 15, 59), True),
        (london(2026, 12, 12, 16, 0), False),  # Saturday 16:00 closed
        (london(2026, 12, 13, 12, 0), False),  # Sunday
        (london(2026, 12, 25, 12, 0), False),  # Christmas Day, a Friday
        (london(2026, 12, 28, 12, 0), False),  # substitute Boxing Day
        (london(2026, 4, 6, 12, 0), False),  # Easter Monday
    ],
)
def test_int13_customer_service_centre_hours(at: datetime, expected: bool) -> None:
    assert is_open(at, CSC_HOURS) is expected


def test_int13_hours_are_london_wall_clock() -> None:
    # 07:30 UTC on Monday 6 July 2026 is 08:30 BST: open; 07:30 BST is not.
    assert is_open(datetime(2026, 7, 6, 7, 30, tzinfo=UTC), CSC_HOURS)
    assert not is_open(london(2026, 7, 6, 7, 30), CSC_HOURS)


def test_int13_hours_can_stay_open_on_bank_holidays_when_configured() -> None:
    always_weekdays = WeeklyHours({d: (time(9), time(17)) for d in range(5)}, closed_on_bank_holidays=False)
    assert is_open(london(2026, 4, 6, 10), always_weekdays)
    assert not is_open(london(2026, 4, 6, 10), CSC_HOURS)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (london(2026, 12, 10, 16, 30), True),  # Thursday until 17:00
        (london(2026, 12, 10, 17, 0), False),
        (london(2026, 12, 11, 15, 59), True),  # Friday until 16:00
        (london(2026, 12, 11, 16, 0), False),
        (london(2026, 12, 14, 8, 59), False),
        (london(2026, 12, 14, 9, 0), True),
        (london(2026, 12, 12, 10, 0), False),  # Saturday
        (london(2026, 8, 31, 10, 0), False),  # Summer bank holiday
    ],
)
def test_int10_consultation_hub_hours(at: datetime, expected: bool) -> None:
    assert is_open(at, HUB_HOURS) is expected


def test_int10_next_opening_is_now_when_open() -> None:
    at = london(2026, 12, 14, 11, 0)
    assert next_opening(at, HUB_HOURS) == at


def test_int10_next_opening_later_the_same_day() -> None:
    assert next_opening(london(2026, 12, 14, 6, 0), HUB_HOURS) == london(2026, 12, 14, 9, 0)


def test_int10_next_opening_across_dst_start() -> None:
    opens = next_opening(london(2026, 3, 27, 16, 30), HUB_HOURS)  # Friday after 16:00, GMT
    assert opens.astimezone(UTC) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 BST


def test_int10_next_opening_of_hours_that_never_open_is_an_error() -> None:
    with pytest.raises(ValueError, match="never open"):
        next_opening(london(2026, 12, 14), WeeklyHours({}))


def test_config_weekly_hours_describe_and_validate() -> None:
    assert CSC_HOURS.describe() == "Mon-Fri 08:00-20:00, Sat 09:00-16:00"
    assert HUB_HOURS.describe() == "Mon-Thu 09:00-17:00, Fri 09:00-16:00"
    assert CSC_HOURS.interval(6) is None
    with pytest.raises(ValueError, match="weekdays"):
        WeeklyHours({7: (time(9), time(17))})
    with pytest.raises(ValueError, match="before closing"):
        WeeklyHours({0: (time(17), time(9))})
    with pytest.raises(TypeError):
        CSC_HOURS.days[6] = (time(9), time(12))  # type: ignore[index]


def test_config_defaults_are_this_councils_and_another_council_can_override() -> None:
    config = default_config()
    assert config.csc_hours == CSC_HOURS
    assert config.hub_hours == HUB_HOURS
    assert (config.written_confirmation_hours, config.decision_working_days) == (24, 1)
    assert config.acknowledgement_working_days == 1
    other = PolicyConfig(decision_working_days=2)
    assert other.decision_working_days == 2
    assert other.csc_hours == CSC_HOURS
    with pytest.raises(ValueError, match="negative"):
        PolicyConfig(written_confirmation_hours=-1)
