"""Deadlines for a contact (TIM-2), each with the rule and source that set it (DEC-7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from frontdoor.policy.calendar import LONDON, add_working_days, to_london
from frontdoor.policy.config import PolicyConfig, default_config

PROCEDURE = "Contacts and Referrals procedure"

DECISION_SOURCE = (
    f"{PROCEDURE} §7 'Timescale for Making Initial Decision About a Contact'; "
    "Working Together to Safeguard Children"
)
ACKNOWLEDGEMENT_SOURCE = f"{PROCEDURE} §4 'Acknowledgement of Contact by Children's Services'"
WRITTEN_CONFIRMATION_SOURCE = f"{PROCEDURE} §3 'Contact from a Professional'"


@dataclass(frozen=True)
class Deadline:
    due_at: datetime
    rule_id: str
    source: str
    title: str = ""  # plain English, e.g. "Decision within 1 working day of receipt"


def _days(n: int) -> str:
    return f"{n} working day" + ("" if n == 1 else "s")


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
    elapsed = to_london(received_at).astimezone(UTC) + timedelta(hours=hours)
    return Deadline(
        due_at=elapsed.astimezone(LONDON),
        rule_id="written_confirmation",
        source=WRITTEN_CONFIRMATION_SOURCE,
        title=f"Professional confirms a phone contact in writing within {hours} hours",
    )
