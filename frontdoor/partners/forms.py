from __future__ import annotations

from django import forms

from frontdoor.core.govuk_forms import radios, text
from frontdoor.intake.models import OrganisationType
from frontdoor.partners.models import PartnerOrganisation, Scope


class OrganisationForm(forms.Form):
    name = text("Organisation name", required=True, error_messages={"required": "Enter the organisation's name"})
    organisation_type = radios(
        OrganisationType.choices,
        label="What kind of organisation is it?",
        error_messages={"required": "Select the kind of organisation"},
    )
    contact_email = forms.EmailField(
        label="Email address of who looks after their connection",
        max_length=254,
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if PartnerOrganisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError("An organisation with that name exists already")
        return name


class TokenForm(forms.Form):
    name = text(
        "Which system will use this token?",
        required=True,
        max_length=100,
        help_text="For example 'CPOMS live' or 'Test system'",
        error_messages={"required": "Enter which system will use the token"},
    )
    scopes = forms.MultipleChoiceField(
        label="What may it do?",
        choices=[(s.value, f"{s.value}: {s.label}") for s in Scope],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one thing the token may do"},
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why are you revoking it?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter why you are revoking the token"},
    )
