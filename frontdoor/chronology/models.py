"""Case notes (issue 15, part 5): what staff write about a child between the recorded steps.

A note is about one child of the person index, and may belong to the contact or the child's
pathway (episode) it was written from. Its author may edit it for 24 hours; after that it is
only amended: each ``CaseNoteAmendment`` is kept beside the note, which never changes again.
Writes go through ``frontdoor.chronology.services``. The chronology itself is a read model
(``frontdoor.chronology.events``) gathered from the apps below.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.core.visibility import VisibleQuerySet

EDIT_WINDOW = dt.timedelta(hours=24)


class NoteKind(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    CHILD_SEEN = "child_seen", "Child seen or spoken to"
    PHONE_CALL = "phone_call", "Phone call"
    MEETING = "meeting", "Meeting"
    INFORMATION = "information", "Information received"
    MANAGER = "manager", "Management oversight"
    OTHER = "other", "Other"


class CaseNoteRows(VisibleQuerySet["CaseNote"]):
    contact_fields = ("contact_id", "episode__referral__contact_id")
    person_fields = ("person_id",)


class CaseNote(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_notes")
    contact = models.ForeignKey(
        "intake.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="case_notes"
    )
    episode = models.ForeignKey(
        "pathway.Episode", null=True, blank=True, on_delete=models.PROTECT, related_name="case_notes"
    )
    kind = models.CharField(max_length=16, choices=NoteKind.choices)
    happened_on = models.DateField(help_text="The date of the event the note is about.")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = CaseNoteRows.as_manager()

    class Meta:
        ordering = ["-happened_on", "-written_at", "-id"]
        indexes = [models.Index(fields=["person", "happened_on"])]

    def __str__(self) -> str:
        return f"Case note {self.pk} ({self.get_kind_display()}, {self.happened_on})"

    def editable_until(self) -> dt.datetime:
        return self.written_at + EDIT_WINDOW

    def editable_by(self, user: object, now: dt.datetime | None = None) -> bool:
        """Only its author, and only for 24 hours after writing it."""
        now = now or timezone.now()
        return getattr(user, "pk", None) == self.author_id and now < self.editable_until()


class CaseNoteAmendment(models.Model):
    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="amendments")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"Amendment {self.pk} of case note {self.note_id}"
