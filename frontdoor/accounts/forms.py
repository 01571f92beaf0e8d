from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from frontdoor.accounts.models import Role, Team, User
from frontdoor.core.govuk_forms import long_text, radios, text

USERNAME = re.compile(r"[\w.@+-]+")


class SignInForm(AuthenticationForm):
    """Sign-in with GOV.UK-style messages that do not say which of the two was wrong."""

    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been switched off. Ask an administrator",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})


class CodeForm(forms.Form):
    """A code from an authenticator app (6 digits) or, where allowed, a backup code."""

    code = forms.CharField(max_length=32, strip=True)

    def __init__(self, *args: Any, label: str = "Code", backup: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = label
        field.help_text = (
            "The 6-digit code your authenticator app shows now, or one of your backup codes"
            if backup
            else "The 6-digit code your authenticator app shows now"
        )
        field.error_messages["required"] = "Enter the code" if backup else "Enter the 6-digit code"
        field.error_messages["max_length"] = "Enter the code: 6 digits, or a backup code of 8 characters"
        field.widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "text" if backup else "numeric", "spellcheck": "false"}
        )


# --- The administrator's account pages (SEC-6) ------------------------------------------------------


def _reason_field(label: str = "Why are you making this change?") -> forms.CharField:
    return long_text(
        label,
        required=True,
        rows=3,
        max_length=500,
        help_text="This is kept in the audit log with your name",
        error_messages={"required": "Enter why you are making this change"},
    )


def _team_choices() -> list[tuple[str, str]]:
    return [("", "No team"), *((str(t.pk), t.name) for t in Team.objects.order_by("name"))]


class RoleTeamForm(forms.Form):
    """The role and team of an account, and why they are given."""

    role = radios(Role.choices, label="Role", error_messages={"required": "Select a role"})
    team = forms.ChoiceField(label="Team", required=False, choices=())
    reason = _reason_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        assert isinstance(team, forms.ChoiceField)  # noqa: S101 - declared above
        team.choices = _team_choices()
        team.widget = forms.RadioSelect(choices=team.choices)
        team.error_messages["invalid_choice"] = "Select a team from the list"

    def clean_team(self) -> Team | None:
        value = self.cleaned_data.get("team")
        return Team.objects.get(pk=value) if value else None


class NewAccountForm(RoleTeamForm):
    username = text(
        "Username",
        required=True,
        max_length=150,
        width=20,
        autocomplete="off",
        help_text="What they type to sign in, for example 'jsmith'",
        error_messages={"required": "Enter a username"},
    )
    first_name = text(
        "First name",
        required=True,
        max_length=150,
        autocomplete="off",
        error_messages={"required": "Enter their first name"},
    )
    last_name = text(
        "Last name",
        required=True,
        max_length=150,
        autocomplete="off",
        error_messages={"required": "Enter their last name"},
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    field_order = ("username", "first_name", "last_name", "email", "role", "team", "reason")

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if not USERNAME.fullmatch(username):
            raise forms.ValidationError("A username can only have letters, numbers and . _ @ + -")
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("An account with that username exists already")
        return username


class ReasonForm(forms.Form):
    reason = _reason_field()
