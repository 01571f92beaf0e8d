"""Forms of the person index's staff pages (rendered with the GOV.UK macros)."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.core import validation
from frontdoor.core.govuk_forms import GovukDateField, long_text, radios, text
from frontdoor.people import matching
from frontdoor.people.models import NameKind, RelationshipType, Sex


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
        if not self.errors and not any(
            data.get(k) for k in ("given_name", "surname", "date_of_birth", "postcode", "nhs_number")
        ):
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


# --- Keeping people right (WRK-6) ------------------------------------------------------------------------------

REASON_HINT = "For example, the date of birth was taken from the birth certificate. This is kept in the audit log."


def reason_field() -> forms.CharField:
    return long_text(
        "Why are you making this change?",
        required=True,
        rows=2,
        max_length=2000,
        help_text=REASON_HINT,
        error_messages={"required": "Enter why you are making this change"},
    )


class DetailsForm(forms.Form):
    given_name = text("First name", max_length=100, autocomplete="off")
    middle_names = text("Middle names", max_length=200, autocomplete="off")
    surname = text("Last name", max_length=100, autocomplete="off")
    name_change = radios(
        [
            ("correction", "It was wrong: correct it"),
            ("new_name", "They are now known by a new name: keep the old one"),
        ],
        label="If you changed the name, why?",
        required=False,
    )
    sex = radios(Sex.choices, label="Sex", required=False)
    date_of_birth = GovukDateField(label="Date of birth", must_be_past=True, help_text="For example, 27 3 2019")
    nhs_number = text("NHS number", max_length=20, width=10, autocomplete="off")
    first_language = text("First language", max_length=100, autocomplete="off")
    reason = reason_field()

    def clean_nhs_number(self) -> str:
        return _normalised(self.cleaned_data.get("nhs_number", ""), validation.normalise_nhs_number)

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "given_name": data["given_name"].strip(),
            "middle_names": data["middle_names"].strip(),
            "surname": data["surname"].strip(),
            "sex": data.get("sex") or "",
            "date_of_birth": data["date_of_birth"],
            "nhs_number": data["nhs_number"],
            "first_language": data["first_language"].strip(),
        }


class NameForm(forms.Form):
    kind = radios(
        NameKind.choices,
        label="What kind of name is it?",
        error_messages={"required": "Select what kind of name it is"},
    )
    given_name = text("First name", max_length=100, autocomplete="off")
    surname = text("Last name", max_length=100, autocomplete="off")
    from_date = GovukDateField(label="Used from (optional)", must_be_past=True)
    to_date = GovukDateField(label="Used until (optional)", must_be_past=True)
    reason = reason_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("given_name", "").strip() or data.get("surname", "").strip()):
            self.add_error("given_name", "Enter a first name or a last name")
        return data


class AddressForm(forms.Form):
    address = long_text(
        "Address", required=True, rows=3, max_length=500, error_messages={"required": "Enter the address"}
    )
    postcode = text("Postcode", max_length=20, width=10, autocomplete="off")
    from_date = GovukDateField(label="Moved in (optional)", must_be_past=True)
    to_date = GovukDateField(label="Moved out (leave empty if they live there now)", must_be_past=True)
    reason = reason_field()

    def clean_postcode(self) -> str:
        return _normalised(self.cleaned_data.get("postcode", ""), validation.normalise_postcode)


class AddressDatesForm(forms.Form):
    from_date = GovukDateField(label="Moved in (optional)", must_be_past=True)
    to_date = GovukDateField(label="Moved out (leave empty if they live there now)", must_be_past=True)
    reason = reason_field()


RELATIONSHIP_TYPES = [(t.value, t.label) for t in RelationshipType if t != RelationshipType.ALLEGED_PERPETRATOR]


class RelationshipForm(forms.Form):
    other = radios([], label="Who is the other person?", required=False)
    record = forms.IntegerField(
        label="Or their record number",
        min_value=1,
        required=False,
        help_text="The record number is shown at the top of each person's page.",
    )
    type = radios(
        RELATIONSHIP_TYPES, label="What is the relationship?", error_messages={"required": "Select the relationship"}
    )
    direction = radios(
        [],
        label="For a parent, step-parent, partner of a parent or person with parental "
        "responsibility: who is the adult?",
        required=False,
    )
    from_date = GovukDateField(label="Since (optional)", must_be_past=True)
    reason = reason_field()

    def __init__(self, *args: Any, subject: str, candidates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = candidates  # type: ignore[attr-defined]
        self.fields["direction"].choices = [  # type: ignore[attr-defined]
            ("other_of_subject", "The other person"),
            ("subject_of_other", subject),
        ]
        if not candidates:
            del self.fields["other"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("other") and not data.get("record"):
            self.add_error("record", "Choose the other person or enter their record number")
        return data

    def other_id(self) -> int:
        return int(self.cleaned_data.get("other") or self.cleaned_data["record"])


class EndRelationshipForm(forms.Form):
    on = GovukDateField(
        label="When did it end?",
        required=True,
        must_be_past=True,
        error_messages={"required": "Enter when the relationship ended"},
    )
    reason = reason_field()


class ConfirmRelationshipsForm(forms.Form):
    """The relationships a contact states, each confirmed by ticking it (nothing is recorded unticked)."""

    confirmed = forms.MultipleChoiceField(
        label="Which of these are right?",
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick each relationship that is right. You can add others, or a different kind, from each "
        "person's record.",
        error_messages={"required": "Tick at least one relationship, or go back to the contact"},
    )

    def __init__(self, *args: Any, proposals: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].choices = proposals  # type: ignore[attr-defined]
