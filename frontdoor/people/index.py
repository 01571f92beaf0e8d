"""The database side of matching: records for the matcher, blocking keys, candidates, families.

``matching`` (plain Python) scores and explains; this module finds what to score without
reading the whole index. Every person's blocking keys are stored as ``PersonKey`` rows
(indexed); a query looks up the keys of its description, takes the people hitting the most
keys (at most ``CANDIDATE_CAP``), loads their records in a fixed number of queries and lets
the matcher rank them.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL

from frontdoor.intake.models import ContactPerson
from frontdoor.people import matching
from frontdoor.people.models import (
    ADULT_TO_CHILD,
    Involvement,
    Person,
    PersonAddress,
    PersonKey,
    PersonName,
    Relationship,
)

CANDIDATE_CAP = 300  # people scored per query, those sharing the most keys with it first


SIZE_TTL_SECONDS = 300.0  # how long ``matcher()`` alone trusts the last size it saw
EXACT_COUNT_BELOW = 10_000  # on PostgreSQL, count exactly below this; the planner's estimate above
MIN_INDEX_SIZE = 1_000  # the calibration's "a postcode holds ~20 people" needs a real population


@dataclass
class _Sized:
    size: int
    at: float


_last_size: _Sized | None = None


def _size_sql() -> str:
    """SQL for one number: the people in the index. On PostgreSQL a large table's size is the
    planner's estimate (``pg_class.reltuples``, kept by ANALYZE and autovacuum: one catalogue
    row, no scan); a small or never-analysed one is counted exactly, as on SQLite."""
    table = connection.ops.quote_name(Person._meta.db_table)
    count = f"(select count(*) from {table})"  # noqa: S608 - the model's own table name, no input
    if connection.vendor != "postgresql":
        return count
    # Constants and the model's own table name, no input.
    head = f"(select case when c.reltuples >= {EXACT_COUNT_BELOW} then c.reltuples::bigint else {count} end"
    return head + f" from pg_class c where c.oid = '{Person._meta.db_table}'::regclass)"  # noqa: S608


def index_size() -> int:
    """How many people the index holds (see ``_size_sql``): one query, never a scan of a large table."""
    with connection.cursor() as cur:
        cur.execute(f"select {_size_sql()}")
        row = cur.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


@functools.lru_cache(maxsize=16)
def _matcher_for(size: int) -> matching.Matcher:
    return matching.Matcher.default().for_index_size(max(size, MIN_INDEX_SIZE))


def _remember_size(size: int) -> matching.Matcher:
    global _last_size
    _last_size = _Sized(size, time.monotonic())
    return _matcher_for(size)


def matcher() -> matching.Matcher:
    """The default matcher, calibrated for the size of the index being searched
    (``Matcher.for_index_size``: the prior that a record is the one meant falls as 1/size;
    an index smaller than ``MIN_INDEX_SIZE`` counts as that size).

    ``find_candidates`` reads the size in its candidate query (no extra query) and this
    returns the matcher for it; otherwise the size last seen is trusted for
    ``SIZE_TTL_SECONDS`` per process, then taken afresh with one query."""
    last = _last_size
    if last is not None and time.monotonic() - last.at < SIZE_TTL_SECONDS:
        return _matcher_for(last.size)
    return _remember_size(index_size())


def _name(given: str, surname: str) -> str:
    return " ".join(part for part in (given, surname) if part)


def _postcodes(addresses: Iterable[tuple[str, dt.date | None, int]]) -> tuple[str, ...]:
    """Current address first, then the others, most recent first; (postcode, to_date, id) rows."""
    ordered = sorted(addresses, key=lambda a: (a[1] is not None, -(a[1] or dt.date.max).toordinal(), -a[2]))
    return tuple(dict.fromkeys(postcode for postcode, _, _ in ordered if postcode))


def records_for(ids: Iterable[int], *, include_merged: bool = False) -> dict[int, matching.PersonRecord]:
    """What the index knows of each person, for the matcher: every name, postcode and
    relative's name. Four queries for any number of people, reading plain values (no model
    instances), because this is the hot path of every search."""
    ids = list(ids)
    people = Person.objects.filter(pk__in=ids)
    if not include_merged:
        people = people.filter(merged_into__isnull=True)
    rows = list(people.values_list("pk", "given_name", "middle_names", "surname", "sex", "date_of_birth", "nhs_number"))
    found = [row[0] for row in rows]
    if not found:
        return {}
    names: dict[int, list[str]] = defaultdict(list)
    for person_id, given, surname in (
        PersonName.objects.filter(person_id__in=found)
        .order_by("person_id", "from_date", "id")
        .values_list("person_id", "given_name", "surname")
    ):
        text = _name(given, surname)
        if text:
            names[person_id].append(text)
    addresses: dict[int, list[tuple[str, dt.date | None, int]]] = defaultdict(list)
    for person_id, postcode, to_date, pk in PersonAddress.objects.filter(person_id__in=found).values_list(
        "person_id", "postcode", "to_date", "pk"
    ):
        addresses[person_id].append((postcode, to_date, pk))
    relatives: dict[int, set[str]] = defaultdict(set)
    for a, b, a_given, a_surname, b_given, b_surname in Relationship.objects.filter(
        Q(person_id__in=found) | Q(other_id__in=found)
    ).values_list(
        "person_id", "other_id", "person__given_name", "person__surname", "other__given_name", "other__surname"
    ):
        relatives[a].add(_name(b_given, b_surname))
        relatives[b].add(_name(a_given, a_surname))
    return {
        pk: matching.PersonRecord(
            person_id=str(pk),
            given_name=given,
            middle_names=middle,
            surname=surname,
            other_names=tuple(names[pk]),
            sex=sex,
            date_of_birth=born,
            postcodes=_postcodes(addresses[pk]),
            nhs_number=nhs,
            relatives=tuple(sorted(r for r in relatives[pk] if r)),
        )
        for pk, given, middle, surname, sex, born, nhs in rows
    }


def record_of(person: Person) -> matching.PersonRecord:
    """What the index knows of one person (see ``records_for``)."""
    return records_for([person.pk], include_merged=True)[person.pk]


def refresh_keys(person: Person) -> set[str]:
    """Rewrite ``person``'s blocking keys from what the index now holds. Call inside the
    transaction that changed the person. A merged (absorbed) person has no keys, so it is
    never a candidate."""
    if person.merged_into_id is not None:
        PersonKey.objects.filter(person=person).delete()
        return set()
    wanted = {k[:64] for k in matching.blocking_keys(record_of(person))}
    have = set(PersonKey.objects.filter(person=person).values_list("key", flat=True))
    if have - wanted:
        PersonKey.objects.filter(person=person, key__in=have - wanted).delete()
    PersonKey.objects.bulk_create([PersonKey(person=person, key=k) for k in sorted(wanted - have)])
    return wanted


def candidate_ids(keys: Iterable[str], cap: int = CANDIDATE_CAP, exclude: Iterable[int] = ()) -> list[int]:
    """The people sharing the most of ``keys``, most shared first: one indexed query."""
    return _candidates_and_size(keys, cap, exclude)[0]


def _candidates_and_size(
    keys: Iterable[str], cap: int = CANDIDATE_CAP, exclude: Iterable[int] = ()
) -> tuple[list[int], int | None]:
    """``candidate_ids``, and the size of the index read in the same query (None: no rows)."""
    keys = list(keys)
    if not keys:
        return [], None
    rows = PersonKey.objects.filter(key__in=[k[:64] for k in keys])
    excluded = list(exclude)
    if excluded:
        rows = rows.exclude(person_id__in=excluded)
    ranked = (
        rows.values("person_id")
        .annotate(hits=Count("id"), index_size=RawSQL(_size_sql(), ()))  # noqa: S611 - no input
        .order_by("-hits", "person_id")[:cap]
    )
    found = list(ranked)
    return [row["person_id"] for row in found], (int(found[0]["index_size"]) if found else None)


def find_candidates(query: matching.PersonRecord, limit: int = 10) -> list[tuple[matching.Candidate, Person]]:
    """The index entries most likely to be the person described, best first, with the
    matcher's score and evidence. Six queries, whatever the size of the index: the keys,
    four to read the candidates' records, and one for the chosen few as model objects."""
    ids, size = _candidates_and_size(matching.query_keys(query))
    if not ids or size is None:
        return []
    records = records_for(ids)
    ranked = _remember_size(size).rank(query, list(records.values()), limit=limit)
    people = Person.objects.in_bulk([int(c.person_id) for c in ranked])
    return [(c, people[int(c.person_id)]) for c in ranked]


ONE_NAME_CAP = 100  # people scored for a search by one name alone (a common surname hits thousands)


def find_by_one_name(name: str, limit: int = 20) -> tuple[list[tuple[matching.Candidate, Person]], bool]:
    """People whose first name or surname is like ``name`` (spelling, sound, nicknames), best
    first, from the stored keys by their start (an indexed range, never a scan of names); and
    whether more people had such a name than were scored (issue 15, the header search).
    Each is scored as a first name and as a surname, and keeps the better."""
    prefixes = matching.one_name_key_prefixes(name)
    if not prefixes:
        return [], False
    hits = Q()
    for prefix in prefixes:
        hits |= Q(key__startswith=prefix[:64])
    ids = list(PersonKey.objects.filter(hits).values_list("person_id", flat=True).distinct()[: ONE_NAME_CAP + 1])
    more = len(ids) > ONE_NAME_CAP
    records = records_for(ids[:ONE_NAME_CAP])
    if not records:
        return [], more
    scorer = matcher()
    best: dict[str, matching.Candidate] = {}
    for query in (matching.PersonRecord(given_name=name), matching.PersonRecord(surname=name)):
        for candidate in scorer.rank(query, list(records.values()), limit=len(records)):
            if candidate.person_id not in best or candidate.score > best[candidate.person_id].score:
                best[candidate.person_id] = candidate
    ranked = sorted(best.values(), key=lambda c: (-c.score, int(c.person_id)))[:limit]
    people = Person.objects.in_bulk([int(c.person_id) for c in ranked])
    return [(c, people[int(c.person_id)]) for c in ranked if int(c.person_id) in people], more


def score_against(query: matching.PersonRecord, person: Person) -> matching.Candidate:
    """The matcher's score and evidence for one chosen person (what a link records)."""
    return matcher().score(query, record_of(person))


# --- What the referrer said, as a query ----------------------------------------------------------


def _split_other_names(text: str) -> tuple[str, ...]:
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    return tuple(p for p in parts if p)


def query_of(contact_person: ContactPerson, companions: Iterable[ContactPerson] = ()) -> matching.PersonRecord:
    """A person named in a contact as the matcher's query. ``companions`` (the other people
    on the same contact) become the relatives' names."""
    given, _, middle = contact_person.given_names.strip().partition(" ")
    relatives = [c.display_name for c in companions if c.pk != contact_person.pk and (c.given_names or c.family_name)]
    return matching.PersonRecord(
        given_name=given,
        middle_names=middle.strip(),
        surname=contact_person.family_name.strip(),
        other_names=_split_other_names(contact_person.other_names),
        sex=contact_person.sex if contact_person.sex != "unknown" else "",
        date_of_birth=contact_person.date_of_birth,
        postcodes=(contact_person.postcode,) if contact_person.postcode else (),
        nhs_number=contact_person.nhs_number,
        relatives=tuple(relatives),
    )


# --- Families (SCR-2, SCR-3) -------------------------------------------------------------------


@dataclass
class FamilyMember:
    person: Person
    label: str  # what they are to the person in the middle: "Mother", "Sibling", "Other child of Liz Smith"
    involvements: list[Involvement] = field(default_factory=list)


@dataclass
class Family:
    person: Person
    involvements: list[Involvement]
    members: list[FamilyMember]


def families(people: Sequence[Person]) -> dict[int, Family]:
    """For each person: their own history, and their family with theirs (SCR-2's list:
    siblings, half-siblings, other children in the household, parents, a parent's partner,
    other connected adults, and those adults' other children). Three queries in all."""
    ids = [p.pk for p in people]
    if not ids:
        return {}
    rels = list(
        Relationship.objects.filter(Q(person_id__in=ids) | Q(other_id__in=ids)).select_related("person", "other")
    )
    members: dict[int, list[FamilyMember]] = {pk: [] for pk in ids}
    adults: dict[int, set[int]] = defaultdict(set)  # adult id -> the people in the middle they are connected to
    adult_people: dict[int, Person] = {}
    by_id = {p.pk: p for p in people}
    for rel in rels:
        for centre_id in (rel.person_id, rel.other_id):
            if centre_id not in by_id:
                continue
            centre = by_id[centre_id]
            other = rel.counterpart(centre)
            if other.pk == centre_id:
                continue
            members[centre_id].append(FamilyMember(other, rel.label_for(centre)))
            if centre_id == rel.other_id and rel.type in ADULT_TO_CHILD:
                adults[rel.person_id].add(centre_id)
                adult_people[rel.person_id] = rel.person
    if adults:
        children = Relationship.objects.filter(person_id__in=list(adults), type__in=list(ADULT_TO_CHILD))
        for rel in children.select_related("other"):
            for centre_id in adults[rel.person_id]:
                known = {m.person.pk for m in members[centre_id]} | {centre_id}
                if rel.other_id in known:
                    continue
                adult = adult_people[rel.person_id]
                members[centre_id].append(FamilyMember(rel.other, f"Other child of {adult.display_name}"))
    everyone = set(ids) | {m.person.pk for ms in members.values() for m in ms}
    history: dict[int, list[Involvement]] = defaultdict(list)
    for inv in Involvement.objects.filter(person_id__in=everyone).order_by("-start", "-id"):
        history[inv.person_id].append(inv)
    result: dict[int, Family] = {}
    for pk in ids:
        seen: set[int] = set()
        unique: list[FamilyMember] = []
        for m in members[pk]:
            if m.person.pk in seen:
                continue
            seen.add(m.person.pk)
            m.involvements = history.get(m.person.pk, [])
            unique.append(m)
        result[pk] = Family(by_id[pk], history.get(pk, []), unique)
    return result
