"""Forms of the chronology and case notes pages (rendered with the GOV.UK macros)."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.chronology.events import TYPES
from frontdoor.chronology.models import NoteKind
from frontdoor.core.govuk_forms import GovukDateField, long_text, radios


class FilterForm(forms.Form):
    """Which types of event to show (a GET form: the filter is kept in the URL)."""

    type = forms.MultipleChoiceField(
        label="Show only", choices=TYPES, required=False, widget=forms.CheckboxSelectMultiple
    )

    def types(self) -> set[str]:
        return set(self.cleaned_data.get("type") or []) if self.is_valid() else set()


class NoteForm(forms.Form):
    kind = radios(
        NoteKind.choices,
        label="What kind of note is this?",
        error_messages={"required": "Select what kind of note this is"},
    )
    happened_on = GovukDateField(
        label="Date of the event",
        required=True,
        must_be_past=True,
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the event"},
    )
    text = long_text("Note", required=True, rows=8, error_messages={"required": "Enter the note"})


class ContactNoteForm(NoteForm):
    """A note written from a contact: about which of its children (those linked to the index)."""

    person = radios([], label="Who is the note about?", error_messages={"required": "Select who the note is about"})

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]
        self.order_fields(["person", "kind", "happened_on", "text"])


class AmendForm(forms.Form):
    text = long_text(
        "Amendment",
        required=True,
        rows=6,
        error_messages={"required": "Enter the amendment"},
        help_text="The note stays as it was written. Your amendment is shown beneath it, with your name.",
    )
