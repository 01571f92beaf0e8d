"""Forms of the channels' staff pages: a phone call's quick entry (INT-1, INT-12) and undoing a
written-confirmation match."""

from __future__ import annotations

from django import forms

from frontdoor.core.govuk_forms import GovukDateField, long_text, radios, text
from frontdoor.intake import forms as f
from frontdoor.intake.models import STAFF_WORDS, Anonymity, FormType, HubAdvice, OrganisationType, ReferrerType

# The quick form's child fields and the standard form's child fields they stand for.
CHILD_FIELDS = {
    "child_given_names": "given_names",
    "child_family_name": "family_name",
    "child_date_of_birth": "date_of_birth",
    "child_age_description": "age_description",
    "child_description": "description",
    "child_address": "address",
    "child_postcode": "postcode",
    "child_school": "school",
    "child_nhs_number": "nhs_number",
}


class QuickCallForm(f.ArrivalForm):
    """One page for an officer taking a call: when, who is calling, the concern, the child.

    The answers are then checked by the standard form's own pages (frontdoor/intake/flat.py),
    so the rules and messages are the online form's. Anything else can be added afterwards by
    screening; the standard form's full journey remains for a complete written contact.
    """

    title = "Record a phone call"
    channel = None  # type: ignore[assignment]  # always a phone call
    field_order = ["received_date", "received_time", "immediate_danger"]
    received_date = GovukDateField(
        label="Date of the call",
        must_be_past=True,
        required=True,
        error_messages={"required": "Enter the date of the call"},
    )
    received_time = text(
        "Time the call started",
        max_length=8,
        width=5,
        required=True,
        help_text="Use the 24-hour clock, for example 09:30 or 17:45",
        error_messages={"required": "Enter the time the call started"},
    )
    immediate_danger = radios(
        [("yes", "Yes"), ("no", "No"), ("unknown", "The caller does not know")],
        label="Is a child in immediate danger right now?",
        error_messages={"required": "Select yes if a child is in immediate danger"},
    )
    referrer_type = radios(
        [(value, STAFF_WORDS.get(("referrer_type", value), label)) for value, label in ReferrerType.choices],
        label="Who is calling?",
        error_messages={"required": "Select who is calling"},
    )
    anonymity = radios(
        [(value, STAFF_WORDS[("anonymity", value)]) for value in Anonymity.values],
        label="Does the caller want to give their name?",
        required=False,
        help_text="Professionals cannot be anonymous.",
    )
    referrer_name = text("Caller's full name")
    referrer_phone = text("Caller's telephone number", max_length=32, width=20)
    referrer_email = text("Caller's email address", max_length=254, help_text="We will email the acknowledgement here.")
    organisation_name = text("Caller's organisation", help_text="For a professional: required.")
    organisation_type = radios(OrganisationType.choices, label="Kind of organisation", required=False)
    professional_role = text("Caller's job title or role")
    form_type = radios(
        FormType.choices,
        label="What is the caller asking for?",
        error_messages={"required": "Select whether this is a child protection request or a request for a service"},
    )
    hub_advice = radios(
        HubAdvice.choices,
        label="For a school or early years setting: have they consulted the Consultation Hub?",
        required=False,
    )
    concern = long_text(
        "What is the caller worried about?", required=True, rows=8, error_messages={"required": "Enter the concern"}
    )
    # SEC-1: asked on the phone as on the form, so an allegation taken by phone is restricted
    # to the allegations team from the start, not only once a screener moves it.
    allegation_against_worker = radios(
        f.YES_NO,
        label="Is the worry about someone who works with children?",
        required=False,
        help_text="For example a teacher, carer, childminder, coach or volunteer.",
    )
    child_given_names = text("Child's first and middle names")
    child_family_name = text("Child's last name")
    child_date_of_birth = GovukDateField(label="Child's date of birth", must_be_past=True)
    child_age_description = text("If the date of birth is not known, how old is the child?", max_length=100, width=10)
    child_description = long_text("If the name is not known, describe the child", rows=2, max_length=2000)
    child_address = long_text("Child's address", rows=2, max_length=1000)
    child_postcode = text("Child's postcode", max_length=20, width=10)
    child_school = text("Child's school or nursery")
    child_nhs_number = text("Child's NHS number", max_length=14, width=10)
    told_received = radios(
        [("yes", "Yes"), ("no", "No")],
        label="Did you tell the caller their contact has been received?",
        help_text="This is the phone acknowledgement.",
        error_messages={"required": "Select whether you told the caller their contact has been received"},
    )


class UndoMatchForm(forms.Form):
    reason = forms.CharField(
        label="Why is this the wrong match?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the match is wrong"},
    )
