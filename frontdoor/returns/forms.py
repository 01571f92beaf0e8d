"""The returns pages' questions, with GOV.UK error messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from frontdoor.core.govuk_forms import GovukDateField
from frontdoor.returns.services import FIRST_YEAR, current_year


class YearForm(forms.Form):
    year = forms.IntegerField(
        label="Collection year (the year it ends on 31 March)",
        help_text="For example, 2026 for 1 April 2025 to 31 March 2026",
        error_messages={"required": "Enter the collection year", "invalid": "Enter the year as a number, like 2026"},
    )

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        last = current_year() + 1
        if not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(f"Enter a year between {FIRST_YEAR} and {last}")
        return year


class ChartFilters(forms.Form):
    """The charts' date range and team (RET-3)."""

    start = GovukDateField(label="From", required=False, help_text="For example, 1 4 2025")
    end = GovukDateField(label="To", required=False, help_text="For example, 31 3 2026")
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, teams: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams"), *teams]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            if end < start:
                self.add_error("end", "The end date must be the same as or after the start date")
            elif (end - start).days > 366 * 3:
                self.add_error("end", "Choose a range of 3 years or less")
        return data
