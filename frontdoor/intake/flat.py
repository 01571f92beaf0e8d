"""The standard form from one flat set of answers: a partner's JSON (the API) or the officer's
quick-entry page for a phone call (INT-1, SEC-4).

The answers are handed, page by page, to the very Django forms the online journey uses
(frontdoor/intake/forms.py, which call frontdoor/core/validation.py), so every channel meets
the same rules and the same messages. Problems come back by field:
`{"field": "children[0].nhs_number", "message": "..."}`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.utils import timezone

from frontdoor.intake import forms as f
from frontdoor.intake import limits
from frontdoor.intake.journey import PUBLIC, Journey, _needs_hub_question, details_form_for
from frontdoor.intake.models import Anonymity, Channel
from frontdoor.intake.services import ContactDraft

# (journey page, form, the API's fields that page asks)
PAGES: tuple[tuple[str, type[f.JourneyForm] | None], ...] = (
    ("danger", f.DangerForm),
    ("about-you", f.AboutYouForm),
    ("your-details", None),  # the public or the professional's details form, by referrer_type
    ("request-type", f.RequestTypeForm),
    ("hub", f.HubForm),
    ("concern", f.ConcernForm),
    ("family", f.FamilyForm),
    ("parents", f.ParentsForm),
)


def _form_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "value"):  # an enum member
        return value.value
    return value


def _form_data(form_class: type[forms.Form], values: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in form_class.base_fields:
        value = values.get(name)
        if isinstance(value, dt.date):
            data.update(
                {f"{name}-day": str(value.day), f"{name}-month": str(value.month), f"{name}-year": str(value.year)}
            )
        else:
            data[name] = _form_value(value)
    return data


def _errors(form: forms.Form, prefix: str = "") -> list[dict[str, str]]:
    return [
        {"field": f"{prefix}{name}" if name != "__all__" else prefix.rstrip(".") or "contact", "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]


def to_draft(
    payload: dict[str, Any],
    submission_key: uuid.UUID,
    *,
    channel: str = Channel.API,
    received_at: dt.datetime | None = None,
) -> tuple[ContactDraft | None, list[dict[str, str]]]:
    """A ContactDraft for submit_contact, or the problems found, in the form's order."""
    journey = Journey(mode=PUBLIC, key=str(submission_key), started_at=timezone.now().isoformat())
    errors: list[dict[str, str]] = []
    for which in ("children", "people"):  # before reading thousands of them
        too_many = limits.people_limit_problem(which, len(payload.get(which) or []))
        if too_many:
            errors.append({"field": which, "message": too_many})
    if errors:
        return None, errors
    for slug, form_class in PAGES:
        if slug == "your-details":
            form_class = details_form_for(journey)
        if slug == "hub" and not _needs_hub_question(journey):
            continue
        assert form_class is not None  # noqa: S101 - every page but your-details names its form
        form = form_class(_form_data(form_class, payload))
        if form.is_valid():
            journey.answers[slug] = form.to_session()
        else:
            errors.extend(_errors(form))
        if form_class is f.ProfessionalDetailsForm and payload.get("anonymity") not in (None, "", Anonymity.NAMED):
            # The public form never offers a professional anonymity; a caller's or partner's explicit
            # choice of it is refused in plain words (INT-7), never silently changed.
            errors.append({"field": "anonymity", "message": f.PROFESSIONAL_ANONYMITY_MESSAGE})
    born_values = {True: "yes", False: "no"}
    for i, child in enumerate(payload.get("children") or []):
        values = {**child, "born": born_values.get(child.get("born", True), "yes")}
        form = f.ChildForm(_form_data(f.ChildForm, values))
        if form.is_valid():
            journey.children.append(form.to_session())
        else:
            errors.extend(_errors(form, f"children[{i}]."))
    for i, person in enumerate(payload.get("people") or []):
        form = f.PersonForm(_form_data(f.PersonForm, person))
        if form.is_valid():
            journey.people.append(form.to_session())
        else:
            errors.extend(_errors(form, f"people[{i}]."))
    if not payload.get("children"):
        errors.append({"field": "children", "message": "Add the child you are worried about"})
    if errors:
        return None, errors
    draft = ContactDraft(
        submission_key=submission_key,
        channel=channel,
        received_at=received_at or timezone.now(),
        fields=journey.contact_fields(),
        people=journey.people_rows(),
        attachment_ids=[],
    )
    return draft, []
