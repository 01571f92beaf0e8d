"""Who makes a demonstration contact: a professional of one of a dozen kinds (schools, health,
police, housing...) or a member of the public, the family or the child, each by the channels
such a referrer uses, with the fields of the form they would fill in."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from frontdoor.demo.concerns import Concern
from frontdoor.demo.families import (
    GP_PRACTICES,
    HOSPITAL,
    NURSERIES,
    PRIMARY_SCHOOLS,
    SECONDARY_SCHOOLS,
    Family,
    email_address,
    make_person,
    phone_number,
    random_address,
    random_heritage,
)
from frontdoor.intake.models import Anonymity, Channel, OrganisationType, ReferrerType

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
    "school": (
        OrganisationType.SCHOOL,
        PRIMARY_SCHOOLS + SECONDARY_SCHOOLS,
        (
            "Designated safeguarding lead",
            "Deputy designated safeguarding lead",
            "Headteacher",
            "Pastoral lead",
            "Head of year",
        ),
        ((Channel.ONLINE, 6), (Channel.EMAIL, 3), (Channel.PHONE, 2)),
    ),
    "early_years": (
        OrganisationType.EARLY_YEARS,
        NURSERIES,
        ("Nursery manager", "Room leader", "Deputy manager"),
        ((Channel.ONLINE, 5), (Channel.EMAIL, 3), (Channel.PHONE, 2)),
    ),
    "hospital": (
        OrganisationType.HEALTH,
        (f"{HOSPITAL}, emergency department", f"{HOSPITAL}, children's ward"),
        ("Safeguarding nurse", "Paediatric registrar", "Emergency department sister"),
        ((Channel.PHONE, 4), (Channel.EMAIL, 3), (Channel.FAX, 1), (Channel.ONLINE, 2)),
    ),
    "midwife": (
        OrganisationType.HEALTH,
        (f"{HOSPITAL}, maternity unit", "Northshire Community Midwives"),
        ("Community midwife", "Safeguarding midwife"),
        ((Channel.ONLINE, 3), (Channel.EMAIL, 3), (Channel.PHONE, 3), (Channel.FAX, 1)),
    ),
    "community_health": (
        OrganisationType.HEALTH,
        (*GP_PRACTICES, "Northshire Health Visiting Service"),
        ("GP", "Practice nurse", "Health visitor", "School nurse"),
        ((Channel.PHONE, 3), (Channel.EMAIL, 3), (Channel.FAX, 2), (Channel.ONLINE, 2)),
    ),
    "police": (
        OrganisationType.POLICE,
        ("Northshire Police",),
        ("PC, Response Team", "DC, Public Protection Unit", "Sergeant, Domestic Abuse Team"),
        ((Channel.POLICE, 1),),
    ),
    "housing": (
        OrganisationType.HOUSING,
        ("Northtown Homes",),
        ("Housing officer", "Tenancy support officer"),
        ((Channel.EMAIL, 3), (Channel.ONLINE, 2), (Channel.PHONE, 2)),
    ),
    "probation": (
        OrganisationType.PROBATION,
        ("Probation Service, Northshire",),
        ("Probation officer",),
        ((Channel.EMAIL, 3), (Channel.PHONE, 2), (Channel.POST, 1)),
    ),
    "local_authority": (
        OrganisationType.LOCAL_AUTHORITY,
        ("Westmoor Borough Council Children's Services", "Northshire Early Help", "Northshire Youth Justice Service"),
        ("Social worker", "Early help practitioner", "Youth justice officer"),
        ((Channel.EMAIL, 4), (Channel.POST, 1), (Channel.PHONE, 2)),
    ),
    "voluntary": (
        OrganisationType.VOLUNTARY,
        ("Northtown Food Bank", "Safe Haven Women's Refuge", "Northshire Young Carers", "Canal Street Youth Club"),
        ("Project worker", "Volunteer coordinator", "Youth worker"),
        ((Channel.ONLINE, 3), (Channel.EMAIL, 3), (Channel.PHONE, 2)),
    ),
    "helpline": (OrganisationType.VOLUNTARY, ("NSPCC Helpline",), ("Helpline practitioner",), ((Channel.HELPLINE, 1),)),
}


def professional_referrer(rng: random.Random, kind: str, family: Family, concern: Concern) -> Referrer:
    organisation_type, organisations, roles, channels = _PROFESSIONAL_PROFILES[kind]
    heritage = random_heritage(rng)
    person = make_person(rng, heritage, rng.choice(("female", "male")), rng.choice(heritage.surnames), None)
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
        "referrer_email": email_address(rng, person.given, person.family, work=True) if rng.random() < 0.9 else "",
        "referrer_phone": phone_number(rng, mobile=rng.random() < 0.3),
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


def public_referrer(rng: random.Random, kind: str, family: Family, concern: Concern, *, anonymous_ok: bool) -> Referrer:
    heritage = random_heritage(rng)
    person = make_person(rng, heritage, rng.choice(("female", "male")), rng.choice(heritage.surnames), None)
    fields: dict[str, Any] = {
        "referrer_type": {"public": ReferrerType.PUBLIC, "family": ReferrerType.FAMILY, "child": ReferrerType.CHILD}[
            kind
        ]
    }
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
            who, make_person(rng, family.heritage, "female", rng.choice(family.heritage.surnames), None)
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
        fields["referrer_email"] = email_address(rng, person.given, person.family, work=False)
    if channel == Channel.PHONE or rng.random() < 0.5:
        if anonymity != Anonymity.ANONYMOUS or rng.random() < 0.3:
            fields["referrer_phone"] = phone_number(rng, mobile=True)
    if channel == Channel.POST and anonymity != Anonymity.ANONYMOUS:
        fields["referrer_address"] = f"{random_address(rng).text}"
    return Referrer(channel, fields, staff_entry=channel != Channel.ONLINE)
