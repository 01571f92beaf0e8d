"""Local policy: the values one council chooses, with this council's as defaults.

Everything here is plain data. Another council builds its own ``PolicyConfig``
(for example ``PolicyConfig(hub_hours=WeeklyHours({...}))``) and passes it to the
functions in ``timescales`` and ``routing``; nothing else needs to change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from types import MappingProxyType

Interval = tuple[time, time]
"""Opening period within one day: open from the start (inclusive) to the end (exclusive)."""

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SHORT_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class WeeklyHours:
    """Opening hours for each weekday (0 = Monday ... 6 = Sunday); ``None`` means closed.

    Weekdays left out of ``days`` are closed. An interval cannot run past midnight.
    """

    days: Mapping[int, Interval | None]
    closed_on_bank_holidays: bool = True

    def __post_init__(self) -> None:
        unknown = set(self.days) - set(range(7))
        if unknown:
            raise ValueError(f"weekdays must be 0 (Monday) to 6 (Sunday), got {sorted(unknown)}")
        for weekday, interval in self.days.items():
            if interval is not None and not interval[0] < interval[1]:
                raise ValueError(f"{DAY_NAMES[weekday]}: opening time must be before closing time")
        # Store all seven days, read-only, so the object really is immutable.
        object.__setattr__(self, "days", MappingProxyType({d: self.days.get(d) for d in range(7)}))

    def __hash__(self) -> int:
        return hash((tuple(self.days.items()), self.closed_on_bank_holidays))

    def interval(self, weekday: int) -> Interval | None:
        return self.days[weekday]

    def describe(self) -> str:
        """Plain English, e.g. ``"Mon-Fri 08:00-20:00, Sat 09:00-16:00"``."""
        parts: list[str] = []
        weekday = 0
        while weekday < 7:
            interval = self.days[weekday]
            last = weekday
            while last + 1 < 7 and self.days[last + 1] == interval:
                last += 1
            if interval is not None:
                span = _SHORT_DAY_NAMES[weekday]
                if last > weekday:
                    span += f"-{_SHORT_DAY_NAMES[last]}"
                parts.append(f"{span} {interval[0]:%H:%M}-{interval[1]:%H:%M}")
            weekday = last + 1
        return ", ".join(parts) if parts else "never open"


def _hours(start: str, end: str) -> Interval:
    return (time.fromisoformat(start), time.fromisoformat(end))


# Customer Service Centre: procedure §3 "Contacts Outside of Normal Hours" (INT-13).
CSC_HOURS = WeeklyHours(
    days={
        0: _hours("08:00", "20:00"),
        1: _hours("08:00", "20:00"),
        2: _hours("08:00", "20:00"),
        3: _hours("08:00", "20:00"),
        4: _hours("08:00", "20:00"),
        5: _hours("09:00", "16:00"),
        6: None,
    },
    closed_on_bank_holidays=True,
)

# Consultation Hub for schools and early years: procedure §2 "Consultation Hub" (INT-10).
HUB_HOURS = WeeklyHours(
    days={
        0: _hours("09:00", "17:00"),
        1: _hours("09:00", "17:00"),
        2: _hours("09:00", "17:00"),
        3: _hours("09:00", "17:00"),
        4: _hours("09:00", "16:00"),
        5: None,
        6: None,
    },
    closed_on_bank_holidays=True,
)

WRITTEN_CONFIRMATION_HOURS = 24  # INT-12, procedure §3 "Contact from a Professional"
DECISION_WORKING_DAYS = 1  # TIM-2, procedure §7
ACKNOWLEDGEMENT_WORKING_DAYS = 1  # TIM-2, procedure §4
STRATEGY_DISCUSSION_HOURS = 24  # TIM-2, procedure §10: decision to hold a strategy discussion (significant harm)
CHILD_SEEN_WORKING_DAYS = 5  # TIM-2, procedure §10: child in need seen within 5 working days
ASSESSMENT_WORKING_DAYS = 45  # TIM-2, Working Together to Safeguard Children 2023: assessment completes

# Screening suggestions (SCR-5): how many earlier contacts make a pattern worth showing.
REPEATED_CONTACTS_THRESHOLD = 3  # earlier contacts about the child or family in 12 months
ANONYMOUS_CONTACTS_THRESHOLD = 3  # earlier anonymous contacts about the family in 30 days
REPEAT_NFA_THRESHOLD = 2  # earlier contacts closed with no further action in 12 months
PRE_MOBILE_AGE_DAYS = 183  # DEC-4: with no mobility recorded, a baby under 6 months is treated as pre-mobile


@dataclass(frozen=True)
class PolicyConfig:
    """One council's local policy. The defaults are this council's."""

    csc_hours: WeeklyHours = CSC_HOURS
    hub_hours: WeeklyHours = HUB_HOURS
    written_confirmation_hours: int = WRITTEN_CONFIRMATION_HOURS
    decision_working_days: int = DECISION_WORKING_DAYS
    acknowledgement_working_days: int = ACKNOWLEDGEMENT_WORKING_DAYS
    strategy_discussion_hours: int = STRATEGY_DISCUSSION_HOURS
    child_seen_working_days: int = CHILD_SEEN_WORKING_DAYS
    assessment_working_days: int = ASSESSMENT_WORKING_DAYS
    repeated_contacts_threshold: int = REPEATED_CONTACTS_THRESHOLD
    anonymous_contacts_threshold: int = ANONYMOUS_CONTACTS_THRESHOLD
    repeat_nfa_threshold: int = REPEAT_NFA_THRESHOLD
    pre_mobile_age_days: int = PRE_MOBILE_AGE_DAYS

    def __post_init__(self) -> None:
        for name in (
            "written_confirmation_hours",
            "decision_working_days",
            "acknowledgement_working_days",
            "strategy_discussion_hours",
            "child_seen_working_days",
            "assessment_working_days",
            "repeated_contacts_threshold",
            "anonymous_contacts_threshold",
            "repeat_nfa_threshold",
            "pre_mobile_age_days",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")


_DEFAULT = PolicyConfig()


def default_config() -> PolicyConfig:
    """This council's policy."""
    return _DEFAULT
