"""Dates and times as people read them, in the council's time zone (GOV.UK style): the
pages' filters (``frontdoor.jinja``) and the documents the apps write (receipts, letters)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone


def local_datetime(value: Any, fmt: str = "%-d %B %Y at %-I:%M%p") -> str:
    """Format an aware datetime in the council's time zone, GOV.UK style (5 March 2026 at 2:30pm)."""
    if value is None:
        return ""
    text: str = timezone.localtime(value).strftime(fmt)
    return text.replace("AM", "am").replace("PM", "pm")


def local_date(value: Any) -> str:
    return value.strftime("%-d %B %Y") if value else ""
