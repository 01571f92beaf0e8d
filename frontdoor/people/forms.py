"""Forms of the person index's staff pages (rendered with the GOV.UK macros)."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.core import validation
from frontdoor.core.govuk_forms import GovukDateField, long_text, text
from frontdoor.people import matching


def _normalised(value: str, normalise: Any) -> str:
    if not value:
        return ""
    try:
        result: str = normalise(value)
    except validation.ValidationProblem as problem:
        raise forms.ValidationError(problem.message) from problem
    return result


class SearchForm(forms.Form):
    given_name = text("First name", max_length=100, autocomplete="off")
    surname = text("Last name", max_length=100, autocomplete="off")
    date_of_birth = GovukDateField(label="Date of birth", must_be_past=True, help_text="For example, 27 3 2019")
    postcode = text("Postcode", max_length=20, width=10, autocomplete="off")
    nhs_number = text("NHS number", max_length=20, width=10, autocomplete="off")

    def clean_postcode(self) -> str:
        return _normalised(self.cleaned_data.get("postcode", ""), validation.normalise_postcode)

    def clean_nhs_number(self) -> str:
        return _normalised(self.cleaned_data.get("nhs_number", ""), validation.normalise_nhs_number)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(k) for k in ("given_name", "surname", "date_of_birth", "postcode",
                                                              "nhs_number")):  # fmt: skip
            raise forms.ValidationError("Enter a name, a date of birth, a postcode or an NHS number to search for")
        return data

    def query(self) -> matching.PersonRecord:
        data = self.cleaned_data
        given, _, middle = (data.get("given_name") or "").strip().partition(" ")
        return matching.PersonRecord(
            given_name=given,
            middle_names=middle.strip(),
            surname=(data.get("surname") or "").strip(),
            date_of_birth=data.get("date_of_birth"),
            postcodes=(data["postcode"],) if data.get("postcode") else (),
            nhs_number=data.get("nhs_number") or "",
        )

    def audit_query(self) -> dict[str, str]:
        return {k: (v.isoformat() if hasattr(v, "isoformat") else str(v)) for k, v in self.cleaned_data.items() if v}


class ReasonForm(forms.Form):
    reason = long_text("Reason (optional)", rows=2, max_length=2000)


class UnlinkForm(forms.Form):
    reason = long_text(
        "Why is this link wrong?",
        required=True,
        rows=2,
        max_length=2000,
        error_messages={"required": "Enter why you are removing the link"},
    )


class LinkForm(forms.Form):
    person = forms.IntegerField(min_value=1)
    reason = long_text("Reason (optional)", rows=2, max_length=2000)
