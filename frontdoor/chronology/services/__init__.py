"""Case notes' services (writes) and the chronology (a read model): see ``commands`` and
``frontdoor.chronology.events``."""

from frontdoor.chronology.services.commands import CaseNoteRefused, add_note, amend_note, edit_note

__all__ = ["CaseNoteRefused", "add_note", "amend_note", "edit_note"]
