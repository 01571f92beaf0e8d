"""Forms of the information-request pages (INF-1..INF-7), rendered with the GOV.UK macros."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from frontdoor.core import validation
from frontdoor.core.govuk_forms import GovukDateField, long_text, radios, text
from frontdoor.policy import information_rules as rules
from frontdoor.policy.calendar import LONDON
from frontdoor.sharing.models import AgencyType
from frontdoor.sharing.services import CHANNELS

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, message: str, hint: str = "") -> forms.ChoiceField:
    return radios(YES_NO, label=label, help_text=hint, error_messages={"required": message})


def _time(value: str) -> dt.time:
    value = value.strip().replace(".", ":")
    try:
        return dt.time.fromisoformat(value if len(value) > 2 else f"{value}:00")
    except ValueError as error:
        raise forms.ValidationError("Enter the time as hours and minutes, for example 14:30") from error


class EvidenceFields(forms.Form):
    """Identity, legitimacy and evidence (INF-3, INF-4, INF-7): asked when logging, and again when
    the requester sends evidence."""

    identity = radios(
        rules.Identity.CHOICES,
        label="How did you check who is asking?",
        error_messages={"required": "Select how you checked who is asking"},
    )
    identity_notes = long_text("About the identity check (optional)", rows=2, max_length=2000)
    legitimacy_in_doubt = _yes_no(
        "Do you doubt the request is legitimate?",
        "Select yes if you doubt the request is legitimate",
        hint="For example the caller would not give a switchboard number, or the reason does not fit their role.",
    )
    consent_from_pr = _yes_no(
        "Did they send a copy of written consent from the person or someone with parental responsibility?",
        "Select yes if they sent written consent",
    )
    statutory_role_evidenced = _yes_no(
        "Did they send evidence of a statutory role with the family?",
        "Select yes if they sent evidence of a statutory role",
    )
    evidence_notes = long_text("About the evidence (optional)", rows=2, max_length=2000)
    requester_email = forms.EmailField(
        label="Their email address",
        required=False,
        max_length=254,
        help_text="Replies are sent here. A reply to another council's Section 47 enquiry or to a UK border "
        "agency can only go to a .gov.uk address.",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.gov.uk"},
    )
    purpose_details = long_text(
        "Why do they need the information, and what is the context?",
        rows=3,
        max_length=5000,
        help_text="In their words. A detailed request from another council or Cafcass must say why.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("legitimacy_in_doubt", "consent_from_pr", "statutory_role_evidenced"):
            if name in data:
                data[name] = data[name] == "yes"
        return data


class LogRequestForm(EvidenceFields):
    """Receiving a request (INF-1..INF-7): who asks, about whom, why, with what evidence, and what is asked."""

    channel = radios(
        CHANNELS, label="How did the request arrive?", error_messages={"required": "Select how the request arrived"}
    )
    received_date = GovukDateField(
        label="Date received",
        must_be_past=True,
        required=True,
        help_text="For example, 17 11 2026",
        error_messages={"required": "Enter the date the request was received"},
    )
    received_time = text(
        "Time received",
        max_length=5,
        width=5,
        required=True,
        help_text="24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time the request was received"},
    )
    agency = radios(rules.Agency.CHOICES, label="Who is asking?", error_messages={"required": "Select who is asking"})
    organisation = text("Organisation", required=True, error_messages={"required": "Enter the organisation"})
    requester_name = text(
        "Name of the person asking", required=True, error_messages={"required": "Enter the name of the person asking"}
    )
    requester_role = text("Their role (optional)")
    requester_phone = text("Their phone number (optional)", max_length=32, width=20)
    subject_given_name = text("Child's first name", max_length=100)
    subject_surname = text("Child's last name", max_length=100)
    subject_date_of_birth = GovukDateField(
        label="Child's date of birth", must_be_past=True, help_text="For example, 3 4 2019"
    )
    subject_postcode = text("Postcode (optional)", max_length=20, width=10)
    subject_details = long_text(
        "Anything else that identifies the child (optional)",
        rows=2,
        max_length=2000,
        help_text="Address, other names, the family members named.",
    )
    subject_is_adult = _yes_no(
        "Is the request about an adult who was known to children's services as a child?",
        "Select yes if the request is about an adult",
    )
    purpose = radios(
        rules.Purpose.CHOICES,
        label="What is the information for?",
        error_messages={"required": "Select what the information is for"},
    )
    asked = radios(
        rules.Asked.CHOICES,
        label="What are they asking for?",
        error_messages={"required": "Select what they are asking for"},
    )
    questions = long_text("Their questions, as they asked them (optional)", rows=3, max_length=5000)

    field_order = [
        "channel",
        "received_date",
        "received_time",
        "agency",
        "organisation",
        "requester_name",
        "requester_role",
        "requester_email",
        "requester_phone",
        "identity",
        "identity_notes",
        "legitimacy_in_doubt",
        "subject_given_name",
        "subject_surname",
        "subject_date_of_birth",
        "subject_postcode",
        "subject_details",
        "subject_is_adult",
        "purpose",
        "purpose_details",
        "consent_from_pr",
        "statutory_role_evidenced",
        "evidence_notes",
        "asked",
        "questions",
    ]

    def clean_received_time(self) -> dt.time:
        return _time(self.cleaned_data.get("received_time") or "")

    def clean_subject_postcode(self) -> str:
        value = self.cleaned_data.get("subject_postcode", "")
        if not value:
            return ""
        try:
            result: str = validation.normalise_postcode(value)
        except validation.ValidationProblem as problem:
            raise forms.ValidationError(problem.message) from problem
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "subject_is_adult" in data:
            data["subject_is_adult"] = data["subject_is_adult"] == "yes"
        day, clock = data.get("received_date"), data.get("received_time")
        if isinstance(day, dt.date) and isinstance(clock, dt.time):
            received = dt.datetime.combine(day, clock, tzinfo=LONDON)
            if received > timezone.now():
                self.add_error("received_time", "The time received must be in the past")
            data["received_at"] = received
        if not self.errors and not any(data.get(k) for k in ("subject_given_name", "subject_surname")):
            self.add_error("subject_surname", "Enter the child's first or last name")
        return data

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        received_at = data.pop("received_at")
        data.pop("received_date", None)
        data.pop("received_time", None)
        return {"received_at": received_at, **data}


class EvidenceForm(EvidenceFields):
    pass


class MatchForm(forms.Form):
    person = forms.IntegerField(required=False, min_value=1)
    not_in_index = forms.BooleanField(required=False)
    reason = long_text("Reason (optional)", rows=2, max_length=2000)


class PrepareForm(forms.Form):
    """The facts to disclose: each is included unless left out, with a reason."""

    note = long_text(
        "Anything to add to the answer (optional)",
        rows=3,
        max_length=5000,
        help_text="For example, answers to their specific questions. It is sent as you write it.",
    )

    def __init__(self, *args: Any, facts: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.facts = facts
        self.keys = {f"leave_out_{i}": fact["key"] for i, fact in enumerate(facts)}
        for i, _fact in enumerate(facts):
            self.fields[f"leave_out_{i}"] = forms.BooleanField(required=False)
            self.fields[f"why_{i}"] = long_text("Why is this left out?", rows=2, max_length=2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        excluded: dict[str, str] = {}
        for i, _fact in enumerate(self.facts):
            if data.get(f"leave_out_{i}"):
                why = (data.get(f"why_{i}") or "").strip()
                if not why:
                    self.add_error(f"why_{i}", "Enter why this fact is left out")
                excluded[self.keys[f"leave_out_{i}"]] = why
        data["excluded"] = excluded
        return data


class ReviewForm(forms.Form):
    action = radios(
        [("approve", "Approve: it can be sent"), ("send_back", "Send it back to be changed")],
        label="Your decision",
        error_messages={"required": "Select approve or send back"},
    )
    comments = long_text("Comments", rows=3, max_length=5000, help_text="Required when you send it back.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "send_back" and not (data.get("comments") or "").strip():
            self.add_error("comments", "Enter what needs to change")
        return data


class SendForm(forms.Form):
    method = radios(
        [("email", "By email"), ("phone", "I told them by phone")],
        label="How is the requester told?",
        error_messages={"required": "Select how the requester is told"},
    )


class OutcomeForm(forms.Form):
    notes = long_text(
        "What was done", required=True, rows=3, max_length=5000, error_messages={"required": "Enter what was done"}
    )


# --- Asking other agencies about a contact's family (CON-3) ------------------------------------


def _reason(label: str, message: str) -> forms.CharField:
    return long_text(label, required=True, rows=3, max_length=5000, error_messages={"required": message})


class WithoutNoticeForm(forms.Form):
    reasons = _reason(
        "Why must other agencies be consulted without the parents' knowledge?",
        "Enter the reasons for sharing without the parents' knowledge",
    )


class EnquiryForm(forms.Form):
    agency_type = radios(
        AgencyType.choices, label="Kind of agency", error_messages={"required": "Select the kind of agency"}
    )
    agency_name = text("Agency", required=True, error_messages={"required": "Enter the agency"})
    question = _reason("What are you asking them?", "Enter what you are asking them")
