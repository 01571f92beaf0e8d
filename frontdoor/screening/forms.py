"""Forms of the screening pages, rendered with the GOV.UK macros (frontdoor.core.govuk_forms)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from frontdoor.accounts.models import SCREENING_ROLES, User
from frontdoor.core.govuk_forms import GovukDateField, long_text, radios, text
from frontdoor.intake.models import Channel, NotInformedGround
from frontdoor.screening.models import (
    AbuseOrNeglect,
    Continuum,
    EarlyHelpService,
    Escalation,
    Knowledge,
    Mobility,
    Outcome,
    ReferrerUpdate,
    YesNoUnknown,
)

YES_NO_NOT_ASKED = [("yes", "Yes"), ("no", "No"), ("", "Not asked yet")]


def _reason(label: str, message: str, rows: int = 3, hint: str = "") -> forms.CharField:
    return long_text(
        label, required=True, rows=rows, max_length=5000, help_text=hint, error_messages={"required": message}
    )


class FilterForm(forms.Form):
    """Queue filters: team, channel and status (SCR-1)."""

    team = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    channel = forms.ChoiceField(required=False, choices=[("", "All channels"), *Channel.choices])
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", "All open"),
            ("new", "Waiting to be screened"),
            ("screening", "Being screened"),
            ("awaiting_authorisation", "Waiting for a manager"),
        ],
    )

    def __init__(self, *args: Any, teams: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "All teams"), *teams]  # type: ignore[attr-defined]


class ReassignForm(forms.Form):
    to = radios([], label="Give the contact to", error_messages={"required": "Select who will screen the contact"})
    reason = _reason("Why are you reassigning it?", "Enter why you are reassigning this contact", rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        screeners = User.objects.filter(role__in=SCREENING_ROLES, is_active=True).order_by("first_name", "id")
        self.users = {str(u.pk): u for u in screeners}
        field = self.fields["to"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [(pk, f"{u.display_name} ({u.get_role_display()})") for pk, u in self.users.items()]

    def clean_to(self) -> User:
        return self.users[self.cleaned_data["to"]]


def _choice(choices: Any, label: str, message: str = "", required: bool = False, **kwargs: Any) -> forms.ChoiceField:
    return radios(
        choices,
        label=label,
        required=required,
        error_messages={"required": message or f"Select {label.lower()}"},
        **kwargs,
    )


class ScreeningForm(forms.Form):
    """SCR-2 (each point of §10), SCR-4, SCR-6, CON-1, DEC-4, DEC-5."""

    nature_of_concern = long_text("The nature of the concern", rows=3)
    how_arisen = long_text("How and why it has arisen", rows=3)
    child_needs = long_text("What the child's needs appear to be", rows=3)
    child_location = long_text("Where the child is now, when last seen and by whom", rows=2)
    abuse_or_neglect = _choice(AbuseOrNeglect.choices, "Does the concern involve abuse or neglect?")
    foundations = long_text(
        "The foundations for the concern",
        rows=2,
        help_text="Seen, told by the child, heard from someone else, inferred.",
    )
    urgent_action = long_text("Urgent action needed to protect this child or other children", rows=2)
    services = long_text("Services the child and family need or already have", rows=2)
    specialist_assessment = long_text("Further specialist assessment needed", rows=2)
    discussed_with_referrer = long_text("What the referrer added when you spoke to them", rows=2)

    continuum_level = forms.TypedChoiceField(
        choices=Continuum.choices,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        label="Where is the concern on the Continuum of Need?",
    )
    continuum_reasons = long_text("Why this level", rows=2)

    domestic_abuse = _choice(YesNoUnknown.choices, "Domestic abuse in the household?")
    mental_ill_health = _choice(YesNoUnknown.choices, "Mental ill health in the household?")
    substance_misuse = _choice(YesNoUnknown.choices, "Substance misuse in the household?")
    learning_difficulties = _choice(YesNoUnknown.choices, "Learning difficulties in the household?")
    household_notes = long_text("What the referrer said about these", rows=2)

    parental_knowledge = _choice(Knowledge.choices, "What do the parents know about this contact?")
    not_informed_ground = _choice(NotInformedGround.choices, "Why were the parents not informed?")
    consent_notes = long_text("About the parents' knowledge and agreement", rows=2)

    bruising = _choice(YES_NO_NOT_ASKED, "Is there bruising to a baby?")
    baby_mobility = _choice(
        Mobility.choices, "How does the baby move?", help_text="Accidental bruising is not rare once a baby rolls."
    )
    bruise_explanation = long_text("Any explanation given for the bruising", rows=2)
    paediatric_assessment = long_text("The paediatric assessment arranged", rows=2, help_text="Where and when.")

    suspected_crime = _choice(YES_NO_NOT_ASKED, "Is a crime suspected (sexual or physical assault, or neglect)?")
    police_protection = forms.BooleanField(required=False, label="The police have used their police protection powers")

    keep_wording = forms.BooleanField(required=False, label="Keep my wording as it is")

    def clean_not_informed_ground(self) -> str:
        ground: str = self.cleaned_data.get("not_informed_ground", "")
        if self.cleaned_data.get("parental_knowledge") == Knowledge.NOT_INFORMED and not ground:
            raise forms.ValidationError("Select why the parents were not informed")
        return ground

    @staticmethod
    def initial_from(screening: Any) -> dict[str, Any]:
        initial = {name: getattr(screening, name) for name in ScreeningForm.base_fields if hasattr(screening, name)}
        for name in ("bruising", "suspected_crime"):
            initial[name] = {True: "yes", False: "no"}.get(initial[name], "")
        return initial


def screening_values(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The screening form's answers as ``services.save_screening`` takes them."""
    data = {k: v for k, v in cleaned.items() if k != "keep_wording"}
    for name in ("bruising", "suspected_crime"):
        data[name] = {"yes": True, "no": False}.get(data.get(name) or "")
    return data


class OverruleForm(forms.Form):
    reason = _reason("Why are you overruling this suggestion?", "Enter why you are overruling this suggestion")


class PoliceForm(forms.Form):
    details = _reason(
        "Who at the police was told, how, and any reference",
        "Enter who at the police was told, how, and any reference they gave",
        hint="For example: PC 1234 Jones, Public Protection Unit, by phone at 10:40; log 0456 of 23/11/2026.",
    )


OUTCOME_HINTS: dict[str, str] = {
    Outcome.NO_FURTHER_ACTION: "Option 1: the child does not appear to be a child in need.",
    Outcome.INFORMATION_AND_ADVICE: "Option 1: information and advice to the family or referrer.",
    Outcome.SIGNPOSTING: "Option 1: another agency is better placed to help.",
    Outcome.EARLY_HELP: "Option 2: Families First, Targeted Youth Support, short breaks or universal services.",
    Outcome.ASSESSMENT: "Option 3: becomes a referral. The child is seen within 5 working days.",
    Outcome.STRATEGY_DISCUSSION: "Option 3: becomes a referral. Decide on a strategy discussion within 24 hours.",
    Outcome.IMMEDIATE_PROTECTION: "Becomes a referral. Urgent action to protect the child now.",
}


class ProposeForm(forms.Form):
    outcome = radios(
        Outcome.choices,
        label="What should happen next?",
        hints=OUTCOME_HINTS,
        error_messages={"required": "Select what should happen next"},
    )
    early_help_service = radios(EarlyHelpService.choices, label="Which early help service?", required=False)
    signposted_to = text("Signposted to", max_length=300, help_text="The agency or service.")
    reasons = _reason("Your reasons", "Enter the reasons for the decision", rows=4)
    reasonable_cause = long_text(
        "Your reasonable cause to suspect significant harm",
        rows=4,
        max_length=5000,
        help_text="Needed for a strategy discussion or immediate protection (section 47 Children Act 1989). "
        "Write it in your own words: it is never filled in by a rule.",
    )


class ReviewForm(forms.Form):
    action = radios(
        [("authorise", "Authorise the decision"), ("send_back", "Send it back to the screener")],
        label="Your decision",
        error_messages={"required": "Select authorise or send back"},
    )
    comments = long_text("Comments", rows=3, max_length=5000, help_text="Needed when you send it back.")
    strategy_consideration = long_text(
        "Your consideration of a strategy discussion",
        rows=3,
        max_length=5000,
        help_text="Needed for bruising in a pre-mobile baby: it is your decision, never a rule's.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "send_back" and not (data.get("comments") or "").strip():
            self.add_error("comments", "Enter your comments for the screener")
        return data


class ToldForm(forms.Form):
    method = radios(
        [(ReferrerUpdate.Method.PHONE, "Phone"), (ReferrerUpdate.Method.LETTER, "Letter")],
        label="How was the referrer told?",
        error_messages={"required": "Select phone or letter"},
    )
    text = _reason("What were they told?", "Enter what the referrer was told", rows=4)


class MilestoneForm(forms.Form):
    milestone = radios([], label="What happened?", error_messages={"required": "Select what happened"})
    date = GovukDateField(
        label="Date",
        must_be_past=False,
        required=True,
        help_text="For example, 24 11 2026",
        error_messages={"required": "Enter the date"},
    )
    time = text(
        "Time",
        max_length=5,
        width=5,
        required=True,
        help_text="24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time"},
    )

    def __init__(self, *args: Any, milestones: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["milestone"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = list(milestones.items())

    def clean_time(self) -> dt.time:
        value = (self.cleaned_data.get("time") or "").strip().replace(".", ":")
        try:
            return dt.time.fromisoformat(value if len(value) > 2 else f"{value}:00")
        except ValueError as error:
            raise forms.ValidationError("Enter the time as hours and minutes, for example 14:30") from error


class EscalationForm(forms.Form):
    name = text(
        "Name of the professional who disagrees", required=True, error_messages={"required": "Enter their name"}
    )
    role = text("Their role and organisation")
    disagreement = _reason("What they disagree with, and why", "Enter what they disagree with")


class ResolveForm(forms.Form):
    result = radios(Escalation.Result.choices, label="Result", error_messages={"required": "Select the result"})
    resolution = _reason("How it was resolved", "Enter how the disagreement was resolved")
