from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.access.matrix import FRONT_DOOR_STAFF
from frontdoor.accounts.models import User
from frontdoor.core.govuk_forms import long_text


class BreakGlassForm(forms.Form):
    reason = long_text(
        "Why do you need to see this record?",
        required=True,
        rows=3,
        max_length=2000,
        help_text="The data protection officer reads every reason. For example: the child is at the hospital now "
        "and the on-call doctor is asking whether they are known to us.",
        error_messages={"required": "Enter why you need to see this record"},
    )


class RestrictForm(forms.Form):
    reason = long_text(
        "Why is this record restricted?",
        required=True,
        rows=3,
        max_length=2000,
        help_text="For example: the child's mother works in the Assessment team.",
        error_messages={"required": "Enter why this record is restricted"},
    )
    also = forms.MultipleChoiceField(
        label="Who else may see it?",
        required=False,
        help_text="You, and whoever is screening or allocated the contact, are named already.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(is_active=True, role__in=FRONT_DOOR_STAFF).order_by("last_name", "first_name")
        self.fields["also"].choices = [(str(u.pk), f"{u.display_name} ({u.get_role_display()})") for u in staff]  # type: ignore[attr-defined]

    def users(self) -> list[User]:
        return list(User.objects.filter(pk__in=[int(v) for v in self.cleaned_data.get("also", [])]))


class ReviewForm(forms.Form):
    note = long_text("Your note (optional)", rows=2, max_length=2000)
