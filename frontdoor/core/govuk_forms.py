"""Django forms rendered with the GOV.UK Frontend macros.

One mechanism for every question page: a form's bound fields are turned into the
parameters of the matching GOV.UK macro (input, textarea, radios, checkboxes, date input,
file upload), with the error message and the error summary entry, by `field_params`.
Answers already given are kept on error because the form is bound to what was posted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from frontdoor.core.validation import DateProblem, parse_date_parts


class DatePartsWidget(forms.Widget):
    """Three boxes, day, month and year, named `<name>-day` etc. as the GOV.UK pattern has them."""

    parts = ("day", "month", "year")

    def value_from_datadict(self, data: Any, files: Any, name: str) -> tuple[str, str, str]:
        day, month, year = (str(data.get(f"{name}-{part}", "")).strip() for part in self.parts)
        return day, month, year

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}-{part}" in data for part in self.parts)


class GovukDateField(forms.Field):
    """A date typed as day, month and year, validated with GOV.UK messages."""

    widget = DatePartsWidget

    def __init__(self, *, must_be_past: bool = False, must_be_future: bool = False, **kwargs: Any) -> None:
        self.must_be_past = must_be_past
        self.must_be_future = must_be_future
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date) or value is None:
            return value
        if isinstance(value, str):  # an ISO date kept in the session
            return dt.date.fromisoformat(value) if value else None
        day, month, year = value
        try:
            return parse_date_parts(
                day,
                month,
                year,
                label=str(self.label or "Date"),
                must_be_past=self.must_be_past,
                must_be_future=self.must_be_future,
                today=timezone.localdate(),
            )
        except DateProblem as problem:
            error = ValidationError(problem.message, code="date")
            error.date_fields = problem.fields  # type: ignore[attr-defined]
            raise error from problem

    def validate(self, value: Any) -> None:
        if self.required and value is None:
            raise ValidationError(self.error_messages["required"], code="required")


def _parts(value: Any) -> tuple[str, str, str]:
    if isinstance(value, (tuple, list)):
        return (str(value[0]), str(value[1]), str(value[2]))
    if isinstance(value, dt.date):
        return (str(value.day), str(value.month), str(value.year))
    if isinstance(value, str) and value:
        parsed = dt.date.fromisoformat(value)
        return (str(parsed.day), str(parsed.month), str(parsed.year))
    return ("", "", "")


def field_id(bf: forms.BoundField) -> str:
    """The id the error summary links to: the first input of the field."""
    field = bf.field
    if isinstance(field, GovukDateField):
        return f"{bf.html_name}-{_error_parts(bf)[0]}"
    if isinstance(field, (forms.ChoiceField, forms.MultipleChoiceField)) and isinstance(
        field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)
    ):
        return bf.html_name
    return bf.html_name


def _error_parts(bf: forms.BoundField) -> tuple[str, ...]:
    for error in bf.errors.as_data():
        fields = getattr(error, "date_fields", None)
        if fields:
            return tuple(fields)
    return ("day", "month", "year")


def error_list(form: forms.Form) -> list[dict[str, str]]:
    """The error summary's entries, in the order the fields appear on the page."""
    first = next(iter(form), None)
    href = f"#{field_id(first)}" if first is not None else "#main-content"
    entries = [{"text": str(message), "href": href} for message in form.non_field_errors()]
    for bf in form:
        if bf.errors:
            entries.append({"text": str(bf.errors[0]), "href": f"#{field_id(bf)}"})
    return entries


def field_params(bf: forms.BoundField, **extra: Any) -> dict[str, Any]:
    """Parameters for the GOV.UK macro that renders this field. `extra` overrides or adds."""
    field = bf.field
    label_classes = extra.pop("label_classes", "govuk-label--s")
    is_heading = extra.pop("is_page_heading", False)
    if is_heading:
        label_classes = "govuk-label--l" if not extra.get("label_classes") else label_classes
    params: dict[str, Any] = {"id": bf.html_name, "name": bf.html_name}
    hint = str(field.help_text) if field.help_text else ""
    if hint:
        params["hint"] = {"text": hint}
    if bf.errors:
        params["errorMessage"] = {"text": str(bf.errors[0])}
    label = str(bf.label)
    value = bf.value()

    if isinstance(field, GovukDateField):
        error_parts = _error_parts(bf) if bf.errors else ()
        day, month, year = _parts(value)
        params.pop("name")
        params["fieldset"] = {"legend": {"text": label, "classes": _legend_classes(is_heading)}}
        params["items"] = [
            {
                "id": f"{bf.html_name}-{part}",
                "name": f"{bf.html_name}-{part}",
                "label": part.capitalize(),
                "value": val,
                "classes": ("govuk-input--width-4" if part == "year" else "govuk-input--width-2")
                + (" govuk-input--error" if part in error_parts else ""),
                "inputmode": "numeric",
            }
            for part, val in (("day", day), ("month", month), ("year", year))
        ]
        params["macro"] = "date"
    elif isinstance(field, forms.MultipleChoiceField):
        chosen = {str(v) for v in (value or [])}
        params["fieldset"] = {"legend": {"text": label, "classes": _legend_classes(is_heading)}}
        params["items"] = [{"value": str(v), "text": str(t), "checked": str(v) in chosen} for v, t in _choices(field)]
        params["macro"] = "checkboxes"
    elif isinstance(field, forms.ChoiceField) and isinstance(field.widget, forms.RadioSelect):
        params["fieldset"] = {
            "legend": {"text": label, "classes": _legend_classes(is_heading), "isPageHeading": is_heading}
        }
        params["items"] = [
            {"value": str(v), "text": str(t), "checked": str(v) == str(value)} for v, t in _choices(field) if v != ""
        ]
        hints = getattr(field, "item_hints", {})
        for item in params["items"]:
            if item["value"] in hints:
                item["hint"] = {"text": hints[item["value"]]}
        params["macro"] = "radios"
        if len(params["items"]) <= 3 and all(len(i["text"]) < 14 for i in params["items"]):
            params["classes"] = "govuk-radios--inline"
    elif isinstance(field, forms.FileField):
        params["label"] = {"text": label, "classes": label_classes, "isPageHeading": is_heading}
        params["macro"] = "file"
    elif isinstance(field.widget, forms.Textarea):
        params["label"] = {"text": label, "classes": label_classes, "isPageHeading": is_heading}
        params["value"] = value or ""
        params["rows"] = field.widget.attrs.get("rows", 5)
        if field.widget.attrs.get("autocomplete"):
            params["autocomplete"] = field.widget.attrs["autocomplete"]
        params["macro"] = "textarea"
    else:
        params["label"] = {"text": label, "classes": label_classes, "isPageHeading": is_heading}
        params["value"] = "" if value is None else value
        if isinstance(field, forms.EmailField):
            params["type"] = "email"
            params["autocomplete"] = "email"
            params["spellcheck"] = False
        params["macro"] = "input"
        width = field.widget.attrs.get("width")
        if width:
            params["classes"] = f"govuk-input--width-{width}"
        autocomplete = field.widget.attrs.get("autocomplete")
        if autocomplete:
            params["autocomplete"] = autocomplete
        if field.widget.attrs.get("input_type"):
            params["type"] = field.widget.attrs["input_type"]
        if field.widget.attrs.get("inputmode"):
            params["inputmode"] = field.widget.attrs["inputmode"]
        if "spellcheck" in field.widget.attrs:
            params["spellcheck"] = field.widget.attrs["spellcheck"]
    params.update(extra)
    return params


def _choices(field: forms.Field) -> list[tuple[Any, Any]]:
    return list(getattr(field, "choices", []))


def _legend_classes(is_heading: bool) -> str:
    return "govuk-fieldset__legend--l" if is_heading else "govuk-fieldset__legend--s"


def radios(
    choices: Any, *, label: str, required: bool = True, hints: dict[str, str] | None = None, **kwargs: Any
) -> forms.ChoiceField:
    field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, label=label, required=required, **kwargs)
    field.item_hints = hints or {}  # type: ignore[attr-defined]
    return field


def text(
    label: str,
    *,
    max_length: int = 200,
    required: bool = False,
    width: int | None = None,
    autocomplete: str | None = None,
    input_type: str | None = None,
    inputmode: str | None = None,
    spellcheck: bool | None = None,
    **kwargs: Any,
) -> forms.CharField:
    """A text input. ``input_type`` ("tel"), ``inputmode`` ("numeric") and ``spellcheck`` go to the
    GOV.UK input macro, so a phone opens the right keyboard (issue 17)."""
    attrs: dict[str, Any] = {}
    if width:
        attrs["width"] = width
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    if input_type:
        attrs["input_type"] = input_type
    if inputmode:
        attrs["inputmode"] = inputmode
    if spellcheck is not None:
        attrs["spellcheck"] = spellcheck
    kwargs["error_messages"] = _length_message(label, max_length, kwargs.get("error_messages"))
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=forms.TextInput(attrs=attrs), **kwargs
    )


def _length_message(label: str, max_length: int, messages: dict[str, str] | None) -> dict[str, str]:
    """GOV.UK style: '<Label> must be 200 characters or less'."""
    name = label.rstrip("?").split(",")[0]
    return {"max_length": f"{name} must be {max_length:,} characters or less", **(messages or {})}


def long_text(
    label: str,
    *,
    required: bool = False,
    rows: int = 4,
    max_length: int = 20000,
    autocomplete: str | None = None,
    **kwargs: Any,
) -> forms.CharField:
    kwargs["error_messages"] = _length_message(label, max_length, kwargs.get("error_messages"))
    attrs: dict[str, Any] = {"rows": rows, **({"autocomplete": autocomplete} if autocomplete else {})}
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs=attrs), **kwargs
    )
