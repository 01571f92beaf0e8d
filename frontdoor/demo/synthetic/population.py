"""A synthetic UK population with families, and referrers' descriptions of its people (PPL-2).

Used to train the matcher's weights (frontdoor/demo/synthetic/train.py), in tests, as demo data and
by bench/matching. Nothing here is real: names are drawn from lists of common names of
several backgrounds, postcodes are shaped like real ones, NHS numbers start with 9 (outside
the ranges issued to patients) and carry a valid modulus-11 check digit.

    population = generate_population(100_000, seed=1)
    queries = make_queries(population, 5_000, seed=2)   # [LabelledQuery(query, truth, kind)]

Everything is deterministic from the seed (no iteration over sets, no hashing of strings),
and cheap enough for a million people in well under a minute.

Relationships: ``Relationship(person_id, relative_id, kind)`` reads "relative_id is
person_id's <kind>". Kinds: mother, father (child to parent); partner_of_parent (child to
a parent's partner who is not their parent); sibling, half_sibling, household (adults
living together) are symmetric and appear once per pair. Twins are siblings; they are also
listed in ``Population.twins``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from frontdoor.people.matching import PersonRecord

TODAY = dt.date(2025, 6, 30)

# --- Names ------------------------------------------------------------------------------
# Lists are ordered roughly by frequency; a Zipf-like weight is applied by position.


def _w(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_ENGLISH_SURNAMES = _w(
    """Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
    Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood
    Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen
    James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook
    Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Marshall Anderson
    Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Campbell
    Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens
    Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh Gibson Howard Andrews Stewart
    Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson
    Bradley Spencer Gill Dawson Ball Burton Watts Rose Booth Perry Ryan Grant Wells Armstrong
    Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh
    Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton
    Oliver Reed Kennedy Williamson Bird Gardner Dean Lane Cooke Bates Henderson Parry Burgess
    Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton
    Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins Harper Coleman Watkins Moss
    Chambers Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace George
    Jordan Hutchinson Rowe Burke May Gilbert Willis Higgins Read Miles Stevenson Stephenson
    Hammond Arnold Buckley Walters Hewitt Barber Nelson Slater Austin Sullivan Whitehead Mann
    Frost Lambert Stephens Blake Lynch Goodwin Barton Woodward Thomson Cunningham Quinn
    Barnett Baxter Clayton Nash Greenwood Jennings Holt Kemp Poole Bond Stokes Tucker
    Davidson Fowler Heath Norman Middleton Lawson Banks French Stanley Jarvis Gibbs Ferguson
    Hayward Carroll Farrell Duncan Ashworth Sykes Hirst Haigh Pickles Ackroyd Brook Firth
    Holroyd Sugden Crowther Illingworth Lumb Midgley Greenhalgh Oldroyd Raistrick Wainwright"""
)
_ENGLISH_F_OLD = _w(
    """Sarah Emma Claire Lisa Nicola Michelle Rebecca Laura Gemma Kelly Donna Joanne Tracy
    Karen Amanda Rachel Hayley Natalie Samantha Victoria Louise Stacey Danielle Leanne
    Charlotte Jennifer Elizabeth Katherine Helen Zoe Jade Amy Kirsty Lauren Sophie Hannah
    Jessica Chloe Kayleigh Jodie Susan Julie Deborah Margaret Catherine Alison Angela
    Dawn Joanna Lindsey Sharon Stephanie Vicky Caroline Jacqueline Shelley Jenna Abigail"""
)
_ENGLISH_F_YOUNG = _w(
    """Olivia Amelia Isla Ava Mia Ivy Lily Isabella Sophia Grace Freya Poppy Evie Ella
    Florence Willow Rosie Sienna Millie Daisy Evelyn Phoebe Ruby Harper Emily Matilda Elsie
    Esme Layla Scarlett Maisie Charlotte Jessica Chloe Lucy Megan Holly Ellie Summer Lacey
    Elizabeth Katie Leah Abigail Eleanor Imogen Erin Molly Niamh Paige Courtney Madison
    Bethany Amber Lexi Gracie Harriet Matilda Violet Aria Hallie Robyn Tilly Darcie"""
)
_ENGLISH_M_OLD = _w(
    """David Paul Mark Andrew Richard Daniel James Christopher Michael Stephen Darren Lee
    Craig Wayne Jason Simon Matthew Robert John Gary Neil Dean Carl Scott Ian Anthony Kevin
    Martin Peter Thomas Adam Ryan Jamie Steven Shaun William Nicholas Jonathan Philip
    Ashley Liam Luke Benjamin Samuel Joseph Alan Graham Keith Barry Stuart Russell Terry
    Kieran Jonathon Karl Nathan Gareth Anthony Colin Trevor Edward Alexander"""
)
_ENGLISH_M_YOUNG = _w(
    """Oliver George Noah Arthur Leo Harry Oscar Archie Henry Theodore Freddie Jack Charlie
    Theo Alfie Jacob Thomas Finley Lucas Isaac Tommy Teddy Joshua William James Riley Ethan
    Mason Logan Jayden Tyler Kai Callum Alexander Edward Louie Reggie Max Harrison Daniel
    Samuel Joseph Dylan Lewis Connor Jake Kyle Bradley Declan Brandon Reece Elliot Toby
    Albie Ronnie Frankie Stanley Hugo Rory Zachary Sebastian Jenson Ellis Ezra Harley"""
)
_WELSH = (
    _w("""Jones Davies Williams Evans Thomas Roberts Hughes Lewis Morgan Griffiths Owen Price
    Jenkins Rees Pritchard Llewellyn Powell Vaughan Parry Bevan Howells Prosser Gwilliam"""),
    _w("Cerys Ffion Seren Megan Carys Bethan Nia Angharad Rhian Catrin Sian Eleri Mali Lowri Gwen Elin"),
    _w("Dylan Rhys Gethin Owain Ieuan Dafydd Gareth Huw Iwan Aled Emyr Llyr Osian Tomos Rhodri Gruffydd"),
)
_SCOTTISH = (
    _w("""Macdonald Campbell Stewart Robertson Thomson Anderson Scott Reid Murray Taylor Clark
    Ross Paterson Fraser Mackenzie McLean Ferguson Grant Hamilton McGregor Sinclair Cameron
    Mackay Sutherland Munro Buchanan"""),
    _w("Isla Eilidh Kirsty Fiona Morag Ailsa Catriona Mhairi Shona Iona Skye Heather Kirsten Morven"),
    _w("Callum Euan Angus Alasdair Fraser Ruaridh Hamish Lachlan Finlay Struan Murray Craig Ross Gregor Iain"),
)
_IRISH = (
    _w("""Murphy Kelly O'Sullivan Walsh O'Brien Byrne Ryan O'Connor O'Neill Doyle McCarthy
    Gallagher O'Donnell Kennedy Lynch Quinn Brennan Flanagan Fitzgerald Keane Donnelly
    McLaughlin Devlin Kavanagh"""),
    _w("Aoife Siobhan Niamh Ciara Saoirse Roisin Orla Caoimhe Sinead Grainne Aisling Clodagh Maeve Eimear"),
    _w("Sean Ciaran Padraig Eoin Cian Oisin Darragh Conor Declan Colm Fergal Liam Niall Ronan Cormac"),
)
_SOUTH_ASIAN = (
    _w("""Khan Ahmed Hussain Ali Patel Begum Shah Akhtar Iqbal Mahmood Rahman Islam Uddin Miah
    Sharma Singh Kaur Kumar Gupta Chaudhry Malik Butt Bibi Mistry Parmar Chauhan Sandhu Gill
    Bains Dhillon Rana Qureshi Siddiqui Choudhury Aslam Javed Rashid Bashir Nawaz Hanif"""),
    _w("""Aisha Fatima Ayesha Zainab Maryam Amina Priya Anjali Sana Hira Nadia Samina Rukhsana
    Parveen Simran Harpreet Jaspreet Kiran Neha Pooja Sunita Shabana Nazia Iqra Alisha Inaaya
    Anaya Zara Hafsa Khadija Mariam Safa Noor Eshal Hania"""),
    _w("""Mohammed Muhammad Ali Ahmed Hassan Imran Bilal Usman Zain Ibrahim Arjun Rohan Ravi
    Sanjay Rajesh Amit Vikram Harjit Gurpreet Jaswinder Mandeep Tariq Kamran Adnan Faisal
    Ayaan Yusuf Rayyan Aarav Hamza Musa Idris Zakariya Haris Shahid"""),
)
_POLISH = (
    _w("""Nowak Kowalski Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski Szymanski
    Wozniak Dabrowski Kozlowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski
    Pawlak Michalski Nowicki Adamczyk Dudek Zajac"""),
    _w("""Anna Zofia Maja Julia Zuzanna Natalia Oliwia Wiktoria Agnieszka Katarzyna Magdalena
    Joanna Aleksandra Monika Ewa Karolina Dorota Malgorzata Barbara"""),
    _w("""Jakub Jan Szymon Filip Kacper Mateusz Piotr Krzysztof Tomasz Pawel Marcin Michal
    Lukasz Grzegorz Adam Wojciech Bartosz Dawid"""),
)
_NIGERIAN = (
    _w("""Okafor Adeyemi Okonkwo Adebayo Eze Nwosu Ogunleye Balogun Okeke Afolabi Oyelaran Chukwu
    Obi Adewale Olawale Akinola Ibrahim Bello Nwachukwu Adeleke Oladipo Onyeka Ogunbiyi"""),
    _w("""Chioma Ngozi Adaeze Amara Folake Funmilayo Oluwaseun Temitope Blessing Precious Chiamaka
    Nneka Ifeoma Yetunde Bukola Abimbola Favour Esther Tolulope Adaora"""),
    _w("""Chinedu Emeka Oluwaseun Tunde Adebayo Obinna Chukwuemeka Femi Olumide Babatunde Ikenna
    Uche Segun Kelechi David Samuel Daniel Emmanuel Tobi Ayodele"""),
)
_CARIBBEAN = (
    _w("""Campbell Brown Williams Clarke Francis Johnson Thompson Grant Morrison Henry Edwards
    Reid Gordon Bailey Richards Lewis Samuels Bennett Hylton Powell Forbes Barrett Lindo"""),
    _w("""Shanice Tanisha Keisha Aaliyah Jada Shantelle Tia Jasmine Chantelle Marcia Paulette
    Beverley Janelle Kadeisha Nia Imani"""),
    _w("""Marcus Jermaine Tyrone Dwayne Andre Delroy Leon Winston Trevor Kwame Jerome Dante
    Malachi Tyrese Kyrie Devon Jaden"""),
)
_SOMALI = (
    _w("""Mohamed Ali Hassan Ahmed Abdi Farah Hussein Omar Warsame Jama Osman Yusuf Ibrahim Nur
    Aden Abdullahi Egal Dahir Hersi Elmi"""),
    _w("Hodan Amina Fadumo Hibo Ayaan Sahra Nimco Ifrah Deqa Hamdi Idil Khadra Ubah Muna Asha Ikran"),
    _w("""Abdi Mohamed Abdirahman Ahmed Yusuf Hassan Abdullahi Omar Ismail Liban Mustafe Farah
    Guled Mahad Abdikarim Said"""),
)
_ROMANIAN = (
    _w("""Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Munteanu Rusu
    Lungu Constantin Marin Tudor Florea Moldovan Dinu"""),
    _w("Maria Elena Ioana Andreea Alexandra Ana Mihaela Cristina Gabriela Daniela Roxana Bianca Denisa Alina"),
    _w("Andrei Alexandru Mihai Ionut Stefan Gabriel Florin Cosmin Adrian Marius Bogdan Catalin Razvan Constantin"),
)
_CHINESE = (
    _w("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Chan Wong Cheung Lam Ng"),
    _w("Mei Xin Ying Hui Jing Yan Lin Xiao Fang Qing Jia Yu Ling Xue Lan"),
    _w("Wei Jun Hao Ming Lei Jian Tao Qiang Bo Yang Hong Jie Long Feng Kai"),
)


class _Background(NamedTuple):
    name: str
    weight: float
    surnames: tuple[str, ...]
    female_old: tuple[str, ...]
    female_young: tuple[str, ...]
    male_old: tuple[str, ...]
    male_young: tuple[str, ...]


def _bg(name: str, weight: float, lists: tuple[tuple[str, ...], ...]) -> _Background:
    s, f, m = lists
    return _Background(name, weight, s, f, f, m, m)


BACKGROUNDS: tuple[_Background, ...] = (
    _Background("english", 62.0, _ENGLISH_SURNAMES, _ENGLISH_F_OLD, _ENGLISH_F_YOUNG, _ENGLISH_M_OLD, _ENGLISH_M_YOUNG),
    _bg("welsh", 3.0, _WELSH),
    _bg("scottish", 4.0, _SCOTTISH),
    _bg("irish", 4.0, _IRISH),
    _bg("south_asian", 10.0, _SOUTH_ASIAN),
    _bg("polish", 4.0, _POLISH),
    _bg("nigerian", 3.0, _NIGERIAN),
    _bg("caribbean", 3.0, _CARIBBEAN),
    _bg("somali", 2.0, _SOMALI),
    _bg("romanian", 2.5, _ROMANIAN),
    _bg("chinese", 2.5, _CHINESE),
)

# Common short forms a referrer uses; every pair is known to the matcher (a test checks).
COMMON_NICKNAMES: dict[str, tuple[str, ...]] = {
    "Elizabeth": ("Liz", "Lizzie", "Beth", "Libby"),
    "William": ("Bill", "Will", "Billy", "Liam"),
    "Robert": ("Rob", "Bob", "Robbie"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Thomas": ("Tom", "Tommy"),
    "Daniel": ("Dan", "Danny"),
    "Michael": ("Mike", "Mick"),
    "Christopher": ("Chris",),
    "Matthew": ("Matt",),
    "Anthony": ("Tony", "Ant"),
    "Alexander": ("Alex", "Xander"),
    "Alexandra": ("Alex", "Sasha"),
    "Samuel": ("Sam", "Sammy"),
    "Samantha": ("Sam", "Sammie"),
    "Joseph": ("Joe", "Joey"),
    "Joshua": ("Josh",),
    "Benjamin": ("Ben", "Benji"),
    "Nicholas": ("Nick", "Nicky"),
    "Stephen": ("Steve",),
    "Steven": ("Steve",),
    "David": ("Dave", "Davey"),
    "Richard": ("Rich", "Richie"),
    "Edward": ("Ed", "Eddie", "Ted"),
    "Henry": ("Harry", "Hal"),
    "Frederick": ("Fred", "Freddie"),
    "Alfred": ("Alfie", "Alf"),
    "Oliver": ("Ollie", "Olly"),
    "Theodore": ("Theo", "Teddy"),
    "Archibald": ("Archie",),
    "Charles": ("Charlie",),
    "Charlotte": ("Lottie", "Charlie"),
    "Katherine": ("Kate", "Katie", "Kath"),
    "Catherine": ("Kate", "Cathy"),
    "Rebecca": ("Becky", "Becca"),
    "Jennifer": ("Jen", "Jenny"),
    "Jessica": ("Jess",),
    "Victoria": ("Vicky", "Tori"),
    "Deborah": ("Debbie", "Deb"),
    "Amanda": ("Mandy",),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Susan": ("Sue", "Susie"),
    "Abigail": ("Abbie", "Abi"),
    "Isabella": ("Bella", "Izzy"),
    "Amelia": ("Millie",),
    "Matilda": ("Tilly",),
    "Eleanor": ("Ellie", "Nell"),
    "Evelyn": ("Evie",),
    "Madison": ("Maddie",),
    "Sophia": ("Sophie",),
    "Mohammed": ("Mo",),
    "Muhammad": ("Mo",),
    "Katarzyna": ("Kasia",),
    "Malgorzata": ("Gosia",),
    "Aleksandra": ("Ola",),
    "Jakub": ("Kuba",),
    "Tomasz": ("Tomek",),
    "Wojciech": ("Wojtek",),
    "Magdalena": ("Magda",),
    "Oluwaseun": ("Seun",),
    "Temitope": ("Tope",),
    "Funmilayo": ("Funmi",),
    "Chukwuemeka": ("Emeka",),
    "Gareth": ("Gaz",),
    "Dafydd": ("Dai",),
}

# --- Postcodes ----------------------------------------------------------------------------
_LOCAL_AREAS = ("LS", "LS", "LS", "LS", "BD", "WF", "HX", "HD")
_OTHER_AREAS = _w("B M L S G EH CF NE BS NG LE CV SO PO BN CB OX RG MK LU SE SW E N W NW HU DN YO BL OL SK WA WN PR BB")
_UNIT = "ABDEFGHJLNPQRSTUWXYZ"


def _random_postcode(rng: random.Random, areas: Sequence[str], districts: int = 30) -> str:
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


def _cum(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _zipf(n: int, s: float = 0.9) -> list[float]:
    return _cum([1.0 / (i + 1) ** s for i in range(n)])


class _Picker:
    def __init__(self, values: Sequence[str], s: float = 0.9) -> None:
        self.values = tuple(values)
        self.cum = _zipf(len(values), s)
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> str:
        return self.values[bisect.bisect_left(self.cum, rng.random() * self.total)]


class _BgPickers(NamedTuple):
    bg: _Background
    surname: _Picker
    female_old: _Picker
    female_young: _Picker
    male_old: _Picker
    male_young: _Picker


# A long tail of rarer English surnames (Ashworth, Whitfield, Thornley...), so that common
# names are about as common as in England (Smith ~1.3 %) and most names are rare.
_TAIL_PREFIXES = _w(
    """Ash Black Brad Brook Bur Cal Chad Clay Cold Crom Dun East Fair Fern Gold Green Hale Hard
    Hart Hay Heath Hol Kings Lang Lock Long Mar Mid Mill Mor Nor Oak Old Pen Red Rich Rod Rom
    Rush Salt Shel Stan Stock Sud Thorn Tom Wake Wal Water West Whit Win Wood Wor"""
)
_TAIL_SUFFIXES = _w(
    "ley ton worth field ford by ham wood well bridge croft den dale more stone cliffe hurst combe shaw"
)
_ENGLISH_TAIL = tuple(p + s for p in _TAIL_PREFIXES for s in _TAIL_SUFFIXES)


class _TailPicker(_Picker):
    """A Zipf head of common names, and a uniform tail of rare ones for ``tail_share`` of draws."""

    def __init__(self, head: Sequence[str], tail: Sequence[str], s: float, tail_share: float) -> None:
        super().__init__(head, s)
        self.tail = tuple(tail)
        self.tail_share = tail_share

    def __call__(self, rng: random.Random) -> str:
        if rng.random() < self.tail_share:
            return self.tail[rng.randrange(len(self.tail))]
        return super().__call__(rng)


_PICKERS = tuple(
    _BgPickers(
        b,
        _TailPicker(b.surnames, _ENGLISH_TAIL, 0.6, 0.3) if b.name == "english" else _Picker(b.surnames, 0.7),
        _Picker(b.female_old, 0.6),
        _Picker(b.female_young, 0.6),
        _Picker(b.male_old, 0.6),
        _Picker(b.male_young, 0.6),
    )
    for b in BACKGROUNDS
)
_BG_CUM = _cum([b.weight for b in BACKGROUNDS])


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
        self.pool = [_random_postcode(rng, _LOCAL_AREAS) for _ in range(pool_size)]
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
    def background(self) -> _BgPickers:
        return _PICKERS[bisect.bisect_left(_BG_CUM, self.rng.random() * _BG_CUM[-1])]

    def given(self, p: _BgPickers, sex: str, dob: dt.date) -> str:
        young = dob.year >= 1995
        if sex == "female":
            return (p.female_young if young else p.female_old)(self.rng)
        return (p.male_young if young else p.male_old)(self.rng)

    def middle(self, p: _BgPickers, sex: str, dob: dt.date) -> str:
        return self.given(p, sex, dob) if self.rng.random() < 0.5 else ""

    def postcode(self) -> str:
        if self.rng.random() < 0.9:
            return self.pool[self.rng.randrange(len(self.pool))]
        return _random_postcode(self.rng, _OTHER_AREAS)

    def history(self) -> tuple[str, ...]:
        r = self.rng.random()
        moves = 2 if r < 0.1 else 1 if r < 0.4 else 0
        return tuple(self.postcode() for _ in range(moves + 1))

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        a, b = start.toordinal(), end.toordinal()
        return dt.date.fromordinal(a + self.rng.randrange(max(1, b - a)))

    def person(self, p: _BgPickers, sex: str, dob: dt.date, surname: str) -> _Member:
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
        self, p: _BgPickers, pcs: tuple[str, ...], members: list[_Member], rels: list[tuple[int, int, str]]
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
        p: _BgPickers,
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
        n_children = 1 + bisect.bisect_left(_cum([35, 35, 19, 8, 3]), rng.random() * 100)
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
                q["surname"] = rng.choice(_PICKERS[0].surname.values)  # a change the index does not know
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
            q["postcodes"] = (_random_postcode(rng, _LOCAL_AREAS),)
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
    cum = _cum(list(QUERY_KINDS.values()))
    out: list[LabelledQuery] = []
    while len(out) < n:
        kind = kinds[bisect.bisect_left(cum, d.rng.random() * cum[-1])]
        item = d.one(kind)
        if item is not None:
            out.append(item)
    return out
