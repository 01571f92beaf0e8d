"""Referrers' descriptions of the synthetic population's people, labelled with the person meant
(or none) and what makes each hard: typos, nicknames, changed surnames, moves, twins,
siblings, a parent and child of one name, people not in the index."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from typing import NamedTuple

from frontdoor.demo.synthetic.names import COMMON_NICKNAMES, PICKERS, cumulative
from frontdoor.demo.synthetic.population import LOCAL_AREAS, TODAY, Population, random_postcode
from frontdoor.people.matching import PersonRecord

# --- Referrers' descriptions --------------------------------------------------------------


class LabelledQuery(NamedTuple):
    query: PersonRecord  # what the referrer said (person_id "")
    truth: str  # the person meant, or "" when they are not in the index
    kind: str  # what makes it hard, e.g. "typo", "twin", "not_in_index"


QUERY_KINDS: dict[str, float] = {
    "exact": 6,
    "subset": 6,
    "typo": 8,
    "nickname": 6,
    "surname_changed": 5,
    "hyphenated": 3,
    "swapped_names": 4,
    "dob_day_month": 4,
    "dob_off_day": 4,
    "dob_off_year": 4,
    "dob_typo": 2,
    "moved": 5,
    "moved_unknown": 3,
    "case_spacing": 4,
    "missing_fields": 6,
    "not_in_index": 7,
    "not_in_index_relative": 4,
    "twin": 6,
    "sibling": 6,
    "same_name_parent_child": 6,
}

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _typo(rng: random.Random, s: str) -> str:
    """One edit: substitute, insert, delete, or swap two neighbours."""
    if len(s) < 2:
        return s + rng.choice(_LETTERS)
    i = rng.randrange(len(s))
    op = rng.randrange(4)
    if op == 0:
        c = rng.choice(_LETTERS)
        while c == s[i].lower():
            c = rng.choice(_LETTERS)
        return s[:i] + (c.upper() if s[i].isupper() else c) + s[i + 1 :]
    if op == 1:
        return s[:i] + rng.choice(_LETTERS) + s[i:]
    if op == 2 and len(s) > 3:
        return s[:i] + s[i + 1 :]
    i = min(i, len(s) - 2)
    if s[i] == s[i + 1]:
        return s[:i] + rng.choice(_LETTERS) + s[i + 1 :]
    return s[:i] + s[i + 1] + s[i] + s[i + 2 :]


def _dob_typo(rng: random.Random, d: dt.date) -> dt.date | None:
    """One digit of YYYYMMDD mistyped, or two neighbouring digits swapped (a valid date)."""
    digits = d.strftime("%Y%m%d")
    for _ in range(20):
        i = rng.choice((2, 3, 4, 5, 6, 7))
        if rng.random() < 0.3 and i < 7:
            t = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        else:
            t = digits[:i] + str(rng.randrange(10)) + digits[i + 1 :]
        try:
            out = dt.date(int(t[:4]), int(t[4:6]), int(t[6:]))
        except ValueError:
            continue
        if out != d and out <= TODAY and abs((out - d).days) > 1:
            return out
    return None


def _noise(rng: random.Random, s: str) -> str:
    if not s:
        return s
    r = rng.random()
    if r < 0.3:
        s = s.upper()
    elif r < 0.55:
        s = s.lower()
    if rng.random() < 0.5:
        s = "  " + s + " "
    if " " in s.strip() and rng.random() < 0.5:
        s = s.replace(" ", "  ")
    return s


def _noise_postcode(rng: random.Random, pc: str) -> str:
    r = rng.random()
    if r < 0.4:
        return pc.replace(" ", "").lower()
    if r < 0.7:
        return " " + pc.lower() + " "
    return pc.replace(" ", "  ")


def _shift_year(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


class _Describer:
    def __init__(self, population: Population, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
        self.pop = population
        people = population.people
        self.people = people
        self.index_of = {p.person_id: i for i, p in enumerate(people)}
        self.by_id = {p.person_id: p for p in people}
        self.changed = [p for p in people if p.other_names]
        self.hyphen = [p for p in people if "-" in p.surname or p.other_names]
        self.nick = [p for p in people if p.given_name in COMMON_NICKNAMES]
        self.swappable_dm = [
            p
            for p in people
            if p.date_of_birth and p.date_of_birth.day <= 12 and p.date_of_birth.day != p.date_of_birth.month
        ]
        self.moved = [p for p in people if len(p.postcodes) > 1]
        sib: list[tuple[str, str]] = []
        twins = {frozenset(t) for t in population.twins}
        for r in population.relationships:
            if r.kind in ("sibling", "half_sibling") and frozenset((r.person_id, r.relative_id)) not in twins:
                sib.append((r.person_id, r.relative_id))
        self.siblings = sib

    def base(self, p: PersonRecord, *, full: bool = False) -> dict[str, object]:
        """What a referrer typically knows about a person."""
        rng = self.rng
        q: dict[str, object] = {
            "given_name": p.given_name if full or rng.random() < 0.95 else "",
            "surname": p.surname if full or rng.random() < 0.95 else "",
            "date_of_birth": p.date_of_birth if full or rng.random() < 0.8 else None,
            "sex": (p.sex if rng.random() > 0.005 else {"female": "male", "male": "female"}.get(p.sex, ""))
            if rng.random() < 0.5
            else "",
            "postcodes": p.postcodes[:1] if full or rng.random() < 0.75 else (),
            "nhs_number": p.nhs_number if rng.random() < 0.1 else "",
            "middle_names": p.middle_names if rng.random() < 0.1 else "",
            "relatives": self.relative_named(p) if rng.random() < 0.1 else (),
        }
        return q

    def relative_named(self, p: PersonRecord) -> tuple[str, ...]:
        """A relative the referrer names: usually a parent the index knows, sometimes not."""
        rng = self.rng
        if p.relatives and rng.random() < 0.7:
            name = rng.choice(p.relatives)
            given, _, surname = name.partition(" ")
            if given in COMMON_NICKNAMES and rng.random() < 0.3:
                given = rng.choice(COMMON_NICKNAMES[given])
            return (f"{given} {surname}",)
        other = self.people[rng.randrange(len(self.people))]  # a grandparent, a new partner...
        return (f"{other.given_name} {p.surname if rng.random() < 0.5 else other.surname}",)

    def record(self, q: dict[str, object]) -> PersonRecord:
        return PersonRecord(**q)  # type: ignore[arg-type]

    def one(self, kind: str) -> LabelledQuery | None:
        rng = self.rng
        people = self.people
        if kind == "not_in_index":
            if not self.pop.unindexed_strangers:
                return None
            p = rng.choice(self.pop.unindexed_strangers)
            return LabelledQuery(self.record(self.base(p)), "", kind)
        if kind == "not_in_index_relative":
            if not self.pop.unindexed_relatives:
                return None
            p = rng.choice(self.pop.unindexed_relatives)
            return LabelledQuery(self.record(self.base(p, full=True)), "", kind)
        if kind == "twin":
            if not self.pop.twins:
                return None
            pair = rng.choice(self.pop.twins)
            p = self.by_id[pair[rng.randrange(2)]]
            q = self.base(p, full=True)
            r = rng.random()
            if r < 0.25 and p.given_name in COMMON_NICKNAMES:
                q["given_name"] = rng.choice(COMMON_NICKNAMES[p.given_name])
            elif r < 0.35:
                q["given_name"] = _typo(rng, p.given_name)
            elif r < 0.45:
                q["date_of_birth"] = None
            return LabelledQuery(self.record(q), p.person_id, kind)
        if kind == "sibling":
            if not self.siblings:
                return None
            pair = rng.choice(self.siblings)
            p = self.by_id[pair[rng.randrange(2)]]
            q = self.base(p, full=True)
            r = rng.random()
            if r < 0.2 and p.given_name in COMMON_NICKNAMES:
                q["given_name"] = rng.choice(COMMON_NICKNAMES[p.given_name])
            elif r < 0.35 and p.date_of_birth:
                q["date_of_birth"] = p.date_of_birth + dt.timedelta(days=rng.choice((-1, 1)))
            elif r < 0.5:
                q["date_of_birth"] = None
            return LabelledQuery(self.record(q), p.person_id, kind)
        if kind == "same_name_parent_child":
            if not self.pop.same_name_parent_child:
                return None
            pair = rng.choice(self.pop.same_name_parent_child)
            p = self.by_id[pair[rng.randrange(2)]]
            q = self.base(p, full=True)
            r = rng.random()
            if r < 0.15 and p.date_of_birth:
                q["date_of_birth"] = _shift_year(p.date_of_birth, rng.choice((-1, 1)))
            elif r < 0.3:
                q["date_of_birth"] = None
            return LabelledQuery(self.record(q), p.person_id, kind)

        pools: dict[str, list[PersonRecord]] = {
            "nickname": self.nick,
            "surname_changed": self.changed,
            "hyphenated": self.hyphen,
            "dob_day_month": self.swappable_dm,
            "moved": self.moved,
        }
        pool = pools.get(kind, people)
        if not pool:
            return None
        p = pool[rng.randrange(len(pool))]
        if kind == "surname_changed" and not p.other_names:
            return None
        q = self.base(p)
        dob = p.date_of_birth
        if kind == "exact":
            q = self.base(p, full=True)
        elif kind == "subset":
            keep = rng.choice(
                (
                    ("given_name", "surname", "date_of_birth"),
                    ("given_name", "surname", "postcodes"),
                    ("surname", "date_of_birth", "postcodes"),
                    ("given_name", "date_of_birth", "postcodes"),
                    ("given_name", "surname", "sex", "date_of_birth"),
                )
            )
            full = self.base(p, full=True)
            empty: dict[str, object] = {"date_of_birth": None, "postcodes": (), "relatives": ()}
            q = {k: (v if k in keep else empty.get(k, "")) for k, v in full.items()}
        elif kind == "typo":
            q = self.base(p, full=True)
            f = "given_name" if rng.random() < 0.5 else "surname"
            q[f] = _typo(rng, str(q[f]))
        elif kind == "nickname":
            q["given_name"] = rng.choice(COMMON_NICKNAMES[p.given_name])
        elif kind == "surname_changed":
            if rng.random() < 0.7:
                q["surname"] = p.other_names[0]  # the name they were known by before
            else:
                q["surname"] = rng.choice(PICKERS[0].surname.values)  # a change the index does not know
                if q["surname"] == p.surname:
                    return None
                q["given_name"] = p.given_name
                q["date_of_birth"] = dob
                q["postcodes"] = p.postcodes[:1]
        elif kind == "hyphenated":
            if "-" in p.surname:
                q["surname"] = rng.choice(p.surname.split("-"))
            else:
                q["surname"] = f"{p.other_names[0]}-{p.surname}"
        elif kind == "swapped_names":
            q["given_name"], q["surname"] = p.surname, p.given_name
        elif kind == "dob_day_month" and dob:
            q["date_of_birth"] = dob.replace(day=dob.month, month=dob.day)
        elif kind == "dob_off_day" and dob:
            q["date_of_birth"] = dob + dt.timedelta(days=rng.choice((-1, 1)))
        elif kind == "dob_off_year" and dob:
            q["date_of_birth"] = _shift_year(dob, rng.choice((-1, 1)))
        elif kind == "dob_typo" and dob:
            q["date_of_birth"] = _dob_typo(rng, dob)
        elif kind == "moved":
            q["postcodes"] = (rng.choice(p.postcodes[1:]),)
        elif kind == "moved_unknown":
            q["postcodes"] = (random_postcode(rng, LOCAL_AREAS),)
        elif kind == "case_spacing":
            q = self.base(p, full=True)
            q["given_name"] = _noise(rng, p.given_name)
            q["surname"] = _noise(rng, p.surname)
            q["postcodes"] = tuple(_noise_postcode(rng, pc) for pc in p.postcodes[:1])
        elif kind == "missing_fields":
            q = self.base(p, full=True)
            drop = rng.sample(["given_name", "date_of_birth", "postcodes", "sex", "surname"], 2)
            for f in drop:
                q[f] = None if f == "date_of_birth" else () if f == "postcodes" else ""
        if kind in ("dob_day_month", "dob_off_day", "dob_off_year", "dob_typo") and q["date_of_birth"] in (dob, None):
            return None
        return LabelledQuery(self.record(q), p.person_id, kind)


def make_queries(population: Population, n: int, seed: int) -> list[LabelledQuery]:
    """``n`` descriptions of people, each with the person meant ("" if not indexed) and its kind."""
    d = _Describer(population, seed)
    kinds = list(QUERY_KINDS)
    cum = cumulative(list(QUERY_KINDS.values()))
    out: list[LabelledQuery] = []
    while len(out) < n:
        kind = kinds[bisect.bisect_left(cum, d.rng.random() * cum[-1])]
        item = d.one(kind)
        if item is not None:
            out.append(item)
    return out
