"""Lists that work (issue 15 part 2): filters kept in the URL, a date range, a sort, pages.

A list page binds ``ListFilters`` to ``request.GET`` (a GET form, so a filtered list is a link
that can be bookmarked or shared), applies what it cleaned to its own queryset with
``received_between`` and ``sorted_by``, and pages it with ``page_of``. The page renders the
form with ``components/filters.html`` and the pages with ``components/pager.html``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Model, QuerySet, Value, When
from django.utils import timezone

from frontdoor.policy.calendar import LONDON

PAGE_SIZE = 50
UNALLOCATED = "nobody"
M = TypeVar("M", bound=Model)

DATE_MESSAGE = "Enter a real date, like 27/3/2026"
_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)


def parse_day(text: str) -> dt.date | None:
    """A date as people type one in a filter: 27/3/2026, 27-03-2026, 2026-03-27, 27 March 2026."""
    text = text.strip()
    if not text:
        return None
    found = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if found:
        year, month, day = (int(g) for g in found.groups())
    else:
        found = re.fullmatch(r"(\d{1,2})[-/. ]+(\d{1,2}|[A-Za-z]{3,9})\.?[-/. ]+(\d{4})", text)
        if not found:
            raise forms.ValidationError(DATE_MESSAGE)
        day, year = int(found.group(1)), int(found.group(3))
        named = found.group(2).lower()
        month = int(named) if named.isdigit() else (_MONTHS.index(named[:3]) + 1 if named[:3] in _MONTHS else 0)
    try:
        return dt.date(year, month, day)
    except ValueError as problem:
        raise forms.ValidationError(DATE_MESSAGE) from problem


class ListFilters(forms.Form):
    """Team, queue, channel, status, a range of dates received, and the order (issue 15).
    Each page gives the choices it offers; a filter it does not offer is left out."""

    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    queue = forms.ChoiceField(label="Queue", required=False)
    channel = forms.ChoiceField(label="Channel", required=False)
    status = forms.ChoiceField(label="Status", required=False)
    worker = forms.ChoiceField(label="Allocated to", required=False)
    received_from = forms.CharField(
        label="Received from", required=False, max_length=30, help_text="For example, 27/3/2026"
    )
    received_to = forms.CharField(
        label="Received to", required=False, max_length=30, help_text="For example, 27/3/2026"
    )
    sort = forms.ChoiceField(label="Order", required=False)

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        sorts: Sequence[tuple[str, str]],
        teams: Sequence[tuple[int, str]] | None = None,
        queues: Sequence[tuple[str, str]] | None = None,
        channels: Sequence[tuple[str, str]] | None = None,
        statuses: Sequence[tuple[str, str]] | None = None,
        workers: Sequence[tuple[int, str]] | None = None,
    ) -> None:
        super().__init__(data)
        offered: dict[str, Sequence[tuple[Any, str]] | None] = {
            "team": teams,
            "queue": queues,
            "channel": channels,
            "status": statuses,
            "worker": None if workers is None else [(UNALLOCATED, "Nobody"), *((str(pk), n) for pk, n in workers)],
        }
        everything = {
            "team": "All teams",
            "queue": "All queues",
            "channel": "All channels",
            "status": "Any status",
            "worker": "Anyone or nobody",
        }
        for name, choices in offered.items():
            if choices is None:
                del self.fields[name]
            else:
                self.fields[name].choices = [("", everything[name]), *choices]  # type: ignore[attr-defined]
        self.fields["sort"].choices = list(sorts)  # type: ignore[attr-defined]
        self.default_sort = sorts[0][0]

    def clean_received_from(self) -> dt.date | None:
        return parse_day(self.cleaned_data.get("received_from") or "")

    def clean_received_to(self) -> dt.date | None:
        return parse_day(self.cleaned_data.get("received_to") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and end < start:
            self.add_error("received_to", "The 'received to' date must be on or after the 'received from' date")
        return data

    def value(self, name: str) -> Any:
        """What a filter is set to (None when not set, or when what was typed is wrong: the page
        shows the error, and the list the other filters)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None

    @property
    def chosen_sort(self) -> str:
        return self.value("sort") or self.default_sort


def allocated(rows: QuerySet[M], filters: ListFilters, field: str = "allocated_to") -> QuerySet[M]:
    """Rows allocated to the worker the filter names, or to nobody ("Nobody")."""
    chosen = filters.value("worker")
    if chosen == UNALLOCATED:
        return rows.filter(**{f"{field}__isnull": True})
    if chosen:
        return rows.filter(**{f"{field}_id": int(chosen)})
    return rows


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LONDON)


def received_between(rows: QuerySet[M], filters: ListFilters, field: str = "received_at") -> QuerySet[M]:
    """Rows received on or after the 'from' day and on or before the 'to' day (the council's days)."""
    start, end = filters.value("received_from"), filters.value("received_to")
    if start:
        rows = rows.filter(**{f"{field}__gte": _start_of(start)})
    if end:
        rows = rows.filter(**{f"{field}__lt": _start_of(end + dt.timedelta(days=1))})
    return rows


def today_first(rows: QuerySet[M], field: str = "received_at") -> tuple[QuerySet[M], str]:
    """Rows annotated with whether they arrived today (0) or before (1), for ordering by it first."""
    today = _start_of(timezone.localdate())
    marked = rows.annotate(
        arrived_before_today=Case(
            When(**{f"{field}__gte": today}, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    )
    return marked, "arrived_before_today"


def page_of(rows: QuerySet[M] | Sequence[Any], number: str | None, size: int | None = None) -> Page[Any]:
    return Paginator(rows, size or PAGE_SIZE).get_page(number)
