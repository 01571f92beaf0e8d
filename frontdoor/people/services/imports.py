"""Loading people in bulk (a council's existing index, the demonstration): one statement per batch."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction

from frontdoor.accounts.models import User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.people import index, matching
from frontdoor.people.models import (
    SYMMETRIC,
    Involvement,
    Person,
    PersonAddress,
    PersonKey,
    PersonKind,
    PersonName,
    Relationship,
)


@dataclasses.dataclass
class ImportedPerson:
    """One person from a historic system (or the demo), with everything the index holds."""

    ref: str  # the source system's identifier, used to connect relationships
    kind: str = PersonKind.CHILD
    given_name: str = ""
    middle_names: str = ""
    surname: str = ""
    sex: str = ""
    date_of_birth: dt.date | None = None
    expected_date: dt.date | None = None
    nhs_number: str = ""
    # (kind, given name, surname, from, to)
    names: list[tuple[str, str, str, dt.date | None, dt.date | None]] = dataclasses.field(default_factory=list)
    # (address, postcode, from, to); the one with no end date is current
    addresses: list[tuple[str, str, dt.date | None, dt.date | None]] = dataclasses.field(default_factory=list)
    # (kind, start, end, outcome, team, source reference)
    involvements: list[tuple[str, dt.date, dt.date | None, str, str, str]] = dataclasses.field(default_factory=list)


KEY_BATCH = 500


@transaction.atomic(durable=True)
def import_people(
    people: Sequence[ImportedPerson],
    relationships: Iterable[tuple[str, str, str]],
    *,
    source: str,
    actor: User | None = None,
) -> dict[str, Person]:
    """Load many people at once (a migration from a historic system, or the demo): bulk
    inserts, then blocking keys in batches, with an audit entry for each person. A
    relationship ``(a_ref, b_ref, type)`` reads "a is the type of b"."""
    made = Person.objects.bulk_create(
        [
            Person(
                kind=p.kind,
                given_name=p.given_name,
                middle_names=p.middle_names,
                surname=p.surname,
                sex=p.sex,
                date_of_birth=p.date_of_birth,
                expected_date=p.expected_date,
                nhs_number=p.nhs_number,
            )
            for p in people
        ],
        batch_size=KEY_BATCH,
    )
    by_ref = {p.ref: person for p, person in zip(people, made, strict=True)}
    PersonName.objects.bulk_create(
        [
            PersonName(person=by_ref[p.ref], kind=k, given_name=g, surname=s, from_date=f, to_date=t)
            for p in people
            for k, g, s, f, t in p.names
        ],
        batch_size=KEY_BATCH,
    )
    PersonAddress.objects.bulk_create(
        [
            PersonAddress(person=by_ref[p.ref], address=a, postcode=pc, from_date=f, to_date=t)
            for p in people
            for a, pc, f, t in p.addresses
        ],
        batch_size=KEY_BATCH,
    )
    Involvement.objects.bulk_create(
        [
            Involvement(person=by_ref[p.ref], kind=k, start=start, end=end, outcome=o, team=team, source_reference=ref)
            for p in people
            for k, start, end, o, team, ref in p.involvements
        ],
        batch_size=KEY_BATCH,
    )
    seen: set[tuple[int, int, str]] = set()
    rels: list[Relationship] = []
    for a_ref, b_ref, kind in relationships:
        a, b = by_ref.get(a_ref), by_ref.get(b_ref)
        if a is None or b is None or a.pk == b.pk:
            continue
        pair = (min(a.pk, b.pk), max(a.pk, b.pk), kind) if kind in SYMMETRIC else (a.pk, b.pk, kind)
        if pair in seen:
            continue
        seen.add(pair)
        rels.append(Relationship(person=a, other=b, type=kind))
    Relationship.objects.bulk_create(rels, batch_size=KEY_BATCH)
    ids = [person.pk for person in made]
    for start in range(0, len(ids), KEY_BATCH):
        records = index.records_for(ids[start : start + KEY_BATCH])
        PersonKey.objects.bulk_create(
            [
                PersonKey(person_id=pk, key=key)
                for pk, record in records.items()
                for key in sorted({k[:64] for k in matching.blocking_keys(record)})
            ],
            batch_size=2000,
        )
    for p, person in zip(people, made, strict=True):
        audit.record(
            actor,
            Action.PERSON_IMPORTED,
            person,
            actor_label=source if actor is None else "",
            source=source,
            source_ref=p.ref,
        )
    return by_ref
