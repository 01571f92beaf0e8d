"""Every change to the person index happens here: atomic, audited in the same transaction,
with the person's blocking keys rewritten when what they are matched on changes.

PPL-3: nothing links a contact's person to the index by itself. Links are made only by
``link_contact_person`` and ``record_new_person``, which take the member of staff who
decided, and are called from a staff POST; no matching score, however high, calls them.

The index's services by concern: records, relationships, links, duplicates, imports."""

from __future__ import annotations

from frontdoor.people.services.duplicates import mark_not_duplicate, merge_people, record_duplicate_suspects
from frontdoor.people.services.imports import KEY_BATCH, ImportedPerson, import_people
from frontdoor.people.services.links import (
    announce_link,
    link_contact_person,
    record_new_person,
    record_not_sure,
    unlink,
)
from frontdoor.people.services.records import (
    CORRECTABLE,
    LINK_DECIDED,
    NAMES,
    SYSTEM,
    LinkRefused,
    PersonRefused,
    add_address,
    add_name,
    allocate_open_case,
    change_surname,
    correct_address,
    correct_details,
    create_person,
    edit_person,
    evidence_json,
    record_involvement,
)
from frontdoor.people.services.relationships import add_relationship, confirm_relationships, end_relationship

__all__ = [
    "CORRECTABLE",
    "ImportedPerson",
    "KEY_BATCH",
    "LINK_DECIDED",
    "LinkRefused",
    "NAMES",
    "PersonRefused",
    "SYSTEM",
    "add_address",
    "add_name",
    "add_relationship",
    "allocate_open_case",
    "announce_link",
    "change_surname",
    "confirm_relationships",
    "correct_address",
    "correct_details",
    "create_person",
    "edit_person",
    "end_relationship",
    "evidence_json",
    "import_people",
    "link_contact_person",
    "mark_not_duplicate",
    "merge_people",
    "record_duplicate_suspects",
    "record_involvement",
    "record_new_person",
    "record_not_sure",
    "unlink",
]
