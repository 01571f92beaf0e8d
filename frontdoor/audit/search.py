"""The data protection officer's search of the audit log (SEC-2): who looked at this child?

Filters: a person in the index (entries about their person record, their pathways and the
information requests about them, and about every contact they were linked to, with the
contact's people, documents, screening, referrals, pathways and the emails of the mailbox
that made or answer it), a contact reference (the same for one contact), a member of staff,
an action (chosen by its label from every member of `Action`), a date range.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from frontdoor.audit import actions
from frontdoor.audit.models import AuditEntry
from frontdoor.core.govuk_forms import GovukDateField
from frontdoor.core.visibility import hidden_from

# Records that belong to a contact: (model label, the field naming the contact).
CONTACT_PARTS = (
    ("intake.contactperson", "contact_id"),
    ("intake.attachment", "contact_id"),
    ("screening.screening", "contact_id"),
    ("screening.decision", "contact_id"),
    ("screening.referral", "contact_id"),
    ("intake.inboundmessage", "contact_id"),  # the email that made the contact, and replies about it
    ("intake.inboundmessage", "related_contact_id"),
    ("pathway.episode", "referral__contact_id"),
    ("sharing.informationrequest", "contact_id"),
)
# Records about a person of the index: (model label, the field naming the person).
PERSON_PARTS = (
    ("pathway.episode", "child_id"),
    ("sharing.informationrequest", "person_id"),
)


def about_contacts(contact_ids: list[int]) -> Q:
    """Entries about these contacts or any record that belongs to them."""
    query = Q(object_type="intake.contact", object_id__in=[str(pk) for pk in contact_ids])
    for label, field in CONTACT_PARTS:
        model = apps.get_model(label)
        ids = [str(pk) for pk in model.objects.filter(**{f"{field}__in": contact_ids}).values_list("pk", flat=True)]
        if ids:
            query |= Q(object_type=label, object_id__in=ids)
    return query


def about_person(person_id: int) -> Q:
    """Entries about a person's index record (and records merged into it) and every contact they are linked to."""
    person_model = apps.get_model("people.person")
    link_model = apps.get_model("people.contactpersonlink")
    person_ids = [person_id, *person_model.objects.filter(merged_into_id=person_id).values_list("pk", flat=True)]
    links = link_model.objects.filter(person_id__in=person_ids)
    contact_ids = list(links.values_list("contact_person__contact_id", flat=True).distinct())
    query = Q(object_type="people.person", object_id__in=[str(pk) for pk in person_ids])
    for label, field in PERSON_PARTS:
        ids = [
            str(pk)
            for pk in apps.get_model(label).objects.filter(**{f"{field}__in": person_ids}).values_list("pk", flat=True)
        ]
        if ids:
            query |= Q(object_type=label, object_id__in=ids)
    return query | about_contacts(contact_ids) if contact_ids else query


def about_hidden(user: Any) -> Q | None:
    """Entries about records the one visibility rule hides from this user (SEC-5): a restricted
    contact or person and every record that belongs to them. None when nothing is hidden.
    Everything is hidden when no rule is registered (fail closed)."""
    hidden = hidden_from(user)
    if hidden is None:
        return ~Q(pk=None)
    query = Q(pk__in=[])
    if hidden.hidden_contacts:
        query |= about_contacts(sorted(hidden.hidden_contacts))
    for person_id in sorted(hidden.hidden_people):
        query |= about_person(person_id)
    return query if (hidden.hidden_contacts or hidden.hidden_people) else None


def masked_for(entries: QuerySet[AuditEntry], user: Any) -> QuerySet[AuditEntry]:
    """The entries, each marked ``masked`` when it is about a record hidden from the user: the
    data protection officer still sees who did what to which record and when, but not the
    reason typed or the detail kept (names, corrections), unless named on the restriction or
    holding a break-glass grant."""
    hidden = about_hidden(user)
    if hidden is None:
        return entries.annotate(masked=Value(False, output_field=BooleanField()))
    return entries.annotate(
        masked=Case(When(hidden, then=Value(True)), default=Value(False), output_field=BooleanField())
    )


class AuditSearchForm(forms.Form):
    person = forms.IntegerField(
        required=False,
        min_value=1,
        label="Person (index number)",
        help_text="The number in the person's page address, for example 1234 in /staff/people/1234/",
    )
    contact = forms.CharField(
        required=False, max_length=16, label="Contact reference", help_text="For example NC-7K3M9Q"
    )
    staff = forms.CharField(required=False, max_length=150, label="Member of staff (username)")
    action = forms.ChoiceField(required=False, label="Action")
    date_from = GovukDateField(label="From", help_text="For example, 27 3 2026")
    date_to = GovukDateField(label="To", help_text="For example, 28 3 2026")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        number = "Enter the person's index number, like 1234"
        self.fields["person"].error_messages.update({"invalid": number, "min_value": number})
        action_field = self.fields["action"]
        assert isinstance(action_field, forms.ChoiceField)  # noqa: S101
        action_field.choices = [("", "Any action"), *actions.by_label()]
        action_field.error_messages["invalid_choice"] = "Choose an action from the list"

    def clean_contact(self) -> str:
        reference = str(self.cleaned_data.get("contact") or "").strip().upper()
        if reference and not apps.get_model("intake.contact").objects.filter(reference=reference).exists():
            raise forms.ValidationError("No contact has this reference. Check it and try again")
        return reference

    def clean_person(self) -> int | None:
        person = self.cleaned_data.get("person")
        if person and not apps.get_model("people.person").objects.filter(pk=person).exists():
            raise forms.ValidationError("No one in the person index has this number")
        return int(person) if person else None

    def clean_staff(self) -> str:
        username = str(self.cleaned_data.get("staff") or "").strip()
        if username and not get_user_model().objects.filter(username=username).exists():
            raise forms.ValidationError("No member of staff has this username")
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return data

    def filters(self) -> dict[str, str]:
        """What was searched for, as text: for the audit entry of the search and the export."""
        return {k: str(v) for k, v in self.cleaned_data.items() if v not in (None, "")}

    def entries(self) -> QuerySet[AuditEntry]:
        data = self.cleaned_data
        entries = AuditEntry.objects.select_related("actor").order_by("-id")
        if data.get("person"):
            entries = entries.filter(about_person(data["person"]))
        if data.get("contact"):
            contact_id = apps.get_model("intake.contact").objects.get(reference=data["contact"]).pk
            entries = entries.filter(about_contacts([contact_id]))
        if data.get("staff"):
            entries = entries.filter(actor__username=data["staff"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("date_from"):
            entries = entries.filter(at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            entries = entries.filter(at__lt=_start_of(data["date_to"] + dt.timedelta(days=1)))
        return entries


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
