"""Matching a person described in a contact against the person index (PPL-2).

Plain Python, no Django: the same code scores candidates for a screener, for the batch
de-duplication and for bench/matching. The database finds candidates by the blocking keys
below (never a scan of the whole index); this module ranks them and says why.

The model is Fellegi-Sunter: each field of the description is compared with the candidate
and lands on one *level* ("exact", "nickname", "day-month swapped", "years apart", ...).
Each level has m = P(level | same person) and u = P(level | different person), estimated
from labelled synthetic pairs by ``frontdoor/demo/synthetic/train.py`` and stored in
``match_params.json``; the level contributes log2(m/u) bits. An exact given name or
surname is adjusted by how common the name is (term frequency). The bits are added up and
turned into a calibrated probability by a logistic fit (slope and prior) on training pairs.
docs/decisions/0005-matching.md explains the choices.

Key scheme (``blocking_keys`` for an index entry; ``query_keys`` adds variants):
    n:<nhs number>                          NHS number
    gy:<given code>|<surname code>|<yyy>    phonetic given name (and its full forms) + surname
                                            + decade of birth ("198" for the 1980s)
    gp:<given code>|<surname code>|<outward> the same names + outward postcode (current, previous)
    gs:<given code>|<surname code>          names alone: stored, but looked up only for a
                                            description with no date of birth
    sd:<surname code>|<yyyymmdd>            phonetic surname + date of birth
    gd:<given code>|<yyyymmdd>              phonetic given name + date of birth
    sy:<surname code>|<yyyy>|<outward>      phonetic surname + birth year + outward postcode
    p:<postcode>                            full postcode (current and previous); a
                                            postcode of another country's shape as its token
Codes are Double-Metaphone-like ``jellyfish.metaphone`` codes of the normalised name, cut
to 6 characters. A surname's hyphen parts and former surnames each give their own keys; a
nickname gives keys for its full forms too (Liz -> Elizabeth), in both the index and the
query, so either side may hold the short form.
Query variants: given and surname swapped; day and month swapped; date of birth one day
and one year either side (sd only: the gy key finds those too when the names are right);
the decades of the year either side of the date of birth.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jellyfish
from nicknames import NickNamer
from rapidfuzz.distance import OSA, JaroWinkler


@dataclass(frozen=True)
class PersonRecord:
    """What is known of a person: an index entry, or a referrer's description (person_id "")."""

    person_id: str = ""
    given_name: str = ""
    middle_names: str = ""
    surname: str = ""
    other_names: tuple[str, ...] = ()  # former surnames, aliases, nicknames, as given
    sex: str = ""  # "female" | "male" | "other" | "unknown" | "" (F/M accepted)
    date_of_birth: dt.date | None = None
    postcodes: tuple[str, ...] = ()  # current first, then previous
    nhs_number: str = ""
    relatives: tuple[str, ...] = ()  # names of relatives, e.g. "Liz Smith"


@dataclass(frozen=True)
class Evidence:
    field: str  # "given_name", "surname", "date_of_birth", "postcode", "sex", "nhs_number", "relatives"
    level: str  # e.g. "exact", "nickname", "typo", "day-month swapped", "years apart", "missing"
    weight: float  # log2 Bayes factor this comparison contributes (negative: evidence against)
    detail: str  # plain English, e.g. "'Liz' is a short form of 'Elizabeth'"


@dataclass(frozen=True)
class Candidate:
    person_id: str
    score: float  # calibrated probability that the description is this person, 0..1
    weight: float  # total log2 Bayes factor, prior included
    evidence: tuple[Evidence, ...]


# --- Comparison levels --------------------------------------------------------------------
# Order matters: the first level whose test passes is the one used. "missing" is last and
# always weighs 0 (a field nobody gave says nothing).

LEVELS: dict[str, tuple[str, ...]] = {
    "given_name": ("exact", "nickname", "close", "phonetic", "disagree", "missing"),
    "surname": ("exact", "other", "close", "phonetic", "disagree", "missing"),
    "name_order": ("straight", "swapped", "missing"),
    "date_of_birth": (
        "exact",
        "day-month swapped",
        "one day apart",
        "one year apart",
        "one digit",
        "within two years",
        "years apart",
        "missing",
    ),
    "sex": ("agree", "disagree", "missing"),
    "postcode": ("current", "previous", "outward", "area", "disagree", "missing"),
    "nhs_number": ("exact", "disagree", "missing"),
    "relatives": ("overlap", "no overlap", "missing"),
}
FIELDS: tuple[str, ...] = tuple(LEVELS)
_F = {f: i for i, f in enumerate(FIELDS)}
_L = {f: {lv: i for i, lv in enumerate(levels)} for f, levels in LEVELS.items()}
_MISSING = {f: _L[f]["missing"] for f in FIELDS}

# Fields whose exact agreement is counted once more when people alike in them are more common
# than independence predicts (a household shares surname and postcode, twins a date of birth
# too): ``dependence`` in the parameters, in bits, by the set of fields agreeing exactly
# ("surname+postcode"). Bit i of the mask is _DEPENDENT[i]; level 0 of each is exact.
_DEPENDENT: tuple[str, ...] = ("given_name", "surname", "date_of_birth", "postcode")
_DEP_INDEX = tuple(_F[f] for f in _DEPENDENT)


def dependence_mask(levels: Sequence[int]) -> int:
    """Which of ``_DEPENDENT`` agree exactly (the first level of each), as a bit mask."""
    mask = 0
    for bit, i in enumerate(_DEP_INDEX):
        if levels[i] == 0:
            mask |= 1 << bit
    return mask


def dependence_name(mask: int) -> str:
    return "+".join(f for bit, f in enumerate(_DEPENDENT) if mask >> bit & 1)


# Given-name levels that count as the name agreeing (for swap detection and decide()).
_GIVEN_AGREE = {0, 1, 2}
_SURNAME_AGREE = {0, 1, 2}

# --- Normalisation ------------------------------------------------------------------------

_NON_NAME = re.compile(r"[^a-z\- ]+")
_SPACES = re.compile(r"\s+")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


def clean_name(value: str) -> str:
    """Lower case, accents and punctuation gone, single spaces, hyphens kept."""
    if not value:
        return ""
    s = unicodedata.normalize("NFKD", value)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("'", "").replace("\u2019", "")
    s = _NON_NAME.sub(" ", s)
    s = _SPACES.sub(" ", s).strip()
    s = re.sub(r"\s*-\s*", "-", s).strip("-")
    return s


def clean_postcode(value: str) -> str:
    """'ls6 2ab' -> 'LS6 2AB'; an outward code alone ('ls6') is kept as 'LS6'; a postcode of
    another shape with a digit and at least three characters (Australia's '4223', '1234 ab')
    is kept as a plain token ('4223', '1234AB'): it can agree exactly, never by district or
    area. Anything else is ''."""
    s = re.sub(r"[^A-Za-z0-9]", "", value or "").upper()
    m = _POSTCODE.match(s)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    if _OUTWARD.match(s):
        return s
    if len(s) >= 3 and any(c.isdigit() for c in s):
        return s
    return ""


def _is_uk(pc: str) -> bool:
    """A cleaned postcode is UK-shaped: a full postcode ('LS6 2AB') or an outward code ('LS6')."""
    return " " in pc or bool(_OUTWARD.match(pc))


def _is_whole(pc: str) -> bool:
    """A cleaned postcode names one place: a full UK postcode or another country's token."""
    return " " in pc or not _OUTWARD.match(pc)


def _outward(pc: str) -> str:
    return pc.split(" ", 1)[0]


def _area(pc: str) -> str:
    out = _outward(pc)
    i = 0
    while i < len(out) and out[i].isalpha():
        i += 1
    return out[:i]


def clean_sex(value: str) -> str:
    v = (value or "").strip().lower()
    if v in ("f", "female", "girl", "woman"):
        return "f"
    if v in ("m", "male", "boy", "man"):
        return "m"
    return ""


def clean_nhs(value: str) -> str:
    digits = re.sub(r"[\s\-]", "", value or "")
    return digits if len(digits) == 10 and digits.isdigit() else ""


# --- Nicknames ----------------------------------------------------------------------------
# The `nicknames` package (Apache-2.0, hand-curated, mostly English forms) plus short forms
# common in the UK and among the backgrounds the synthetic population draws from.

UK_NICKNAMES: dict[str, tuple[str, ...]] = {
    "alfred": ("alfie", "alf", "freddie"),
    "oliver": ("ollie", "olly", "ol"),
    "evelyn": ("evie", "eve"),
    "isabella": ("izzy", "bella", "issy"),
    "isabelle": ("izzy", "bella", "issy"),
    "isobel": ("izzy", "issy"),
    "mohammed": ("mo", "moh"),
    "muhammad": ("mo",),
    "mohamed": ("mo",),
    "mohammad": ("mo",),
    "abigail": ("abbie", "abi", "abby"),
    "gary": ("gaz",),
    "gareth": ("gaz",),
    "barry": ("baz",),
    "karen": ("kaz",),
    "catherine": ("kate", "katie", "cathy", "cath"),
    "katherine": ("kate", "katie", "kath", "kathy"),
    "charlotte": ("lottie", "charlie"),
    "matilda": ("tilly", "tilda"),
    "rosemary": ("rosie", "rose"),
    "alexandra": ("alex", "lexi", "sasha"),
    "alexander": ("alex", "xander", "sandy"),
    "william": ("liam",),
    "zachary": ("zach", "zak"),
    "samantha": ("sammie", "sammy"),
    "madison": ("maddie",),
    "eleanor": ("ellie", "nell"),
    "michael": ("mick", "micky"),
    "anthony": ("ant",),
    "benjamin": ("benji",),
    "richard": ("rich", "richie"),
    "edward": ("ed", "eddie", "ted"),
    "henry": ("harry", "hal"),
    "theodore": ("theo", "teddy"),
    "david": ("dai", "davey"),
    "dafydd": ("dai", "dafy"),
    "katarzyna": ("kasia",),
    "malgorzata": ("gosia",),
    "aleksandra": ("ola",),
    "jakub": ("kuba",),
    "tomasz": ("tomek",),
    "wojciech": ("wojtek",),
    "bartosz": ("bartek",),
    "magdalena": ("magda",),
    "joanna": ("asia", "jo"),
    "zofia": ("zosia",),
    "oluwaseun": ("seun",),
    "temitope": ("tope",),
    "funmilayo": ("funmi",),
    "chukwuemeka": ("emeka",),
    "oluwatobi": ("tobi",),
    "victoria": ("tori",),
    "robert": ("robbie", "rab"),
    "sophia": ("sophie",),
}


@functools.lru_cache(maxsize=1)
def _nicknamer() -> NickNamer:
    return NickNamer()


@functools.lru_cache(maxsize=1)
def _uk_canonicals() -> dict[str, tuple[str, ...]]:
    inv: dict[str, list[str]] = {}
    for full, shorts in UK_NICKNAMES.items():
        for s in shorts:
            inv.setdefault(s, []).append(full)
    return {k: tuple(sorted(v)) for k, v in inv.items()}


_MAX_FORMS = 6


@functools.lru_cache(maxsize=50_000)
def name_forms(name: str) -> frozenset[str]:
    """The name with its full forms if it is a short form ('liz' -> liz, elizabeth, ...)."""
    if not name:
        return frozenset()
    nn = _nicknamer()
    canon = sorted(set(nn.canonicals_of(name)) | set(_uk_canonicals().get(name, ())))
    return frozenset([name, *canon[:_MAX_FORMS]])


@functools.lru_cache(maxsize=50_000)
def _short_forms(name: str) -> frozenset[str]:
    if not name:
        return frozenset()
    return frozenset(_nicknamer().nicknames_of(name)) | frozenset(UK_NICKNAMES.get(name, ()))


@functools.lru_cache(maxsize=100_000)
def phonetic(name: str) -> str:
    """A short phonetic code of a cleaned name (metaphone, at most 6 characters)."""
    if not name:
        return ""
    return jellyfish.metaphone(name.replace("-", " ").replace(" ", ""))[:6].upper() or name[:4]


@functools.lru_cache(maxsize=100_000)
def _nysiis(name: str) -> str:
    return jellyfish.nysiis(name.replace("-", "").replace(" ", "")) if name else ""


@dataclass(frozen=True, slots=True)
class _Name:
    text: str  # cleaned
    parts: frozenset[str]  # hyphen/space parts (and the whole)
    forms: frozenset[str]  # with full forms of nicknames
    meta: str
    nys: str


@functools.lru_cache(maxsize=200_000)
def _name(value: str) -> _Name:
    text = clean_name(value)
    parts = frozenset([text, *(p for p in re.split(r"[\- ]", text) if p)]) if text else frozenset()
    return _Name(text, parts, name_forms(text), phonetic(text), _nysiis(text))


_EMPTY_NAME = _Name("", frozenset(), frozenset(), "", "")


@dataclass(frozen=True, slots=True)
class _Norm:
    given: _Name
    middles: frozenset[str]
    surname: _Name
    others: frozenset[str]  # cleaned other names and their parts
    sex: str
    dob: dt.date | None
    dob_digits: str
    postcodes: tuple[str, ...]
    outwards: frozenset[str]
    areas: frozenset[str]
    nhs: str
    relatives: tuple[tuple[frozenset[str], str], ...]  # (given forms, surname) of each relative


def _split_given(given: str, middle: str) -> tuple[str, str]:
    g = clean_name(given)
    if " " in g:  # "Mary Ann" given as a first name: the first word is the given name
        first, rest = g.split(" ", 1)
        return first, f"{rest} {middle}"
    return g, middle


@functools.lru_cache(maxsize=65_536)
def _norm(r: PersonRecord) -> _Norm:
    g, middle = _split_given(r.given_name, r.middle_names)
    middles = frozenset(clean_name(middle).replace("-", " ").split())
    others: set[str] = set()
    for o in r.other_names:
        c = clean_name(o)
        if c:
            others.add(c)
            others.update(p for p in re.split(r"[\- ]", c) if p)
    pcs = tuple(dict.fromkeys(p for p in (clean_postcode(x) for x in r.postcodes) if p))
    rels: list[tuple[frozenset[str], str]] = []
    own_given = name_forms(g) if g else frozenset()
    own_surname = clean_name(r.surname)
    for rel in r.relatives:
        words = clean_name(rel).split()
        if len(words) >= 2:
            forms = name_forms(words[0])
            if words[-1] == own_surname and not forms.isdisjoint(own_given):
                # A relative with this person's own name (a parent and child who share a
                # name) would make the two of them "agree on a relative": no evidence.
                continue
            rels.append((forms, words[-1]))
    dob = r.date_of_birth
    return _Norm(
        given=_name(g) if g else _EMPTY_NAME,
        middles=middles,
        surname=_name(r.surname) if r.surname.strip() else _EMPTY_NAME,
        others=frozenset(others),
        sex=clean_sex(r.sex),
        dob=dob,
        dob_digits=dob.strftime("%Y%m%d") if dob else "",
        postcodes=pcs,
        outwards=frozenset(_outward(p) for p in pcs if _is_uk(p)),
        areas=frozenset(_area(p) for p in pcs if _is_uk(p)),
        nhs=clean_nhs(r.nhs_number),
        relatives=tuple(rels),
    )


def normalise(record: PersonRecord) -> PersonRecord:
    """A record with cleaned fields, for storing (names title-cased, postcodes formatted)."""
    return PersonRecord(
        person_id=record.person_id,
        given_name=clean_name(record.given_name).title(),
        middle_names=clean_name(record.middle_names).title(),
        surname=clean_name(record.surname).title(),
        other_names=tuple(clean_name(o).title() for o in record.other_names if clean_name(o)),
        sex={"f": "female", "m": "male"}.get(clean_sex(record.sex), ""),
        date_of_birth=record.date_of_birth,
        postcodes=tuple(p for p in (clean_postcode(x) for x in record.postcodes) if p),
        nhs_number=clean_nhs(record.nhs_number),
        relatives=record.relatives,
    )


# --- Field comparisons (each returns a level index) ---------------------------------------


def _close(a: str, b: str) -> bool:
    if min(len(a), len(b)) < 3:
        return False
    return JaroWinkler.similarity(a, b) >= 0.92 or OSA.distance(a, b, score_cutoff=1) <= 1


def _cmp_given(q: _Name, c: _Name, c_middles: frozenset[str], c_others: frozenset[str]) -> int:
    if not q.text or not c.text:
        return 5
    a, b = q.text, c.text
    if a == b:
        return 0
    if len(a) == 1 or len(b) == 1:  # an initial
        return 1 if a[0] == b[0] else 4
    if q.forms & c.forms or a in c_others or a in c_middles or b in _short_forms(a) or a in _short_forms(b):
        return 1
    if _close(a, b):
        return 2
    if q.meta == c.meta or (q.nys and q.nys == c.nys):
        return 3
    return 4


def _cmp_surname(q: _Name, q_others: frozenset[str], c: _Name, c_others: frozenset[str]) -> int:
    if not q.text or not c.text:
        return 5
    a, b = q.text, c.text
    if a == b:
        return 0
    c_alt = c.parts | c_others
    if a in c_alt or b in q.parts or b in q_others or not q.parts.isdisjoint(c_alt):
        return 1
    if _close(a, b):
        return 2
    if q.meta == c.meta or (q.nys and q.nys == c.nys):
        return 3
    return 4


def _cmp_dob(q: _Norm, c: _Norm) -> int:
    a, b = q.dob, c.dob
    if a is None or b is None:
        return 7
    if a == b:
        return 0
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return 1
    days = abs(a.toordinal() - b.toordinal())
    if days == 1:
        return 2
    if a.month == b.month and a.day == b.day and abs(a.year - b.year) == 1:
        return 3
    x, y = q.dob_digits, c.dob_digits
    diff = [i for i in range(8) if x[i] != y[i]]
    if len(diff) == 1 or (
        len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]] and x[diff[1]] == y[diff[0]]
    ):
        return 4
    if days <= 731:
        return 5
    return 6


def _cmp_sex(q: _Norm, c: _Norm) -> int:
    if not q.sex or not c.sex:
        return 2
    return 0 if q.sex == c.sex else 1


def _cmp_postcode(q: _Norm, c: _Norm) -> int:
    if not q.postcodes or not c.postcodes:
        return 5
    best = 4
    current = c.postcodes[0]
    for pc in q.postcodes:
        if _is_whole(pc):
            if pc == current:
                return 0
            if pc in c.postcodes:
                best = min(best, 1)
                continue
        if not _is_uk(pc):
            continue
        if _outward(pc) in c.outwards:
            best = min(best, 2)
        elif _area(pc) in c.areas:
            best = min(best, 3)
    return best


def _cmp_nhs(q: _Norm, c: _Norm) -> int:
    if not q.nhs or not c.nhs:
        return 2
    return 0 if q.nhs == c.nhs else 1


def _cmp_relatives(q: _Norm, c: _Norm) -> int:
    if not q.relatives or not c.relatives:
        return 2
    for qf, qs in q.relatives:
        for cf, cs in c.relatives:
            if qs == cs and not qf.isdisjoint(cf):
                return 0
    return 1


def compare(query: PersonRecord, candidate: PersonRecord) -> tuple[int, ...]:
    """The level (index into LEVELS[field]) of each field in FIELDS."""
    return _compare(_norm(query), _norm(candidate))


def _compare(q: _Norm, c: _Norm) -> tuple[int, ...]:
    g = _cmp_given(q.given, c.given, c.middles, c.others)
    s = _cmp_surname(q.surname, q.others, c.surname, c.others)
    order = 2
    if q.given.text and q.surname.text and c.given.text and c.surname.text:
        order = 0
        if g not in _GIVEN_AGREE or s not in _SURNAME_AGREE:
            g2 = _cmp_given(q.surname, c.given, c.middles, c.others)
            s2 = _cmp_surname(q.given, q.others, c.surname, c.others)
            if g2 in _GIVEN_AGREE and s2 in _SURNAME_AGREE:
                g, s, order = g2, s2, 1
    return (
        g,
        s,
        order,
        _cmp_dob(q, c),
        _cmp_sex(q, c),
        _cmp_postcode(q, c),
        _cmp_nhs(q, c),
        _cmp_relatives(q, c),
    )


# --- Blocking keys ------------------------------------------------------------------------


def _surname_codes(n: _Norm) -> list[str]:
    codes = [n.surname.meta] if n.surname.text else []
    for p in sorted(n.surname.parts | n.others):
        if p != n.surname.text and len(p) > 1:
            codes.append(phonetic(p))
    return list(dict.fromkeys(c for c in codes if c))


def _given_codes(n: _Norm) -> list[str]:
    if not n.given.text or len(n.given.text) < 2:
        return []
    return list(dict.fromkeys(phonetic(f) for f in sorted(n.given.forms)))


def _keys(
    n: _Norm,
    given: list[str],
    surname: list[str],
    dobs: list[str],
    sd_dobs: list[str],
    decades: list[str],
    name_only: bool,
) -> set[str]:
    keys: set[str] = set()
    if n.nhs:
        keys.add("n:" + n.nhs)
    outwards = sorted(n.outwards)
    for g in given:
        for s in surname:
            if name_only:
                keys.add(f"gs:{g}|{s}")
            for dec in decades:
                keys.add(f"gy:{g}|{s}|{dec}")
            for out in outwards:
                keys.add(f"gp:{g}|{s}|{out}")
        for d in dobs:
            keys.add(f"gd:{g}|{d}")
    for s in surname:
        for d in sd_dobs:
            keys.add(f"sd:{s}|{d}")
        if n.dob:
            for out in outwards:
                keys.add(f"sy:{s}|{n.dob.year}|{out}")
    for pc in n.postcodes:
        if _is_whole(pc):
            keys.add("p:" + pc.replace(" ", ""))
    return keys


def one_name_key_prefixes(name: str) -> tuple[str, ...]:
    """The starts of the stored keys of everyone whose first name or surname sounds like this one
    name (a nickname's full forms too): the header search's "surname only" or "first name only"
    (issue 15). ``gs:<given>|`` and ``gd:<given>|`` hold a first name; ``sd:<surname>|`` a
    surname with a date of birth."""
    n = _norm(PersonRecord(given_name=name, surname=name))
    prefixes = [f"{kind}:{g}|" for g in _given_codes(n) for kind in ("gs", "gd")]
    prefixes += [f"sd:{s}|" for s in _surname_codes(n)]
    return tuple(dict.fromkeys(prefixes))


def blocking_keys(record: PersonRecord) -> frozenset[str]:
    """Keys stored for an index entry (and looked up for a query). Short, stable strings."""
    n = _norm(record)
    dobs = [n.dob_digits] if n.dob_digits else []
    decades = [n.dob_digits[:3]] if n.dob_digits else []
    return frozenset(_keys(n, _given_codes(n), _surname_codes(n), dobs, dobs, decades, True))


def query_keys(record: PersonRecord) -> frozenset[str]:
    """Keys to look up for a description: blocking_keys plus variants (swapped names,
    day and month swapped, nicknames' full forms)."""
    n = _norm(record)
    given = _given_codes(n)
    surname = _surname_codes(n)
    dobs = [n.dob_digits] if n.dob_digits else []
    sd_dobs = list(dobs)
    decades: list[str] = []
    d = n.dob
    if d is not None:
        if d.day <= 12 and d.day != d.month:
            swapped = d.replace(day=d.month, month=d.day).strftime("%Y%m%d")
            dobs.append(swapped)
            sd_dobs.append(swapped)
        for near in (d - dt.timedelta(days=1), d + dt.timedelta(days=1), _add_years(d, -1), _add_years(d, 1)):
            sd_dobs.append(near.strftime("%Y%m%d"))
        decades = sorted({str(y // 10) for y in (d.year - 1, d.year, d.year + 1)})
    # The bare name key (common names hit thousands) only when there is no date of birth.
    name_only = d is None
    keys = _keys(n, given, surname, dobs, sd_dobs, decades, name_only)
    # Given name and surname the wrong way round.
    if n.given.text and n.surname.text:
        sw_given = list(dict.fromkeys(phonetic(f) for f in sorted(n.surname.forms)))
        sw_surname = [n.given.meta]
        keys |= _keys(n, sw_given, sw_surname, dobs[:1], dobs[:1], decades, name_only)
    return frozenset(keys)


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


# --- Parameters ---------------------------------------------------------------------------

PARAMS_PATH = Path(__file__).with_name("match_params.json")
# A parameter file fitted to this service's own index and descriptions (``fitting.fit_to_data``):
# when set, ``Matcher.default()`` loads it instead of the trained file above.
PARAMS_ENV = "FRONTDOOR_MATCH_PARAMS"


@dataclass(frozen=True)
class _TermFrequencies:
    freq: Mapping[str, float]
    ref_log2: float  # log2 of the reference frequency (adjustment 0 at this frequency)
    unseen: float | None  # frequency of a value not in the table; None: no adjustment
    cap: float

    def adjust(self, value: str) -> float:
        f = self.freq.get(value)
        if f is None:
            if self.unseen is None:
                return 0.0
            f = self.unseen
        return max(-self.cap, min(self.cap, self.ref_log2 - math.log2(f)))

    @classmethod
    def from_counts(cls, counts: Mapping[str, int], cap: float, unseen: bool) -> _TermFrequencies:
        total = sum(counts.values()) or 1
        freq = {k: v / total for k, v in counts.items()}
        # Reference: the expected log-frequency of an agreeing true match (so that the
        # adjustment averages zero over true matches and the level's m/u keeps its meaning).
        ref = sum(f * math.log2(f) for f in freq.values())
        return cls(freq, ref, (0.5 / total) if unseen else None, cap)


def _sigmoid2(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.pow(2.0, -x))
    e = math.pow(2.0, x)
    return e / (1.0 + e)


_DETAIL_LEVEL_NAMES = {
    ("given_name", "close"): "typo",
    ("surname", "other"): "former or other surname",
    ("surname", "close"): "typo",
}


class Matcher:
    threshold: float  # default decision threshold on `score`

    def __init__(self, params: Mapping[str, Any]) -> None:
        self.params = params
        levels = params["levels"]
        self.weights: tuple[tuple[float, ...], ...] = tuple(
            tuple(0.0 if lv == "missing" else math.log2(levels[f][lv]["m"] / levels[f][lv]["u"]) for lv in LEVELS[f])
            for f in FIELDS
        )
        cal = params.get("calibration", {"slope": 1.0, "intercept": 0.0})
        self.slope = float(cal["slope"])
        self.intercept = float(cal["intercept"])
        self.threshold = float(params.get("threshold", 0.9))
        self.margin = float(params.get("margin_bits", 3.0))
        tf = params.get("term_frequencies", {})
        cap = float(tf.get("cap", 3.0))
        self.tf_given = _TermFrequencies(
            tf.get("given_name", {}).get("freq", {}), tf.get("given_name", {}).get("ref_log2", 0.0), None, cap
        )
        self.tf_surname = _TermFrequencies(
            tf.get("surname", {}).get("freq", {}), tf.get("surname", {}).get("ref_log2", 0.0), None, cap
        )
        self.use_tf = bool(tf)
        dep = params.get("dependence", {})
        self.dependence: tuple[float, ...] = tuple(
            max(0.0, float(dep.get(dependence_name(mask), 0.0))) for mask in range(1 << len(_DEPENDENT))
        )
        self.use_dependence = any(self.dependence)

    @classmethod
    def default(cls) -> Matcher:
        return _default_matcher()

    def for_index_size(self, n: int) -> Matcher:
        """The same model for an index of ``n`` people rather than the training size.

        A bigger index holds more look-alikes: the prior that a record is the one meant
        falls as 1/n, while agreeing on a full postcode (about 30 people each) becomes
        more telling by the same factor. Names and dates of birth are unaffected.
        """
        trained = int(self.params.get("index_size", 0))
        if not trained or n <= 0 or n == trained:
            return self
        shift = math.log2(n / trained)
        m = Matcher(self.params)
        m.tf_given, m.tf_surname, m.use_tf = self.tf_given, self.tf_surname, self.use_tf
        m.intercept = self.intercept - self.slope * shift
        pc = _F["postcode"]
        m.weights = tuple(
            tuple(
                w + shift if (i == pc and LEVELS["postcode"][j] in ("current", "previous")) else w
                for j, w in enumerate(row)
            )
            for i, row in enumerate(self.weights)
        )
        return m

    @classmethod
    def from_file(cls, path: str | Path) -> Matcher:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def with_frequencies(self, records: Iterable[PersonRecord], cap: float = 3.0) -> Matcher:
        """The same model with name frequencies taken from the index itself (at load time)."""
        given: Counter[str] = Counter()
        surname: Counter[str] = Counter()
        for r in records:
            n = _norm(r)
            if n.given.text:
                given[n.given.text] += 1
            if n.surname.text:
                surname[n.surname.text] += 1
        m = Matcher(self.params)
        m.tf_given = _TermFrequencies.from_counts(given, cap, unseen=True)
        m.tf_surname = _TermFrequencies.from_counts(surname, cap, unseen=True)
        m.use_tf = True
        return m

    # -- scoring
    def _raw(self, q: _Norm, c: _Norm) -> tuple[float, tuple[int, ...], float, float]:
        levels = _compare(q, c)
        w = self.weights
        total = (
            w[0][levels[0]]
            + w[1][levels[1]]
            + w[2][levels[2]]
            + w[3][levels[3]]
            + w[4][levels[4]]
            + w[5][levels[5]]
            + w[6][levels[6]]
            + w[7][levels[7]]
        )
        tf_g = tf_s = 0.0
        if self.use_tf:
            if levels[0] == 0 and levels[2] != 1:
                tf_g = self.tf_given.adjust(c.given.text)
            if levels[1] == 0 and levels[2] != 1:
                tf_s = self.tf_surname.adjust(c.surname.text)
        if self.use_dependence:
            total -= self.dependence[dependence_mask(levels)]
        return total + tf_g + tf_s, levels, tf_g, tf_s

    def raw_weight(self, query: PersonRecord, candidate: PersonRecord) -> float:
        """The uncalibrated sum of log2 Bayes factors (for training and diagnostics)."""
        return self._raw(_norm(query), _norm(candidate))[0]

    def probability(self, raw: float) -> float:
        return _sigmoid2(self.slope * raw + self.intercept)

    def score(self, query: PersonRecord, candidate: PersonRecord) -> Candidate:
        q, c = _norm(query), _norm(candidate)
        raw, levels, tf_g, tf_s = self._raw(q, c)
        return self._candidate(candidate, query, q, c, raw, levels, tf_g, tf_s)

    def rank(self, query: PersonRecord, candidates: Iterable[PersonRecord], limit: int = 10) -> list[Candidate]:
        q = _norm(query)
        scored = []
        seen: set[str] = set()
        for cand in candidates:
            if cand.person_id in seen:
                continue
            seen.add(cand.person_id)
            c = _norm(cand)
            raw, levels, tf_g, tf_s = self._raw(q, c)
            scored.append((-raw, cand.person_id, cand, c, levels, tf_g, tf_s))
        scored.sort(key=lambda t: (t[0], t[1]))
        return [
            self._candidate(cand, query, q, c, -neg, levels, tf_g, tf_s)
            for neg, _, cand, c, levels, tf_g, tf_s in scored[:limit]
        ]

    def decide(self, ranked: Sequence[Candidate]) -> Candidate | None:
        """The one candidate to suggest as 'known', or None ('not known')."""
        return decide_with(ranked, self.threshold, self.margin)

    def same_person(self, pair: Candidate, threshold: float | None = None) -> bool:
        """Whether two index records scored against each other (``score``) are worth listing
        as one person (batch de-duplication): the score reaches the threshold, and, as in
        ``decide``, the given name alone puts the pair ``margin`` bits ahead of a twin of the
        same person (a record alike in everything but the given name and sex). So twins, and
        a parent and child of one name without dates of birth, are never suggested, whatever
        the other fields say."""
        if pair.score < (self.threshold if threshold is None else threshold):
            return False
        given = next((e for e in pair.evidence if e.field == "given_name"), None)
        if given is None or given.level == "missing":
            return False
        twin = self.slope * self.weights[_F["given_name"]][_L["given_name"]["disagree"]]
        return given.weight - twin >= self.margin

    # -- explanation
    def _candidate(
        self,
        cand: PersonRecord,
        query: PersonRecord,
        q: _Norm,
        c: _Norm,
        raw: float,
        levels: tuple[int, ...],
        tf_g: float,
        tf_s: float,
    ) -> Candidate:
        weight = self.slope * raw + self.intercept
        evidence: list[Evidence] = []
        for i, f in enumerate(FIELDS):
            lv = LEVELS[f][levels[i]]
            if f == "name_order" and lv == "missing":
                continue
            bits = self.weights[i][levels[i]] + (tf_g if i == 0 else tf_s if i == 1 else 0.0)
            evidence.append(Evidence(f, lv, round(self.slope * bits, 3), _detail(f, lv, query, cand, q, c)))
        if self.use_dependence:
            mask = dependence_mask(levels)
            if self.dependence[mask]:
                agree = dependence_name(mask).replace("_", " ").replace("+", ", ")
                evidence.append(
                    Evidence(
                        "alike",
                        "household",
                        round(-self.slope * self.dependence[mask], 3),
                        f"different people in this index share {agree} more often than chance: counted once",
                    )
                )
        return Candidate(cand.person_id, _sigmoid2(weight), weight, tuple(evidence))


def _detail(f: str, lv: str, query: PersonRecord, cand: PersonRecord, q: _Norm, c: _Norm) -> str:
    if lv == "missing":
        return "not given on one side"
    if f == "given_name":
        a, b = query.given_name.strip(), cand.given_name
        return {
            "exact": f"given name '{b}' agrees",
            "nickname": f"'{a}' and '{b}' are forms of the same name (short form, initial, alias or middle name)",
            "close": f"'{a}' is one letter away from '{b}' (a typo?)",
            "phonetic": f"'{a}' sounds like '{b}'",
        }.get(lv, f"given name '{a}' differs from '{b}'")
    if f == "surname":
        a, b = query.surname.strip(), cand.surname
        return {
            "exact": f"surname '{b}' agrees",
            "other": f"'{a}' is a former, other or hyphenated part of '{b}'"
            + (f" (also known as {', '.join(cand.other_names)})" if cand.other_names else ""),
            "close": f"'{a}' is one letter away from '{b}' (a typo?)",
            "phonetic": f"'{a}' sounds like '{b}'",
        }.get(lv, f"surname '{a}' differs from '{b}'")
    if f == "name_order":
        if lv == "straight":
            return "given name and surname in the usual order"
        return "given name and surname were given the wrong way round"
    if f == "date_of_birth":
        a = q.dob.isoformat() if q.dob else ""
        b = c.dob.isoformat() if c.dob else ""
        return {
            "exact": f"date of birth {b} agrees",
            "day-month swapped": f"{a} is {b} with day and month swapped",
            "one day apart": f"{a} is one day from {b}",
            "one year apart": f"{a} is {b} with the year one out",
            "one digit": f"{a} differs from {b} by one digit",
            "within two years": f"{a} is within two years of {b}",
        }.get(lv, f"{a} is years away from {b}: a different person, however alike the names")
    if f == "sex":
        return "sex agrees" if lv == "agree" else "sex differs"
    if f == "postcode":
        a = ", ".join(q.postcodes)
        return {
            "current": f"current postcode {c.postcodes[0] if c.postcodes else ''} agrees",
            "previous": f"{a} is a previous postcode of this person (moved)",
            "outward": f"{a} is in the same district as {', '.join(c.postcodes)}",
            "area": f"{a} is in the same postcode area as {', '.join(c.postcodes)}",
        }.get(lv, f"{a} is not one of this person's postcodes ({', '.join(c.postcodes)})")
    if f == "nhs_number":
        return "NHS number agrees" if lv == "exact" else "NHS numbers differ"
    if f == "relatives":
        return "a relative named agrees" if lv == "overlap" else "no relative named agrees"
    return lv


# Issue 17: the given name levels at which a candidate has the name given (or a short form of it,
# or none was given). Any other ("close", "phonetic", "disagree") is a different name: a twin or a
# sibling not yet in the index looks like that, so such a candidate is never shown as "Best match".
SAME_GIVEN_NAME = frozenset({"exact", "nickname", "missing"})


def given_name_differs(candidate: Candidate) -> bool:
    return any(e.field == "given_name" and e.level not in SAME_GIVEN_NAME for e in candidate.evidence)


def decide_with(ranked: Sequence[Candidate], threshold: float, margin: float) -> Candidate | None:
    """``Matcher.decide`` with an explicit threshold (on score) and margin (in bits).

    The top candidate is suggested when its score reaches the threshold and it is at least
    ``margin`` bits ahead of the next. Twins, siblings, a parent and child of one name: when
    everything but the given name and sex agrees equally, the given name alone must put the
    top candidate ``margin`` bits ahead (sex alone never separates two people who are
    otherwise alike); otherwise the answer is "not known, look at these".
    """
    if not ranked:
        return None
    top = ranked[0]
    if top.score < threshold:
        return None
    if len(ranked) > 1:
        second = ranked[1]
        if top.weight - second.weight < margin:
            return None
        a = {e.field: e for e in top.evidence}
        b = {e.field: e for e in second.evidence}
        same_rest = all(
            a[f].level == b[f].level
            for f in ("surname", "date_of_birth", "postcode", "nhs_number")
            if f in a and f in b
        )
        if same_rest:
            ga, gb = a.get("given_name"), b.get("given_name")
            given_gap = (ga.weight if ga else 0.0) - (gb.weight if gb else 0.0)
            if given_gap < margin:
                return None
    return top


@functools.lru_cache(maxsize=1)
def _default_matcher() -> Matcher:
    return Matcher.from_file(os.environ.get(PARAMS_ENV) or PARAMS_PATH)


def reload_default() -> None:
    """Forget the loaded default parameters (after ``FRONTDOOR_MATCH_PARAMS`` changed)."""
    _default_matcher.cache_clear()


# --- Helpers for training and benchmarks --------------------------------------------------


@dataclass
class MemoryIndex:
    """Blocking keys -> people, in memory (training, tests, benchmarks without a database)."""

    records: dict[str, PersonRecord] = field(default_factory=dict)
    keys: dict[str, list[str]] = field(default_factory=dict)
    max_per_key: int = 500

    def add(self, record: PersonRecord) -> None:
        self.records[record.person_id] = record
        for k in blocking_keys(record):
            self.keys.setdefault(k, []).append(record.person_id)

    def candidates(self, query: PersonRecord) -> list[PersonRecord]:
        ids: dict[str, None] = {}
        for k in sorted(query_keys(query)):
            hit = self.keys.get(k)
            if hit and len(hit) <= self.max_per_key:
                ids.update(dict.fromkeys(hit))
        return [self.records[i] for i in ids]
