"""Deadlines for a contact and a referral (TIM-2), each with the rule and source that set it
(DEC-7), and how near each one is (TIM-3)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from frontdoor.policy.calendar import LONDON, add_working_days, next_working_day, to_london
from frontdoor.policy.config import PolicyConfig, default_config

PROCEDURE = "Contacts and Referrals procedure"

DECISION_SOURCE = (
    f"{PROCEDURE} §7 'Timescale for Making Initial Decision About a Contact'; Working Together to Safeguard Children"
)
ACKNOWLEDGEMENT_SOURCE = f"{PROCEDURE} §4 'Acknowledgement of Contact by Children's Services'"
WRITTEN_CONFIRMATION_SOURCE = f"{PROCEDURE} §3 'Contact from a Professional'"
WORKING_TOGETHER = "Working Together to Safeguard Children 2023"
STRATEGY_DISCUSSION_SOURCE = (
    f"{PROCEDURE} §10 'Pathway Following a Contact' (Option 3) and §9 'Children Suffering Significant Harm'; "
    f"{WORKING_TOGETHER}, chapter 3 'Strategy discussion'"
)
CHILD_SEEN_SOURCE = (
    f"{PROCEDURE} §10 'Pathway Following a Contact' (Option 3, child in need: the child is seen); "
    f"{WORKING_TOGETHER}, chapter 3"
)
ASSESSMENT_SOURCE = (
    f"{PROCEDURE} §10 'Pathway Following a Contact' and §11 'The Assessment Framework'; "
    f"{WORKING_TOGETHER}, chapter 3 (timeliness of assessments: from the point of referral)"
)


@dataclass(frozen=True)
class Deadline:
    due_at: datetime
    rule_id: str
    source: str
    title: str = ""  # plain English, e.g. "Decision within 1 working day of receipt"


def _days(n: int) -> str:
    return f"{n} working day" + ("" if n == 1 else "s")


def _after_hours(at: datetime, hours: int) -> datetime:
    """Elapsed hours, not clock hours: 24 hours across a clock change is still 24 hours."""
    return (to_london(at).astimezone(UTC) + timedelta(hours=hours)).astimezone(LONDON)


def decision_due(received_at: datetime, config: PolicyConfig | None = None) -> Deadline:
    config = config or default_config()
    n = config.decision_working_days
    return Deadline(
        due_at=add_working_days(received_at, n),
        rule_id="decision",
        source=DECISION_SOURCE,
        title=f"Decision within {_days(n)} of receipt",
    )


def acknowledgement_due(received_at: datetime, config: PolicyConfig | None = None) -> Deadline:
    config = config or default_config()
    n = config.acknowledgement_working_days
    return Deadline(
        due_at=add_working_days(received_at, n),
        rule_id="acknowledgement",
        source=ACKNOWLEDGEMENT_SOURCE,
        title=f"Acknowledge in writing within {_days(n)} of receipt",
    )


def written_confirmation_due(received_at: datetime, config: PolicyConfig | None = None) -> Deadline:
    """Elapsed hours, not clock hours: 24 hours across a clock change is still 24 hours."""
    config = config or default_config()
    hours = config.written_confirmation_hours
    return Deadline(
        due_at=_after_hours(received_at, hours),
        rule_id="written_confirmation",
        source=WRITTEN_CONFIRMATION_SOURCE,
        title=f"Professional confirms a phone contact in writing within {hours} hours",
    )


def strategy_discussion_due(decided_at: datetime, config: PolicyConfig | None = None) -> Deadline:
    """The decision to hold a strategy discussion, for significant harm: elapsed hours from the
    decision that the contact suggests significant harm (24 across a clock change is still 24).

    The deadline is for deciding on the discussion; it never starts a Section 47 enquiry (DEC-3).
    """
    config = config or default_config()
    hours = config.strategy_discussion_hours
    return Deadline(
        due_at=_after_hours(decided_at, hours),
        rule_id="strategy_discussion",
        source=STRATEGY_DISCUSSION_SOURCE,
        title=f"Decide on a strategy discussion within {hours} hours (significant harm)",
    )


def child_seen_due(referral_at: datetime, config: PolicyConfig | None = None) -> Deadline:
    config = config or default_config()
    n = config.child_seen_working_days
    return Deadline(
        due_at=add_working_days(referral_at, n),
        rule_id="child_seen",
        source=CHILD_SEEN_SOURCE,
        title=f"Child in need seen within {_days(n)} of the referral",
    )


def assessment_due(referral_at: datetime, config: PolicyConfig | None = None) -> Deadline:
    config = config or default_config()
    n = config.assessment_working_days
    return Deadline(
        due_at=add_working_days(referral_at, n),
        rule_id="assessment",
        source=ASSESSMENT_SOURCE,
        title=f"Assessment completed within {_days(n)} of the referral",
    )


# rule_id -> (title, source) for every deadline rule, with this council's default titles
# (a Deadline built from another config carries its own title). Built from the functions
# themselves so the two never drift apart.
_DEADLINE_FUNCTIONS = (
    decision_due,
    acknowledgement_due,
    written_confirmation_due,
    strategy_discussion_due,
    child_seen_due,
    assessment_due,
)
_ANY_TIME = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
DEADLINE_RULES: dict[str, tuple[str, str]] = {
    d.rule_id: (d.title, d.source) for d in (f(_ANY_TIME) for f in _DEADLINE_FUNCTIONS)
}


class DueState:
    DONE = "done"
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_NEXT_WORKING_DAY = "due_next_working_day"
    LATER = "later"
    ALL = (DONE, OVERDUE, DUE_TODAY, DUE_NEXT_WORKING_DAY, LATER)


def due_state(due_at: datetime, now: datetime, done_at: datetime | None = None) -> str:
    """How near a deadline is (TIM-3), on the London calendar.

    "done" once done (even if late: lateness is ``done_at > due_at``); "overdue" strictly after
    the due time (due exactly now is not yet overdue); "due_today" if due later on now's London
    date; "due_next_working_day" if due by the end of the next working day after now's London
    date (so on Friday, Saturday-to-Monday deadlines); otherwise "later".
    """
    due = to_london(due_at)
    local_now = to_london(now)
    if done_at is not None:
        to_london(done_at)  # raises ValueError if naive
        return DueState.DONE
    if local_now > due:
        return DueState.OVERDUE
    if due.date() == local_now.date():
        return DueState.DUE_TODAY
    if due.date() <= next_working_day(local_now.date()):
        return DueState.DUE_NEXT_WORKING_DAY
    return DueState.LATER


# --- The pathway after a referral (TIM-2, STA-1): deadlines in whole days --------------------------
#
# A pathway deadline is a date: the step is on time if it happens on or before that date. Working
# days follow the calendar (TIM-1); a start on a weekend or bank holiday counts from the next
# working day, as ``add_working_days`` does.

INITIAL_CONFERENCE_SOURCE = (
    f"{WORKING_TOGETHER}, chapter 4 'Initial child protection conference' (within 15 working days of the "
    "strategy discussion, or the last strategy discussion if there was more than one, at which section 47 "
    "enquiries were started); 'Investigation and Referrals', section 'Child protection conferences and plans'"
)
REVIEW_CONFERENCE_SOURCE = (
    f"{WORKING_TOGETHER}, chapter 4 'Child protection review conference' (the first within 3 months of the "
    "initial conference, then at intervals of not more than 6 months)"
)
INITIAL_CONFERENCE_WORKING_DAYS = 15
FIRST_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6


@dataclass(frozen=True)
class DueDate:
    """A pathway deadline: the date it falls on, and the rule and source that set it (DEC-7)."""

    due_on: date
    rule_id: str
    source: str
    title: str


def working_days_after(day: date, n: int) -> date:
    """The date ``n`` working days after ``day`` (England and Wales, TIM-1)."""
    return add_working_days(datetime.combine(day, time(12, 0), tzinfo=LONDON), n).date()


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later, or the last day of that month if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def child_seen_due_on(referral_date: date, config: PolicyConfig | None = None) -> DueDate:
    config = config or default_config()
    n = config.child_seen_working_days
    return DueDate(
        working_days_after(referral_date, n),
        "child_seen",
        CHILD_SEEN_SOURCE,
        f"Child in need seen within {_days(n)} of the referral",
    )


def assessment_due_on(referral_date: date, config: PolicyConfig | None = None) -> DueDate:
    config = config or default_config()
    n = config.assessment_working_days
    return DueDate(
        working_days_after(referral_date, n),
        "assessment",
        ASSESSMENT_SOURCE,
        f"Assessment completed within {_days(n)} of the referral",
    )


def initial_conference_due_on(strategy_discussion_date: date) -> DueDate:
    n = INITIAL_CONFERENCE_WORKING_DAYS
    return DueDate(
        working_days_after(strategy_discussion_date, n),
        "initial_conference",
        INITIAL_CONFERENCE_SOURCE,
        f"Initial child protection conference within {_days(n)} of the strategy discussion",
    )


def review_conference_due_on(plan_started_on: date, last_review_on: date | None = None) -> DueDate:
    """The first review within 3 months of the plan starting (the initial conference), then each
    review within 6 months of the one before."""
    if last_review_on is None:
        return DueDate(
            months_after(plan_started_on, FIRST_REVIEW_MONTHS),
            "first_review",
            REVIEW_CONFERENCE_SOURCE,
            f"First review conference within {FIRST_REVIEW_MONTHS} months of the plan starting",
        )
    return DueDate(
        months_after(last_review_on, LATER_REVIEW_MONTHS),
        "later_review",
        REVIEW_CONFERENCE_SOURCE,
        f"Next review conference within {LATER_REVIEW_MONTHS} months of the last",
    )


def date_due_state(due_on: date, now: datetime, done_on: date | None = None) -> str:
    """``due_state`` for a deadline that is a whole day: due until the end of ``due_on`` (London)."""
    end_of_day = datetime.combine(due_on, time(23, 59, 59), tzinfo=LONDON)
    done_at = datetime.combine(done_on, time(0, 0), tzinfo=LONDON) if done_on is not None else None
    return due_state(end_of_day, now, done_at)


_ANY_DAY = date(2026, 1, 5)
PATHWAY_RULES: dict[str, tuple[str, str]] = {
    d.rule_id: (d.title, d.source)
    for d in (
        child_seen_due_on(_ANY_DAY),
        assessment_due_on(_ANY_DAY),
        initial_conference_due_on(_ANY_DAY),
        review_conference_due_on(_ANY_DAY),
        review_conference_due_on(_ANY_DAY, _ANY_DAY),
    )
}
