"""The synthetic population: people in households (with twins, same-named parents and children,
moves and changed surnames), their relationships, postcodes shaped like real ones and NHS numbers
outside the issued ranges. See the package's docstring."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from frontdoor.demo.synthetic.names import BACKGROUND_CUM, PICKERS, BackgroundPickers, cumulative, words
from frontdoor.people.matching import PersonRecord

TODAY = dt.date(2025, 6, 30)


# --- Postcodes ----------------------------------------------------------------------------
LOCAL_AREAS = ("LS", "LS", "LS", "LS", "BD", "WF", "HX", "HD")
_OTHER_AREAS = words(
    "B M L S G EH CF NE BS NG LE CV SO PO BN CB OX RG MK LU SE SW E N W NW HU DN YO BL OL SK WA WN PR BB"
)
_UNIT = "ABDEFGHJLNPQRSTUWXYZ"


def random_postcode(rng: random.Random, areas: Sequence[str], districts: int = 30) -> str:
    return f"{rng.choice(areas)}{rng.randint(1, districts)} {rng.randint(0, 9)}{rng.choice(_UNIT)}{rng.choice(_UNIT)}"


# --- NHS numbers --------------------------------------------------------------------------


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit for nine digits, or None when no valid number has them."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid_nhs_number(value: str) -> bool:
    digits = value.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


class _NhsSequence:
    """Distinct valid numbers 9xxxxxxxxC in a scrambled order (a stride coprime with 10**8)."""

    def __init__(self, rng: random.Random) -> None:
        self._k = 0
        self._offset = rng.randrange(100_000_000)

    def next(self) -> str:
        while True:
            body = f"9{(self._k * 7_777_777 + self._offset) % 100_000_000:08d}"
            self._k += 1
            check = nhs_check_digit(body)
            if check is not None:
                return body + str(check)


# --- Population ---------------------------------------------------------------------------


class Relationship(NamedTuple):
    person_id: str
    relative_id: str
    kind: str  # relative_id is person_id's <kind>


RELATIONSHIP_KINDS = ("mother", "father", "sibling", "half_sibling", "partner_of_parent", "household")


@dataclass
class Population:
    people: list[PersonRecord]  # the index
    relationships: list[Relationship]
    households: list[tuple[str, ...]]  # person ids living together (indexed people only)
    twins: list[tuple[str, str]]
    same_name_parent_child: list[tuple[str, str]]  # (parent_id, child_id)
    # People who exist but are not in the index: a family's new baby or new partner
    # ("relatives"), and strangers. Their ids start with "U".
    unindexed_relatives: list[PersonRecord] = field(default_factory=list)
    unindexed_strangers: list[PersonRecord] = field(default_factory=list)
    backgrounds: dict[str, str] = field(default_factory=dict)  # household id -> background

    def by_id(self) -> dict[str, PersonRecord]:
        return {p.person_id: p for p in self.people}


def _female_surname(surname: str, bg: str) -> str:
    """Polish surnames in -ski/-cki take -ska/-cka for women (also each part of a hyphenated one)."""
    if bg == "polish" or "ki" in surname:
        return "-".join(p[:-1] + "a" if p.endswith("ki") else p for p in surname.split("-"))
    return surname


def _male_surname(surname: str) -> str:
    return "-".join(p[:-1] + "i" if p.endswith("ska") or p.endswith("cka") else p for p in surname.split("-"))


class _Member:
    __slots__ = ("key", "given", "middle", "surname", "other", "sex", "dob", "postcodes", "nhs", "relatives", "indexed")

    def __init__(self, given: str, middle: str, surname: str, sex: str, dob: dt.date) -> None:
        self.key = 0
        self.given = given
        self.middle = middle
        self.surname = surname
        self.other: tuple[str, ...] = ()
        self.sex = sex
        self.dob = dob
        self.postcodes: tuple[str, ...] = ()
        self.nhs = ""
        self.relatives: tuple[str, ...] = ()
        self.indexed = True

    def full_name(self) -> str:
        return f"{self.given} {self.surname}"


class _Generator:
    def __init__(self, n_people: int, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
        self.n = n_people
        self.nhs = _NhsSequence(self.rng)
        rng = self.rng
        pool_size = max(500, n_people // 30)
        self.pool = [random_postcode(rng, LOCAL_AREAS) for _ in range(pool_size)]
        self.people: list[PersonRecord] = []
        self.relationships: list[Relationship] = []
        self.households: list[tuple[str, ...]] = []
        self.twins: list[tuple[str, str]] = []
        self.same_name: list[tuple[str, str]] = []
        self.unindexed_relatives: list[PersonRecord] = []
        self.unindexed_strangers: list[PersonRecord] = []
        self.backgrounds: dict[str, str] = {}
        self.unindexed_count = 0

    # -- small helpers
    def background(self) -> BackgroundPickers:
        return PICKERS[bisect.bisect_left(BACKGROUND_CUM, self.rng.random() * BACKGROUND_CUM[-1])]

    def given(self, p: BackgroundPickers, sex: str, dob: dt.date) -> str:
        young = dob.year >= 1995
        if sex == "female":
            return (p.female_young if young else p.female_old)(self.rng)
        return (p.male_young if young else p.male_old)(self.rng)

    def middle(self, p: BackgroundPickers, sex: str, dob: dt.date) -> str:
        return self.given(p, sex, dob) if self.rng.random() < 0.5 else ""

    def postcode(self) -> str:
        if self.rng.random() < 0.9:
            return self.pool[self.rng.randrange(len(self.pool))]
        return random_postcode(self.rng, _OTHER_AREAS)

    def history(self) -> tuple[str, ...]:
        r = self.rng.random()
        moves = 2 if r < 0.1 else 1 if r < 0.4 else 0
        return tuple(self.postcode() for _ in range(moves + 1))

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        a, b = start.toordinal(), end.toordinal()
        return dt.date.fromordinal(a + self.rng.randrange(max(1, b - a)))

    def person(self, p: BackgroundPickers, sex: str, dob: dt.date, surname: str) -> _Member:
        return _Member(self.given(p, sex, dob), self.middle(p, sex, dob), surname, sex, dob)

    # -- households
    def household(self) -> None:
        rng = self.rng
        p = self.background()
        bg = p.bg.name
        pcs = self.history()
        members: list[_Member] = []
        rels: list[tuple[int, int, str]] = []  # (person, relative, kind) as member indices
        twin_pairs: list[tuple[int, int]] = []
        same_name: list[tuple[int, int]] = []
        if rng.random() < 0.25:
            self.adults_only(p, pcs, members, rels)
        else:
            self.family(p, pcs, members, rels, twin_pairs, same_name)
        self.emit(bg, pcs, members, rels, twin_pairs, same_name)

    def adults_only(
        self, p: BackgroundPickers, pcs: tuple[str, ...], members: list[_Member], rels: list[tuple[int, int, str]]
    ) -> None:
        rng = self.rng
        sex = "female" if rng.random() < 0.55 else "male"
        dob = self.date_between(dt.date(1940, 1, 1), dt.date(2006, 1, 1))
        members.append(
            self.person(p, sex, dob, _female_surname(p.surname(rng), p.bg.name) if sex == "female" else p.surname(rng))
        )
        if rng.random() < 0.45:
            other_sex = sex if rng.random() < 0.05 else ("male" if sex == "female" else "female")
            dob2 = dt.date.fromordinal(min(dob.toordinal() + rng.randint(-2500, 2500), dt.date(2006, 1, 1).toordinal()))
            partner = self.person(p, other_sex, dob2, p.surname(rng))
            if other_sex == "female" and sex == "male" and rng.random() < 0.5:
                partner.other = (partner.surname,)
                partner.surname = _female_surname(members[0].surname, p.bg.name)
            members.append(partner)
            rels.append((0, 1, "household"))

    def family(
        self,
        p: BackgroundPickers,
        pcs: tuple[str, ...],
        members: list[_Member],
        rels: list[tuple[int, int, str]],
        twin_pairs: list[tuple[int, int]],
        same_name: list[tuple[int, int]],
    ) -> None:
        rng = self.rng
        bg = p.bg.name
        mdob = self.date_between(dt.date(1962, 1, 1), dt.date(2005, 6, 1))
        maiden = _female_surname(p.surname(rng), bg)
        mother = self.person(p, "female", mdob, maiden)
        members.append(mother)
        # Father: present, living elsewhere (indexed, another postcode), or unknown.
        r = rng.random()
        father: _Member | None = None
        father_home = "here" if r < 0.65 else "away" if r < 0.8 else "none"
        fp = p if rng.random() < 0.88 else self.background()
        if father_home != "none":
            fdob = dt.date.fromordinal(mdob.toordinal() + max(-3650, min(730, int(rng.gauss(900, 1400)))))
            father = self.person(fp, "male", fdob, fp.surname(rng))
            members.append(father)
            if father_home == "away":
                father.postcodes = self.history()
        married = father is not None and father_home == "here" and rng.random() < 0.55
        if married and father is not None:
            mother.other = (maiden,)
            if rng.random() < 0.12:
                mother.surname = f"{maiden}-{father.surname}"
            else:
                mother.surname = _female_surname(father.surname, bg)
        if father is not None and father_home == "here":
            rels.append((0, 1, "household"))
        # The father's given name, for Somali patronymic surnames.
        father_given = father.given if father is not None else p.male_old(rng)

        family_surname: dict[int, str] = {}

        def child_surname(dad: _Member | None, dad_given: str, sex: str) -> str:
            if bg == "somali":
                return dad_given
            if dad is None:
                base = _male_surname(maiden)
            elif id(dad) in family_surname:
                base = family_surname[id(dad)]
            else:
                x = rng.random()
                if married or x < 0.6:
                    base = _male_surname(dad.surname)
                elif x < 0.75:
                    base = f"{_male_surname(maiden)}-{_male_surname(dad.surname)}"
                else:
                    base = _male_surname(maiden)
                family_surname[id(dad)] = base
            return _female_surname(base, bg) if sex == "female" else base

        # Children.
        n_children = 1 + bisect.bisect_left(cumulative([35, 35, 19, 8, 3]), rng.random() * 100)
        new_partner_at = rng.randint(1, n_children) if (n_children > 1 and rng.random() < 0.3) else 0
        age_first = 17 + int(abs(rng.gauss(0, 1)) * 8)
        birth = mdob.toordinal() + age_first * 365 + rng.randrange(365)
        children: list[tuple[int, _Member | None]] = []  # (member index, biological father)
        dad: _Member | None = father
        dad_given = father_given
        partner_index = -1
        k = 0
        while k < n_children and birth < TODAY.toordinal():
            if k == new_partner_at and k > 0:
                # A new partner: older children become his step-children; later ones are
                # half-siblings of the older ones.
                pdob = dt.date.fromordinal(mdob.toordinal() + max(-5000, min(730, int(rng.gauss(700, 1500)))))
                np_ = self.background() if rng.random() < 0.2 else p
                partner = self.person(np_, "male", pdob, np_.surname(rng))
                if father is not None and father_home == "here":
                    father.postcodes = self.history()  # he moved out
                partner_index = len(members)
                members.append(partner)
                rels.append((0, partner_index, "household"))
                if rng.random() < 0.3:
                    mother.other = tuple(dict.fromkeys((*mother.other, mother.surname)))
                    mother.surname = _female_surname(partner.surname, bg)
                change_names = rng.random() < 0.1  # the older children take his surname
                for ci, _ in children:
                    rels.append((ci, partner_index, "partner_of_parent"))
                    if change_names:
                        c = members[ci]
                        c.other = (c.surname,)
                        c.surname = _female_surname(partner.surname, bg) if c.sex == "female" else partner.surname
                dad, dad_given, married = partner, partner.given, rng.random() < 0.3
            n_births = 2 if rng.random() < 0.02 else 1
            dob = dt.date.fromordinal(birth)
            born: list[int] = []
            for t in range(n_births):
                sex = "female" if rng.random() < 0.49 else "male"
                if t == 1 and rng.random() < 0.6:
                    sex = members[born[0]].sex  # same-sex twins are common
                c = self.person(p, sex, dob, child_surname(dad, dad_given, sex))
                if t == 1:
                    first = members[born[0]]
                    tries = 0
                    while c.given == first.given and tries < 10:
                        c.given = self.given(p, c.sex, dob)
                        tries += 1
                if (
                    t == 0
                    and dad is not None
                    and sex == "male"
                    and not any(members[i].sex == "male" for i, _ in children)
                    and rng.random() < 0.06
                ):
                    c.given, c.middle = dad.given, dad.middle
                    if c.surname == dad.surname:
                        same_name.append((members.index(dad), len(members)))
                elif t == 0 and sex == "female" and not children and rng.random() < 0.01:
                    c.given = mother.given
                    if c.surname == mother.surname:
                        same_name.append((0, len(members)))
                ci = len(members)
                members.append(c)
                born.append(ci)
                rels.append((ci, 0, "mother"))
                if dad is not None:
                    rels.append((ci, members.index(dad), "father"))
                elif partner_index >= 0:
                    rels.append((ci, partner_index, "partner_of_parent"))
                for oi, odad in children:
                    rels.append((oi, ci, "sibling" if odad is dad else "half_sibling"))
                children.append((ci, dad))
            if len(born) == 2:
                twin_pairs.append((born[0], born[1]))
            k += n_births
            gap = 300 + int(abs(rng.gauss(0, 1)) * 900)
            birth += gap
        # A baby born since the index was last updated, or a partner nobody has recorded.
        if rng.random() < 0.02 and members:
            members[-1].indexed = False

    def emit(
        self,
        bg: str,
        pcs: tuple[str, ...],
        members: list[_Member],
        rels: list[tuple[int, int, str]],
        twin_pairs: list[tuple[int, int]],
        same_name: list[tuple[int, int]],
    ) -> None:
        rng = self.rng
        remaining = self.n - len(self.people)
        ids: list[str] = []
        next_key = len(self.people)
        for m in members:
            if m.indexed and remaining > 0:
                m.key = next_key
                next_key += 1
                ids.append(f"P{m.key:07d}")
                remaining -= 1
            elif not m.indexed:
                self.unindexed_count += 1
                ids.append(f"U{self.unindexed_count:07d}")
            else:
                ids.append("")
        # Relatives' names, as a referrer would give them (children: their parents).
        names = [m.full_name() for m in members]
        rel_names: list[list[str]] = [[] for _ in members]
        for a, b, kind in rels:
            if kind in ("mother", "father"):
                rel_names[a].append(names[b])
        records: list[PersonRecord] = []
        for i, m in enumerate(members):
            if not ids[i]:
                continue
            adult = m.dob.year < 2005
            nhs = self.nhs.next() if rng.random() < (0.75 if adult else 0.92) else ""
            sex = m.sex if rng.random() > 0.01 else ""
            rec = PersonRecord(
                person_id=ids[i],
                given_name=m.given,
                middle_names=m.middle,
                surname=m.surname,
                other_names=tuple(o for o in m.other if o != m.surname),
                sex=sex,
                date_of_birth=m.dob,
                postcodes=m.postcodes or pcs,
                nhs_number=nhs,
                relatives=tuple(rel_names[i]),
            )
            if m.indexed:
                self.people.append(rec)
            records.append(rec)
            if not m.indexed:
                self.unindexed_relatives.append(rec)
        indexed = [i for i, m in enumerate(members) if ids[i] and m.indexed]
        if indexed:
            home = tuple(ids[i] for i in indexed if not members[i].postcodes)
            if home:
                self.households.append(home)
                self.backgrounds[home[0]] = bg
        for a, b, kind in rels:
            if ids[a] and ids[b] and members[a].indexed and members[b].indexed:
                self.relationships.append(Relationship(ids[a], ids[b], kind))
        for a, b in twin_pairs:
            if ids[a] and ids[b] and members[a].indexed and members[b].indexed:
                self.twins.append((ids[a], ids[b]))
        for a, b in same_name:
            alike = (members[a].given, members[a].surname) == (members[b].given, members[b].surname)
            if alike and ids[a] and ids[b] and members[a].indexed and members[b].indexed:
                self.same_name.append((ids[a], ids[b]))

    def strangers(self, count: int) -> None:
        """People never indexed: drawn like everyone else, to ask about."""
        rng = self.rng
        for _ in range(count):
            p = self.background()
            sex = "female" if rng.random() < 0.5 else "male"
            dob = self.date_between(dt.date(1950, 1, 1), TODAY)
            surname = p.surname(rng)
            m = self.person(p, sex, dob, _female_surname(surname, p.bg.name) if sex == "female" else surname)
            self.unindexed_count += 1
            self.unindexed_strangers.append(
                PersonRecord(
                    person_id=f"U{self.unindexed_count:07d}",
                    given_name=m.given,
                    middle_names=m.middle,
                    surname=m.surname,
                    sex=sex,
                    date_of_birth=dob,
                    postcodes=self.history(),
                    nhs_number=self.nhs.next() if rng.random() < 0.8 else "",
                )
            )

    def run(self) -> Population:
        while len(self.people) < self.n:
            self.household()
        self.strangers(max(50, self.n // 50))
        return Population(
            people=self.people,
            relationships=self.relationships,
            households=self.households,
            twins=self.twins,
            same_name_parent_child=self.same_name,
            unindexed_relatives=self.unindexed_relatives,
            unindexed_strangers=self.unindexed_strangers,
            backgrounds=self.backgrounds,
        )


def generate_population(n_people: int, seed: int) -> Population:
    """A synthetic population of exactly ``n_people`` indexed people, in households."""
    return _Generator(n_people, seed).run()
