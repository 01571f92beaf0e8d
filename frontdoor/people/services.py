"""Every change to the person index happens here: atomic, audited in the same transaction,
with the person's blocking keys rewritten when what they are matched on changes.

PPL-3: nothing links a contact's person to the index by itself. Links are made only by
``link_contact_person`` and ``record_new_person``, which take the member of staff who
decided, and are called from a staff POST; no matching score, however high, calls them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.core.errors import Refused
from frontdoor.intake.models import ContactPerson, PersonRole
from frontdoor.people import index, matching
from frontdoor.people.models import (
    SYMMETRIC,
    ContactPersonLink,
    DuplicateStatus,
    DuplicateSuspect,
    Involvement,
    InvolvementKind,
    LinkDecision,
    NameKind,
    Person,
    PersonAddress,
    PersonKey,
    PersonKind,
    PersonName,
    Relationship,
    RelationshipType,
    Sex,
)
from frontdoor.people.signals import contact_person_linked

SYSTEM = "person index loader"


class LinkRefused(Refused):
    """A decision that cannot be recorded (for example linking to a merged record)."""


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def evidence_json(evidence: Iterable[matching.Evidence]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(e) for e in evidence]


def _label(actor: User | None) -> str:
    return "" if actor is not None else SYSTEM


# --- The index -------------------------------------------------------------------------------


@transaction.atomic
def create_person(
    kind: str = PersonKind.CHILD,
    given_name: str = "",
    middle_names: str = "",
    surname: str = "",
    sex: str = "",
    date_of_birth: dt.date | None = None,
    expected_date: dt.date | None = None,
    nhs_number: str = "",
    address: str = "",
    postcode: str = "",
    address_from: dt.date | None = None,
    reason: str = "", *, actor: User | None,
) -> Person:
    person = Person.objects.create(
        kind=kind,
        given_name=given_name.strip(),
        middle_names=middle_names.strip(),
        surname=surname.strip(),
        sex=sex,
        date_of_birth=date_of_birth,
        expected_date=expected_date,
        nhs_number=nhs_number.replace(" ", ""),
    )
    if address or postcode:
        PersonAddress.objects.create(person=person, address=address, postcode=postcode, from_date=address_from)
    audit.record(
        actor,
        Action.PERSON_CREATED,
        person,
        actor_label=_label(actor),
        reason=reason,
        kind=kind,
        name=person.full_name,
        date_of_birth=_iso(date_of_birth),
    )
    index.refresh_keys(person)
    return person


CORRECTABLE = ("given_name", "middle_names", "surname", "sex", "date_of_birth", "expected_date", "nhs_number", "kind",
               "first_language")


@transaction.atomic(durable=True)
def correct_details(person: Person, reason: str, *, actor: User | None, **changes: Any) -> Person:
    """Correct a person's details (a wrong date of birth, a newly known NHS number); the old
    values are kept in the audit entry. Use ``change_surname`` for a change of name."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"Not a correctable detail: {', '.join(sorted(unknown))}")
    before = {k: getattr(person, k) for k in changes}
    for key, value in changes.items():
        setattr(person, key, value)
    person.save(update_fields=list(changes))
    audit.record(
        actor, Action.PERSON_CORRECTED, person, actor_label=_label(actor), reason=reason,
        before={k: _iso(v) if isinstance(v, dt.date) else v for k, v in before.items()},
        after={k: _iso(v) if isinstance(v, dt.date) else v for k, v in changes.items()},
    )  # fmt: skip
    index.refresh_keys(person)
    return person


@transaction.atomic(durable=True)
def add_name(
    person: Person,
    *,
    actor: User | None, kind: str,
    given_name: str = "",
    surname: str = "",
    from_date: dt.date | None = None,
    to_date: dt.date | None = None,
    reason: str = "",
) -> PersonName:
    if not (given_name.strip() or surname.strip()):
        raise ValueError("A name needs a given name or a surname")
    name = PersonName.objects.create(
        person=person,
        kind=kind,
        given_name=given_name.strip(),
        surname=surname.strip(),
        from_date=from_date,
        to_date=to_date,
    )
    audit.record(
        actor, Action.PERSON_NAME_ADDED, person, actor_label=_label(actor), reason=reason, kind=kind, name=name.text,
        from_date=_iso(from_date), to_date=_iso(to_date),
    )  # fmt: skip
    index.refresh_keys(person)
    return name


@transaction.atomic(durable=True)
def change_surname(
    person: Person, new_surname: str, *, actor: User | None, on: dt.date | None = None, reason: str = ""
) -> Person:
    """A change of surname (marriage, a parent's new name): the old one is kept as a former surname."""
    old = person.surname
    if old and old != new_surname:
        PersonName.objects.create(person=person, kind=NameKind.FORMER_SURNAME, given_name=person.given_name,
                                  surname=old, to_date=on)  # fmt: skip
    person.surname = new_surname.strip()
    person.save(update_fields=["surname"])
    audit.record(actor, Action.PERSON_SURNAME_CHANGED, person, actor_label=_label(actor), reason=reason,
                 old=old, new=person.surname, on=_iso(on))  # fmt: skip
    index.refresh_keys(person)
    return person


@transaction.atomic(durable=True)
def add_address(
    person: Person,
    *,
    actor: User | None, address: str,
    postcode: str = "",
    from_date: dt.date | None = None,
    to_date: dt.date | None = None,
    reason: str = "",
) -> PersonAddress:
    """Record an address. A new current address (no end date) ends the previous current one."""
    if to_date is None:
        ended = from_date or timezone.localdate()
        PersonAddress.objects.filter(person=person, to_date__isnull=True).update(to_date=ended)
    row = PersonAddress.objects.create(
        person=person, address=address.strip(), postcode=postcode.strip().upper(), from_date=from_date, to_date=to_date
    )
    audit.record(actor, Action.PERSON_ADDRESS_ADDED, person, actor_label=_label(actor), reason=reason,
                 postcode=row.postcode,
                 from_date=_iso(from_date), to_date=_iso(to_date))  # fmt: skip
    index.refresh_keys(person)
    return row


@transaction.atomic(durable=True)
def add_relationship(
    person: Person,
    other: Person,
    type: str,
    *,
    actor: User | None, from_date: dt.date | None = None,
    to_date: dt.date | None = None,
    reason: str = "",
) -> Relationship:
    """Record that ``person`` is the ``type`` of ``other`` ("Liz is the mother of Jayden").
    Symmetric types (siblings, household members) are stored once, whichever way round."""
    return _relate(person, other, type, actor=actor, from_date=from_date, to_date=to_date, reason=reason)


def _relate(
    person: Person, other: Person, type: str, *, actor: User | None, from_date: dt.date | None = None,
    to_date: dt.date | None = None, reason: str = "", **detail: Any,
) -> Relationship:  # fmt: skip
    if person.pk == other.pk:
        raise ValueError("A person cannot be related to themselves")
    kind = RelationshipType(type)
    existing = Relationship.objects.filter(person=person, other=other, type=kind)
    if kind in SYMMETRIC:
        existing = Relationship.objects.filter(
            Q(person=person, other=other) | Q(person=other, other=person), type=kind
        )
    found = existing.first()
    if found is not None:
        return found
    rel = Relationship.objects.create(person=person, other=other, type=kind, from_date=from_date, to_date=to_date)
    audit.record(actor, Action.PERSON_RELATIONSHIP_ADDED, person, actor_label=_label(actor), reason=reason,
                 type=kind.value, other=other.pk, from_date=_iso(from_date), **detail)  # fmt: skip
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
        _relate(person, other, type, actor=actor, reason=f"Stated in contact {contact.reference}, confirmed",
                contact=contact.reference)
        for person, other, type in chosen
    ]  # fmt: skip


# --- Keeping people right: staff correct a record, with a reason (WRK-6) ---------------------------------------


class PersonRefused(Refused):
    """A change to a person's record that cannot be made."""


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise PersonRefused("Enter why you are making this change")
    return reason


NAMES = ("given_name", "middle_names", "surname")


@transaction.atomic(durable=True)
def edit_person(person: Person, reason: str, *, actor: User, keep_old_name: bool = False, **changes: Any) -> Person:
    """A member of staff corrects or updates a person's details, saying why (WRK-6). Only what
    changed is written; the old values stay in the audit entry. When the name changed because the
    person is now known by another (not a mistake), ``keep_old_name`` keeps the old one in the
    person's name history, so a search by it still finds them."""
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"Not a correctable detail: {', '.join(sorted(unknown))}")
    reason = _reason(reason)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.merged_into_id is not None:
        raise PersonRefused("This record was merged into another: change that record instead")
    changed = {k: v for k, v in changes.items() if getattr(locked, k) != v}
    if not changed:
        raise PersonRefused("Nothing was changed")
    before = {k: getattr(locked, k) for k in changed}
    kept = None
    if keep_old_name and any(k in changed for k in NAMES) and (locked.given_name or locked.surname):
        surname_only = set(changed) & set(NAMES) == {"surname"}
        kept = PersonName.objects.create(
            person=locked, kind=NameKind.FORMER_SURNAME if surname_only else NameKind.ALIAS,
            given_name=locked.given_name, surname=locked.surname, to_date=timezone.localdate(),
        )  # fmt: skip
    for key, value in changed.items():
        setattr(locked, key, value)
    locked.save(update_fields=list(changed))
    audit.record(
        actor, Action.PERSON_CORRECTED, locked, reason=reason,
        before={k: _iso(v) if isinstance(v, dt.date) else v for k, v in before.items()},
        after={k: _iso(v) if isinstance(v, dt.date) else v for k, v in changed.items()},
        old_name_kept=kept.text if kept else None,
    )  # fmt: skip
    index.refresh_keys(locked)
    person.refresh_from_db()
    return locked


@transaction.atomic(durable=True)
def correct_address(
    address: PersonAddress, *, actor: User, reason: str, from_date: dt.date | None, to_date: dt.date | None
) -> PersonAddress:
    """Correct when someone lived at an address, or record that they have left it (an end date)."""
    reason = _reason(reason)
    if from_date and to_date and to_date < from_date:
        raise PersonRefused("The date they left must be the same as or after the date they moved in")
    before = {"from_date": _iso(address.from_date), "to_date": _iso(address.to_date)}
    address.from_date, address.to_date = from_date, to_date
    address.save(update_fields=["from_date", "to_date"])
    audit.record(actor, Action.PERSON_ADDRESS_CORRECTED, address.person, reason=reason, address=address.pk,
                 postcode=address.postcode, before=before,
                 after={"from_date": _iso(from_date), "to_date": _iso(to_date)})  # fmt: skip
    index.refresh_keys(address.person)
    return address


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
    audit.record(actor, Action.PERSON_RELATIONSHIP_ENDED, locked.person, reason=reason, relationship=locked.pk,
                 type=locked.type, other=locked.other_id, on=on.isoformat())  # fmt: skip
    return locked


@transaction.atomic
def record_involvement(
    person: Person,
    *,
    actor: User | None, kind: str,
    start: dt.date,
    end: dt.date | None = None,
    outcome: str = "",
    team: str = "",
    source_reference: str = "",
    allocated_worker: User | None = None,
) -> Involvement:
    involvement = Involvement.objects.create(
        person=person, kind=kind, start=start, end=end, outcome=outcome, team=team,
        source_reference=source_reference, allocated_worker=allocated_worker,
    )  # fmt: skip
    audit.record(actor, Action.PERSON_INVOLVEMENT_RECORDED, person, actor_label=_label(actor), kind=kind,
                 start=_iso(start), end=_iso(end), source_reference=source_reference)  # fmt: skip
    return involvement


@transaction.atomic
def allocate_open_case(
    person: Person, *, actor: User, worker: User | None, team: str = "", source_reference: str = "", start: dt.date
) -> int:
    """Allocation follows into the person's history: every open involvement of the person (not
    a closure) now names ``worker``, so a new contact about them (INT-14) and an information
    request (INF-1) go to that worker. With nothing open, an open referral involvement is
    recorded for the allocation. Returns how many involvements name the worker."""
    open_rows = Involvement.objects.select_for_update().filter(person=person, end__isnull=True).exclude(
        kind=InvolvementKind.CLOSURE
    )
    ids = list(open_rows.values_list("pk", flat=True))
    if ids:
        Involvement.objects.filter(pk__in=ids).update(allocated_worker=worker)
    elif worker is not None:
        made = Involvement.objects.create(person=person, kind=InvolvementKind.REFERRAL, start=start, team=team,
                                          source_reference=source_reference, allocated_worker=worker)  # fmt: skip
        ids = [made.pk]
    audit.record(actor, Action.PERSON_CASE_ALLOCATED, person, actor_label=_label(actor),
                 worker=worker.username if worker else "", involvements=ids,
                 source_reference=source_reference)  # fmt: skip
    return len(ids)


# --- Loading historic records ------------------------------------------------------------------


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
            Person(kind=p.kind, given_name=p.given_name, middle_names=p.middle_names, surname=p.surname, sex=p.sex,
                   date_of_birth=p.date_of_birth, expected_date=p.expected_date, nhs_number=p.nhs_number)
            for p in people
        ],
        batch_size=KEY_BATCH,
    )  # fmt: skip
    by_ref = {p.ref: person for p, person in zip(people, made, strict=True)}
    PersonName.objects.bulk_create(
        [PersonName(person=by_ref[p.ref], kind=k, given_name=g, surname=s, from_date=f, to_date=t)
         for p in people for k, g, s, f, t in p.names],
        batch_size=KEY_BATCH,
    )  # fmt: skip
    PersonAddress.objects.bulk_create(
        [PersonAddress(person=by_ref[p.ref], address=a, postcode=pc, from_date=f, to_date=t)
         for p in people for a, pc, f, t in p.addresses],
        batch_size=KEY_BATCH,
    )  # fmt: skip
    Involvement.objects.bulk_create(
        [Involvement(person=by_ref[p.ref], kind=k, start=start, end=end, outcome=o, team=team, source_reference=ref)
         for p in people for k, start, end, o, team, ref in p.involvements],
        batch_size=KEY_BATCH,
    )  # fmt: skip
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
            [PersonKey(person_id=pk, key=key) for pk, record in records.items()
             for key in sorted({k[:64] for k in matching.blocking_keys(record)})],
            batch_size=2000,
        )  # fmt: skip
    for p, person in zip(people, made, strict=True):
        audit.record(actor, Action.PERSON_IMPORTED, person, actor_label=source if actor is None else "", source=source,
                     source_ref=p.ref)  # fmt: skip
    return by_ref


# --- Decisions about a contact's people (PPL-3) ---------------------------------------------------


def _companions(contact_person: ContactPerson) -> list[ContactPerson]:
    return list(ContactPerson.objects.filter(contact_id=contact_person.contact_id))


# What the audit log says was decided about a person named in a contact.
LINK_DECIDED: dict[str, Action] = {
    LinkDecision.LINKED: Action.PERSON_LINKED,
    LinkDecision.NEW_PERSON: Action.PERSON_NEW_PERSON,
    LinkDecision.NOT_SURE: Action.PERSON_NOT_SURE,
}


def _save_link(
    contact_person: ContactPerson,
    decision: str,
    person: Person | None,
    candidate: matching.Candidate | None,
    reason: str, *, actor: User,
) -> ContactPersonLink:
    previous = ContactPersonLink.objects.filter(contact_person=contact_person).first()
    link, _ = ContactPersonLink.objects.update_or_create(
        contact_person=contact_person,
        defaults={
            "person": person,
            "decision": decision,
            "decided_by": actor,
            "decided_at": timezone.now(),
            "score": candidate.score if candidate else None,
            "evidence": evidence_json(candidate.evidence) if candidate else [],
            "reason": reason,
        },
    )
    audit.record(
        actor,
        LINK_DECIDED[decision],
        contact_person,
        reason=reason,
        contact=contact_person.contact_id,
        person=person.pk if person else None,
        score=link.score,
        previous=(
            {"decision": previous.decision, "person": previous.person_id} if previous is not None else None
        ),
    )
    return link


@transaction.atomic
def link_contact_person(
    contact_person: ContactPerson, person: Person, reason: str = "", *, actor: User
) -> ContactPersonLink:
    """A member of staff confirms that the person named in the contact is ``person``.
    The matcher's score and evidence at this moment are kept with the decision. Refused for a
    restricted record the member of staff may not see (SEC-5)."""
    if person.merged_into_id is not None:
        raise LinkRefused("This record was merged into another; link to that one instead")
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        # A restricted record is linked only by those named on it (or with a break-glass grant):
        # a link by number alone would pull a live contact under a restriction, out of its
        # colleagues' sight, and show its screener nothing of the person it is linked to.
        raise LinkRefused("This record is restricted: ask for access to it before you link to it")
    candidate = index.score_against(index.query_of(contact_person, _companions(contact_person)), person)
    return _save_link(contact_person, LinkDecision.LINKED, person, candidate, reason, actor=actor)


def announce_link(contact_person: ContactPerson, actor: User) -> bool:
    """Tell the other apps a contact's person is now linked (after the link's commit): True when
    one of them acted on it (INT-14: the contact went to the child's allocated worker)."""
    return any(acted for _, acted in contact_person_linked.send(sender=ContactPerson, contact_person=contact_person,
                                                                actor=actor))  # fmt: skip


def _person_kind(role: str) -> str:
    if role == PersonRole.UNBORN:
        return PersonKind.UNBORN
    if role in (PersonRole.CHILD, PersonRole.CHILD_WHO_HARMED):
        return PersonKind.CHILD
    return PersonKind.ADULT


@transaction.atomic(durable=True)
def record_new_person(contact_person: ContactPerson, reason: str = "", *, actor: User) -> ContactPersonLink:
    """None of the candidates is this person: add them to the index from what the referrer
    said, and link the contact's person to the new record."""
    given, _, middle = contact_person.given_names.strip().partition(" ")
    sex = contact_person.sex if contact_person.sex in Sex.values else ""
    person = create_person(
        actor=actor,
        kind=_person_kind(contact_person.role),
        given_name=given,
        middle_names=middle,
        surname=contact_person.family_name,
        sex=sex,
        date_of_birth=contact_person.date_of_birth,
        expected_date=contact_person.expected_date,
        nhs_number=contact_person.nhs_number,
        address=contact_person.address,
        postcode=contact_person.postcode,
        reason=f"Named in contact {contact_person.contact.reference}",
    )
    if contact_person.previous_address:
        PersonAddress.objects.create(person=person, address=contact_person.previous_address,
                                     to_date=timezone.localdate())  # fmt: skip
    for other in index._split_other_names(contact_person.other_names):
        if len(other) <= 100:
            PersonName.objects.create(person=person, kind=NameKind.ALIAS, given_name=other)
    index.refresh_keys(person)
    return _save_link(contact_person, LinkDecision.NEW_PERSON, person, None, reason, actor=actor)


@transaction.atomic(durable=True)
def record_not_sure(contact_person: ContactPerson, reason: str = "", *, actor: User) -> ContactPersonLink:
    """The screener looked and cannot yet say: recorded, and nothing is linked."""
    return _save_link(contact_person, LinkDecision.NOT_SURE, None, None, reason, actor=actor)


@transaction.atomic(durable=True)
def unlink(contact_person: ContactPerson, reason: str, *, actor: User) -> None:
    """Undo a decision (a wrong link): the reason is required and kept in the audit log."""
    if not reason.strip():
        raise ValueError("Give the reason for removing the link")
    link = ContactPersonLink.objects.filter(contact_person=contact_person).first()
    if link is None:
        return
    audit.record(actor, Action.PERSON_UNLINKED, contact_person, reason=reason, decision=link.decision,
                 person=link.person_id)  # fmt: skip
    link.delete()


# --- De-duplication --------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def record_duplicate_suspects(found: Iterable[tuple[int, int, matching.Candidate]]) -> int:
    """Store pairs the batch job suspects; pairs already reviewed are left as they are."""
    created = 0
    for a, b, candidate in found:
        low, high = min(a, b), max(a, b)
        suspect, new = DuplicateSuspect.objects.get_or_create(
            person_a_id=low,
            person_b_id=high,
            defaults={"score": candidate.score, "evidence": evidence_json(candidate.evidence)},
        )
        if not new and suspect.status == DuplicateStatus.OPEN:
            suspect.score = candidate.score
            suspect.evidence = evidence_json(candidate.evidence)
            suspect.save(update_fields=["score", "evidence"])
        if new:
            created += 1
            audit.record(None, Action.PERSON_DUPLICATE_SUSPECTED, suspect, actor_label="dedupe_people",
                         score=candidate.score)  # fmt: skip
    return created


@transaction.atomic(durable=True)
def merge_people(survivor: Person, absorbed: Person, reason: str = "", *, actor: User) -> Person:
    """``absorbed`` is the same person as ``survivor``: its names, addresses, relationships,
    history and contact links move to the survivor, and it is marked merged (kept, never
    deleted, so the audit trail and old references still resolve)."""
    if survivor.pk == absorbed.pk:
        raise ValueError("A record cannot be merged into itself")
    if survivor.merged_into_id is not None or absorbed.merged_into_id is not None:
        raise ValueError("One of these records has been merged already")
    if absorbed.full_name and absorbed.full_name != survivor.full_name:
        PersonName.objects.create(person=survivor, kind=NameKind.ALIAS, given_name=absorbed.given_name,
                                  surname=absorbed.surname)  # fmt: skip
    for field in ("middle_names", "sex", "date_of_birth", "expected_date", "nhs_number"):
        if not getattr(survivor, field) and getattr(absorbed, field):
            setattr(survivor, field, getattr(absorbed, field))
    survivor.save()
    PersonName.objects.filter(person=absorbed).update(person=survivor)
    PersonAddress.objects.filter(person=absorbed).update(person=survivor)
    Involvement.objects.filter(person=absorbed).update(person=survivor)
    ContactPersonLink.objects.filter(person=absorbed).update(person=survivor)
    for rel in Relationship.objects.filter(Q(person=absorbed) | Q(other=absorbed)):
        person_id = survivor.pk if rel.person_id == absorbed.pk else rel.person_id
        other_id = survivor.pk if rel.other_id == absorbed.pk else rel.other_id
        duplicate = Relationship.objects.filter(person_id=person_id, other_id=other_id, type=rel.type).exists()
        if person_id == other_id or duplicate:
            rel.delete()
        else:
            Relationship.objects.filter(pk=rel.pk).update(person_id=person_id, other_id=other_id)
    Person.objects.filter(merged_into=absorbed).update(merged_into=survivor)
    absorbed.merged_into = survivor
    absorbed.save(update_fields=["merged_into"])
    PersonKey.objects.filter(person=absorbed).delete()
    pair = DuplicateSuspect.objects.filter(
        person_a_id=min(survivor.pk, absorbed.pk), person_b_id=max(survivor.pk, absorbed.pk)
    )
    pair.update(status=DuplicateStatus.MERGED, decided_by=actor, decided_at=timezone.now(), reason=reason)
    # Other open suspicions about the absorbed record are re-found against the survivor next run.
    DuplicateSuspect.objects.filter(Q(person_a=absorbed) | Q(person_b=absorbed), status=DuplicateStatus.OPEN).delete()
    audit.record(actor, Action.PERSON_MERGED, survivor, reason=reason, absorbed=absorbed.pk)
    audit.record(actor, Action.PERSON_MERGED_INTO, absorbed, reason=reason, survivor=survivor.pk)
    index.refresh_keys(survivor)
    return survivor


@transaction.atomic(durable=True)
def mark_not_duplicate(suspect: DuplicateSuspect, reason: str = "", *, actor: User) -> DuplicateSuspect:
    suspect.status = DuplicateStatus.NOT_DUPLICATE
    suspect.decided_by = actor
    suspect.decided_at = timezone.now()
    suspect.reason = reason
    suspect.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit.record(actor, Action.PERSON_NOT_DUPLICATE, suspect, reason=reason, person_a=suspect.person_a_id,
                 person_b=suspect.person_b_id)  # fmt: skip
    return suspect
