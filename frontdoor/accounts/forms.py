from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
