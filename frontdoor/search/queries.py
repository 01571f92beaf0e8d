"""The header search's reads (issue 15 part 1): records found for a ``parse.Query``.

Only reads: nothing here writes. Rows are returned whoever may see them; the page masks the
restricted ones through the one visibility rule (``hidden(row)`` in the template), as every
list does, so a restricted record is never shown unmasked (SEC-1, SEC-5).
People are found by the person index's own matching (``frontdoor.people.index``: stored
blocking keys and the matcher), never by ``LIKE`` on names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import F, Model, Q, QuerySet, Value, prefetch_related_objects
from django.db.models.functions import Replace

from frontdoor.intake.models import Contact, ContactPerson
from frontdoor.people import index, matching
from frontdoor.people.models import Involvement, Person
from frontdoor.screening.models import Referral
from frontdoor.search.parse import PREFIXES, Query
from frontdoor.sharing.models import InformationRequest

LIMIT = 20
M = TypeVar("M", bound=Model)


@dataclass
class PersonHit:
    person: Person
    score: float
    last_involvement: Involvement | None = None


@dataclass
class Found:
    contacts: list[Contact] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    requests: list[InformationRequest] = field(default_factory=list)
    people: list[PersonHit] = field(default_factory=list)
    more_people: bool = False

    @property
    def total(self) -> int:
        return len(self.contacts) + len(self.referrals) + len(self.requests) + len(self.people)

    def shown(self) -> dict[str, list[Any]]:
        """What the page showed, for the search's audit entry (SEC-2)."""
        return {
            "contacts": [c.reference for c in self.contacts],
            "referrals": [r.reference for r in self.referrals],
            "information_requests": [r.reference for r in self.requests],
            "people": [h.person.pk for h in self.people],
        }


def _by_reference(rows: QuerySet[M], prefix: str, code: str) -> QuerySet[M] | None:
    """Rows whose reference (``PREFIX-XXXX-XXXX``) holds ``code``. A whole reference is one
    indexed look-up. Letters a code may begin with can also be part of a code (FD-FDA7-D9K4's
    "FDA7", or "REF4" inside a contact's code), so a typed prefix narrows the search but never
    hides a reference that holds what was typed."""
    typed = next((p for p in PREFIXES if code.startswith(p) and not code[len(p) :].startswith(p)), "")
    body = code[len(typed) :] if typed == prefix else code
    if not body:
        return None
    if typed == prefix and len(body) == 8:
        return rows.filter(reference=f"{prefix}-{body[:4]}-{body[4:]}")
    compacted: QuerySet[M] = rows.annotate(compact=Replace(F("reference"), Value("-"), Value("")))
    if typed == prefix:
        return compacted.filter(Q(compact__startswith=prefix + body) | Q(compact__contains=code))
    return compacted.filter(compact__contains=code)


def contacts(query: Query) -> list[Contact]:
    found: dict[int, Contact] = {}
    rows = Contact.objects.prefetch_related("people").order_by("-received_at", "-id")
    if query.reference:
        by_reference = _by_reference(rows, "FD", query.reference)
        if by_reference is not None:
            found.update((c.pk, c) for c in by_reference[:LIMIT])
    if query.dates and not query.reference:  # a child's date of birth as the referrer gave it
        ids = ContactPerson.objects.filter(date_of_birth__in=_dates(query)).values("contact_id")
        found.update((c.pk, c) for c in rows.filter(pk__in=ids)[:LIMIT])
    return sorted(found.values(), key=lambda c: (c.received_at, c.pk), reverse=True)[:LIMIT]


def referrals(query: Query) -> list[Referral]:
    if not query.reference:
        return []
    rows = _by_reference(
        Referral.objects.select_related("contact", "team").order_by("-referred_at", "-id"), "REF", query.reference
    )
    return list(rows[:LIMIT]) if rows is not None else []


def information_requests(query: Query) -> list[InformationRequest]:
    if not query.reference:
        return []
    rows = _by_reference(InformationRequest.objects.order_by("-received_at", "-id"), "IR", query.reference)
    return list(rows[:LIMIT]) if rows is not None else []


def _dates(query: Query) -> list[dt.date]:
    """The dates typed, and each with its day and month swapped (3/4 read as 4 March too)."""
    days: list[dt.date] = []
    for d in query.dates:
        days.append(d)
        if d.day <= 12 and d.day != d.month:
            days.append(d.replace(day=d.month, month=d.day))
    return days


def people(query: Query) -> tuple[list[PersonHit], bool]:
    """People of the index like the description, best first, and whether more were like it."""
    names = query.names
    dob = query.dates[0] if query.dates else None
    if not names and not query.nhs_number and not query.postcode:
        if dob is None:
            return [], False
        rows = Person.objects.filter(date_of_birth__in=_dates(query), merged_into__isnull=True)
        found = list(rows.order_by("surname", "given_name", "id")[: LIMIT + 1])
        return _with_history([PersonHit(p, 1.0) for p in found[:LIMIT]]), len(found) > LIMIT
    common = {
        "date_of_birth": dob,
        "postcodes": (query.postcode,) if query.postcode else (),
        "nhs_number": query.nhs_number,
    }
    if len(names) == 1 and not (dob or query.nhs_number or query.postcode):
        ranked, more = index.find_by_one_name(names[0], limit=LIMIT)
        return _with_history([PersonHit(p, c.score) for c, p in ranked]), more
    if len(names) == 1:
        descriptions = [
            matching.PersonRecord(given_name=names[0], **common),  # type: ignore[arg-type]
            matching.PersonRecord(surname=names[0], **common),  # type: ignore[arg-type]
        ]
    elif names:
        descriptions = [
            matching.PersonRecord(
                given_name=names[0],
                middle_names=" ".join(names[1:-1]),
                surname=names[-1],
                **common,  # type: ignore[arg-type]
            )
        ]
    else:
        descriptions = [matching.PersonRecord(**common)]  # type: ignore[arg-type]
    best: dict[int, PersonHit] = {}
    for description in descriptions:
        for candidate, person in index.find_candidates(description, limit=LIMIT):
            if person.pk not in best or candidate.score > best[person.pk].score:
                best[person.pk] = PersonHit(person, candidate.score)
    hits = sorted(best.values(), key=lambda h: (-h.score, h.person.pk))[:LIMIT]
    return _with_history(hits), False


def _with_history(hits: list[PersonHit]) -> list[PersonHit]:
    """Each person's addresses (prefetched) and latest involvement: two queries for the page."""
    if not hits:
        return hits
    prefetch_related_objects([h.person for h in hits], "addresses")
    latest: dict[int, Involvement] = {}
    rows = Involvement.objects.filter(person_id__in=[h.person.pk for h in hits]).order_by("person_id", "-start", "-id")
    for involvement in rows:
        latest.setdefault(involvement.person_id, involvement)
    for hit in hits:
        hit.last_involvement = latest.get(hit.person.pk)
    return hits


def search(query: Query) -> Found:
    found_people, more = people(query)
    return Found(
        contacts=contacts(query),
        referrals=referrals(query),
        requests=information_requests(query),
        people=found_people,
        more_people=more,
    )
