"""What the task worker does on every sweep, across the apps, in order; each duty is safe to repeat."""

from __future__ import annotations

import datetime as dt

from frontdoor.intake import services as intake
from frontdoor.screening import services as screening
from frontdoor.workbench import services as workbench

EMAILS_QUEUED = intake.EMAILS_QUEUED


def periodic_duties(*, now: dt.datetime | None = None) -> dict[str, int]:
    # Deadlines first: the daily check's digest emails then go out in the same sweep (TIM-3).
    flagged = screening.check_deadlines(now=now)
    # Each allocated worker is told of their cases' steps due by the end of the next working day (issue 15).
    told = workbench.notify_deadlines_due_tomorrow(now=now)
    return {"deadlines flagged": flagged, "deadlines due tomorrow told": told, **intake.periodic_duties(now=now)}
