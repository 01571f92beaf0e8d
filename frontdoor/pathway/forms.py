"""Forms of the pathway pages, rendered with the GOV.UK macros (frontdoor.core.govuk_forms)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from frontdoor.core.govuk_forms import GovukDateField, long_text, radios, text
from frontdoor.pathway.models import Conference, LetterSent, Section47, StrategyDiscussion
from frontdoor.policy import census_codes

PARTICIPANT_ROWS = 6


def _date(label: str, what: str, hint: str = "For example, 24 11 2026") -> GovukDateField:
    return GovukDateField(
        label=label, required=True, must_be_past=True, help_text=hint, error_messages={"required": f"Enter {what}"}
    )


def _checkboxes(choices: Any, label: str, message: str, *, required: bool = True, hint: str = "") -> Any:
    return forms.MultipleChoiceField(
        choices=choices,
        label=label,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=hint,
        error_messages={"required": message},
    )


class StrategyDiscussionForm(forms.Form):
    date = _date("Date of the strategy discussion", "the date of the strategy discussion")
    time = text(
        "Time it started",
        max_length=5,
        width=5,
        required=True,
        help_text="24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time the strategy discussion started"},
    )
    outcome = radios(
        StrategyDiscussion.Outcome.choices,
        label="What did the strategy discussion decide?",
        error_messages={"required": "Select what the strategy discussion decided"},
    )
    notes = long_text("Reasons and actions agreed", rows=4, max_length=10000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, PARTICIPANT_ROWS + 1):
            self.fields[f"p{n}_name"] = text(f"Person {n}: name", max_length=200)
            self.fields[f"p{n}_agency"] = text(
                f"Person {n}: agency", max_length=200, help_text="For example, Police, Health, School"
            )
            self.fields[f"p{n}_role"] = text(f"Person {n}: role", max_length=200)

    def clean_time(self) -> dt.time:
        value = (self.cleaned_data.get("time") or "").strip().replace(".", ":")
        try:
            return dt.time.fromisoformat(value if len(value) > 2 else f"{value}:00")
        except ValueError as error:
            raise forms.ValidationError("Enter the time as hours and minutes, for example 14:30") from error

    def participants(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {
                "name": data.get(f"p{n}_name", ""),
                "agency": data.get(f"p{n}_agency", ""),
                "role": data.get(f"p{n}_role", ""),
            }
            for n in range(1, PARTICIPANT_ROWS + 1)
        ]


class StartSection47Form(forms.Form):
    strategy_discussion = radios(
        [],
        label="Which strategy discussion decided to start it?",
        error_messages={"required": "Select the strategy discussion"},
    )
    started_on = _date("Date the enquiry started", "the date the enquiry started")

    def __init__(self, *args: Any, discussions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["strategy_discussion"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = discussions


class CompleteSection47Form(forms.Form):
    outcome = radios(
        Section47.Outcome.choices,
        label="What did the enquiry find?",
        error_messages={"required": "Select the outcome of the enquiry"},
    )
    completed_on = _date("Date the enquiry was completed", "the date the enquiry was completed")
    notes = long_text("Summary of the findings", rows=4, max_length=10000)


class DateForm(forms.Form):
    """One date: an assessment started, a child seen, a plan started or ended."""

    day = _date("Date", "the date")

    def __init__(self, *args: Any, label: str = "Date", what: str = "the date", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].label = label
        self.fields["day"].error_messages["required"] = f"Enter {what}"


class StartAssessmentForm(forms.Form):
    started_on = _date("Date the assessment started", "the date the assessment started")
    primary_need = radios(
        census_codes.PRIMARY_NEED,
        label="The child's primary need, as far as you know it now",
        help_text="You can change it when the assessment is completed.",
        error_messages={"required": "Select the child's primary need"},
    )


class CompleteAssessmentForm(forms.Form):
    completed_on = _date("Date the assessment was completed", "the date the assessment was completed")
    factors = _checkboxes(
        census_codes.ASSESSMENT_FACTORS,
        "Factors identified at the end of the assessment",
        "Select the factors identified, or 'No factors identified'",
        hint="The Children in Need census codes. Select all that apply.",
    )
    primary_need = radios(
        census_codes.PRIMARY_NEED,
        label="The child's primary need",
        error_messages={"required": "Select the child's primary need"},
    )
    summary = long_text("Summary of the assessment", rows=4, max_length=20000)


class ConferenceForm(forms.Form):
    held_on = _date("Date of the conference", "the date of the conference")
    outcome = radios(
        [], label="What did the conference decide?", error_messages={"required": "Select what the conference decided"}
    )
    category = radios(
        [("", "No change"), *census_codes.ABUSE_CATEGORIES],
        label="Category of abuse",
        required=False,
        help_text="Needed when a plan starts. At a review, only if the category changes.",
    )
    notes = long_text("Notes", rows=3, max_length=10000)

    def __init__(self, *args: Any, review: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["outcome"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        wanted = ("plan_continues", "plan_ends") if review else ("plan", "no_plan")
        field.choices = [(v, t) for v, t in Conference.Outcome.choices if v in wanted]


class EndPlanForm(forms.Form):
    ended_on = _date("Date the plan ended", "the date the plan ended")
    reason = long_text(
        "Why is the plan ending without a review conference?",
        required=True,
        rows=3,
        max_length=5000,
        error_messages={"required": "Enter why the plan is ending"},
    )


class CloseForm(forms.Form):
    closed_on = _date("Date of closure", "the date of closure")
    reason = radios(
        census_codes.CLOSURE_REASONS,
        label="Reason for closure",
        error_messages={"required": "Select the reason for closing"},
    )
    referral_nfa = forms.BooleanField(
        required=False, label="The referral is closed with no further action (no assessment)"
    )


class ChildDetailsForm(forms.Form):
    upn = text("Unique Pupil Number (UPN)", max_length=13, width=20, help_text="13 characters, like A123456789012")
    former_upn = text("Former UPN", max_length=13, width=20)
    upn_unknown = radios(
        [("", "The UPN is known"), *census_codes.UPN_UNKNOWN], label="If the UPN is not known, why", required=False
    )
    ethnicity = radios([("", "Not recorded yet"), *census_codes.ETHNICITY], label="Ethnicity", required=False)
    disabilities = _checkboxes(
        census_codes.DISABILITIES,
        "Disabilities",
        "",
        required=False,
        hint="Select 'No disability' if the child has none",
    )


class LookedAfterForm(forms.Form):
    started_on = _date("Date the child started to be looked after", "the date the child started to be looked after")
    ended_on = GovukDateField(label="Date it ended (leave blank if the child is still looked after)", must_be_past=True)


class LetterSentForm(forms.Form):
    recipient = text(
        "Who was it sent to?",
        max_length=200,
        required=True,
        error_messages={"required": "Enter who the letter was sent to"},
    )
    method = radios(
        LetterSent.Method.choices,
        label="How was it sent?",
        error_messages={"required": "Select how the letter was sent"},
    )
    sent_on = _date("Date it was sent", "the date the letter was sent")
