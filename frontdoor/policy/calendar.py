"""Working days and opening hours in England (TIM-1).

Working days exclude Saturdays, Sundays and the bank holidays of England and Wales
(including substitute days), taken from the ``holidays`` package. Every datetime
must be timezone-aware; results are in Europe/London.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from frontdoor.policy.config import WeeklyHours

LONDON = ZoneInfo("Europe/London")

# England and Wales share one set of bank holidays; the package's "ENG" subdivision
# includes substitute days (e.g. Boxing Day 2026 observed on Monday 28 December).
_COUNTRY = "GB"
_SUBDIVISION = "ENG"


@functools.cache
def _bank_holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays(_COUNTRY, subdiv=_SUBDIVISION, years=year))


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"naive datetime {at.isoformat()}: pass a timezone-aware datetime")


def to_london(at: datetime) -> datetime:
    """The same instant on the London clock. Raises ValueError on a naive datetime."""
    _require_aware(at)
    return at.astimezone(LONDON)


def _as_date(d: date) -> date:
    # A datetime is a date too: use its London calendar date, never its own.
    return to_london(d).date() if isinstance(d, datetime) else d


def _localise(wall: datetime) -> datetime:
    """Attach London time to a wall-clock datetime, normalising times skipped by DST."""
    return wall.replace(tzinfo=LONDON).astimezone(UTC).astimezone(LONDON)


def bank_holiday_name(d: date) -> str | None:
    """The bank holiday's name (e.g. "Boxing Day (observed)"), or None."""
    d = _as_date(d)
    return _bank_holidays(d.year).get(d)


def is_bank_holiday(d: date) -> bool:
    return bank_holiday_name(d) is not None


def is_working_day(d: date) -> bool:
    d = _as_date(d)
    return d.weekday() < 5 and not is_bank_holiday(d)


def next_working_day(d: date) -> date:
    """The first working day strictly after ``d``."""
    d = _as_date(d) + timedelta(days=1)
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def add_working_days(at: datetime, n: int) -> datetime:
    """The same London clock time ``n`` working days after ``at``.

    If ``at`` is not on a working day, counting starts at 00:00 on the next working
    day. Works in London wall time, so a deadline keeps its clock time across a
    change to or from British Summer Time.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    local = to_london(at)
    day = local.date()
    clock = local.time()
    if not is_working_day(day):
        day, clock = next_working_day(day), time(0)
    for _ in range(n):
        day = next_working_day(day)
    return _localise(datetime.combine(day, clock))


def is_open(at: datetime, hours: WeeklyHours) -> bool:
    """Whether a service with these hours is open at ``at`` (start inclusive, end exclusive)."""
    local = to_london(at)
    if hours.closed_on_bank_holidays and is_bank_holiday(local.date()):
        return False
    interval = hours.interval(local.weekday())
    return interval is not None and interval[0] <= local.time() < interval[1]


def next_opening(at: datetime, hours: WeeklyHours) -> datetime:
    """``at`` itself (in London time) if open then, otherwise when the service next opens."""
    local = to_london(at)
    if is_open(local, hours):
        return local
    for offset in range(367):
        day = local.date() + timedelta(days=offset)
        interval = hours.interval(day.weekday())
        if interval is None or (hours.closed_on_bank_holidays and is_bank_holiday(day)):
            continue
        opens = _localise(datetime.combine(day, interval[0]))
        if opens > local:
            return opens
    raise ValueError("these hours never open")
