"""Dates and times as people read them, in the council's time zone (GOV.UK style): the
pages' filters (``frontdoor.jinja``) and the documents the apps write (receipts, letters)."""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone

_ON_THE_HOUR = re.compile(r"\b(\d{1,2}):00(am|pm)\b")


def local_datetime(value: Any, fmt: str = "%-d %B %Y at %-I:%M%p") -> str:
    """Format an aware datetime in the council's time zone, GOV.UK style (5 March 2026 at 2:30pm,
    6 March 2026 at 10am)."""
    if value is None:
        return ""
    text: str = timezone.localtime(value).strftime(fmt)
    text = text.replace("AM", "am").replace("PM", "pm")
    # GOV.UK style: "10am", "12am", "9:30am", never "10:00am" (issue 17).
    return _ON_THE_HOUR.sub(r"\1\2", text)


def local_date(value: Any) -> str:
    return value.strftime("%-d %B %Y") if value else ""


def age(born: Any, today: Any = None) -> int | None:
    """Whole years since a date of birth, today in the council's time zone (None if not known)."""
    if not born:
        return None
    day = today or timezone.localdate()
    return int(day.year - born.year - ((day.month, day.day) < (born.month, born.day)))


def time_left(due: Any, now: Any = None) -> str:
    """How long until a deadline, in the words a list shows: "3 hours left", "2 days left",
    "45 minutes overdue" (issue 15: the queues' "time left")."""
    if due is None:
        return ""
    seconds = (due - (now or timezone.now())).total_seconds()
    late = seconds < 0
    seconds = abs(seconds)
    if seconds < 3600:
        amount, unit = max(1, int(seconds // 60)), "minute"
    elif seconds < 2 * 86400:
        amount, unit = int(seconds // 3600), "hour"
    else:
        amount, unit = int(seconds // 86400), "day"
    words = f"{amount} {unit}{'' if amount == 1 else 's'}"
    return f"{words} overdue" if late else f"{words} left"
