"""A person's record in the index: made, corrected (with a reason, names kept as history),
addresses, history (involvements), and the worker who holds an open case."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.core.errors import Refused
from frontdoor.people import index, matching
from frontdoor.people.models import (
    Involvement,
    InvolvementKind,
    LinkDecision,
    NameKind,
    Person,
    PersonAddress,
    PersonKind,
    PersonName,
)

SYSTEM = "person index loader"


class LinkRefused(Refused):
    """A decision that cannot be recorded (for example linking to a merged record)."""


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def evidence_json(evidence: Iterable[matching.Evidence]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(e) for e in evidence]


def _label(actor: User | None) -> str:
    return "" if actor is not None else SYSTEM


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
    reason: str = "",
    *,
    actor: User | None,
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


CORRECTABLE = (
    "given_name",
    "middle_names",
    "surname",
    "sex",
    "date_of_birth",
    "expected_date",
    "nhs_number",
    "kind",
    "first_language",
)


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
        actor,
        Action.PERSON_CORRECTED,
        person,
        actor_label=_label(actor),
        reason=reason,
        before={k: _iso(v) if isinstance(v, dt.date) else v for k, v in before.items()},
        after={k: _iso(v) if isinstance(v, dt.date) else v for k, v in changes.items()},
    )
    index.refresh_keys(person)
    return person


@transaction.atomic(durable=True)
def add_name(
    person: Person,
    *,
    actor: User | None,
    kind: str,
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
        actor,
        Action.PERSON_NAME_ADDED,
        person,
        actor_label=_label(actor),
        reason=reason,
        kind=kind,
        name=name.text,
        from_date=_iso(from_date),
        to_date=_iso(to_date),
    )
    index.refresh_keys(person)
    return name


@transaction.atomic(durable=True)
def change_surname(
    person: Person, new_surname: str, *, actor: User | None, on: dt.date | None = None, reason: str = ""
) -> Person:
    """A change of surname (marriage, a parent's new name): the old one is kept as a former surname."""
    old = person.surname
    if old and old != new_surname:
        PersonName.objects.create(
            person=person, kind=NameKind.FORMER_SURNAME, given_name=person.given_name, surname=old, to_date=on
        )
    person.surname = new_surname.strip()
    person.save(update_fields=["surname"])
    audit.record(
        actor,
        Action.PERSON_SURNAME_CHANGED,
        person,
        actor_label=_label(actor),
        reason=reason,
        old=old,
        new=person.surname,
        on=_iso(on),
    )
    index.refresh_keys(person)
    return person


@transaction.atomic(durable=True)
def add_address(
    person: Person,
    *,
    actor: User | None,
    address: str,
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
    audit.record(
        actor,
        Action.PERSON_ADDRESS_ADDED,
        person,
        actor_label=_label(actor),
        reason=reason,
        postcode=row.postcode,
        from_date=_iso(from_date),
        to_date=_iso(to_date),
    )
    index.refresh_keys(person)
    return row


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
            person=locked,
            kind=NameKind.FORMER_SURNAME if surname_only else NameKind.ALIAS,
            given_name=locked.given_name,
            surname=locked.surname,
            to_date=timezone.localdate(),
        )
    for key, value in changed.items():
        setattr(locked, key, value)
    locked.save(update_fields=list(changed))
    audit.record(
        actor,
        Action.PERSON_CORRECTED,
        locked,
        reason=reason,
        before={k: _iso(v) if isinstance(v, dt.date) else v for k, v in before.items()},
        after={k: _iso(v) if isinstance(v, dt.date) else v for k, v in changed.items()},
        old_name_kept=kept.text if kept else None,
    )
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
    audit.record(
        actor,
        Action.PERSON_ADDRESS_CORRECTED,
        address.person,
        reason=reason,
        address=address.pk,
        postcode=address.postcode,
        before=before,
        after={"from_date": _iso(from_date), "to_date": _iso(to_date)},
    )
    index.refresh_keys(address.person)
    return address


@transaction.atomic
def record_involvement(
    person: Person,
    *,
    actor: User | None,
    kind: str,
    start: dt.date,
    end: dt.date | None = None,
    outcome: str = "",
    team: str = "",
    source_reference: str = "",
    allocated_worker: User | None = None,
) -> Involvement:
    involvement = Involvement.objects.create(
        person=person,
        kind=kind,
        start=start,
        end=end,
        outcome=outcome,
        team=team,
        source_reference=source_reference,
        allocated_worker=allocated_worker,
    )
    audit.record(
        actor,
        Action.PERSON_INVOLVEMENT_RECORDED,
        person,
        actor_label=_label(actor),
        kind=kind,
        start=_iso(start),
        end=_iso(end),
        source_reference=source_reference,
    )
    return involvement


@transaction.atomic
def allocate_open_case(
    person: Person, *, actor: User, worker: User | None, team: str = "", source_reference: str = "", start: dt.date
) -> int:
    """Allocation follows into the person's history: every open involvement of the person (not
    a closure) now names ``worker``, so a new contact about them (INT-14) and an information
    request (INF-1) go to that worker. With nothing open, an open referral involvement is
    recorded for the allocation. Returns how many involvements name the worker."""
    open_rows = (
        Involvement.objects.select_for_update()
        .filter(person=person, end__isnull=True)
        .exclude(kind=InvolvementKind.CLOSURE)
    )
    ids = list(open_rows.values_list("pk", flat=True))
    if ids:
        Involvement.objects.filter(pk__in=ids).update(allocated_worker=worker)
    elif worker is not None:
        made = Involvement.objects.create(
            person=person,
            kind=InvolvementKind.REFERRAL,
            start=start,
            team=team,
            source_reference=source_reference,
            allocated_worker=worker,
        )
        ids = [made.pk]
    audit.record(
        actor,
        Action.PERSON_CASE_ALLOCATED,
        person,
        actor_label=_label(actor),
        worker=worker.username if worker else "",
        involvements=ids,
        source_reference=source_reference,
    )
    return len(ids)


# What the audit log says was decided about a person named in a contact.
LINK_DECIDED: dict[str, Action] = {
    LinkDecision.LINKED: Action.PERSON_LINKED,
    LinkDecision.NEW_PERSON: Action.PERSON_NEW_PERSON,
    LinkDecision.NOT_SURE: Action.PERSON_NOT_SURE,
}
