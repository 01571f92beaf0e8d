"""Every change to case notes (issue 15, part 5): atomic, checked, audited.

- ``add_note``: a note about a child, from the child's record, a contact or a pathway;
- ``edit_note``: its author corrects it within 24 hours (the old text is kept in the audit entry);
- ``amend_note``: after that (or by anyone else), an amendment is added beside it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.chronology.models import CaseNote, CaseNoteAmendment, NoteKind
from frontdoor.core.errors import Refused
from frontdoor.intake.models import Contact
from frontdoor.pathway.models import Episode
from frontdoor.people.models import Person

MAX_TEXT = 20_000


class CaseNoteRefused(Refused):
    """A case note that cannot be written or changed."""


def _checked_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise CaseNoteRefused("Enter the note")
    if len(text) > MAX_TEXT:
        raise CaseNoteRefused(f"The note must be {MAX_TEXT:,} characters or fewer")
    return text


def _checked_date(happened_on: dt.date) -> dt.date:
    if happened_on > timezone.localdate():
        raise CaseNoteRefused("The date of the event must be today or in the past")
    return happened_on


@transaction.atomic(durable=True)
def add_note(
    person: Person,
    *,
    actor: User,
    kind: str,
    happened_on: dt.date,
    text: str,
    contact: Contact | None = None,
    episode: Episode | None = None,
) -> CaseNote:
    """Write a case note about a child (a person of the index)."""
    if person.merged_into_id is not None:
        raise CaseNoteRefused("This record was merged into another: write the note on that record")
    if episode is not None and episode.child_id != person.pk:
        raise CaseNoteRefused("This pathway is about another child")
    if contact is not None and not contact.people.filter(index_link__person=person).exists():
        raise CaseNoteRefused("This person is not linked to the contact")
    note = CaseNote.objects.create(
        person=person,
        contact=contact,
        episode=episode,
        kind=NoteKind(kind),
        happened_on=_checked_date(happened_on),
        text=_checked_text(text),
        author=actor,
    )
    audit.record(
        actor,
        Action.CASE_NOTE_ADDED,
        note,
        person=person.pk,
        kind=note.kind,
        happened_on=note.happened_on.isoformat(),
        contact=contact.reference if contact else None,
        episode=episode.pk if episode else None,
    )
    return note


@transaction.atomic(durable=True)
def edit_note(note: CaseNote, *, actor: User, kind: str, happened_on: dt.date, text: str) -> CaseNote:
    """The author corrects their note within 24 hours of writing it; the old text stays in the audit log."""
    locked = CaseNote.objects.select_for_update().get(pk=note.pk)
    if locked.author_id != actor.pk:
        raise CaseNoteRefused("Only the person who wrote this note can edit it: add an amendment instead")
    if not locked.editable_by(actor):
        raise CaseNoteRefused("Notes can be edited for 24 hours after they are written: add an amendment instead")
    before = {"kind": locked.kind, "happened_on": locked.happened_on.isoformat(), "text": locked.text}
    locked.kind = NoteKind(kind)
    locked.happened_on = _checked_date(happened_on)
    locked.text = _checked_text(text)
    locked.edited_at = timezone.now()
    locked.save(update_fields=["kind", "happened_on", "text", "edited_at"])
    after = {"kind": locked.kind, "happened_on": locked.happened_on.isoformat(), "text": locked.text}
    audit.record(actor, Action.CASE_NOTE_EDITED, locked, person=locked.person_id, before=before, after=after)
    return locked


@transaction.atomic(durable=True)
def amend_note(note: CaseNote, *, actor: User, text: str) -> CaseNoteAmendment:
    """Add an amendment to a note: the note itself is kept as it was written."""
    amendment = CaseNoteAmendment.objects.create(note=note, text=_checked_text(text), author=actor)
    audit.record(actor, Action.CASE_NOTE_AMENDED, note, person=note.person_id, amendment=amendment.pk)
    return amendment
