"""The demonstration's people: places in the made-up "NS" postcode area, names of several
heritages, the schools and services around them, and the family a contact is about."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from frontdoor.core.validation import normalise_nhs_number, normalise_postcode, normalise_uk_phone

# --- Places ----------------------------------------------------------------------------------------

# (town, postcode district number): all in the made-up "NS" postcode area.
TOWNS: tuple[tuple[str, int], ...] = (
    ("Northtown", 1),
    ("Northtown", 2),
    ("Northtown", 3),
    ("Aldermoor", 5),
    ("Kettleby Cross", 6),
    ("Saltmarsh End", 7),
    ("Hollin Green", 8),
)
STREETS: tuple[str, ...] = (
    "Canal Street",
    "Elm Road",
    "Larkspur Close",
    "Station Road",
    "Mill Lane",
    "Foundry Row",
    "Chapel Walk",
    "Victoria Terrace",
    "Orchard Way",
    "Wharf Road",
    "Heron Court",
    "Albion Street",
    "Beacon View",
    "Cobblers Lane",
    "Sandpiper Drive",
    "Tannery Yard",
    "Kingfisher Avenue",
    "Goose Green",
    "Weavers Close",
    "Market Street",
    "Brook Lane",
    "Rowan Crescent",
    "Quarry Hill",
    "Nightingale Road",
    "Copper Beech Drive",
    "Hawthorn Walk",
    "Ferry Lane",
    "Linnet Way",
    "Ropewalk",
    "Bridge Street",
)
FLAT_BLOCKS: tuple[str, ...] = ("Heron Court", "Albion House", "Tannery Yard", "Wharf Court", "Beacon Tower")
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's inward code may use


def _street_postcode(street: str, town_index: int) -> str:
    """Each street has one fixed postcode, derived from its name (so it never changes between runs)."""
    rng = random.Random(f"postcode:{street}:{town_index}")  # noqa: S311 - made-up data, not security
    district = TOWNS[town_index][1]
    code = f"NS{district} {rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
    return normalise_postcode(code)  # a valid UK format, or this raises


@dataclass(frozen=True)
class Address:
    lines: str
    postcode: str
    street: str
    number: str
    town: str

    @property
    def text(self) -> str:
        return f"{self.lines}\n{self.town}"


def random_address(rng: random.Random) -> Address:
    town_index = rng.randrange(len(TOWNS))
    town = TOWNS[town_index][0]
    street = rng.choice(STREETS)
    if rng.random() < 0.3:
        block = rng.choice(FLAT_BLOCKS)
        number = f"Flat {rng.randint(1, 48)}"
        lines = f"{number}, {block}, {street}"
    else:
        number = str(rng.randint(1, 160))
        lines = f"{number} {street}"
    return Address(lines, _street_postcode(street, town_index), street, number, town)


# --- People ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heritage:
    key: str
    weight: int
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]
    ethnicity: str  # 2021 census categories
    languages: tuple[str, ...]  # the first is the most likely first language
    religions: tuple[str, ...]


HERITAGES: tuple[Heritage, ...] = (
    Heritage(
        "white_british",
        46,
        (
            "Olivia",
            "Amelia",
            "Isla",
            "Ava",
            "Lily",
            "Freya",
            "Poppy",
            "Ella",
            "Grace",
            "Evie",
            "Sophie",
            "Chloe",
            "Megan",
            "Kayleigh",
            "Leanne",
            "Gemma",
            "Stacey",
            "Rebecca",
            "Hannah",
            "Charlotte",
            "Lauren",
            "Jodie",
        ),
        (
            "Oliver",
            "George",
            "Harry",
            "Jack",
            "Noah",
            "Leo",
            "Alfie",
            "Charlie",
            "Freddie",
            "Archie",
            "Tyler",
            "Kai",
            "Jordan",
            "Liam",
            "Connor",
            "Dean",
            "Craig",
            "Lee",
            "Wayne",
            "Darren",
            "Ryan",
            "Jamie",
            "Callum",
        ),
        (
            "Smith",
            "Jones",
            "Taylor",
            "Brown",
            "Wilson",
            "Walker",
            "Wright",
            "Robinson",
            "Thompson",
            "Hughes",
            "Edwards",
            "Green",
            "Hall",
            "Wood",
            "Harrison",
            "Clarke",
            "Lewis",
            "Jackson",
            "Turner",
            "Hill",
            "Cooper",
            "Ward",
            "Marsh",
            "Atkinson",
            "Pickering",
            "Hargreaves",
            "Birch",
            "Lowe",
            "Fletcher",
            "Bramley",
        ),
        "White: English, Welsh, Scottish, Northern Irish or British",
        ("English",),
        ("No religion", "No religion", "Christian", ""),
    ),
    Heritage(
        "pakistani",
        9,
        ("Aisha", "Maryam", "Zainab", "Hafsa", "Sana", "Amina", "Nadia", "Iqra", "Saima", "Rukhsana"),
        ("Muhammad", "Ibrahim", "Yusuf", "Hamza", "Bilal", "Adam", "Zain", "Imran", "Tariq", "Asif"),
        ("Khan", "Hussain", "Ahmed", "Akhtar", "Mahmood", "Iqbal", "Rashid", "Aslam", "Shah", "Butt"),
        "Asian or Asian British: Pakistani",
        ("English", "Urdu", "Punjabi"),
        ("Muslim",),
    ),
    Heritage(
        "bangladeshi",
        4,
        ("Fatima", "Tahmina", "Rumana", "Sumaiya", "Nusrat", "Jannat"),
        ("Rahim", "Sajid", "Abdul", "Raihan", "Tanvir", "Ayaan"),
        ("Miah", "Begum", "Uddin", "Rahman", "Islam", "Choudhury"),
        "Asian or Asian British: Bangladeshi",
        ("English", "Bengali", "Sylheti"),
        ("Muslim",),
    ),
    Heritage(
        "indian",
        5,
        ("Priya", "Anjali", "Simran", "Harpreet", "Kiran", "Divya", "Meera"),
        ("Arjun", "Rohan", "Jaskaran", "Vikram", "Dev", "Gurpreet", "Nikhil"),
        ("Patel", "Sharma", "Singh", "Kaur", "Gill", "Mistry", "Sandhu", "Chauhan"),
        "Asian or Asian British: Indian",
        ("English", "Gujarati", "Punjabi", "Hindi"),
        ("Hindu", "Sikh", "No religion"),
    ),
    Heritage(
        "west_african",
        6,
        ("Adaeze", "Chiamaka", "Abena", "Ama", "Blessing", "Precious", "Comfort", "Tolu", "Faith"),
        ("Chinedu", "Emeka", "Kwame", "Kofi", "Tobi", "David", "Samuel", "Joseph", "Femi"),
        ("Okafor", "Adeyemi", "Mensah", "Asante", "Okonkwo", "Boateng", "Osei", "Adebayo", "Eze"),
        "Black, Black British, Caribbean or African: African",
        ("English", "Yoruba", "Igbo", "Twi"),
        ("Christian", "Christian (Pentecostal)", "Muslim"),
    ),
    Heritage(
        "somali",
        3,
        ("Hodan", "Amal", "Ayan", "Sagal", "Nimco", "Hibo"),
        ("Abdi", "Mohamed", "Abdirahman", "Liban", "Hassan", "Omar"),
        ("Warsame", "Hassan", "Ali", "Farah", "Jama", "Osman", "Abdullahi"),
        "Black, Black British, Caribbean or African: African",
        ("Somali", "English"),
        ("Muslim",),
    ),
    Heritage(
        "caribbean",
        5,
        ("Shanice", "Jade", "Tia", "Kiara", "Aaliyah", "Monique", "Simone"),
        ("Marcus", "Jermaine", "Tyrone", "Andre", "Dwayne", "Kai", "Leon"),
        ("Campbell", "Williams", "Grant", "Francis", "Bailey", "Reid", "Morgan", "Thomas", "Henry"),
        "Black, Black British, Caribbean or African: Caribbean",
        ("English",),
        ("Christian", "No religion", "Rastafarian"),
    ),
    Heritage(
        "polish",
        6,
        ("Zuzanna", "Julia", "Natalia", "Agnieszka", "Kasia", "Oliwia", "Magda"),
        ("Jakub", "Kacper", "Szymon", "Piotr", "Tomasz", "Mateusz", "Pawel"),
        ("Nowak", "Kaczmarek", "Mazur", "Krawczyk", "Zajac", "Wojcik", "Kowal"),
        "White: Any other White background (Polish)",
        ("Polish", "English"),
        ("Christian (Roman Catholic)", "No religion"),
    ),
    Heritage(
        "romanian",
        4,
        ("Ioana", "Maria", "Elena", "Andreea", "Bianca", "Larisa"),
        ("Andrei", "Mihai", "Stefan", "Alexandru", "Ionut", "Florin"),
        ("Popescu", "Ionescu", "Dumitru", "Stan", "Munteanu", "Lungu"),
        "White: Any other White background (Romanian)",
        ("Romanian", "English"),
        ("Christian (Orthodox)",),
    ),
    Heritage(
        "chinese",
        2,
        ("Mei", "Xinyi", "Yan", "Jing", "Lok Yi"),
        ("Wei", "Hao", "Jun", "Ming", "Ka Ho"),
        ("Chen", "Wong", "Li", "Zhang", "Lam", "Cheung"),
        "Asian or Asian British: Chinese",
        ("Cantonese", "Mandarin", "English"),
        ("No religion", "Buddhist"),
    ),
    Heritage(
        "kurdish",
        2,
        ("Rojin", "Shilan", "Avin", "Dilan", "Berfin"),
        ("Azad", "Rebwar", "Karwan", "Soran", "Baran"),
        ("Ahmadi", "Karimi", "Rasul", "Hawrami", "Mustafa"),
        "Other ethnic group: Any other ethnic group (Kurdish)",
        ("Kurdish (Sorani)", "English"),
        ("Muslim", "No religion"),
    ),
    Heritage(
        "irish",
        3,
        ("Niamh", "Aoife", "Siobhan", "Ciara", "Roisin"),
        ("Cian", "Padraig", "Conor", "Eoin", "Darragh"),
        ("Murphy", "Kelly", "O'Brien", "Byrne", "Doyle", "Quinn"),
        "White: Irish",
        ("English",),
        ("Christian (Roman Catholic)", "No religion"),
    ),
)
_WHITE_BRITISH = HERITAGES[0]
_MIXED = {
    "caribbean": "Mixed or multiple ethnic groups: White and Black Caribbean",
    "west_african": "Mixed or multiple ethnic groups: White and Black African",
    "somali": "Mixed or multiple ethnic groups: White and Black African",
    "pakistani": "Mixed or multiple ethnic groups: White and Asian",
    "bangladeshi": "Mixed or multiple ethnic groups: White and Asian",
    "indian": "Mixed or multiple ethnic groups: White and Asian",
    "chinese": "Mixed or multiple ethnic groups: White and Asian",
}
_MIDDLE_NAME_CHANCE = 0.35


def random_heritage(rng: random.Random) -> Heritage:
    return rng.choices(HERITAGES, weights=[h.weight for h in HERITAGES])[0]


def _given(rng: random.Random, heritage: Heritage, sex: str) -> str:
    names = heritage.female if sex == "female" else heritage.male
    first = rng.choice(names)
    if rng.random() < _MIDDLE_NAME_CHANCE:
        middle = rng.choice([n for n in names if n != first])
        return f"{first} {middle}"
    return first


_TWO_WORD_NAMES = tuple(n for h in HERITAGES for n in (*h.female, *h.male) if " " in n)


def first_given_name(given_names: str) -> str:
    # Two-word given names such as "Lok Yi" and "Ka Ho" are one name.
    for name in _TWO_WORD_NAMES:
        if given_names == name or given_names.startswith(f"{name} "):
            return name
    return given_names.split(" ")[0]


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and (c.isalnum() or c == " "))


def email_address(rng: random.Random, given: str, family: str, *, work: bool) -> str:
    first, last = _ascii(first_given_name(given)).lower().replace(" ", ""), _ascii(family).lower().replace(" ", "")
    if work:
        return f"{first}.{last}@example.org"
    return f"{first}{last}{rng.randint(1, 99)}@{rng.choice(('example.com', 'example.net'))}"


def phone_number(rng: random.Random, *, mobile: bool) -> str:
    number = f"07700 900 {rng.randint(0, 999):03d}" if mobile else f"01632 960 {rng.randint(100, 999):03d}"
    return normalise_uk_phone(number)


def nhs_number(rng: random.Random) -> str:
    """A valid NHS number (modulus 11) in the 999 range, which is never issued to a real person."""
    while True:
        digits = [9, 9, 9] + [rng.randint(0, 9) for _ in range(6)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 10:
            continue
        return normalise_nhs_number("".join(map(str, digits)) + str(0 if check == 11 else check))


def born_years_before(day: dt.date, years: int, rng: random.Random) -> dt.date:
    """A date of birth making someone ``years`` old on ``day``."""
    return day - dt.timedelta(days=years * 365 + rng.randint(1, 360) + years // 4)


@dataclass
class Person:
    given: str
    family: str
    sex: str
    dob: dt.date | None
    heritage: Heritage

    @property
    def first(self) -> str:
        return first_given_name(self.given)

    @property
    def full(self) -> str:
        return f"{self.first} {self.family}"

    def age_on(self, day: dt.date) -> int:
        if self.dob is None:
            raise ValueError(f"{self.full} has no date of birth")
        return day.year - self.dob.year - ((day.month, day.day) < (self.dob.month, self.dob.day))


def make_person(rng: random.Random, heritage: Heritage, sex: str, family: str, dob: dt.date | None) -> Person:
    return Person(_given(rng, heritage, sex), family, sex, dob, heritage)


# --- Organisations, by the kind of referrer --------------------------------------------------------

PRIMARY_SCHOOLS = (
    "Northtown Primary School",
    "St Aidan's CofE Primary School",
    "Aldermoor Junior School",
    "Hollin Green Primary Academy",
    "Canal Side Infant and Nursery School",
    "Our Lady of Lourdes Catholic Primary",
    "Kettleby Church of England Primary",
    "Saltmarsh Village School",
)
SECONDARY_SCHOOLS = (
    "Northtown Academy",
    "Aldermoor High School",
    "Saltmarsh Community College",
    "Bishop Fennick CofE High School",
)
COLLEGE = "Northshire College"
NURSERIES = (
    "Little Acorns Day Nursery",
    "Rainbow Corner Nursery",
    "Saltmarsh Children's Centre Nursery",
    "Tiddlers Pre-school",
    "Hollin Green Montessori",
)
HOSPITAL = "Northtown General Hospital"
GP_PRACTICES = ("Aldermoor Health Centre", "Canal Street Surgery", "Kettleby Cross Medical Practice")


def school_for(age: int, rng: random.Random) -> str:
    if age < 2:
        return ""
    if age < 4:
        return rng.choice(NURSERIES) if rng.random() < 0.6 else ""
    if age < 11:
        return rng.choice(PRIMARY_SCHOOLS)
    if age < 16:
        return rng.choice(SECONDARY_SCHOOLS)
    return COLLEGE if rng.random() < 0.7 else ""


# --- The family a contact is about ------------------------------------------------------------------


@dataclass
class Family:
    heritage: Heritage
    address: Address
    mother: Person
    father: Person
    partner: Person
    children: list[Person]
    parents_together: bool
    child_ethnicity: str
    grandmother: Person
    previous_address: str = ""
    children_schools: list[str] = field(default_factory=list)


def make_family(rng: random.Random, received: dt.date, ages: Sequence[int]) -> Family:
    heritage = random_heritage(rng)
    father_heritage = heritage if rng.random() < 0.8 else random_heritage(rng)
    if father_heritage is heritage:
        child_ethnicity = heritage.ethnicity
    elif heritage is _WHITE_BRITISH and father_heritage.key in _MIXED:
        child_ethnicity = _MIXED[father_heritage.key]
    elif father_heritage is _WHITE_BRITISH and heritage.key in _MIXED:
        child_ethnicity = _MIXED[heritage.key]
    else:
        child_ethnicity = "Mixed or multiple ethnic groups: Any other mixed or multiple ethnic background"
    oldest = max(ages) if ages else 0
    mother_age = rng.randint(max(19, oldest + 17), max(24, min(46, oldest + 36)))
    mother_surname = rng.choice(heritage.surnames)
    father_surname = rng.choice(father_heritage.surnames)
    together = rng.random() < 0.4
    if together:
        mother_surname = father_surname
    mother = make_person(rng, heritage, "female", mother_surname, born_years_before(received, mother_age, rng))
    father = make_person(
        rng, father_heritage, "male", father_surname, born_years_before(received, mother_age + rng.randint(-2, 8), rng)
    )
    partner_heritage = random_heritage(rng)
    partner = make_person(
        rng,
        partner_heritage,
        "male",
        rng.choice(partner_heritage.surnames),
        born_years_before(received, max(19, mother_age + rng.randint(-5, 6)), rng),
    )
    grandmother = make_person(
        rng, heritage, "female", rng.choice(heritage.surnames), born_years_before(received, mother_age + 24, rng)
    )
    children_surname = father_surname if together or rng.random() < 0.5 else mother_surname
    children: list[Person] = []
    for age in ages:
        sex = rng.choice(("female", "male"))
        taken = {mother.first, father.first, *(c.first for c in children)}
        child = make_person(rng, heritage, sex, children_surname, born_years_before(received, age, rng))
        while child.first in taken:
            child = make_person(rng, heritage, sex, children_surname, child.dob)
        children.append(child)
    previous = random_address(rng).text if rng.random() < 0.2 else ""
    return Family(
        heritage,
        random_address(rng),
        mother,
        father,
        partner,
        children,
        together,
        child_ethnicity,
        grandmother,
        previous,
    )


def child_ages(rng: random.Random, count: int, low: int, high: int) -> list[int]:
    first = rng.randint(low, high)
    others = [max(0, min(17, first + rng.choice((-6, -4, -3, -2, 2, 3, 5)))) for _ in range(count - 1)]
    return [first, *others]


NEEDS = (
    "Autistic; communicates in short sentences and uses a visual timetable at school.",
    "Has an EHCP for speech and language needs; may need time to answer questions.",
    "Wears hearing aids; lip-reads and uses some British Sign Language.",
    "ADHD, diagnosed last year; on medication in the mornings.",
    "Has asthma and uses an inhaler.",
    "Global developmental delay; non-verbal, uses Makaton signs and pictures.",
    "Type 1 diabetes, managed with an insulin pump.",
)
OTHER_NAMES = (
    "Known as {nick} at school",
    "Previously known by the surname {previous}",
    "Sometimes uses the name {nick}",
)
