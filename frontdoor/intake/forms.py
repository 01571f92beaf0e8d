"""The questions of the standard form (INT-1, INT-3), one form per question page.

Every answer is optional except the concern itself (INT-3); a child's name is never
required (INT-4); a professional cannot be anonymous (INT-7).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from frontdoor.core import validation
from frontdoor.core.govuk_forms import GovukDateField, long_text, radios, text
from frontdoor.intake.models import (
    STAFF_CHANNELS,
    Anonymity,
    FormType,
    HubAdvice,
    NotInformedGround,
    OrganisationType,
    ParentalKnowledge,
    PersonRole,
    ReferrerType,
    YesNoUnknown,
)
from frontdoor.policy.calendar import LONDON

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNKNOWN = list(YesNoUnknown.choices)
SEX_CHOICES = [("female", "Female"), ("male", "Male"), ("other", "Other"), ("unknown", "Not known")]
# Professionals give their name (the procedure's "Referrer keeping records"): the choice to stay
# anonymous is never offered to them (issue 17), so this is only the name's own message.
PROFESSIONAL_NAME_MESSAGE = "Enter your name"
PROFESSIONAL_ANONYMITY_MESSAGE = (
    "Professionals cannot make an anonymous contact. Give the name: the family may be told which agency contacted us"
)


def _validated(value: str, normalise: Any) -> str:
    if not value:
        return ""
    try:
        result: str = normalise(value)
    except validation.ValidationProblem as problem:
        raise forms.ValidationError(problem.message) from problem
    return result


class JourneyForm(forms.Form):
    """A question page's form. Its cleaned data is kept in the session as JSON."""

    title: str = ""

    def to_session(self) -> dict[str, Any]:
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in self.cleaned_data.items()}


def arrival_datetime(day: dt.date, hhmm: str) -> dt.datetime:
    """The council's local time on `day` at `hhmm`, as an aware datetime."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


class DangerForm(JourneyForm):
    title = "Is a child in immediate danger?"
    immediate_danger = radios(
        [("yes", "Yes"), ("no", "No"), ("unknown", "I do not know")],
        label="Is a child in immediate danger right now?",
        help_text="For example, a child is being hurt, is alone and too young to be, or is missing.",
        error_messages={"required": "Select yes if a child is in immediate danger"},
    )


class ArrivalForm(JourneyForm):
    """Staff entry only (INT-1): how the contact arrived and when it was received (not typed)."""

    title = "How did this contact arrive?"
    channel = radios(
        [(c.value, c.label) for c in STAFF_CHANNELS],
        label="How did this contact arrive?",
        error_messages={"required": "Select how the contact arrived"},
    )
    received_date = GovukDateField(
        label="Date received",
        must_be_past=True,
        required=True,
        error_messages={"required": "Enter the date the contact was received"},
    )
    received_time = text(
        "Time received",
        max_length=8,
        width=5,
        required=True,
        help_text="Use the 24-hour clock, for example 09:30 or 17:45",
        error_messages={"required": "Enter the time the contact was received"},
    )

    def clean_received_time(self) -> str:
        raw = self.cleaned_data["received_time"].strip().replace(".", ":")
        try:
            hour, minute = (int(part) for part in raw.split(":"))
            if not (0 <= hour < 24 and 0 <= minute < 60):
                raise ValueError
        except ValueError:
            raise forms.ValidationError("Enter a real time, for example 09:30 or 17:45") from None
        return f"{hour:02d}:{minute:02d}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, when = data.get("received_date"), data.get("received_time")
        if day and when:
            if arrival_datetime(day, when) > timezone.now():
                self.add_error("received_time", "The time received must be in the past")
        return data


class AboutYouForm(JourneyForm):
    title = "Who are you?"
    referrer_type = radios(
        ReferrerType.choices,
        label="Who are you?",
        error_messages={"required": "Select who you are"},
    )


class PublicDetailsForm(JourneyForm):
    title = "About you"
    anonymity = radios(
        Anonymity.choices,
        label="Do you want to give your name?",
        help_text="We will look into your worry whether or not you give your name.",
        error_messages={"required": "Select whether you want to give your name"},
    )
    referrer_name = text(
        "Your full name", autocomplete="name", help_text="Leave this empty if you do not want to give your name."
    )
    referrer_email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        help_text="We will email you to say we have received this. Leave it empty if you would rather we did not.",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    referrer_phone = text("Telephone number", max_length=32, width=20, autocomplete="tel", input_type="tel")
    referrer_address = long_text("Your address", rows=3, max_length=500, autocomplete="street-address")
    referrer_relationship = long_text("How do you know the child or family?", rows=3, max_length=2000)

    def clean_referrer_phone(self) -> str:
        return _validated(self.cleaned_data["referrer_phone"], validation.normalise_uk_phone)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("anonymity") in (Anonymity.NAMED, Anonymity.WITHHELD) and not data.get("referrer_name"):
            self.add_error("referrer_name", "Enter your name, or choose 'I do not want to give my name'")
        if data.get("anonymity") == Anonymity.ANONYMOUS:
            data["referrer_name"] = ""
        return data


class ProfessionalDetailsForm(JourneyForm):
    title = "About you"
    referrer_name = text(
        "Your full name",
        autocomplete="name",
        required=True,
        error_messages={"required": PROFESSIONAL_NAME_MESSAGE},
    )
    organisation_name = text(
        "Organisation",
        required=True,
        autocomplete="organization",
        error_messages={"required": "Enter the name of your organisation"},
    )
    organisation_type = radios(
        OrganisationType.choices,
        label="What kind of organisation is it?",
        error_messages={"required": "Select the kind of organisation"},
    )
    professional_role = text("Your job title or role", autocomplete="organization-title")
    referrer_email = forms.EmailField(
        label="Work email address",
        required=False,
        max_length=254,
        help_text="We will send an acknowledgement here.",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    referrer_phone = text("Work telephone number", max_length=32, width=20, autocomplete="tel", input_type="tel")
    referrer_relationship = long_text("How do you know the child or family?", rows=3, max_length=2000)

    def clean_referrer_phone(self) -> str:
        return _validated(self.cleaned_data["referrer_phone"], validation.normalise_uk_phone)

    def clean_referrer_name(self) -> str:
        name: str = self.cleaned_data.get("referrer_name", "").strip()
        if not name:
            raise forms.ValidationError(PROFESSIONAL_NAME_MESSAGE)
        return name

    def to_session(self) -> dict[str, Any]:
        # Always named: whatever else was posted, a professional's contact is never anonymous (INT-7).
        return {**super().to_session(), "anonymity": Anonymity.NAMED.value}


class RequestTypeForm(JourneyForm):
    """For professionals and staff: the form's colour, chosen with a plain explanation of each."""

    title = "What are you asking for?"
    form_type = radios(
        FormType.choices,
        label="What are you asking for?",
        help_text="This decides how quickly we act and who looks at it first. If you are not sure, "
        "choose a child protection request: a social worker will decide.",
        hints={
            FormType.RED.value: (
                "You think a child is being harmed, or is at risk of being harmed, by abuse or neglect. "
                "A social worker decides within one working day whether to make enquiries."
            ),
            FormType.GREEN.value: (
                "A child or family needs help or support, and a parent agrees to you asking. "
                "No one thinks the child is being harmed."
            ),
        },
        error_messages={"required": "Select whether this is a child protection request or a request for a service"},
    )


class PublicRequestForm(JourneyForm):
    """Issue 17: the public never chooses a form colour. They say what their worry is about, in
    their words; a worry about harm is a child protection request, a request for help a request
    for a service. (Someone who said a child is in immediate danger is not asked: it is about harm.)"""

    title = "What is your worry about?"
    form_type = radios(
        [
            (FormType.RED.value, "I think a child is being harmed, or could be harmed"),
            (FormType.GREEN.value, "A child or family needs help or support"),
        ],
        label="What is your worry about?",
        hints={
            FormType.RED.value: "For example, a child is being hurt, abused, neglected or left alone.",
            FormType.GREEN.value: "For example, a family is struggling and would like some help.",
        },
        error_messages={"required": "Select what your worry is about"},
    )


class HubForm(JourneyForm):
    title = "Consultation Hub"
    hub_advice = radios(
        HubAdvice.choices,
        label="Have you consulted the Consultation Hub about this child?",
        help_text="Schools and early years settings should consult the hub before making a child protection request.",
        error_messages={"required": "Select whether you have consulted the Consultation Hub"},
    )
    hub_advice_notes = long_text("What did the hub advise?", rows=3, max_length=4000)


class PersonFormBase(JourneyForm):
    given_names = text("First and middle names", autocomplete="off")
    family_name = text("Last name", autocomplete="off")
    other_names = text(
        "Other names they use or have used", max_length=300, help_text="For example a previous surname, or a nickname."
    )
    sex = radios(SEX_CHOICES, label="Sex", required=False)
    # Someone else's address: never the browser's own saved address (autocomplete off).
    address = long_text("Address", rows=3, max_length=1000, autocomplete="off")
    postcode = text("Postcode", max_length=20, width=10, autocomplete="off", spellcheck=False)

    def clean_postcode(self) -> str:
        return _validated(self.cleaned_data["postcode"], validation.normalise_postcode)


class ChildForm(PersonFormBase):
    title = "About the child"
    field_order = [
        "born",
        "given_names",
        "family_name",
        "other_names",
        "description",
        "date_of_birth",
        "age_description",
        "expected_date",
        "sex",
        "address",
        "postcode",
        "previous_address",
        "school",
        "location_and_condition",
        "nhs_number",
        "ethnicity",
        "first_language",
        "religion",
        "needs_and_communication",
    ]
    born = radios(
        [("yes", "Yes"), ("no", "No, this is an unborn baby")],
        label="Has the child been born?",
        error_messages={"required": "Select whether the child has been born"},
    )
    date_of_birth = GovukDateField(
        label="Date of birth", must_be_past=True, help_text="For example, 27 3 2019. Leave it empty if you do not know."
    )
    age_description = text(
        "If you do not know their date of birth, how old are they?",
        max_length=100,
        width=10,
        help_text="For example, about 6",
    )
    expected_date = GovukDateField(
        label="Expected date of birth", must_be_future=True, help_text="For an unborn baby. For example, 14 6 2027"
    )
    description = long_text(
        "If you do not know their name, describe them",
        rows=3,
        max_length=2000,
        help_text="For example, a boy of about 6 with red hair, often outside number 14.",
    )
    previous_address = long_text("Previous address", rows=2, max_length=1000, autocomplete="off")
    school = text("School, college or nursery")
    nhs_number = text(
        "NHS number",
        max_length=14,
        width=10,
        autocomplete="off",
        inputmode="numeric",
        spellcheck=False,
        help_text="If you are a health professional, give the child's NHS number. It is 10 digits, "
        "for example 943 476 5919",
    )
    ethnicity = text("Ethnicity", max_length=100)
    first_language = text("First language", max_length=100)
    religion = text("Religion", max_length=100)
    needs_and_communication = long_text("Special needs, and how the child communicates", rows=3)
    location_and_condition = long_text(
        "Where is the child now, and how are they?",
        rows=3,
        help_text="Their current location and their emotional and physical condition.",
    )

    def clean_nhs_number(self) -> str:
        return _validated(self.cleaned_data["nhs_number"], validation.normalise_nhs_number)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("born") == "no":
            if data.get("date_of_birth"):
                self.add_error("date_of_birth", "An unborn baby has no date of birth: give the expected date instead")
        elif data.get("expected_date"):
            self.add_error("expected_date", "Only give an expected date of birth for an unborn baby")
        identifying = ("given_names", "family_name", "description", "address", "school", "location_and_condition")
        if data.get("born") and not any(data.get(k) for k in identifying):
            self.add_error("description", "Enter the child's name, or describe them and say where they can be found")
        return data


class BornForm(JourneyForm):
    """Issue 17: asked first, on its own page, so the child page shows only the dates that apply:
    a date of birth and age for a child, an expected date for an unborn baby."""

    title = "Has the child been born?"
    born = ChildForm.base_fields["born"]


# The fields of the child page that belong to only one answer to "Has the child been born?".
BORN_ONLY = ("date_of_birth", "age_description")
UNBORN_ONLY = ("expected_date",)


class PersonForm(PersonFormBase):
    title = "About another person"
    field_order = ["role", "given_names", "family_name", "other_names", "relationship_to_child"]
    role = radios(
        [(r.value, r.label) for r in PersonRole if r not in (PersonRole.CHILD, PersonRole.UNBORN)],
        label="Who are they?",
        error_messages={"required": "Select who this person is"},
    )
    relationship_to_child = text(
        "Their relationship to the child", help_text="For example mother, mum's partner, uncle"
    )
    date_of_birth = GovukDateField(
        label="Date of birth", must_be_past=True, help_text="For example, 27 3 1990. Leave it empty if you do not know."
    )
    age_description = text(
        "If you do not know their date of birth, roughly how old are they?", max_length=100, width=10
    )
    has_parental_responsibility = radios(YES_NO_UNKNOWN, label="Do they have parental responsibility?", required=False)
    lives_with_child = radios(YES_NO_UNKNOWN, label="Do they live with the child?", required=False)
    occupation = text(
        "If they work with children, what is their job and where?",
        help_text="For example teacher at a named school, childminder, sports coach, volunteer",
    )
    ethnicity = text("Ethnicity", max_length=100)
    first_language = text("First language", max_length=100)
    religion = text("Religion", max_length=100)
    description = long_text("Anything else that would help us identify them", rows=3, max_length=2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == PersonRole.WORKER and not data.get("occupation"):
            self.add_error("occupation", "Enter their job and where they work with children")
        return data


class ConcernForm(JourneyForm):
    title = "Your worry"
    concern = long_text(
        "What are you worried about?",
        required=True,
        rows=8,
        help_text="Tell us what has happened or what you have seen or heard, in your own words.",
        error_messages={"required": "Enter what you are worried about"},
    )
    concern_source = long_text(
        "How do you know about this?",
        rows=3,
        help_text="For example, you saw it, the child told you, or someone else told you.",
    )
    concern_when = text("When did it happen?", max_length=300)
    concern_where = text("Where did it happen?", max_length=300)
    on_behalf_of_someone_else = radios(
        YES_NO, label="Are you passing on a worry that someone else told you?", required=False
    )
    allegation_against_worker = radios(
        YES_NO,
        label="Is the worry about someone who works with children?",
        required=False,
        help_text="For example a teacher, carer, childminder, coach or volunteer.",
    )
    harm_by_another_child = radios(
        YES_NO,
        label="Has the child been harmed by another child?",
        required=False,
        help_text="If so, add both children on the 'people' pages.",
    )
    significant_events = long_text(
        "Has anything important happened to the child or family before?",
        rows=4,
        help_text="For example earlier worries, a bereavement, a move of home.",
    )


class FamilyForm(JourneyForm):
    title = "The child's family and household"
    domestic_abuse = radios(YES_NO_UNKNOWN, label="Is there domestic abuse in the household?", required=False)
    mental_ill_health = radios(
        YES_NO_UNKNOWN, label="Does anyone in the household have mental ill health?", required=False
    )
    substance_misuse = radios(
        YES_NO_UNKNOWN, label="Does anyone in the household misuse drugs or alcohol?", required=False
    )
    learning_difficulties = radios(
        YES_NO_UNKNOWN, label="Does a parent or carer have learning difficulties?", required=False
    )
    threats_to_professionals = radios(
        YES_NO_UNKNOWN, label="Has anyone threatened or been violent to professionals?", required=False
    )
    background_details = long_text("Tell us more about any of these", rows=4)
    positive_aspects = long_text(
        "What is going well for the child?",
        rows=3,
        help_text="For example the good things about how the child is cared for.",
    )
    other_agencies = long_text(
        "Which other services know the family?",
        rows=3,
        help_text="For example their school, GP, health visitor or a charity.",
    )
    extended_family = long_text("Extended family or others who are important to the child", rows=3)


class ParentsForm(JourneyForm):
    title = "Do the parents know?"
    parental_knowledge = radios(
        ParentalKnowledge.choices,
        label="Do the child's parents know you are contacting us?",
        error_messages={"required": "Select whether the parents know about this contact"},
        required=False,
    )
    not_informed_ground = radios(
        NotInformedGround.choices, label="If they have not been told, why not?", required=False
    )
    parental_knowledge_notes = long_text("Anything else about what the parents know", rows=3)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("parental_knowledge") == ParentalKnowledge.NOT_INFORMED and not data.get("not_informed_ground"):
            self.add_error("not_informed_ground", "Select why the parents have not been told")
        if data.get("parental_knowledge") != ParentalKnowledge.NOT_INFORMED:
            data["not_informed_ground"] = ""
        return data


class UploadForm(forms.Form):
    document = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="PDF, Word, image or text files, up to 20MB each.",
    )
    received_by_post_on = GovukDateField(label="Date received by post or fax", must_be_past=True)
