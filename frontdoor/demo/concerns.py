"""Demonstration data: a fictional council, its staff, and a few hundred fictional contacts.

Everything here is made up. The council is Northshire County Council (see
``frontdoor.policy.council``); its towns, streets, schools and people do not exist.
Postcodes use the area "NS", which is not a real UK postcode area; telephone numbers are
in Ofcom's ranges reserved for drama (01632 960xxx, 07700 900xxx); email addresses are
at the reserved example domains; NHS numbers are in the 999 range used for testing.

Contacts are made through ``frontdoor.intake.services.submit_contact``, exactly as the
public form and staff entry make them, so their routing, deadlines, audit entries and
outbox emails are real. Each contact comes from its own seeded ``random.Random``: the
same seed always gives the same contacts, whatever the count, and each contact's
submission key is derived from the seed and its number, so loading again adds nothing.

``load_demo`` is the entry point (``manage.py load_demo`` calls it).
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from frontdoor.accounts.models import Role, Team, User
from frontdoor.intake import services
from frontdoor.intake.models import (
    Anonymity,
    Channel,
    Contact,
    ContactStatus,
    FormType,
    HubAdvice,
    NotInformedGround,
    OrganisationType,
    OutboundEmail,
    ParentalKnowledge,
    PersonRole,
    ReferrerType,
)
from frontdoor.intake.tasks import deliver_email
from frontdoor.intake.validation import normalise_nhs_number, normalise_postcode, normalise_uk_phone
from frontdoor.policy.active import active_config
from frontdoor.policy.calendar import LONDON, is_open, to_london

DEFAULT_CONTACTS = 300
DEFAULT_SEED = 1989  # the year of the Children Act
DAYS = 60  # contacts are spread over the last 60 days
SIGN_IN_PATH = "/accounts/sign-in/"
# The same password for every demo login; it passes the project's password validators.
DEMO_PASSWORD = "Northshire-demo-2026"  # noqa: S105 - a published demo password, never a real one
_KEY_NAMESPACE = uuid.UUID("6f1c1b9e-3f0a-4f52-9a51-7d0c2b8e4d11")


# --- The council: teams and one login for each role ----------------------------------------------

TEAMS: tuple[tuple[str, str], ...] = (
    ("Customer Service Centre", Team.Kind.CUSTOMER_SERVICE),
    ("MASH screening team", Team.Kind.SCREENING),
    ("Assessment team North", Team.Kind.ASSESSMENT),
    ("Safeguarding Out of Hours Service", Team.Kind.OUT_OF_HOURS),
    ("Allegations (LADO)", Team.Kind.ALLEGATIONS),
    ("Data Protection Team", Team.Kind.DATA_PROTECTION),
    ("Administration", Team.Kind.ADMINISTRATION),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    team: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


STAFF: tuple[DemoUser, ...] = (
    DemoUser("cso", Role.CUSTOMER_SERVICE_OFFICER, "Jade", "Whitfield", "Customer Service Centre"),
    DemoUser("screener", Role.SCREENING_SOCIAL_WORKER, "Tomasz", "Nowak", "MASH screening team"),
    DemoUser("manager", Role.TEAM_MANAGER, "Grace", "Adeyemi", "MASH screening team"),
    DemoUser("socialworker", Role.SOCIAL_WORKER, "Priya", "Shah", "Assessment team North"),
    DemoUser("manager2", Role.TEAM_MANAGER, "Owen", "Price", "Assessment team North"),
    DemoUser("ooh", Role.OUT_OF_HOURS_WORKER, "Callum", "Reid", "Safeguarding Out of Hours Service"),
    # SEC-1: allegations against people who work with children are restricted to this team.
    DemoUser("lado", Role.SCREENING_SOCIAL_WORKER, "Ruth", "Okafor", "Allegations (LADO)"),
    DemoUser("dpo", Role.DATA_PROTECTION_OFFICER, "Farah", "Hussain", "Data Protection Team"),
    DemoUser("admin", Role.ADMINISTRATOR, "Alex", "Morgan", "Administration"),
)


def sign_in_url() -> str:
    return f"{settings.PUBLIC_BASE_URL}{SIGN_IN_PATH}"


def logins_table() -> str:
    """The demo logins as a plain-text table, ready to print."""
    rows = [("Username", "Role", "Name", "Team")]
    rows += [(u.username, u.role_label, f"{u.first_name} {u.last_name}", u.team) for u in STAFF]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  " + "  ".join("-" * w for w in widths))
    return (
        f"Sign in at {sign_in_url()} with any of these demo logins.\n"
        f"The password of every one is: {DEMO_PASSWORD}\n"
        "(admin can also use the Django admin site at /admin/)\n\n" + "\n".join(lines) + second_factor_help()
    )


# --- The second factor of the demo logins (SEC-1) ---------------------------------------------------
#
# Every staff sign-in asks for a code from an authenticator app. So that a person trying the
# demonstration can sign in, load_demo enrols each demo login with an authenticator whose key
# is random for this database and printed here; `manage.py demo_code <username>` prints the
# code it would show now, and works for these demo devices only (by name), never for a real one.

DEMO_DEVICE_NAME = "Demo authenticator (load_demo)"


def _second_factors(users: Sequence[User]) -> int:
    """Give each demo login a confirmed demo authenticator if it has none. Returns how many were made."""
    made = 0
    for user in users:
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, confirmed=True)
            made += 1
    return made


def second_factor_help() -> str:
    from frontdoor.accounts.services import key_text

    usernames = [u.username for u in STAFF]
    found = TOTPDevice.objects.filter(name=DEMO_DEVICE_NAME, confirmed=True, user__username__in=usernames)
    devices = {d.user.username: d for d in found.select_related("user")}
    if not devices:
        return ""
    keys = "\n".join(f"  {name.ljust(12)}  {key_text(devices[name])}" for name in usernames if name in devices)
    return (
        "\n\nAfter the password, Front Door asks for a code from an authenticator app. Either add a login's key\n"
        'below to an authenticator app ("enter a setup key", time based), or print its current code with\n'
        "  .venv/bin/python manage.py demo_code <username>\n\n" + keys
    )


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
    "Canal Street", "Elm Road", "Larkspur Close", "Station Road", "Mill Lane", "Foundry Row", "Chapel Walk",
    "Victoria Terrace", "Orchard Way", "Wharf Road", "Heron Court", "Albion Street", "Beacon View",
    "Cobblers Lane", "Sandpiper Drive", "Tannery Yard", "Kingfisher Avenue", "Goose Green",
    "Weavers Close", "Market Street", "Brook Lane", "Rowan Crescent", "Quarry Hill", "Nightingale Road",
    "Copper Beech Drive", "Hawthorn Walk", "Ferry Lane", "Linnet Way", "Ropewalk", "Bridge Street",
)  # fmt: skip
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


def _address(rng: random.Random) -> Address:
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
        "white_british", 46,
        ("Olivia", "Amelia", "Isla", "Ava", "Lily", "Freya", "Poppy", "Ella", "Grace", "Evie", "Sophie", "Chloe",
         "Megan", "Kayleigh", "Leanne", "Gemma", "Stacey", "Rebecca", "Hannah", "Charlotte", "Lauren", "Jodie"),
        ("Oliver", "George", "Harry", "Jack", "Noah", "Leo", "Alfie", "Charlie", "Freddie", "Archie", "Tyler",
         "Kai", "Jordan", "Liam", "Connor", "Dean", "Craig", "Lee", "Wayne", "Darren", "Ryan", "Jamie", "Callum"),
        ("Smith", "Jones", "Taylor", "Brown", "Wilson", "Walker", "Wright", "Robinson", "Thompson", "Hughes",
         "Edwards", "Green", "Hall", "Wood", "Harrison", "Clarke", "Lewis", "Jackson", "Turner", "Hill", "Cooper",
         "Ward", "Marsh", "Atkinson", "Pickering", "Hargreaves", "Birch", "Lowe", "Fletcher", "Bramley"),
        "White: English, Welsh, Scottish, Northern Irish or British",
        ("English",),
        ("No religion", "No religion", "Christian", ""),
    ),
    Heritage(
        "pakistani", 9,
        ("Aisha", "Maryam", "Zainab", "Hafsa", "Sana", "Amina", "Nadia", "Iqra", "Saima", "Rukhsana"),
        ("Muhammad", "Ibrahim", "Yusuf", "Hamza", "Bilal", "Adam", "Zain", "Imran", "Tariq", "Asif"),
        ("Khan", "Hussain", "Ahmed", "Akhtar", "Mahmood", "Iqbal", "Rashid", "Aslam", "Shah", "Butt"),
        "Asian or Asian British: Pakistani",
        ("English", "Urdu", "Punjabi"),
        ("Muslim",),
    ),
    Heritage(
        "bangladeshi", 4,
        ("Fatima", "Tahmina", "Rumana", "Sumaiya", "Nusrat", "Jannat"),
        ("Rahim", "Sajid", "Abdul", "Raihan", "Tanvir", "Ayaan"),
        ("Miah", "Begum", "Uddin", "Rahman", "Islam", "Choudhury"),
        "Asian or Asian British: Bangladeshi",
        ("English", "Bengali", "Sylheti"),
        ("Muslim",),
    ),
    Heritage(
        "indian", 5,
        ("Priya", "Anjali", "Simran", "Harpreet", "Kiran", "Divya", "Meera"),
        ("Arjun", "Rohan", "Jaskaran", "Vikram", "Dev", "Gurpreet", "Nikhil"),
        ("Patel", "Sharma", "Singh", "Kaur", "Gill", "Mistry", "Sandhu", "Chauhan"),
        "Asian or Asian British: Indian",
        ("English", "Gujarati", "Punjabi", "Hindi"),
        ("Hindu", "Sikh", "No religion"),
    ),
    Heritage(
        "west_african", 6,
        ("Adaeze", "Chiamaka", "Abena", "Ama", "Blessing", "Precious", "Comfort", "Tolu", "Faith"),
        ("Chinedu", "Emeka", "Kwame", "Kofi", "Tobi", "David", "Samuel", "Joseph", "Femi"),
        ("Okafor", "Adeyemi", "Mensah", "Asante", "Okonkwo", "Boateng", "Osei", "Adebayo", "Eze"),
        "Black, Black British, Caribbean or African: African",
        ("English", "Yoruba", "Igbo", "Twi"),
        ("Christian", "Christian (Pentecostal)", "Muslim"),
    ),
    Heritage(
        "somali", 3,
        ("Hodan", "Amal", "Ayan", "Sagal", "Nimco", "Hibo"),
        ("Abdi", "Mohamed", "Abdirahman", "Liban", "Hassan", "Omar"),
        ("Warsame", "Hassan", "Ali", "Farah", "Jama", "Osman", "Abdullahi"),
        "Black, Black British, Caribbean or African: African",
        ("Somali", "English"),
        ("Muslim",),
    ),
    Heritage(
        "caribbean", 5,
        ("Shanice", "Jade", "Tia", "Kiara", "Aaliyah", "Monique", "Simone"),
        ("Marcus", "Jermaine", "Tyrone", "Andre", "Dwayne", "Kai", "Leon"),
        ("Campbell", "Williams", "Grant", "Francis", "Bailey", "Reid", "Morgan", "Thomas", "Henry"),
        "Black, Black British, Caribbean or African: Caribbean",
        ("English",),
        ("Christian", "No religion", "Rastafarian"),
    ),
    Heritage(
        "polish", 6,
        ("Zuzanna", "Julia", "Natalia", "Agnieszka", "Kasia", "Oliwia", "Magda"),
        ("Jakub", "Kacper", "Szymon", "Piotr", "Tomasz", "Mateusz", "Pawel"),
        ("Nowak", "Kaczmarek", "Mazur", "Krawczyk", "Zajac", "Wojcik", "Kowal"),
        "White: Any other White background (Polish)",
        ("Polish", "English"),
        ("Christian (Roman Catholic)", "No religion"),
    ),
    Heritage(
        "romanian", 4,
        ("Ioana", "Maria", "Elena", "Andreea", "Bianca", "Larisa"),
        ("Andrei", "Mihai", "Stefan", "Alexandru", "Ionut", "Florin"),
        ("Popescu", "Ionescu", "Dumitru", "Stan", "Munteanu", "Lungu"),
        "White: Any other White background (Romanian)",
        ("Romanian", "English"),
        ("Christian (Orthodox)",),
    ),
    Heritage(
        "chinese", 2,
        ("Mei", "Xinyi", "Yan", "Jing", "Lok Yi"),
        ("Wei", "Hao", "Jun", "Ming", "Ka Ho"),
        ("Chen", "Wong", "Li", "Zhang", "Lam", "Cheung"),
        "Asian or Asian British: Chinese",
        ("Cantonese", "Mandarin", "English"),
        ("No religion", "Buddhist"),
    ),
    Heritage(
        "kurdish", 2,
        ("Rojin", "Shilan", "Avin", "Dilan", "Berfin"),
        ("Azad", "Rebwar", "Karwan", "Soran", "Baran"),
        ("Ahmadi", "Karimi", "Rasul", "Hawrami", "Mustafa"),
        "Other ethnic group: Any other ethnic group (Kurdish)",
        ("Kurdish (Sorani)", "English"),
        ("Muslim", "No religion"),
    ),
    Heritage(
        "irish", 3,
        ("Niamh", "Aoife", "Siobhan", "Ciara", "Roisin"),
        ("Cian", "Padraig", "Conor", "Eoin", "Darragh"),
        ("Murphy", "Kelly", "O'Brien", "Byrne", "Doyle", "Quinn"),
        "White: Irish",
        ("English",),
        ("Christian (Roman Catholic)", "No religion"),
    ),
)  # fmt: skip
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


def _heritage(rng: random.Random) -> Heritage:
    return rng.choices(HERITAGES, weights=[h.weight for h in HERITAGES])[0]


def _given(rng: random.Random, heritage: Heritage, sex: str) -> str:
    names = heritage.female if sex == "female" else heritage.male
    first = rng.choice(names)
    if rng.random() < _MIDDLE_NAME_CHANCE:
        middle = rng.choice([n for n in names if n != first])
        return f"{first} {middle}"
    return first


_TWO_WORD_NAMES = tuple(n for h in HERITAGES for n in (*h.female, *h.male) if " " in n)


def _first(given_names: str) -> str:
    # Two-word given names such as "Lok Yi" and "Ka Ho" are one name.
    for name in _TWO_WORD_NAMES:
        if given_names == name or given_names.startswith(f"{name} "):
            return name
    return given_names.split(" ")[0]


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and (c.isalnum() or c == " "))


def _email(rng: random.Random, given: str, family: str, *, work: bool) -> str:
    first, last = _ascii(_first(given)).lower().replace(" ", ""), _ascii(family).lower().replace(" ", "")
    if work:
        return f"{first}.{last}@example.org"
    return f"{first}{last}{rng.randint(1, 99)}@{rng.choice(('example.com', 'example.net'))}"


def _phone(rng: random.Random, *, mobile: bool) -> str:
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


def _years_before(day: dt.date, years: int, rng: random.Random) -> dt.date:
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
        return _first(self.given)

    @property
    def full(self) -> str:
        return f"{self.first} {self.family}"

    def age_on(self, day: dt.date) -> int:
        if self.dob is None:
            raise ValueError(f"{self.full} has no date of birth")
        return day.year - self.dob.year - ((day.month, day.day) < (self.dob.month, self.dob.day))


def _person(rng: random.Random, heritage: Heritage, sex: str, family: str, dob: dt.date | None) -> Person:
    return Person(_given(rng, heritage, sex), family, sex, dob, heritage)


# --- Organisations, by the kind of referrer --------------------------------------------------------

PRIMARY_SCHOOLS = (
    "Northtown Primary School", "St Aidan's CofE Primary School", "Aldermoor Junior School",
    "Hollin Green Primary Academy", "Canal Side Infant and Nursery School", "Our Lady of Lourdes Catholic Primary",
    "Kettleby Church of England Primary", "Saltmarsh Village School",
)  # fmt: skip
SECONDARY_SCHOOLS = (
    "Northtown Academy", "Aldermoor High School", "Saltmarsh Community College", "Bishop Fennick CofE High School",
)  # fmt: skip
COLLEGE = "Northshire College"
NURSERIES = (
    "Little Acorns Day Nursery", "Rainbow Corner Nursery", "Saltmarsh Children's Centre Nursery",
    "Tiddlers Pre-school", "Hollin Green Montessori",
)  # fmt: skip
HOSPITAL = "Northtown General Hospital"
GP_PRACTICES = ("Aldermoor Health Centre", "Canal Street Surgery", "Kettleby Cross Medical Practice")


def _school_for(age: int, rng: random.Random) -> str:
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


def _family(rng: random.Random, received: dt.date, ages: Sequence[int]) -> Family:
    heritage = _heritage(rng)
    father_heritage = heritage if rng.random() < 0.8 else _heritage(rng)
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
    mother = _person(rng, heritage, "female", mother_surname, _years_before(received, mother_age, rng))
    father = _person(
        rng, father_heritage, "male", father_surname, _years_before(received, mother_age + rng.randint(-2, 8), rng)
    )
    partner_heritage = _heritage(rng)
    partner = _person(
        rng,
        partner_heritage,
        "male",
        rng.choice(partner_heritage.surnames),
        _years_before(received, max(19, mother_age + rng.randint(-5, 6)), rng),
    )
    grandmother = _person(
        rng, heritage, "female", rng.choice(heritage.surnames), _years_before(received, mother_age + 24, rng)
    )
    children_surname = father_surname if together or rng.random() < 0.5 else mother_surname
    children: list[Person] = []
    for age in ages:
        sex = rng.choice(("female", "male"))
        taken = {mother.first, father.first, *(c.first for c in children)}
        child = _person(rng, heritage, sex, children_surname, _years_before(received, age, rng))
        while child.first in taken:
            child = _person(rng, heritage, sex, children_surname, child.dob)
        children.append(child)
    previous = _address(rng).text if rng.random() < 0.2 else ""
    return Family(
        heritage, _address(rng), mother, father, partner, children, together, child_ethnicity, grandmother, previous
    )


def _child_ages(rng: random.Random, count: int, low: int, high: int) -> list[int]:
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


# --- What the referrers are worried about -----------------------------------------------------------


@dataclass(frozen=True)
class Concern:
    """A fictional worry, written as a referrer would. ``{placeholders}`` are filled from the family."""

    text: str
    source: str
    when: str = "{when}"
    where: str = ""
    ages: tuple[int, int] = (0, 15)  # the first child's age, in years
    children: tuple[int, int] = (1, 3)
    background: frozenset[str] = frozenset()  # da, mh, sm, ld, threats: answered "yes"
    partner: bool = False  # mother's partner is named in the contact
    father: bool = False
    grandmother: bool = False
    unnamed: bool = False  # the referrer does not know the child's name (INT-4)
    unborn: bool = False
    baby_weeks: tuple[int, int] | None = None  # a pre-mobile baby (DEC-4)
    significant: str = ""
    positive: str = ""
    by: tuple[str, ...] = ()  # who makes this contact (referrer kinds); empty: the scenario's
    who: str = ""  # a family referrer: "mother", "father", "grandmother" or "aunt"
    channel: str = ""  # how it must arrive, when the words say so ("The caller ...")
    organisation: str = ""  # the referrer's organisation, when the words name it


C = Concern
NEGLECT_PUBLIC = (
    C(
        "I live next door to {mother} and the children at {street_address}. {child}, who is about {age}, is often "
        "outside on {his} own until late in the evening, in the same clothes for days. Last week {he} knocked on my "
        "door asking for something to eat. I can hear the younger one crying for long periods and some nights I do "
        "not think an adult comes home at all.",
        "I have seen and heard this myself from next door.",
        ages=(5, 10),
        children=(2, 3),
        where="At home and in the street outside",
    ),
    C(
        "The house at {street_address} smells very strongly and there are bags of rubbish piled in the front garden "
        "and the hallway. {child} goes to school in dirty clothes and other children have started to tease {him} "
        "about it. {mother} seems very low and hardly leaves the house any more.",
        "I see the family most days; my children go to the same school.",
        ages=(5, 12),
        background=frozenset({"mh"}),
        where="At the family home",
    ),
    C(
        "I work in the shop on {street}. {child} comes in most mornings before school and buys energy drinks and "
        "crisps for breakfast, sometimes with a toddler with {him}. {He} told me {his} mum was still asleep and "
        "there was no food in the house. {He} looks thin and tired.",
        "I have seen it myself and {child} told me.",
        ages=(8, 12),
        children=(2, 3),
        where="The shop on {street}",
    ),
    C(
        "I saw {child}, who cannot be more than {age}, alone at the play park by the canal at about 9pm on "
        "{weekday}. {He} said {his} mum was 'at a friend's'. I walked {him} home and the flat was in darkness; a "
        "neighbour let {him} in.",
        "I saw it myself.",
        ages=(5, 8),
        where="Play park by the canal, {town}",
    ),
    C(
        "There is shouting and banging from the flat upstairs most nights, usually after 11pm. Last {weekday} I heard "
        "a woman screaming 'get off me' and a child crying, then the door slammed. I have seen {mother} with a bruise "
        "on her cheek and she said she had walked into a cupboard.",
        "I heard it through the ceiling.",
        background=frozenset({"da"}),
        partner=True,
        where="{street_address}",
    ),
    C(
        "{mother} is drinking from the morning onwards and I have seen her drive with the children in the car after "
        "drinking. Twice this month {child} has been collected late from school by a neighbour because nobody came.",
        "I know the family well; I used to be friends with {mother}.",
        background=frozenset({"sm"}),
        ages=(4, 11),
    ),
)
UNNAMED_PUBLIC = (
    C(
        "A {boy} of about {age} is often outside on {his} own late at night near {street}. {He} looks thin and is not "
        "dressed for the weather. I do not know {his} name or which flat {he} lives in, but I think it is one of the "
        "flats above the shops. Last night {he} was still out at 11pm, crying.",
        "I have seen {him} myself.",
        ages=(5, 8),
        children=(1, 1),
        unnamed=True,
        where="{street}, {town}",
    ),
    C(
        "Two children, a {boy} of about {age} and a smaller child, are left in a car outside the bookmakers on "
        "{street} for an hour or more most afternoons. Today the windows were steamed up and the little one was "
        "screaming. A man in his thirties comes out now and again to check on them.",
        "I work opposite and see it.",
        ages=(3, 6),
        children=(2, 2),
        unnamed=True,
        where="{street}, {town}",
    ),
)
SCHOOL_RETURNABLE = (
    C(
        "{child}'s attendance has fallen to 71% this term, with most absences on Mondays. {He} arrives hungry, has "
        "worn the same uniform all week and has untreated head lice that we have raised with {mother} three times. "
        "{He} told {his} teacher that {he} looks after {sibling} when mum is 'poorly'.",
        "Our own records and what {child} has told staff.",
        ages=(6, 11),
        by=("school",),
        children=(2, 3),
        background=frozenset({"mh"}),
        where="At school",
    ),
    C(
        "{child} (Year {year}) has been increasingly withdrawn since the October half term and has told a teaching "
        "assistant that home is 'noisy' and that {he} does not sleep well. {His} mum has not responded to three "
        "requests to come in to talk. There are no marks or injuries and {child} has not said anyone hurts {him}.",
        "Observations by staff over six weeks.",
        ages=(6, 14),
        by=("school",),
        where="At school",
    ),
    C(
        "{child} (aged {age}) has arrived at nursery several times this month with a heavy, unchanged nappy and "
        "nappy rash, and eats very quickly at snack time as if hungry. Collection has been late on four occasions.",
        "Our key worker's observations.",
        ages=(2, 3),
        by=("early_years",),
        children=(1, 2),
        where="At nursery",
    ),
    C(
        "{child} (Year {year}) has been caught shoplifting food at lunchtime twice and says {he} does it because "
        "'there is never anything at home'. {His} PE kit and shoes are too small and {he} has had toothache for "
        "weeks. {mother} says money is very tight since her hours were cut.",
        "School staff and {child} {himself}.",
        by=("school",),
        ages=(9, 14),
        where="At school and in the town centre",
    ),
)
SCHOOL_DISCLOSURE = (
    C(
        "During a PSHE lesson today {child} (Year {year}) told {his} teacher that {partner}, {his} mum's partner, "
        "'gets angry and throws things' and that {he} hides in {his} bedroom when it happens. {He} said that last "
        "night {partner} pushed {his} mum into the wall. {He} had no visible marks and said {he} was 'fine to go "
        "home' but did not want {partner} to know {he} had told anyone.",
        "{child} told {his} class teacher.",
        by=("school",),
        ages=(7, 14),
        background=frozenset({"da"}),
        partner=True,
        where="At home, {street_address}",
    ),
    C(
        "{child} came into school with a bruise about the size of a 50p coin on {his} left cheek. When asked, {he} "
        "first said {he} fell off {his} bike, then said {his} dad 'smacked' {him} because {he} would not go to bed. "
        "{He} was quiet and withdrawn for the rest of the morning.",
        "We saw the bruise; {child} told our designated safeguarding lead.",
        by=("school",),
        ages=(5, 10),
        father=True,
    ),
    C(
        "{child} (Year {year}) showed a friend cuts on {his} forearm, which the friend reported to our designated "
        "safeguarding lead. {child} says {he} feels 'like there is no point' and that things at home have been bad "
        "since {his} dad left. {His} mum has been told and is supportive but says she does not know how to help.",
        "A friend told us; {child} confirmed it.",
        by=("school",),
        ages=(12, 15),
        background=frozenset({"mh"}),
    ),
    C(
        "{mother} has asked us for help: she is struggling with {child}'s behaviour at home since {his} ADHD "
        "diagnosis, she has recently separated from {father} and is at risk of losing the tenancy. We have offered "
        "breakfast club, but the family need more help than the school can give.",
        "{mother} told us herself.",
        by=("school",),
        ages=(6, 11),
        father=True,
        positive="{mother} is warm and committed to the children and asks for help.",
    ),
)
DANGER = (
    C(
        "The caller can see a toddler, about 2, alone on the first-floor balcony of {street_address}, leaning over the "
        "railing. The caller has knocked and nobody answers. The caller was told to call 999 now.",
        "The caller can see this now.",
        by=("public",),
        channel=Channel.PHONE,
        ages=(2, 2),
        children=(1, 1),
        where="{street_address}",
    ),
    C(
        "{child} (Year {year}) has told us {he} is scared to go home tonight because {father} said he would 'finish "
        "what he started' after hitting {him} with a belt yesterday. {He} has red marks on the back of {his} legs. "
        "{He} is with our designated safeguarding lead now; school ends at 3.15pm.",
        "{child} told our designated safeguarding lead; we have seen the marks.",
        by=("school",),
        ages=(8, 14),
        father=True,
        where="At home",
    ),
    C(
        "Officers attended {street_address} after a call from a neighbour. {mother} was found unresponsive, believed "
        "intoxicated, with {child} (aged {age}) and a baby in the flat. She has been taken to " + HOSPITAL + ". The "
        "children are with officers at the address and no other adult is available.",
        "Police attendance.",
        ages=(4, 9),
        by=("police",),
        children=(2, 2),
        background=frozenset({"sm"}),
        where="{street_address}",
    ),
    C(
        "{child} (aged {age}) came to the emergency department with {mother}, who left before {he} was seen. {child} "
        "has told a nurse that {partner} hurt {him} and that {he} does not want to go back. Staff are worried that "
        "{partner} is on his way to collect {him}.",
        "{child} told our nurse.",
        by=("hospital",),
        ages=(6, 13),
        partner=True,
        where="At home",
    ),
    C(
        "{child} (aged {age}) has been missing since last night. Friends have shared messages suggesting {he} is with "
        "older men in a car near {street} and has been given alcohol. {His} mum reported {him} missing to the police "
        "this morning.",
        "Messages shared by {child}'s friends.",
        by=("police",),
        ages=(13, 15),
        children=(1, 1),
        where="{street}, {town}",
    ),
)
ALLEGATIONS = (
    C(
        "A parent has told us that {worker}, a teaching assistant, grabbed {child} by the arm and pulled {him} out of "
        "the classroom on {weekday}, leaving a red mark. {child} was upset and said it hurt. {worker} gives a "
        "different account. We have not discussed the allegation with {worker} in detail.",
        "A parent told us; the mark was seen by the class teacher.",
        by=("school",),
        ages=(5, 10),
        children=(1, 1),
        where="In the classroom",
    ),
    C(
        "My {son} {child} plays for an under-12s football team. The coach, {worker}, has been messaging {him} late at "
        "night on a social media app, telling {him} not to tell anyone and offering {him} lifts and new boots. I "
        "have screenshots of the messages.",
        "I found the messages on {child}'s phone.",
        by=("family",),
        who="mother",
        ages=(10, 12),
        children=(1, 1),
        where="Online, and at training",
    ),
    C(
        "{child} (aged {age}) came home from {his} childminder, {worker}, with a mark on {his} upper arm that looks "
        "like a grip mark. {child} said '{worker_first} squeezed me because I was naughty'. We have not sent {him} "
        "back since.",
        "I saw the mark and {child} told me.",
        by=("family",),
        who="mother",
        ages=(2, 5),
        children=(1, 2),
        where="At the childminder's",
    ),
    C(
        "A young person told one of our volunteers that another volunteer, {worker}, has shown a group of 13 and "
        "14-year-olds sexual videos on his phone at the youth club. {child} was one of the group. We have stood "
        "{worker} down from sessions while this is looked at.",
        "A young person told a volunteer.",
        by=("voluntary",),
        organisation="Canal Street Youth Club",
        ages=(13, 14),
        children=(1, 2),
        where="Youth club on {street}",
    ),
    C(
        "A member of our staff saw a colleague, {worker}, force-feeding {child} (aged {age}) at lunchtime, holding "
        "{his} face and pushing food into {his} mouth while {he} cried. {worker} has been moved away from the room.",
        "Seen by a member of staff.",
        by=("early_years",),
        ages=(1, 3),
        children=(1, 1),
        where="At nursery, at lunchtime",
    ),
)
WORKERS = (
    ("Teaching assistant at {school}", "female"),
    ("Football coach, Northtown Juniors FC", "male"),
    ("Registered childminder", "female"),
    ("Volunteer youth worker", "male"),
    ("Nursery practitioner at {school}", "female"),
)
NIGHT = (
    C(
        "Officers attended a domestic incident at {street_address} at {time}. {partner} had assaulted {mother}, who "
        "had a cut to her lip. {children} {were} in the home and {child} was heard shouting at {partner} to stop. "
        "{partner} was arrested. This is the third incident reported at this address this year. DASH risk "
        "assessment: high.",
        "Police attendance.",
        background=frozenset({"da"}),
        partner=True,
        by=("police",),
        where="{street_address}",
        significant="Two earlier domestic incidents at this address this year.",
    ),
    C(
        "{child} (aged {age}) came to the emergency department at {time} after drinking a large amount of vodka with "
        "friends. {He} was found in a park by a member of the public. {His} mum could not be reached for two hours. "
        "{He} has attended twice before this year with intoxication.",
        "Our own records and the ambulance crew.",
        by=("hospital",),
        ages=(13, 15),
        children=(1, 1),
        where="Park near {street}",
    ),
    C(
        "I'm {age} and I don't feel safe at home. My mum's boyfriend {partner_first} shouts at me all the time and "
        "last night he threw my phone at the wall and said he would throw me out. My mum doesn't do anything. I'm at "
        "my friend's house tonight but I can't stay here forever.",
        "It is happening to me.",
        by=("child",),
        ages=(13, 15),
        children=(1, 1),
        partner=True,
        background=frozenset({"da"}),
    ),
    C(
        "{child} (aged {age}) has not come home and is not answering {his} phone. {He} went missing twice last month "
        "and came back with new clothes and a phone we did not buy. We think {he} is with older boys from {town}.",
        "I am worried about {him} myself.",
        by=("family",),
        who="mother",
        ages=(13, 15),
        children=(1, 1),
    ),
)
UNBORN = (
    C(
        "{mother} is {weeks_pregnant} weeks pregnant and booked late. At her booking appointment she said she uses "
        "cannabis daily and has used cocaine in the past. She lives with {partner}, who she says 'can be jealous'. "
        "She has missed two antenatal appointments.",
        "{mother} told the midwife at booking.",
        children=(1, 2),
        unborn=True,
        partner=True,
        background=frozenset({"sm", "da"}),
        where="Antenatal clinic, " + HOSPITAL,
    ),
    C(
        "{mother} (aged {mother_age}) is pregnant, due in {due_month}. She is sofa-surfing between her mother's house "
        "and friends. She says the baby's father, {partner}, is much older than her and controls her money. She has "
        "asked for help with housing.",
        "{mother} told me at her antenatal appointment.",
        children=(1, 1),
        unborn=True,
        partner=True,
        background=frozenset({"da"}),
    ),
    C(
        "{mother} has a learning disability and is {weeks_pregnant} weeks pregnant. Her first child was placed for "
        "adoption by another local authority three years ago. She is keen to care for this baby and has a supportive "
        "aunt nearby.",
        "Maternity records and {mother} herself.",
        children=(1, 1),
        unborn=True,
        background=frozenset({"ld"}),
        significant="A previous child was adopted in 2023.",
        positive="{mother} attends every appointment and is asking for help early.",
    ),
)
BRUISES = (
    C(
        "{child} (aged {weeks} weeks) was brought to the surgery by {mother} for immunisations. The practice nurse saw "
        "two small bruises on the left side of {his} chest and one on {his} ear. {child} is not yet rolling. {mother} "
        "said {his} older brother may have been 'too rough'. A paediatric assessment has been requested.",
        "Seen by our practice nurse.",
        by=("community_health",),
        organisation="Canal Street Surgery",
        baby_weeks=(8, 16),
        children=(1, 2),
        where="At home (explanation given)",
    ),
    C(
        "At a new birth visit the health visitor saw a small bruise on the inside of {child}'s upper arm. {child} is "
        "{weeks} weeks old and not mobile. {father} said it happened when {his} arm caught in the car seat strap.",
        "Seen by the health visitor.",
        by=("community_health",),
        organisation="Northshire Health Visiting Service",
        baby_weeks=(2, 6),
        children=(1, 1),
        father=True,
    ),
)
POLICE = (
    C(
        "Domestic abuse notification. Police attended {street_address} on {weekday} evening after {mother} called 999 "
        "saying {father} had turned up drunk and was banging on the door. {father} has a non-molestation order not to "
        "contact her. {children} {were} present and awake. {father} left before officers arrived and is wanted for "
        "breach of the order. DASH: medium.",
        "Police attendance.",
        father=True,
        background=frozenset({"da", "sm"}),
        where="{street_address}",
    ),
    C(
        "Police were called by neighbours to a loud argument between {mother} and {partner}. No offences were "
        "disclosed. {child} was asleep upstairs. Both adults had been drinking. Passed on for information: this is "
        "the fourth call to this address in six months.",
        "Police attendance.",
        partner=True,
        background=frozenset({"sm"}),
        where="{street_address}",
    ),
    C(
        "{child} (aged {age}) was stopped by officers at 1am in {town} town centre with two older youths, one of whom "
        "had a knife. {child} would not give an address. {His} mum said she thought {he} was staying at a friend's.",
        "Police stop and search.",
        ages=(13, 15),
        children=(1, 1),
        where="{town} town centre",
    ),
)
CHILD_ON_CHILD = (
    C(
        "{child} (aged {age}) told {his} mum that an older boy who lives on {street}, {other_child} (aged about "
        "{other_age}), made {him} go into the garages behind the flats and touched {him} inappropriately. {child} "
        "is frightened of seeing {other_child} on the way to school.",
        "{child} told {his} mum, who told me.",
        by=("school",),
        ages=(7, 10),
        children=(1, 1),
        where="Garages behind the flats on {street}",
    ),
    C(
        "Older pupils, including {other_child}, have been filming {child} being pushed and kicked on the way home "
        "and sharing the videos on a group chat. {child} has stopped coming to school and says {he} wants to die.",
        "{child}'s friends showed us the videos.",
        by=("school",),
        ages=(13, 14),
        children=(1, 1),
        background=frozenset({"mh"}),
        where="On the way home from school",
    ),
)
FAMILY = (
    C(
        "I am {child}'s grandmother. My daughter {mother} has been drinking heavily since she split up with {father}. "
        "When I visited on Sunday there was no food in the fridge, the children were still in their pyjamas at 3pm "
        "and {mother} was asleep on the sofa. {child} told me {he} had made toast for {sibling} for tea. I want to "
        "help but she will not let me.",
        "I saw it when I visited.",
        who="grandmother",
        children=(2, 3),
        ages=(6, 11),
        background=frozenset({"sm"}),
        father=True,
    ),
    C(
        "I am {child}'s dad. I do not live with {him}. When {he} came to stay this weekend {he} told me {his} mum's "
        "new partner, {partner}, locks {him} in {his} bedroom for hours as a punishment and calls {him} names. {He} "
        "did not want to go back. I took {him} back as the court order says, but I am very worried.",
        "{child} told me.",
        ages=(6, 12),
        who="father",
        children=(1, 2),
        partner=True,
    ),
    C(
        "I am {mother}'s sister. She has stopped taking her medication for bipolar disorder and is not sleeping. She "
        "rang me at 4am saying the neighbours are spying on her through the television. The children are with her "
        "and she has kept them off school all week.",
        "{mother} has told me, and I have seen her.",
        who="aunt",
        background=frozenset({"mh"}),
    ),
)
CHILD_SELF = (
    C(
        "I look after my mum because she has bad depression and doesn't get out of bed most days. I'm {age} and I miss "
        "a lot of school to look after my little {sibling_word}. I don't want to be taken away from her but I can't "
        "cope with it all anymore.",
        "It is my family.",
        ages=(12, 15),
        children=(1, 2),
        background=frozenset({"mh"}),
    ),
    C(
        "My stepdad {partner_first} hits my little {sibling_word} when mum is at work. He says if we tell anyone we'll "
        "be put in care. I'm {age}. Please don't tell him I said anything.",
        "I have seen it.",
        ages=(11, 15),
        children=(2, 2),
        partner=True,
        background=frozenset({"da"}),
    ),
)
HELPLINE = (
    C(
        "A caller who did not want to give their name contacted the helpline about {children} at {street_address}. "
        "The caller says the children are regularly left alone overnight while {mother} works, the youngest is about "
        "{youngest}, and they have heard {child} crying and calling for {his} mum late at night. This has been going "
        "on for about two months.",
        "An anonymous caller to the helpline, a neighbour.",
        children=(2, 3),
        ages=(6, 10),
        where="{street_address}",
    ),
    C(
        "A young person called the helpline about a friend, {child} (aged {age}), who has told them that {partner}, "
        "{his} mum's boyfriend, comes into {his} bedroom at night and that {he} is scared. The caller did not want "
        "to give their own name.",
        "A friend of the child, calling the helpline.",
        ages=(12, 15),
        children=(1, 1),
        partner=True,
    ),
)
PROFESSIONAL = (
    C(
        "During a gas safety visit at {street_address} our officer found the property in a very poor state: dog mess "
        "on the floors, no working heating, mattresses on the floor in the children's room and a strong smell of "
        "damp. {mother} said she has been too unwell to keep on top of things. {children} {live} there.",
        "Our officer saw it on a visit.",
        by=("housing",),
        background=frozenset({"mh"}),
        where="{street_address}",
    ),
    C(
        "{partner} is on licence following a conviction for assault. He has told his probation officer that he has "
        "moved in with {mother} and her {children_word}, {children}, at {street_address}. He has a previous "
        "conviction for violence against a former partner. We do not know whether {mother} knows his history.",
        "Our supervision of {partner}.",
        by=("probation",),
        partner=True,
        background=frozenset({"da"}),
    ),
    C(
        "The family moved into Northshire from another local authority two weeks ago. {children} {were} on child in "
        "need plans there because of neglect and {mother}'s mental health. The case was closed when they moved. We "
        "are passing this on so that support continues.",
        "Our own case records.",
        by=("local_authority",),
        organisation="Westmoor Borough Council Children's Services",
        background=frozenset({"mh"}),
        significant="Child in need plans in another local authority until last month.",
    ),
    C(
        "{mother} has used our food bank six times in the last two months. On her last visit she had a black eye and "
        "said she had 'walked into a door'. Her {children_word}, {children}, {were} with her and {child} seemed very "
        "anxious and clung to her. She asked us not to tell anyone.",
        "Our volunteers saw this.",
        by=("voluntary",),
        organisation="Northtown Food Bank",
        background=frozenset({"da"}),
    ),
    C(
        "{mother} came to the surgery today and said she has had thoughts of ending her life. She is the only carer "
        "for {children}. She has been referred to the crisis team. Her own mother is staying tonight but goes home "
        "tomorrow.",
        "{mother} told her GP.",
        by=("community_health",),
        organisation="Aldermoor Health Centre",
        background=frozenset({"mh"}),
        grandmother=True,
        positive="{mother} asked for help herself and the children are well cared for.",
    ),
    C(
        "{child} (aged {age}) is a young carer for {his} dad, {father}, who has multiple sclerosis. {He} is often late "
        "for school and very tired. {father} asked us whether there is any help for {child}.",
        "The family told us themselves.",
        by=("voluntary",),
        organisation="Northshire Young Carers",
        ages=(10, 15),
        children=(1, 2),
        father=True,
        positive="A close, loving family who are asking for help.",
    ),
)
del C


# --- Referrers ---------------------------------------------------------------------------------------


@dataclass
class Referrer:
    channel: str
    fields: dict[str, Any]
    staff_entry: bool  # entered by staff (every channel but online)


def _channel(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in options], weights=[w for _, w in options])[0]


_PROFESSIONAL_PROFILES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[tuple[str, int], ...]]] = {
    # kind: (organisation type, organisations, job titles, channels with weights)
    "school": (OrganisationType.SCHOOL, PRIMARY_SCHOOLS + SECONDARY_SCHOOLS,
               ("Designated safeguarding lead", "Deputy designated safeguarding lead", "Headteacher",
                "Pastoral lead", "Head of year"),
               ((Channel.ONLINE, 6), (Channel.EMAIL, 3), (Channel.PHONE, 2))),
    "early_years": (OrganisationType.EARLY_YEARS, NURSERIES, ("Nursery manager", "Room leader", "Deputy manager"),
                    ((Channel.ONLINE, 5), (Channel.EMAIL, 3), (Channel.PHONE, 2))),
    "hospital": (OrganisationType.HEALTH, (f"{HOSPITAL}, emergency department", f"{HOSPITAL}, children's ward"),
                 ("Safeguarding nurse", "Paediatric registrar", "Emergency department sister"),
                 ((Channel.PHONE, 4), (Channel.EMAIL, 3), (Channel.FAX, 1), (Channel.ONLINE, 2))),
    "midwife": (OrganisationType.HEALTH, (f"{HOSPITAL}, maternity unit", "Northshire Community Midwives"),
                ("Community midwife", "Safeguarding midwife"),
                ((Channel.ONLINE, 3), (Channel.EMAIL, 3), (Channel.PHONE, 3), (Channel.FAX, 1))),
    "community_health": (OrganisationType.HEALTH, (*GP_PRACTICES, "Northshire Health Visiting Service"),
                         ("GP", "Practice nurse", "Health visitor", "School nurse"),
                         ((Channel.PHONE, 3), (Channel.EMAIL, 3), (Channel.FAX, 2), (Channel.ONLINE, 2))),
    "police": (OrganisationType.POLICE, ("Northshire Police",),
               ("PC, Response Team", "DC, Public Protection Unit", "Sergeant, Domestic Abuse Team"),
               ((Channel.POLICE, 1),)),
    "housing": (OrganisationType.HOUSING, ("Northtown Homes",), ("Housing officer", "Tenancy support officer"),
                ((Channel.EMAIL, 3), (Channel.ONLINE, 2), (Channel.PHONE, 2))),
    "probation": (OrganisationType.PROBATION, ("Probation Service, Northshire",), ("Probation officer",),
                  ((Channel.EMAIL, 3), (Channel.PHONE, 2), (Channel.POST, 1))),
    "local_authority": (OrganisationType.LOCAL_AUTHORITY,
                        ("Westmoor Borough Council Children's Services", "Northshire Early Help",
                         "Northshire Youth Justice Service"),
                        ("Social worker", "Early help practitioner", "Youth justice officer"),
                        ((Channel.EMAIL, 4), (Channel.POST, 1), (Channel.PHONE, 2))),
    "voluntary": (OrganisationType.VOLUNTARY,
                  ("Northtown Food Bank", "Safe Haven Women's Refuge", "Northshire Young Carers",
                   "Canal Street Youth Club"),
                  ("Project worker", "Volunteer coordinator", "Youth worker"),
                  ((Channel.ONLINE, 3), (Channel.EMAIL, 3), (Channel.PHONE, 2))),
    "helpline": (OrganisationType.VOLUNTARY, ("NSPCC Helpline",), ("Helpline practitioner",),
                 ((Channel.HELPLINE, 1),)),
}  # fmt: skip


def _professional(rng: random.Random, kind: str, family: Family, concern: Concern) -> Referrer:
    organisation_type, organisations, roles, channels = _PROFESSIONAL_PROFILES[kind]
    heritage = _heritage(rng)
    person = _person(rng, heritage, rng.choice(("female", "male")), rng.choice(heritage.surnames), None)
    organisation = concern.organisation or rng.choice(organisations)
    school = family.children_schools[0] if family.children_schools else ""
    if (kind == "school" and school in PRIMARY_SCHOOLS + SECONDARY_SCHOOLS) or (
        kind == "early_years" and school in NURSERIES
    ):
        organisation = school  # the child's own school or nursery makes the contact
    role = rng.choice(roles)
    channel = concern.channel or _channel(rng, channels)
    relationship = {
        "school": "{child} is a pupil here.",
        "early_years": "{child} attends our nursery.",
        "hospital": "{child} was seen in our department.",
        "midwife": "I am {mother}'s midwife.",
        "community_health": "The family are registered with us.",
        "police": "Officers attended the address.",
        "housing": "{mother} is our tenant.",
        "probation": "I supervise a member of the household.",
        "local_authority": "We have worked with the family.",
        "voluntary": "The family use our service.",
        "helpline": "A caller to the helpline told us about the family.",
    }[kind]
    fields: dict[str, Any] = {
        "referrer_type": ReferrerType.PROFESSIONAL,
        "anonymity": Anonymity.NAMED,  # a professional can never be anonymous (INT-7)
        "referrer_name": person.full,
        "organisation_name": organisation,
        "organisation_type": organisation_type,
        "professional_role": role,
        "referrer_email": _email(rng, person.given, person.family, work=True) if rng.random() < 0.9 else "",
        "referrer_phone": _phone(rng, mobile=rng.random() < 0.3),
        "referrer_relationship": relationship,
        "on_behalf_of_someone_else": kind == "helpline",
    }
    if kind == "police":
        fields["professional_role"] = f"{role.split(',')[0]} {rng.randint(1000, 9999)},{role.split(',')[1]}"
    return Referrer(channel, fields, staff_entry=channel != Channel.ONLINE)


_PUBLIC_RELATIONSHIPS = (
    "I am a neighbour.",
    "I live in the same block of flats.",
    "My children go to the same school.",
    "I know the family from church.",
    "I work in a shop the family use.",
    "I am a friend of the mother.",
)


def _public(rng: random.Random, kind: str, family: Family, concern: Concern, *, anonymous_ok: bool) -> Referrer:
    heritage = _heritage(rng)
    person = _person(rng, heritage, rng.choice(("female", "male")), rng.choice(heritage.surnames), None)
    fields: dict[str, Any] = {"referrer_type": {"public": ReferrerType.PUBLIC, "family": ReferrerType.FAMILY,
                                                "child": ReferrerType.CHILD}[kind]}  # fmt: skip
    if kind == "public":
        anonymity = rng.choices(
            (Anonymity.NAMED, Anonymity.WITHHELD, Anonymity.ANONYMOUS), weights=(4, 3, 3 if anonymous_ok else 0)
        )[0]
        relationship = rng.choice(_PUBLIC_RELATIONSHIPS)
        channel = _channel(rng, ((Channel.ONLINE, 11), (Channel.PHONE, 7), (Channel.POST, 2), (Channel.EMAIL, 1)))
    elif kind == "family":
        anonymity = rng.choices((Anonymity.NAMED, Anonymity.WITHHELD), weights=(3, 2))[0]
        who = concern.who or rng.choice(("grandmother", "aunt", "father"))
        person = {"mother": family.mother, "father": family.father, "grandmother": family.grandmother}.get(
            who, _person(rng, family.heritage, "female", rng.choice(family.heritage.surnames), None)
        )
        relationship = f"I am {{child}}'s {who}." if who != "aunt" else "I am {mother}'s sister."
        channel = _channel(rng, ((Channel.ONLINE, 5), (Channel.PHONE, 4), (Channel.EMAIL, 1), (Channel.POST, 1)))
    else:  # the child
        person = family.children[0]
        anonymity = rng.choices((Anonymity.NAMED, Anonymity.WITHHELD), weights=(1, 2))[0]
        relationship = "It is about me and my family."
        channel = _channel(rng, ((Channel.ONLINE, 4), (Channel.PHONE, 1)))
    channel = concern.channel or channel
    fields["anonymity"] = anonymity
    fields["referrer_relationship"] = relationship
    if anonymity != Anonymity.ANONYMOUS:
        fields["referrer_name"] = person.full
    wants_email = channel in (Channel.ONLINE, Channel.EMAIL) and rng.random() < 0.7
    if channel == Channel.EMAIL or (wants_email and anonymity != Anonymity.ANONYMOUS):
        fields["referrer_email"] = _email(rng, person.given, person.family, work=False)
    if channel == Channel.PHONE or rng.random() < 0.5:
        if anonymity != Anonymity.ANONYMOUS or rng.random() < 0.3:
            fields["referrer_phone"] = _phone(rng, mobile=True)
    if channel == Channel.POST and anonymity != Anonymity.ANONYMOUS:
        fields["referrer_address"] = f"{_address(rng).text}"
    return Referrer(channel, fields, staff_entry=channel != Channel.ONLINE)


# --- Scenarios: who contacts us about what, and when -----------------------------------------------


@dataclass(frozen=True)
class Scenario:
    key: str
    weight: int
    timing: str  # "office", "school", "any" or "out_of_hours"
    referrers: tuple[str, ...]  # profile kinds: school, police, public, family, child, ...
    concerns: tuple[Concern, ...]
    form: str = ""  # "red", "green" or "" (the referrer's choice)
    danger: bool | None = False
    allegation: bool = False
    child_on_child: bool = False
    hub: str = ""  # schools and early years: "not_consulted" or "advised"


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("public_worry", 16, "any", ("public",), NEGLECT_PUBLIC),
    Scenario("unnamed_child", 3, "any", ("public",), UNNAMED_PUBLIC),
    Scenario("school_returned", 7, "school", ("school", "early_years"), SCHOOL_RETURNABLE, form="red",
             hub=HubAdvice.NOT_CONSULTED),
    Scenario("school_hub_advised", 9, "school", ("school", "early_years"), SCHOOL_RETURNABLE + SCHOOL_DISCLOSURE,
             hub="advised"),
    Scenario("school_green", 3, "school", ("school",), SCHOOL_DISCLOSURE[3:], form="green",
             hub=HubAdvice.NOT_CONSULTED),
    Scenario("immediate_danger", 6, "office", ("public", "school", "police", "hospital"), DANGER, form="red",
             danger=True),
    Scenario("allegation", 6, "office", ("school", "family", "early_years", "voluntary"), ALLEGATIONS, form="red",
             allegation=True, hub="advised"),
    Scenario("night", 12, "out_of_hours", ("police", "hospital", "child", "family"), NIGHT, form="red"),
    Scenario("unborn", 5, "any", ("midwife",), UNBORN),
    Scenario("bruised_baby", 3, "any", ("community_health", "hospital"), BRUISES, form="red"),
    Scenario("police_notification", 9, "any", ("police",), POLICE),
    Scenario("child_on_child", 3, "any", ("public", "family", "school"), CHILD_ON_CHILD, form="red",
             child_on_child=True, hub="advised"),
    Scenario("family_member", 5, "any", ("family",), FAMILY),
    Scenario("child_self", 3, "any", ("child",), CHILD_SELF),
    Scenario("helpline", 3, "any", ("helpline",), HELPLINE, form="red"),
    Scenario("professional", 10, "office", ("housing", "probation", "local_authority", "voluntary",
                                            "community_health"), PROFESSIONAL),
)  # fmt: skip
_SCENARIO = {s.key: s for s in SCENARIOS}
# The first contacts cover every queue (screening, returned, fast track, LADO, out of hours), so even a
# small demo (or test) has something in each.
_FIRST = ("public_worry", "school_returned", "immediate_danger", "allegation", "night", "unborn", "unnamed_child")


# --- When contacts arrive --------------------------------------------------------------------------


def _at(day: dt.date, minute: int) -> dt.datetime:
    wall = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=LONDON)
    return wall.astimezone(dt.UTC).astimezone(LONDON)  # normalises a time skipped by the clocks going forward


def received_at(rng: random.Random, timing: str, now: dt.datetime) -> dt.datetime:
    """A realistic time in the last ``DAYS`` days: ``office`` and ``school`` times are when the
    Customer Service Centre is open; ``out_of_hours`` when it is closed; ``any`` is either."""
    hours = active_config().csc_hours
    if timing == "any":
        timing = "out_of_hours" if rng.random() < 0.25 else "office"
    today = to_london(now).date()
    for _ in range(500):
        day = today - dt.timedelta(days=rng.randrange(DAYS))
        if timing == "school":
            minute = rng.randint(8 * 60 + 30, 16 * 60 + 15)
        elif timing == "office":
            minute = int(rng.triangular(8 * 60, 20 * 60 - 1, 11 * 60))
        elif day.weekday() >= 5:  # out of hours, at a weekend
            minute = rng.randint(7 * 60, 23 * 60 + 30)
        else:  # out of hours, on a weekday: mostly evenings, some nights and early mornings
            minute = rng.randint(20 * 60, 23 * 60 + 50) if rng.random() < 0.75 else rng.randint(0, 7 * 60 + 50)
        at = _at(day, minute)
        if at >= now:
            continue
        if (timing == "out_of_hours") == is_open(at, hours):
            continue
        if timing == "school" and day.weekday() >= 5:
            continue
        return at
    raise RuntimeError(f"no {timing} time found in the last {DAYS} days")  # pragma: no cover


# --- One contact --------------------------------------------------------------------------------------


@dataclass
class DemoContact:
    draft: services.ContactDraft
    staff_entry: bool
    scenario: str
    family: Family | None = None  # the whole family, for the person index (PPL-1)


def contact_key(seed: int, number: int) -> uuid.UUID:
    """The submission key of demo contact ``number``: the same on every run, so loading is idempotent."""
    return uuid.uuid5(_KEY_NAMESPACE, f"{seed}:{number}")


def _rng(seed: int, number: int, purpose: str = "contact") -> random.Random:
    return random.Random(f"frontdoor-demo:{seed}:{number}:{purpose}")  # noqa: S311 - made-up data, not security


def _pronouns(sex: str) -> dict[str, str]:
    female = sex == "female"
    words = {
        "he": "she" if female else "he",
        "him": "her" if female else "him",
        "his": "her" if female else "his",
        "himself": "herself" if female else "himself",
        "boy": "girl" if female else "boy",
        "son": "daughter" if female else "son",
    }
    return words | {k.capitalize(): v.capitalize() for k, v in words.items()}


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _fill(template: str, context: dict[str, Any]) -> str:
    return template.format(**context) if template else ""


def make_contact(seed: int, number: int, now: dt.datetime) -> DemoContact:
    """Demo contact ``number``: the same for the same seed, number and ``now``."""
    rng = _rng(seed, number)
    if number < len(_FIRST):
        scenario = _SCENARIO[_FIRST[number]]
    else:
        scenario = rng.choices(SCENARIOS, weights=[s.weight for s in SCENARIOS])[0]
    concern = rng.choice(scenario.concerns)
    at = received_at(rng, "office" if number == 0 else scenario.timing, now)
    day = to_london(at).date()

    count = rng.randint(*concern.children)
    if concern.baby_weeks:
        weeks = rng.randint(*concern.baby_weeks)
        ages = [0] + _child_ages(rng, count, 2, 6)[1:]
    else:
        weeks = 0
        ages = _child_ages(rng, count, *concern.ages)
    if concern.unborn:
        ages = ages[1:]  # the unborn baby and any older children
    family = _family(rng, day, ages)
    if concern.baby_weeks:
        family.children[0].dob = day - dt.timedelta(weeks=weeks, days=rng.randint(0, 6))
    family_schools = family.children_schools = [_school_for(age, rng) for age in ages]

    kind = rng.choice(concern.by or scenario.referrers)
    if kind in ("public", "family", "child"):
        referrer = _public(rng, kind, family, concern, anonymous_ok=not scenario.allegation)
    else:
        referrer = _professional(rng, kind, family, concern)
    fields = dict(referrer.fields)

    # The people: the children first (INT-3, INT-4), then the adults and any other child.
    people: list[dict[str, Any]] = []
    first = family.children[0] if family.children else None
    expected = day + dt.timedelta(weeks=rng.randint(6, 30))
    if concern.unborn:
        people.append({"role": PersonRole.UNBORN, "expected_date": expected,
                       "description": f"The baby {family.mother.full} is expecting",
                       "address": family.address.text, "postcode": family.address.postcode,
                       "ethnicity": family.child_ethnicity})  # fmt: skip
    for index, child in enumerate(family.children):
        people.append(_child_row(rng, child, family, family_schools[index], kind, day, unnamed=concern.unnamed))
    worker = other_child = None
    if not concern.unnamed:
        people.append(_adult_row(rng, family.mother, PersonRole.PARENT, "Mother", family, day, lives=True, pr=True))
        together = family.parents_together and not concern.partner
        if concern.father or (together and rng.random() < 0.7):
            people.append(_adult_row(rng, family.father, PersonRole.PARENT, "Father", family, day,
                                     lives=together, pr=True))  # fmt: skip
        if concern.partner:
            role = PersonRole.ALLEGED_PERPETRATOR if "da" in concern.background else PersonRole.HOUSEHOLD
            people.append(_adult_row(rng, family.partner, role, "Mother's partner", family, day, lives=True, pr=False))
        if concern.grandmother or rng.random() < 0.15:
            people.append(_adult_row(rng, family.grandmother, PersonRole.EXTENDED_FAMILY, "Maternal grandmother",
                                     family, day, lives=False, pr=False))  # fmt: skip
    if scenario.allegation:
        occupation, sex = WORKERS[ALLEGATIONS.index(concern)]
        heritage = _heritage(rng)
        worker = _person(rng, heritage, sex, rng.choice(heritage.surnames), None)
        people.append({"role": PersonRole.WORKER, "given_names": worker.given, "family_name": worker.family,
                       "sex": sex, "age_description": f"about {rng.randint(24, 58)}",
                       "occupation": occupation.format(school=family_schools[0] or rng.choice(NURSERIES)),
                       "relationship_to_child": occupation.split(" at ")[0].split(",")[0]})  # fmt: skip
    if scenario.child_on_child:
        heritage = _heritage(rng)
        other_age = min(17, ages[0] + rng.randint(1, 4))
        other_child = _person(rng, heritage, "male", rng.choice(heritage.surnames),
                              _years_before(day, other_age, rng))  # fmt: skip
        people.append({"role": PersonRole.CHILD_WHO_HARMED, "given_names": other_child.given,
                       "family_name": other_child.family, "sex": "male", "age_description": f"about {other_age}",
                       "school": _school_for(other_age, rng),
                       "address": f"{family.address.street}, {family.address.town}"})  # fmt: skip

    # The words of the contact.
    child_sex = first.sex if first else "female"
    siblings = [c.first for c in family.children[1:]]
    context: dict[str, Any] = {
        **_pronouns(child_sex),
        "child": first.first if first and not concern.unnamed else f"the {_pronouns(child_sex)['boy']}",
        "children": _join([c.first for c in family.children]) if family.children else "the children",
        "children_word": "child" if len(family.children) == 1 else "children",
        "were": "was" if len(family.children) == 1 else "were",
        "live": "lives" if len(family.children) == 1 else "live",
        "sibling": siblings[0] if siblings else "a younger sibling",
        "sibling_word": ("sister" if family.children[1].sex == "female" else "brother")
        if len(family.children) > 1
        else "sister",
        "youngest": min(ages) if ages else 1,
        "age": ages[0] if ages else 0,
        "year": max(1, min(11, (ages[0] if ages else 5) - 4)),
        "weeks": weeks,
        "weeks_pregnant": 40 - (expected - day).days // 7,
        "due_month": expected.strftime("%B"),
        "mother": family.mother.first,
        "mother_age": family.mother.age_on(day),
        "father": family.father.full,
        "partner": family.partner.full,
        "partner_first": family.partner.first,
        "worker": worker.full if worker else "",
        "worker_first": worker.first if worker else "",
        "other_child": other_child.first if other_child else "",
        "other_age": other_child.age_on(day) if other_child else "",
        "street": family.address.street,
        "street_address": family.address.lines,
        "town": family.address.town,
        "weekday": (day - dt.timedelta(days=rng.randint(1, 6))).strftime("%A"),
        "time": to_london(at).strftime("%H:%M"),
        "when": "",
    }
    fields["referrer_relationship"] = _fill(fields.get("referrer_relationship", ""), context)
    fields["concern"] = _fill(concern.text, context)
    fields["concern_source"] = _fill(concern.source, context)
    fields["concern_where"] = _fill(concern.where, context)
    fields["concern_when"] = rng.choice(
        (
            f"{to_london(at):%A} {to_london(at).day} {to_london(at):%B}",
            "Over the last few weeks",
            "Ongoing for some months",
            "Yesterday evening",
        )
    )
    fields["significant_events"] = _fill(concern.significant, context)
    fields["positive_aspects"] = _fill(concern.positive, context)

    # The request, the hub and the flags that route it (INT-6, INT-10, INT-11).
    form = scenario.form or rng.choices((FormType.RED, FormType.GREEN), weights=(3, 2))[0]
    fields["form_type"] = form
    fields["immediate_danger"] = scenario.danger if scenario.danger else rng.choice((False, False, None))
    fields["allegation_against_worker"] = scenario.allegation
    fields["harm_by_another_child"] = scenario.child_on_child
    if fields.get("organisation_type") in (OrganisationType.SCHOOL, OrganisationType.EARLY_YEARS):
        if scenario.hub == "advised" or (not scenario.hub and rng.random() < 0.5):
            fields["hub_advice"] = HubAdvice.ADVISED_RED if form == FormType.RED else HubAdvice.ADVISED_GREEN
            fields["hub_advice_notes"] = rng.choice((
                "The hub advised us to make a child protection request today.",
                "Discussed with the hub duty worker, who agreed a referral is needed.",
                "The hub advised a request for support with the parents' agreement.",
            ))  # fmt: skip
        else:
            fields["hub_advice"] = HubAdvice.NOT_CONSULTED

    # Background (INT-3, SCR-6) and what the parents know (CON-1).
    for tag, name in (("da", "domestic_abuse"), ("mh", "mental_ill_health"), ("sm", "substance_misuse"),
                      ("ld", "learning_difficulties"), ("threats", "threats_to_professionals")):  # fmt: skip
        if tag in concern.background:
            fields[name] = "yes"
        else:
            fields[name] = rng.choices(("no", "unknown", ""), weights=(3, 3, 2))[0]
    if fields.get("domestic_abuse") == "yes" and rng.random() < 0.3:
        fields["threats_to_professionals"] = "yes"
        fields["background_details"] = f"{family.partner.first} has been verbally aggressive to a health visitor."
    fields["other_agencies"] = rng.choice(("", "School; GP", "Health visitor", "School nurse; CAMHS",
                                           "Police; school", "Early Help worker"))  # fmt: skip
    if rng.random() < 0.4:
        fields["extended_family"] = f"Maternal grandmother, {family.grandmother.full}, lives in {_address(rng).town}."
    if fields["referrer_type"] == ReferrerType.PROFESSIONAL:
        knowledge = rng.choices(list(ParentalKnowledge), weights=(5, 2, 3, 1))[0]
        if scenario.allegation or "da" in concern.background:
            knowledge = ParentalKnowledge.NOT_INFORMED if rng.random() < 0.6 else knowledge
    elif concern.who == "mother":
        knowledge = ParentalKnowledge.INFORMED_AGREED
    else:
        knowledge = rng.choice((ParentalKnowledge.NOT_INFORMED, ParentalKnowledge.UNKNOWN))
    fields["parental_knowledge"] = knowledge
    if knowledge == ParentalKnowledge.NOT_INFORMED:
        fields["not_informed_ground"] = (
            NotInformedGround.BEHAVIOURAL_RISK
            if "da" in concern.background or scenario.allegation
            else rng.choice(list(NotInformedGround))
        )

    draft = services.ContactDraft(
        submission_key=contact_key(seed, number),
        channel=referrer.channel,
        received_at=at,
        fields=fields,
        people=people,
    )
    return DemoContact(draft, referrer.staff_entry, scenario.key, family if not concern.unnamed else None)


def _child_row(
    rng: random.Random, child: Person, family: Family, school: str, referrer_kind: str, day: dt.date, *, unnamed: bool
) -> dict[str, Any]:
    age = child.age_on(day)
    if unnamed:
        words = _pronouns(child.sex)
        return {
            "role": PersonRole.CHILD,
            "sex": child.sex,
            "age_description": f"about {age}",
            "description": f"A {words['boy']} of about {age}, slim, with short dark hair; often seen in a grey "
            f"hooded top near {family.address.street}.",
            "address": f"One of the flats above the shops on {family.address.street}, {family.address.town}",
        }
    health = referrer_kind in ("hospital", "midwife", "community_health")
    row: dict[str, Any] = {
        "role": PersonRole.CHILD,
        "given_names": child.given,
        "family_name": child.family,
        "sex": child.sex,
        "address": family.address.text,
        "postcode": family.address.postcode,
        "previous_address": family.previous_address,
        "school": school,
        "ethnicity": family.child_ethnicity,
        "first_language": family.heritage.languages[0] if rng.random() < 0.8 else rng.choice(family.heritage.languages),
        "religion": rng.choice(family.heritage.religions),
    }
    if rng.random() < 0.85:
        row["date_of_birth"] = child.dob
    else:
        row["age_description"] = f"about {age}" if age else "a few months old"
    if health or rng.random() < 0.15:
        row["nhs_number"] = nhs_number(rng)  # INT-9: health contacts carry the NHS number
    if rng.random() < 0.12:
        row["needs_and_communication"] = rng.choice(NEEDS)
    if rng.random() < 0.1:
        row["other_names"] = rng.choice(OTHER_NAMES).format(
            nick=child.first[:3] if len(child.first) > 4 else child.first + "y",
            previous=rng.choice(family.heritage.surnames),
        )
    if rng.random() < 0.4:
        row["location_and_condition"] = rng.choice((
            "At school today; seemed tired and hungry.",
            "At home with mum at the time of the contact.",
            "Staying with a friend's family tonight.",
            "Not known: not seen since yesterday.",
            "At nursery; happy and playing.",
        ))  # fmt: skip
    return row


def _adult_row(
    rng: random.Random,
    person: Person,
    role: str,
    relationship: str,
    family: Family,
    day: dt.date,
    *,
    lives: bool,
    pr: bool,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "role": role,
        "given_names": person.given,
        "family_name": person.family,
        "sex": person.sex,
        "relationship_to_child": relationship,
        "lives_with_child": "yes" if lives else rng.choice(("no", "unknown")),
        "has_parental_responsibility": "yes" if pr else rng.choice(("no", "unknown")),
    }
    if lives:
        row["address"], row["postcode"] = family.address.text, family.address.postcode
    if person.dob is not None and rng.random() < 0.6:
        row["date_of_birth"] = person.dob
    elif person.dob is not None:
        row["age_description"] = f"about {person.age_on(day)}"
    return row


# --- Loading -------------------------------------------------------------------------------------------


class DemoRefused(Exception):
    """The database looks like a real one: demo logins with a published password must not go there."""


@dataclass
class DemoResult:
    teams_created: int
    users_created: int
    contacts_created: int
    contacts_total: int
    already_loaded: bool
    # One created contact's reference and status code, to try the status page with (ACK-2).
    sample_status: tuple[str, str] | None = None
    scenarios: dict[str, int] = field(default_factory=dict)
    people_created: int = 0  # in the person index


def load_demo(
    contacts: int = DEFAULT_CONTACTS,
    *,
    seed: int = DEFAULT_SEED,
    now: dt.datetime | None = None,
    force: bool = False,
) -> DemoResult:
    """Load the demo council, its logins and ``contacts`` contacts. Does nothing if they are there.

    Refuses (``DemoRefused``) a database that has staff accounts but none of the demo's,
    that is a real one, unless ``force``.
    """
    now = now or timezone.now()
    keys = [contact_key(seed, n) for n in range(contacts)]
    usernames = [u.username for u in STAFF]
    with transaction.atomic():
        has_demo_users = User.objects.filter(username__in=usernames).exists()
        if not has_demo_users and User.objects.exists() and not force:
            raise DemoRefused(
                "This database already has staff accounts that are not the demo's, so it looks like a real one. "
                "Demo data (and logins with a published password) is only for a demonstration database."
            )
        existing = set(Contact.objects.filter(submission_key__in=keys).values_list("submission_key", flat=True))
        if (
            has_demo_users
            and len(existing) == len(keys)
            and Team.objects.filter(name__in=[name for name, _ in TEAMS]).count() == len(TEAMS)
        ):
            _second_factors(list(User.objects.filter(username__in=usernames)))
            return DemoResult(0, 0, 0, len(existing), already_loaded=True)

        teams, teams_created = _teams()
        users, users_created = _users(teams)
        _second_factors(list(users.values()))
        made: list[tuple[Contact, DemoContact, int]] = []
        sample: tuple[str, str] | None = None
        scenarios: dict[str, int] = {}
        for number, key in enumerate(keys):
            if key in existing:
                continue
            demo = make_contact(seed, number, now)
            actor = None
            if demo.staff_entry:
                open_now = is_open(demo.draft.received_at, active_config().csc_hours)
                actor = users["cso"] if open_now else users["ooh"]
            submission = services.submit_contact(demo.draft, actor)
            made.append((submission.contact, demo, number))
            scenarios[demo.scenario] = scenarios.get(demo.scenario, 0) + 1
            if sample is None and submission.status_secret and submission.contact.referrer_email:
                sample = (submission.contact.reference, submission.status_secret)
        _settle_history(made, now, seed, users)
        people_created = _index_people(made, now, seed, contacts)
        _allocate_open_cases(made, users["socialworker"])
        _settle_screening(made, now, seed, users)
        _information_requests(users, now)
        if made:
            _earlier_pathways(now, users)
        _forget_sent_deliveries()
    return DemoResult(
        teams_created,
        users_created,
        len(made),
        len(existing) + len(made),
        already_loaded=False,
        sample_status=sample,
        scenarios=scenarios,
        people_created=people_created,
    )


def _information_requests(users: dict[str, User], now: dt.datetime) -> None:
    """A few information requests in each state (issue 7, frontdoor/sharing/demo.py)."""
    from frontdoor.sharing.demo import load_requests

    load_requests(users, now)


def _teams() -> tuple[dict[str, Team], int]:
    teams: dict[str, Team] = {}
    created = 0
    for name, kind in TEAMS:
        team, new = Team.objects.get_or_create(name=name, defaults={"kind": kind})
        teams[name] = team
        created += new
    return teams, created


def _users(teams: dict[str, Team]) -> tuple[dict[str, User], int]:
    users: dict[str, User] = {}
    created = 0
    for spec in STAFF:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.first_name}.{spec.last_name}@example.org".lower(),
                role=spec.role,
                team=teams[spec.team],
                is_staff=spec.role == Role.ADMINISTRATOR,
                is_superuser=spec.role == Role.ADMINISTRATOR,
            )
            validate_password(DEMO_PASSWORD, user)
            user.set_password(DEMO_PASSWORD)
            user.save()
            created += 1
        users[spec.username] = user
    return users, created


def _settle_history(made: list[tuple[Contact, DemoContact, int]], now: dt.datetime, seed: int,
                    users: dict[str, User]) -> None:  # fmt: skip
    """Make older demo contacts look as if the last weeks had happened.

    Acknowledgements and written confirmations are recorded through the real services
    (so they are audited). Two things are changed directly, for DEMO DATA ONLY and never
    in a real database: the outbox rows of contacts older than a day are marked sent
    (their emails were "sent" weeks ago, so the worker must not send them now, and their
    waiting delivery tasks are removed), and `recorded_at` is set to shortly after the
    contact was received rather than the moment the loader ran.
    """
    cutoff = now - dt.timedelta(days=1)
    for contact, demo, number in made:
        rng = _rng(seed, number, "history")
        received = contact.received_at
        recorded = received + dt.timedelta(minutes=rng.randint(4, 50)) if demo.staff_entry else received
        Contact.objects.filter(pk=contact.pk).update(recorded_at=min(recorded, now))
        if received >= cutoff:
            continue  # recent: its emails go out through the worker, as a real one's would
        emails = OutboundEmail.objects.filter(contact=contact)
        sent_at = received + dt.timedelta(minutes=rng.randint(1, 12))
        acknowledged_by_email = emails.filter(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT).exists()
        _mark_sent(emails, sent_at)
        if acknowledged_by_email:
            services.record_acknowledged(contact, "email", None, at=sent_at)
        elif contact.referrer_phone and rng.random() < 0.9:
            staff = users["cso"] if is_open(received, active_config().csc_hours) else users["ooh"]
            services.record_acknowledged(contact, "phone", staff, at=received + dt.timedelta(hours=rng.randint(1, 6)))
        elif contact.referrer_address and rng.random() < 0.9:
            services.record_acknowledged(contact, "letter", users["cso"], at=received + dt.timedelta(hours=20))
        if contact.written_confirmation_due_at is not None and rng.random() < 0.85:
            services.record_written_confirmation(
                contact, users["cso"], received_at=received + dt.timedelta(hours=rng.randint(1, 22))
            )


# --- Screening and decisions (SCR, DEC) -------------------------------------------------------------
#
# Contacts more than five days old were screened and decided as the procedure says, through
# the real services (claims, screening records, proposals, authorisations, referrals, outcome
# emails, all audited). Of the last five days' contacts, about half are still in the queue and the
# rest being screened or waiting for a manager, so every staff page has something on it. (These
# overdue ones are the demo's: a real front door decides within a working day.)

# Likely outcomes for each kind of demo contact, with weights.
_OUTCOMES: dict[str, tuple[tuple[str, int], ...]] = {
    "public_worry": (("no_further_action", 2), ("information_and_advice", 2), ("early_help", 3), ("assessment", 3)),
    "unnamed_child": (("information_and_advice", 3), ("no_further_action", 1)),
    "school_hub_advised": (("early_help", 3), ("assessment", 3), ("strategy_discussion", 1)),
    "school_green": (("early_help", 1),),
    "immediate_danger": (("immediate_protection", 2), ("strategy_discussion", 1)),
    "allegation": (("signposting", 1),),
    "night": (("assessment", 2), ("strategy_discussion", 1)),
    "unborn": (("assessment", 2), ("early_help", 2)),
    "bruised_baby": (("assessment", 1),),
    "police_notification": (("early_help", 2), ("assessment", 2), ("no_further_action", 1)),
    "child_on_child": (("assessment", 1),),
    "family_member": (("early_help", 2), ("assessment", 1)),
    "child_self": (("assessment", 1),),
    "helpline": (("assessment", 2), ("strategy_discussion", 1)),
    "professional": (("early_help", 2), ("signposting", 1), ("information_and_advice", 1)),
}
_LEVEL = {"no_further_action": 1, "information_and_advice": 1, "signposting": 2, "early_help": 2, "assessment": 3,
          "strategy_discussion": 4, "immediate_protection": 4}  # fmt: skip


def _settle_screening(made: list[tuple[Contact, DemoContact, int]], now: dt.datetime, seed: int,
                      users: dict[str, User]) -> None:  # fmt: skip
    from frontdoor.screening import services as screening
    from frontdoor.screening.models import Decision, Referral

    recent = now - dt.timedelta(days=5)
    for contact, demo, number in made:
        contact.refresh_from_db()
        rng = _rng(seed, number, "screening")
        if contact.status != ContactStatus.NEW or (contact.received_at > recent and rng.random() < 0.5):
            continue  # in the queue
        worker = users["ooh"] if contact.queue == "out_of_hours" else users["screener"]
        if contact.allocated_to_id is not None:
            worker = users["socialworker"]
        screening.claim(contact, worker)
        if contact.received_at > recent and rng.random() < 0.5:
            continue  # still being screened
        outcome = rng.choices(*zip(*_OUTCOMES.get(demo.scenario, (("early_help", 1),)), strict=True))[0]
        bruise = demo.scenario == "bruised_baby"
        values: dict[str, Any] = {
            "nature_of_concern": contact.concern.split(". ")[0][:400],
            "continuum_level": _LEVEL[outcome],
            "continuum_reasons": "Read with the family's history and what the referrer added by phone.",
            "parental_knowledge": "not_informed" if outcome in ("strategy_discussion", "immediate_protection")
            else rng.choice(("informed_agreed", "informed_only")),
            "not_informed_ground": "behavioural_risk" if outcome in ("strategy_discussion", "immediate_protection")
            else "",
            "suspected_crime": outcome in ("strategy_discussion", "immediate_protection"),
            "bruising": True if bruise else None,
            "baby_mobility": rng.choice(("not_mobile", "rolls")) if bruise else "",
            "bruise_explanation": "Mother says the baby caught her face on the cot bars." if bruise else "",
            "paediatric_assessment": "Child protection medical, Northshire General, same day." if bruise else "",
        }  # fmt: skip
        screening.save_screening(contact, worker, keep_wording=True, **values)
        if values["suspected_crime"]:
            screening.record_police_notification(contact, worker, "Police control room by phone; log given.")
        extra: dict[str, str] = {}
        if outcome == "early_help":
            extra["early_help_service"] = rng.choice(("families_first", "targeted_youth_support", "universal_services"))
        if outcome == "signposting":
            extra["signposted_to"] = "Local Authority Designated Officer (LADO)" if demo.scenario == "allegation" \
                else "Northshire Young Carers"  # fmt: skip
        if outcome in ("strategy_discussion", "immediate_protection"):
            extra["reasonable_cause"] = "What the child said and the injury seen, with the family's history."
        if outcome in _REFERRAL_OUTCOMES:
            _link_children(contact, worker)  # the screener confirms who the children are (PPL-3)
        try:
            decision = screening.propose_decision(contact, worker, outcome=outcome,
                                                  reasons="The needs and risks described, read with the history.",
                                                  **extra)  # fmt: skip
        except screening.ScreeningRefused:
            continue  # a suggestion still needs answering: left for a screener, as in life
        if contact.received_at > recent and rng.random() < 0.5:
            continue  # waiting for a manager
        manager = users["manager2"] if worker == users["socialworker"] else users["manager"]
        screening.authorise(decision, manager, strategy_consideration=(
            "Discussed with the paediatrician; a strategy discussion is not needed unless the medical finds "
            "more." if bruise else ""))  # fmt: skip
        # DEMO DATA ONLY: the decision was made a day after the contact, not when the loader ran.
        decided = min(contact.received_at + dt.timedelta(hours=rng.randint(3, 22)), now)
        Contact.objects.filter(pk=contact.pk).update(decided_at=decided, claimed_at=contact.received_at)
        Decision.objects.filter(pk=decision.pk).update(proposed_at=decided - dt.timedelta(hours=1), reviewed_at=decided)
        for referral in Referral.objects.filter(decision=decision):
            screening.schedule_referral(referral, decided)
            referral.save()
            if referral.episodes.exists():  # the pathway records the referral's deadlines (STA-1)
                _pathway_history(referral, decided, users, now, _rng(seed, number, "pathway"))
            else:
                _meet_deadlines(referral, manager, now, rng)
        _mark_sent(OutboundEmail.objects.filter(contact=contact, kind=OutboundEmail.Kind.OUTCOME), decided)


def _meet_deadlines(referral: Any, actor: User, now: dt.datetime, rng: random.Random) -> None:
    """Most of the demo's past deadlines were met, a few were not (so the deadlines page shows some)."""
    from frontdoor.screening import services as screening

    took = {"strategy_discussion": dt.timedelta(hours=6), "child_seen": dt.timedelta(days=2),
            "assessment": dt.timedelta(days=30)}  # fmt: skip
    for deadline, due, _ in referral.deadlines():
        done = referral.referred_at + took[deadline.rule_id]
        if done < now and rng.random() < 0.9:
            screening.record_milestone(referral, actor, milestone=deadline.met_field, at=min(done, due))


# --- The pathway after a referral (STA-1) -------------------------------------------------------------
#
# Children on a contact that becomes a referral are linked to the person index while it is screened,
# so the authorisation opens their episodes. Each then goes as far along the pathway as the days since
# the referral allow, through the real services (audited): strategy discussions, Section 47 enquiries,
# initial conferences and child protection plans for significant harm; assessments with the census
# factors, child in need plans, and closures with their census reasons. A few children known from the
# council's earlier records have older episodes with review conferences and a period looked after.

_REFERRAL_OUTCOMES = ("assessment", "strategy_discussion", "immediate_protection")
_ETHNICITY = (  # the contact's description (2021 census wording) -> the DfE code
    ("White: English", "WBRI"),
    ("White: British", "WBRI"),
    ("White: Irish", "WIRI"),
    ("White: Gypsy", "WROM"),
    ("White: Roma", "WROM"),
    ("White: Any other", "WOTH"),
    ("Mixed or multiple ethnic groups: White and Black Caribbean", "MWBC"),
    ("Mixed or multiple ethnic groups: White and Black African", "MWBA"),
    ("Mixed or multiple ethnic groups: White and Asian", "MWAS"),
    ("Mixed", "MOTH"),
    ("Asian or Asian British: Pakistani", "APKN"),
    ("Asian or Asian British: Bangladeshi", "ABAN"),
    ("Asian or Asian British: Indian", "AIND"),
    ("Asian or Asian British: Chinese", "CHNE"),
    ("Asian", "AOTH"),
    ("Black, Black British, Caribbean or African: African", "BAFR"),
    ("Black, Black British, Caribbean or African: Caribbean", "BCRB"),
    ("Black", "BOTH"),
    ("Other", "OOTH"),
)
_FACTORS_HARM = (["19B", "3B"], ["16A"], ["17A", "3B", "4B"], ["18B"], ["16A", "2B"], ["19B"])
_FACTORS_NEED = (["16A", "1B"], ["4B"], ["6A"], ["3B", "2B"], ["21"], ["7A", "6B"], ["14A", "10A"], ["5A"], ["4A"])
_NEED_FOR = {
    "6A": "N2",
    "5A": "N2",
    "4A": "N2",
    "7A": "N3",
    "6B": "N3",
    "4B": "N3",
    "14A": "N6",
    "21": "N4",
    "3B": "N5",
    "1B": "N5",
    "16A": "N1",
}
_POLICE = ("DC Amir Patel", "DS Claire Hughes", "DC Tom Nowak", "DS Funmi Okafor")
_DOCTORS = ("Dr Ruth Evans", "Dr Sanjay Mehta", "Dr Aoife Byrne")


def _link_children(contact: Contact, actor: User) -> None:
    """Link each child named with a date of birth: to their index record if the NHS number and
    date of birth agree, otherwise to a new record made from what the referrer said."""
    from frontdoor.people import services as people_services
    from frontdoor.people.models import Person as IndexPerson

    for cp in contact.people.filter(role=PersonRole.CHILD, date_of_birth__isnull=False):
        known = None
        if cp.nhs_number:
            known = IndexPerson.objects.filter(
                nhs_number=cp.nhs_number, date_of_birth=cp.date_of_birth, merged_into__isnull=True
            ).first()
        if known is not None:
            people_services.link_contact_person(cp, known, actor, "NHS number and date of birth agree")
        else:
            people_services.record_new_person(cp, actor, "Not in the index: added from the contact")


def _census_details(child: Any, ethnicity_text: str, on: dt.date, actor: User, rng: random.Random) -> None:
    from frontdoor.pathway import services as pathway

    ethnicity = next((code for prefix, code in _ETHNICITY if ethnicity_text.startswith(prefix)), "NOBT")
    age = (on - child.date_of_birth).days // 365 if child.date_of_birth else 0
    values: dict[str, Any] = {"ethnicity": ethnicity}
    if age >= 5:
        rest = f"873{rng.randint(1000, 9999)}{(on.year - age + 5) % 100:02d}{rng.randint(0, 999):03d}"
        values["upn"] = pathway.upn_check_letter(rest) + rest
    else:
        values["upn_unknown"] = "UN1"  # not of school age
    values["disabilities"] = rng.choices((["NONE"], ["LD"], ["AUT"], ["COMM"], ["MOB", "HAND"]), (85, 5, 5, 3, 2))[0]
    pathway.update_child_details(child, actor, **values)


def _participants(worker: User, rng: random.Random) -> list[dict[str, str]]:
    people = [
        {"name": worker.display_name, "agency": "Northshire children's social care", "role": "Social worker"},
        {"name": rng.choice(_POLICE), "agency": "Northshire Police", "role": "Child abuse investigation team"},
        {"name": rng.choice(_DOCTORS), "agency": HOSPITAL, "role": "Named doctor for safeguarding"},
    ]
    if rng.random() < 0.5:
        people.append({"name": "Designated safeguarding lead", "agency": "The child's school", "role": "Teacher"})
    return people


def _working_day_on_or_before(day: dt.date) -> dt.date:
    from frontdoor.policy.calendar import is_working_day

    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _pathway_history(referral: Any, decided: dt.datetime, users: dict[str, User], now: dt.datetime,
                     rng: random.Random) -> None:  # fmt: skip
    """DEMO DATA ONLY: each child's episode dated from the (back-dated) referral, then taken as far
    along the pathway as the days since allow, through the services."""
    from frontdoor.pathway.models import Episode
    from frontdoor.people.models import ContactPersonLink

    referral_date = to_london(decided).date()
    Episode.objects.filter(referral=referral).update(referral_date=referral_date)
    for episode in Episode.objects.filter(referral=referral).select_related("child"):
        link = (
            ContactPersonLink.objects.filter(person=episode.child, contact_person__contact_id=referral.contact_id)
            .select_related("contact_person")
            .first()
        )
        ethnicity = link.contact_person.ethnicity if link else ""
        _census_details(episode.child, ethnicity, referral_date, users["socialworker"], rng)
        _episode_story(episode, referral, decided, users, now, rng)


def _episode_story(episode: Any, referral: Any, decided: dt.datetime, users: dict[str, User], now: dt.datetime,
                   rng: random.Random) -> None:  # fmt: skip
    from frontdoor.pathway import services as pathway
    from frontdoor.policy.timescales import working_days_after
    from frontdoor.screening.models import SIGNIFICANT_HARM_OUTCOMES

    worker, boss = users["socialworker"], users["manager"]
    today = to_london(now).date()
    start = episode.referral_date

    def on(n: int, base: dt.date = start) -> dt.date | None:
        day = working_days_after(base, n) if n else base
        return day if day <= today else None

    significant = referral.route in SIGNIFICANT_HARM_OUTCOMES
    if not significant and rng.random() < 0.12:
        pathway.close_episode(episode, worker, closed_on=start, reason="RC7", referral_nfa=True)
        return
    s47 = None
    if significant:
        held = min(decided + dt.timedelta(hours=rng.randint(1, 6)), now)
        outcome = rng.choices(("s47", "no_s47", "nfa"), (7, 2, 1))[0]
        discussion = pathway.record_strategy_discussion(
            episode,
            worker,
            held_at=held,
            participants=_participants(worker, rng),
            outcome=outcome,
            notes="Agreed a joint visit with the police; the child to be seen today." if outcome == "s47" else "",
        )
        if outcome == "nfa":
            pathway.close_episode(episode, worker, closed_on=to_london(held).date(), reason="RC7", referral_nfa=True)
            return
        start = to_london(held).date()
        if outcome == "s47":
            s47 = pathway.start_section47(episode, worker, strategy_discussion=discussion, started_on=start)
    factors = rng.choice(_FACTORS_HARM if significant else _FACTORS_NEED)
    need = "N1" if significant else _NEED_FOR.get(factors[0], "N4")
    assessment = pathway.start_assessment(episode, worker, started_on=start, primary_need=need)
    seen = on(rng.choice((0, 1, 2, 3, 4, 4, 6)) if not significant else 0)
    if seen is None:
        return
    pathway.record_child_seen(assessment, worker, seen_on=seen)
    plan = None
    if s47 is not None:
        done = on(rng.randint(4, 8))
        if done is None:
            return
        found = rng.choices(("substantiated_icpc", "substantiated_no_icpc", "not_substantiated"), (5, 2, 3))[0]
        s47 = pathway.complete_section47(s47, worker, completed_on=done, outcome=found)
        if s47.icpc_required and s47.icpc_target is not None:
            late = rng.random() < 0.1
            held_on = (
                working_days_after(s47.icpc_target, 2)
                if late
                else _working_day_on_or_before(s47.icpc_target - dt.timedelta(days=rng.randint(0, 4)))
            )
            held_on = max(held_on, done)
            if held_on > today:
                return
            needs_plan = rng.random() < 0.85
            pathway.hold_initial_conference(
                s47,
                worker,
                held_on=held_on,
                outcome="plan" if needs_plan else "no_plan",
                category=rng.choice(("NEG", "PHY", "EMO", "SAB")) if needs_plan else "",
            )
            plan = episode.cp_plans.filter(ended_on__isnull=True).first()
    completed = on(rng.randint(18, 52))
    if completed is None or completed < seen:
        return
    pathway.complete_assessment(
        assessment,
        worker,
        completed_on=completed,
        factors=factors,
        primary_need=need,
        summary="Seen at home and at school; parents' and child's views recorded.",
    )
    authorised = on(1, completed)
    if authorised is None:
        return
    pathway.authorise_assessment(assessment, boss, authorised_on=authorised)
    if plan is not None or pathway.open_items(episode):
        return
    choice = rng.random()
    if s47 is not None:  # after an enquiry, services end for another reason than "after assessment"
        if choice < 0.5:
            pathway.start_cin_plan(episode, worker, started_on=authorised)
        else:
            pathway.close_episode(episode, worker, closed_on=authorised, reason="RC7")
    elif factors != ["21"] and choice < 0.45:
        pathway.start_cin_plan(episode, worker, started_on=authorised)
    elif factors == ["21"] or choice < 0.9:
        pathway.close_episode(episode, worker, closed_on=authorised, reason="RC9" if rng.random() < 0.3 else "RC8")


def _earlier_pathways(now: dt.datetime, users: dict[str, User]) -> None:
    """DEMO DATA ONLY: three children the index knew before Front Door, with older episodes: one
    with a child protection plan and its review conferences, still open; one whose plan ended and
    became a child in need plan, now closed; one who was looked after."""
    from frontdoor.pathway import services as pathway
    from frontdoor.people.models import Person as IndexPerson
    from frontdoor.policy.timescales import months_after, working_days_after

    worker, boss = users["socialworker"], users["manager"]
    today = to_london(now).date()
    team = worker.team
    children = [
        p
        for p in IndexPerson.objects.filter(kind="child", date_of_birth__isnull=False, episodes__isnull=True)
        .exclude(sex="")
        .order_by("id")[:40]
        if p.date_of_birth is not None and 3 <= (today - p.date_of_birth).days // 365 <= 14
    ][:3]
    rng = _rng(DEFAULT_SEED, 0, "earlier pathways")
    for number, (child, days_ago) in enumerate(zip(children, (250, 420, 330), strict=False)):
        start = _working_day_on_or_before(today - dt.timedelta(days=days_ago))
        _census_details(child, "White: English", start, worker, rng)
        episode = pathway.open_earlier_episode(
            child, worker, referral_date=start, referral_source=("2A", "6", "3A")[number], team=team
        )
        held = dt.datetime.combine(start, dt.time(14, 0), tzinfo=LONDON)
        discussion = pathway.record_strategy_discussion(
            episode, worker, held_at=held, participants=_participants(worker, rng), outcome="s47"
        )
        s47 = pathway.start_section47(episode, worker, strategy_discussion=discussion, started_on=start)
        assessment = pathway.start_assessment(episode, worker, started_on=start, primary_need="N1")
        pathway.record_child_seen(assessment, worker, seen_on=working_days_after(start, 1))
        pathway.complete_section47(s47, worker, completed_on=working_days_after(start, 6), outcome="substantiated_icpc")
        icpc = working_days_after(start, 14)
        pathway.hold_initial_conference(
            s47, worker, held_on=icpc, outcome="plan", category=("NEG", "EMO", "PHY")[number]
        )
        completed = working_days_after(start, 30)
        pathway.complete_assessment(
            assessment, worker, completed_on=completed, factors=_FACTORS_HARM[number], primary_need="N1"
        )
        pathway.authorise_assessment(assessment, boss, authorised_on=working_days_after(completed, 1))
        plan = episode.cp_plans.get()
        review = _working_day_on_or_before(months_after(icpc, 3) - dt.timedelta(days=3))
        pathway.hold_review_conference(plan, worker, held_on=review, outcome="plan_continues")
        if number == 0:
            continue  # still on a plan: the next review is due within 6 months of the last
        ended = _working_day_on_or_before(months_after(review, 5))
        pathway.hold_review_conference(plan, worker, held_on=ended, outcome="plan_ends")
        cin = pathway.start_cin_plan(episode, worker, started_on=ended)
        finished = min(_working_day_on_or_before(months_after(ended, 2)), today)
        pathway.end_cin_plan(cin, worker, ended_on=finished)
        pathway.close_episode(episode, worker, closed_on=finished, reason="RC7")
        if number == 2:
            pathway.record_looked_after(
                child,
                worker,
                started_on=finished + dt.timedelta(days=1),
                ended_on=min(finished + dt.timedelta(days=60), today),
            )


def _mark_sent(emails: Any, at: dt.datetime) -> None:
    """DEMO DATA ONLY: emails "sent" in the past are marked sent, so the worker does not send
    them now (their waiting delivery tasks are removed once, by ``_forget_sent_deliveries``)."""
    emails.update(status=OutboundEmail.Status.SENT, sent_at=at, attempts=1, created_at=at, next_attempt_at=at)


def _forget_sent_deliveries() -> None:
    """DEMO DATA ONLY: remove the waiting delivery tasks of emails already marked sent."""
    sent = set(OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).values_list("pk", flat=True))
    stale = [
        pk
        for pk, args_kwargs in DBTaskResult.objects.ready()
        .filter(task_path=deliver_email.module_path)
        .values_list("pk", "args_kwargs")
        if isinstance(args_kwargs, dict) and (args_kwargs.get("args") or [None])[0] in sent
    ]
    DBTaskResult.objects.filter(pk__in=stale).delete()


# --- The person index (PPL-1) ----------------------------------------------------------------------
#
# About four in ten demo families are already known to children's services: the index holds
# them as a council's historic system would, under the names and addresses it knew (a mother
# under her maiden name, a family that has moved since), with their relationships and their
# history (contacts, assessments, plans, periods looked after). Around them is a background
# population from ``frontdoor.people.synthetic`` (families with twins, same-named parents and
# children, nicknames and moves), so that the match pages have near misses to tell apart.
# Everything is loaded through ``people.services.import_people`` (audited, keys written).

KNOWN_FAMILY_CHANCE = 0.4
NFA_OUTCOMES = (
    "No further action: information and advice given to the family",
    "No further action: concern not substantiated",
    "Signposted to the school nurse and the family's GP",
)
STORIES: tuple[tuple[str, int], ...] = (("nfa", 35), ("early_help", 20), ("cin", 25), ("cp", 15), ("looked_after", 5))


def _episode(rng: random.Random, story: str, start: dt.date, today: dt.date) -> list[tuple[Any, ...]]:
    """One period of involvement, as (kind, start, end, outcome, team, reference) rows."""
    ref = f"NS{rng.randint(100000, 999999)}"
    day = dt.timedelta(days=1)
    screening, assessment = "MASH screening team", "Assessment team North"
    if story == "nfa":
        return [("contact", start, start + day, rng.choice(NFA_OUTCOMES), screening, ref)]
    if story == "early_help":
        return [("contact", start, start + day, "Early help: referred to Families First", screening, ref)]
    rows: list[tuple[Any, ...]] = [
        ("contact", start, start + day, "Referred for further assessment", screening, ref),
        ("referral", start + day, start + day, "Accepted as a referral", assessment, ref),
    ]
    if story == "cin":
        assessed = start + dt.timedelta(days=rng.randint(20, 45))
        ends = assessed + dt.timedelta(days=rng.randint(120, 420))
        agreed = "Child in need: plan agreed with the family"
        rows.append(("assessment", start + day, assessed, agreed, assessment, ref))
        plan = "cin_plan", assessed, ends, "Plan ended: needs met", "Family support team", ref
    else:
        category = rng.choice(("neglect", "emotional abuse", "physical abuse"))
        enquired = start + dt.timedelta(days=rng.randint(5, 15))
        rows.append(("s47_enquiry", start + day, enquired, f"Concerns substantiated: {category}", assessment, ref))
        conference = enquired + dt.timedelta(days=rng.randint(5, 14))
        rows.append(("conference", conference, conference, f"Child protection plan (category: {category})",
                     "Safeguarding and reviewing", ref))  # fmt: skip
        ends = conference + dt.timedelta(days=rng.randint(180, 560))
        if story == "looked_after":
            outcome = "Accommodated under section 20; returned home"
            plan = "looked_after", conference, ends, outcome, "Children in care", ref
        else:
            plan = "cp_plan", conference, ends, "Plan ended: stepped down to child in need", "Child protection", ref
    if ends >= today:
        rows.append((plan[0], plan[1], None, plan[3].split(":")[0] + ": open", plan[4], ref))
        return rows
    rows.append(plan)
    rows.append(("closure", ends, ends, "Case closed", plan[4], ref))
    return rows


def _history(rng: random.Random, born: dt.date | None, today: dt.date) -> tuple[str, dt.date] | None:
    """A storyline and its start for a family, or None for a family only just born."""
    earliest = max(born or today - dt.timedelta(days=3000), today - dt.timedelta(days=3000))
    if (today - earliest).days < 90:
        return None
    story = rng.choices([s for s, _ in STORIES], weights=[w for _, w in STORIES])[0]
    return story, earliest + dt.timedelta(days=rng.randint(30, (today - earliest).days - 30))


def _split_given(given: str) -> tuple[str, str]:
    first = _first(given)
    return first, given[len(first) :].strip()


def _known_family(rng: random.Random, number: int, contact: Contact, family: Family, today: dt.date) -> tuple[
        list[Any], list[tuple[str, str, str]]]:  # fmt: skip
    from frontdoor.people.services import ImportedPerson

    people: list[ImportedPerson] = []
    rels: list[tuple[str, str, str]] = []
    moved_in = today - dt.timedelta(days=rng.randint(200, 2500))
    old = _address(rng)
    home: list[tuple[Any, ...]] = [
        (old.text, old.postcode, moved_in - dt.timedelta(days=rng.randint(400, 2000)), moved_in)
    ]
    if rng.random() < 0.7:  # otherwise the index has not heard of the move
        home.append((family.address.text, family.address.postcode, moved_in, None))
    nhs_by_name = {p.given_names: p.nhs_number for p in contact.people.all() if p.nhs_number}
    story = _history(rng, min((c.dob for c in family.children if c.dob), default=None), today)

    def add(key: str, person: Person, kind: str, addresses: list[tuple[Any, ...]], nhs: str = "") -> ImportedPerson:
        given, middle = _split_given(person.given)
        entry = ImportedPerson(ref=f"demo-{number}-{key}", kind=kind, given_name=given, middle_names=middle,
                               surname=person.family, sex=person.sex, date_of_birth=person.dob, nhs_number=nhs,
                               addresses=list(addresses))  # fmt: skip
        people.append(entry)
        return entry

    mother = add("mother", family.mother, "adult", home)
    maiden = rng.choice([s for s in family.heritage.surnames if s != family.mother.family] or [family.mother.family])
    if rng.random() < 0.25:
        mother.surname = maiden  # known years ago under her maiden name, not told of the change
    elif family.parents_together and rng.random() < 0.5:
        mother.names.append(("birth", mother.given_name, maiden, None, None))
    if rng.random() < 0.1 and family.mother.dob:  # her own childhood in care
        start = family.mother.dob + dt.timedelta(days=rng.randint(8 * 365, 14 * 365))
        mother.involvements += _episode(rng, "looked_after", start, today)
    children = []
    for i, child in enumerate(family.children):
        if child.dob and child.dob > today - dt.timedelta(days=30):
            continue
        nhs = nhs_by_name.get(child.given) or (nhs_number(rng) if rng.random() < 0.6 else "")
        entry = add(f"child{i}", child, "child", home, nhs)
        if rng.random() < 0.15 and len(entry.given_name) > 4:
            entry.names.append(("nickname", entry.given_name[:3], "", None, None))
        if story and child.dob and child.dob < story[1]:
            entry.involvements += _episode(random.Random(f"{number}:{story}"), story[0], story[1], today)  # noqa: S311
        children.append(entry)
        rels.append((mother.ref, entry.ref, "mother"))
    for a, b in ((a, b) for i, a in enumerate(children) for b in children[i + 1 :]):
        rels.append((a.ref, b.ref, "sibling"))
    if family.parents_together or rng.random() < 0.6:
        elsewhere = _address(rng)
        father_home = home if family.parents_together else [(elsewhere.text, elsewhere.postcode, None, None)]
        father = add("father", family.father, "adult", father_home)
        rels += [(father.ref, c.ref, "father") for c in children]
    if rng.random() < 0.4:
        partner = add("partner", family.partner, "adult", home[-1:])
        rels += [(partner.ref, c.ref, "partner_of_parent") for c in children]
        if rng.random() < 0.4 and family.partner.dob:
            other = _person(rng, family.partner.heritage, rng.choice(("female", "male")), family.partner.family,
                            _years_before(today, rng.randint(3, 15), rng))  # fmt: skip
            away = _address(rng)
            theirs = add("partner-child", other, "child", [(away.text, away.postcode, None, None)])
            earlier = _history(rng, other.dob, today)
            if earlier:
                theirs.involvements += _episode(rng, rng.choice(("cp", "cin")), earlier[1], today)
            rels.append((partner.ref, theirs.ref, "father" if family.partner.sex == "male" else "mother"))
    return people, rels


def _background(seed: int, size: int, today: dt.date) -> tuple[list[Any], list[tuple[str, str, str]]]:
    """A synthetic population around the demo families (when frontdoor.people.synthetic is there)."""
    import re

    from frontdoor.people.services import ImportedPerson

    try:
        from frontdoor.people import synthetic
    except ImportError:
        return [], []
    population = synthetic.generate_population(size, seed)
    rng = _rng(seed, 0, "background")
    people: list[ImportedPerson] = []
    for record in population.people:
        child = record.date_of_birth is not None and record.date_of_birth > today - dt.timedelta(days=18 * 365)
        addresses: list[tuple[Any, ...]] = []
        moved = today
        for i, postcode in enumerate(record.postcodes):
            street = f"{rng.randint(1, 140)} {rng.choice(STREETS)}\n{rng.choice(TOWNS)[0]}"
            start = moved - dt.timedelta(days=rng.randint(300, 2500))
            addresses.append((street, re.sub(r"^[A-Z]{1,2}", "NS", postcode), start, None if i == 0 else moved))
            moved = start
        entry = ImportedPerson(
            ref=f"bg-{record.person_id}", kind="child" if child else "adult", given_name=record.given_name,
            middle_names=record.middle_names, surname=record.surname, sex=record.sex,
            date_of_birth=record.date_of_birth, nhs_number=record.nhs_number, addresses=addresses,
            names=[("alias", *((n.split(" ", 1) + [""])[:2] if " " in n else (n, ""))[:2], None, None)
                   for n in record.other_names],
        )  # fmt: skip
        if child and rng.random() < 0.12:
            story = _history(rng, record.date_of_birth, today)
            if story:
                entry.involvements = _episode(rng, *story, today)
        people.append(entry)
    kinds = {"household": "household_member"}
    rels = [(f"bg-{r.relative_id}", f"bg-{r.person_id}", kinds.get(r.kind, r.kind)) for r in population.relationships]
    return people, rels


def _allocate_open_cases(made: list[tuple[Contact, DemoContact, int]], worker: User) -> None:
    """Every open case in the demo index is allocated to the demo social worker, and contacts
    about those children go to her list (INT-14), as they would have on arrival."""
    from frontdoor.people.models import Involvement, InvolvementKind
    from frontdoor.screening.services import route_open_case_on_arrival

    open_cases = Involvement.objects.filter(end__isnull=True, allocated_worker__isnull=True)
    if not open_cases.exclude(kind=InvolvementKind.CLOSURE).update(allocated_worker=worker):
        return
    for contact, _, _ in made:
        if contact.status == ContactStatus.NEW:
            route_open_case_on_arrival(contact)


def _index_people(made: list[tuple[Contact, DemoContact, int]], now: dt.datetime, seed: int, contacts: int) -> int:
    from frontdoor.people.models import Person as IndexPerson
    from frontdoor.people.services import import_people

    today = to_london(now).date()
    people: list[Any] = []
    rels: list[tuple[str, str, str]] = []
    if made and not IndexPerson.objects.exists():
        people, rels = _background(seed, min(600, max(60, contacts * 2)), today)
    for contact, demo, number in made:
        rng = _rng(seed, number, "index")
        if demo.family is None or not demo.family.children or rng.random() >= KNOWN_FAMILY_CHANCE:
            continue
        family_people, family_rels = _known_family(rng, number, contact, demo.family, today)
        people += family_people
        rels += family_rels
    if not people:
        return 0
    return len(import_people(people, rels, source="demo data"))
