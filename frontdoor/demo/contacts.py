"""One demonstration contact: who makes it (a referrer of a kind, by a channel), about which
family and worry (a scenario), and when it arrives. Each contact comes from its own seeded
``random.Random``: the same seed always gives the same contacts, whatever the count, and each
contact's submission key is derived from the seed and its number, so loading again adds nothing."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from frontdoor.demo.concerns import (
    ALLEGATIONS,
    BRUISES,
    CHILD_ON_CHILD,
    CHILD_SELF,
    DANGER,
    FAMILY,
    HELPLINE,
    NEGLECT_PUBLIC,
    NIGHT,
    POLICE,
    PROFESSIONAL,
    SCHOOL_DISCLOSURE,
    SCHOOL_RETURNABLE,
    UNBORN,
    UNNAMED_PUBLIC,
    WORKERS,
    Concern,
)
from frontdoor.demo.families import (
    NEEDS,
    NURSERIES,
    OTHER_NAMES,
    Family,
    Person,
    born_years_before,
    child_ages,
    make_family,
    make_person,
    nhs_number,
    random_address,
    random_heritage,
    school_for,
)
from frontdoor.demo.referrers import professional_referrer, public_referrer
from frontdoor.intake import services
from frontdoor.intake.models import (
    FormType,
    HubAdvice,
    NotInformedGround,
    OrganisationType,
    ParentalKnowledge,
    PersonRole,
    ReferrerType,
)
from frontdoor.policy.active import active_config
from frontdoor.policy.calendar import LONDON, is_open, to_london

DEFAULT_CONTACTS = 300
DEFAULT_SEED = 1989  # the year of the Children Act
DAYS = 60  # contacts are spread over the last 60 days


_KEY_NAMESPACE = uuid.UUID("6f1c1b9e-3f0a-4f52-9a51-7d0c2b8e4d11")


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
    Scenario(
        "school_returned",
        7,
        "school",
        ("school", "early_years"),
        SCHOOL_RETURNABLE,
        form="red",
        hub=HubAdvice.NOT_CONSULTED,
    ),
    Scenario(
        "school_hub_advised",
        9,
        "school",
        ("school", "early_years"),
        SCHOOL_RETURNABLE + SCHOOL_DISCLOSURE,
        hub="advised",
    ),
    Scenario(
        "school_green", 3, "school", ("school",), SCHOOL_DISCLOSURE[3:], form="green", hub=HubAdvice.NOT_CONSULTED
    ),
    Scenario(
        "immediate_danger", 6, "office", ("public", "school", "police", "hospital"), DANGER, form="red", danger=True
    ),
    Scenario(
        "allegation",
        6,
        "office",
        ("school", "family", "early_years", "voluntary"),
        ALLEGATIONS,
        form="red",
        allegation=True,
        hub="advised",
    ),
    Scenario("night", 12, "out_of_hours", ("police", "hospital", "child", "family"), NIGHT, form="red"),
    Scenario("unborn", 5, "any", ("midwife",), UNBORN),
    Scenario("bruised_baby", 3, "any", ("community_health", "hospital"), BRUISES, form="red"),
    Scenario("police_notification", 9, "any", ("police",), POLICE),
    Scenario(
        "child_on_child",
        3,
        "any",
        ("public", "family", "school"),
        CHILD_ON_CHILD,
        form="red",
        child_on_child=True,
        hub="advised",
    ),
    Scenario("family_member", 5, "any", ("family",), FAMILY),
    Scenario("child_self", 3, "any", ("child",), CHILD_SELF),
    Scenario("helpline", 3, "any", ("helpline",), HELPLINE, form="red"),
    Scenario(
        "professional",
        10,
        "office",
        ("housing", "probation", "local_authority", "voluntary", "community_health"),
        PROFESSIONAL,
    ),
)
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


def contact_rng(seed: int, number: int, purpose: str = "contact") -> random.Random:
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
    rng = contact_rng(seed, number)
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
        ages = [0] + child_ages(rng, count, 2, 6)[1:]
    else:
        weeks = 0
        ages = child_ages(rng, count, *concern.ages)
    if concern.unborn:
        ages = ages[1:]  # the unborn baby and any older children
    family = make_family(rng, day, ages)
    if concern.baby_weeks:
        family.children[0].dob = day - dt.timedelta(weeks=weeks, days=rng.randint(0, 6))
    family_schools = family.children_schools = [school_for(age, rng) for age in ages]

    kind = rng.choice(concern.by or scenario.referrers)
    if kind in ("public", "family", "child"):
        referrer = public_referrer(rng, kind, family, concern, anonymous_ok=not scenario.allegation)
    else:
        referrer = professional_referrer(rng, kind, family, concern)
    fields = dict(referrer.fields)

    # The people: the children first (INT-3, INT-4), then the adults and any other child.
    people: list[dict[str, Any]] = []
    first = family.children[0] if family.children else None
    expected = day + dt.timedelta(weeks=rng.randint(6, 30))
    if concern.unborn:
        people.append(
            {
                "role": PersonRole.UNBORN,
                "expected_date": expected,
                "description": f"The baby {family.mother.full} is expecting",
                "address": family.address.text,
                "postcode": family.address.postcode,
                "ethnicity": family.child_ethnicity,
            }
        )
    for index, child in enumerate(family.children):
        people.append(_child_row(rng, child, family, family_schools[index], kind, day, unnamed=concern.unnamed))
    worker = other_child = None
    if not concern.unnamed:
        people.append(_adult_row(rng, family.mother, PersonRole.PARENT, "Mother", family, day, lives=True, pr=True))
        together = family.parents_together and not concern.partner
        if concern.father or (together and rng.random() < 0.7):
            people.append(
                _adult_row(rng, family.father, PersonRole.PARENT, "Father", family, day, lives=together, pr=True)
            )
        if concern.partner:
            role = PersonRole.ALLEGED_PERPETRATOR if "da" in concern.background else PersonRole.HOUSEHOLD
            people.append(_adult_row(rng, family.partner, role, "Mother's partner", family, day, lives=True, pr=False))
        if concern.grandmother or rng.random() < 0.15:
            people.append(
                _adult_row(
                    rng,
                    family.grandmother,
                    PersonRole.EXTENDED_FAMILY,
                    "Maternal grandmother",
                    family,
                    day,
                    lives=False,
                    pr=False,
                )
            )
    if scenario.allegation:
        occupation, sex = WORKERS[ALLEGATIONS.index(concern)]
        heritage = random_heritage(rng)
        worker = make_person(rng, heritage, sex, rng.choice(heritage.surnames), None)
        people.append(
            {
                "role": PersonRole.WORKER,
                "given_names": worker.given,
                "family_name": worker.family,
                "sex": sex,
                "age_description": f"about {rng.randint(24, 58)}",
                "occupation": occupation.format(school=family_schools[0] or rng.choice(NURSERIES)),
                "relationship_to_child": occupation.split(" at ")[0].split(",")[0],
            }
        )
    if scenario.child_on_child:
        heritage = random_heritage(rng)
        other_age = min(17, ages[0] + rng.randint(1, 4))
        other_child = make_person(
            rng, heritage, "male", rng.choice(heritage.surnames), born_years_before(day, other_age, rng)
        )
        people.append(
            {
                "role": PersonRole.CHILD_WHO_HARMED,
                "given_names": other_child.given,
                "family_name": other_child.family,
                "sex": "male",
                "age_description": f"about {other_age}",
                "school": school_for(other_age, rng),
                "address": f"{family.address.street}, {family.address.town}",
            }
        )

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
            fields["hub_advice_notes"] = rng.choice(
                (
                    "The hub advised us to make a child protection request today.",
                    "Discussed with the hub duty worker, who agreed a referral is needed.",
                    "The hub advised a request for support with the parents' agreement.",
                )
            )
        else:
            fields["hub_advice"] = HubAdvice.NOT_CONSULTED

    # Background (INT-3, SCR-6) and what the parents know (CON-1).
    for tag, name in (
        ("da", "domestic_abuse"),
        ("mh", "mental_ill_health"),
        ("sm", "substance_misuse"),
        ("ld", "learning_difficulties"),
        ("threats", "threats_to_professionals"),
    ):
        if tag in concern.background:
            fields[name] = "yes"
        else:
            fields[name] = rng.choices(("no", "unknown", ""), weights=(3, 3, 2))[0]
    if fields.get("domestic_abuse") == "yes" and rng.random() < 0.3:
        fields["threats_to_professionals"] = "yes"
        fields["background_details"] = f"{family.partner.first} has been verbally aggressive to a health visitor."
    fields["other_agencies"] = rng.choice(
        ("", "School; GP", "Health visitor", "School nurse; CAMHS", "Police; school", "Early Help worker")
    )
    if rng.random() < 0.4:
        town = random_address(rng).town
        fields["extended_family"] = f"Maternal grandmother, {family.grandmother.full}, lives in {town}."
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
        row["location_and_condition"] = rng.choice(
            (
                "At school today; seemed tired and hungry.",
                "At home with mum at the time of the contact.",
                "Staying with a friend's family tonight.",
                "Not known: not seen since yesterday.",
                "At nursery; happy and playing.",
            )
        )
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
