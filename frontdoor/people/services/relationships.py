"""Relationships between people in the index: added, confirmed from what a contact says, ended (never deleted)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q

from frontdoor.accounts.models import User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.people import index
from frontdoor.people.models import (
    SYMMETRIC,
    Person,
    Relationship,
    RelationshipType,
)
from frontdoor.people.services.records import PersonRefused, _iso, _label, _reason


@transaction.atomic(durable=True)
def add_relationship(
    person: Person,
    other: Person,
    type: str,
    *,
    actor: User | None,
    from_date: dt.date | None = None,
    to_date: dt.date | None = None,
    reason: str = "",
) -> Relationship:
    """Record that ``person`` is the ``type`` of ``other`` ("Liz is the mother of Jayden").
    Symmetric types (siblings, household members) are stored once, whichever way round."""
    return _relate(person, other, type, actor=actor, from_date=from_date, to_date=to_date, reason=reason)


def _relate(
    person: Person,
    other: Person,
    type: str,
    *,
    actor: User | None,
    from_date: dt.date | None = None,
    to_date: dt.date | None = None,
    reason: str = "",
    **detail: Any,
) -> Relationship:
    if person.pk == other.pk:
        raise ValueError("A person cannot be related to themselves")
    kind = RelationshipType(type)
    existing = Relationship.objects.filter(person=person, other=other, type=kind)
    if kind in SYMMETRIC:
        existing = Relationship.objects.filter(Q(person=person, other=other) | Q(person=other, other=person), type=kind)
    found = existing.first()
    if found is not None:
        return found
    rel = Relationship.objects.create(person=person, other=other, type=kind, from_date=from_date, to_date=to_date)
    audit.record(
        actor,
        Action.PERSON_RELATIONSHIP_ADDED,
        person,
        actor_label=_label(actor),
        reason=reason,
        type=kind.value,
        other=other.pk,
        from_date=_iso(from_date),
        **detail,
    )
    # Relatives' names are part of a person's record (a referrer may name "Liz Smith's boy").
    index.refresh_keys(person)
    index.refresh_keys(other)
    return rel


@transaction.atomic(durable=True)
def confirm_relationships(
    contact: Any, chosen: Sequence[tuple[Person, Person, str]], *, actor: User
) -> list[Relationship]:
    """A member of staff confirms the relationships a contact states between its linked people
    (``proposals.proposed``), each as they chose it (WRK-6). Nothing is recorded unconfirmed."""
    return [
        _relate(
            person,
            other,
            type,
            actor=actor,
            reason=f"Stated in contact {contact.reference}, confirmed",
            contact=contact.reference,
        )
        for person, other, type in chosen
    ]


@transaction.atomic(durable=True)
def end_relationship(relationship: Relationship, *, actor: User, on: dt.date, reason: str) -> Relationship:
    """A relationship that no longer holds (a partner who left the household) is ended, not deleted."""
    reason = _reason(reason)
    locked = Relationship.objects.select_for_update().get(pk=relationship.pk)
    if locked.to_date is not None:
        raise PersonRefused("This relationship has already ended")
    if locked.from_date and on < locked.from_date:
        raise PersonRefused("The end date must be the same as or after the date the relationship started")
    locked.to_date = on
    locked.save(update_fields=["to_date"])
    audit.record(
        actor,
        Action.PERSON_RELATIONSHIP_ENDED,
        locked.person,
        reason=reason,
        relationship=locked.pk,
        type=locked.type,
        other=locked.other_id,
        on=on.isoformat(),
    )
    return locked
