"""The demonstration's person index (PPL-1): the demo families already known to children's
services, a synthetic background population around them, and the open cases' allocation."""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from frontdoor.accounts.models import User
from frontdoor.demo import synthetic
from frontdoor.demo.contacts import DemoContact, contact_rng
from frontdoor.demo.families import (
    STREETS,
    TOWNS,
    Family,
    Person,
    born_years_before,
    first_given_name,
    make_person,
    nhs_number,
    random_address,
)
from frontdoor.intake.models import Contact, ContactStatus
from frontdoor.people.models import Involvement, InvolvementKind
from frontdoor.people.models import Person as IndexPerson
from frontdoor.people.services import ImportedPerson, import_people
from frontdoor.policy.calendar import to_london
from frontdoor.screening.services import route_open_case_on_arrival

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
        rows.append(
            (
                "conference",
                conference,
                conference,
                f"Child protection plan (category: {category})",
                "Safeguarding and reviewing",
                ref,
            )
        )
        ends = conference + dt.timedelta(days=rng.randint(180, 560))
        if story == "looked_after":
            outcome = "Accommodated under section 20; returned home"
            plan = "looked_after", conference, ends, outcome, "Children in care", ref
        else:
            plan = "cp_plan", conference, ends, "Plan ended: stepped down to child in need", "Child protection", ref
    if ends >= today:
        # Still open: no outcome yet (issue 17: never "Plan ended: open"); the page says "Open".
        rows.append((plan[0], plan[1], None, "", plan[4], ref))
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
    first = first_given_name(given)
    return first, given[len(first) :].strip()


def _known_family(
    rng: random.Random, number: int, contact: Contact, family: Family, today: dt.date
) -> tuple[list[Any], list[tuple[str, str, str]]]:
    people: list[ImportedPerson] = []
    rels: list[tuple[str, str, str]] = []
    moved_in = today - dt.timedelta(days=rng.randint(200, 2500))
    old = random_address(rng)
    home: list[tuple[Any, ...]] = [
        (old.text, old.postcode, moved_in - dt.timedelta(days=rng.randint(400, 2000)), moved_in)
    ]
    if rng.random() < 0.7:  # otherwise the index has not heard of the move
        home.append((family.address.text, family.address.postcode, moved_in, None))
    nhs_by_name = {p.given_names: p.nhs_number for p in contact.people.all() if p.nhs_number}
    story = _history(rng, min((c.dob for c in family.children if c.dob), default=None), today)

    def add(key: str, person: Person, kind: str, addresses: list[tuple[Any, ...]], nhs: str = "") -> ImportedPerson:
        given, middle = _split_given(person.given)
        entry = ImportedPerson(
            ref=f"demo-{number}-{key}",
            kind=kind,
            given_name=given,
            middle_names=middle,
            surname=person.family,
            sex=person.sex,
            date_of_birth=person.dob,
            nhs_number=nhs,
            addresses=list(addresses),
        )
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
        elsewhere = random_address(rng)
        father_home = home if family.parents_together else [(elsewhere.text, elsewhere.postcode, None, None)]
        father = add("father", family.father, "adult", father_home)
        rels += [(father.ref, c.ref, "father") for c in children]
    if rng.random() < 0.4:
        partner = add("partner", family.partner, "adult", home[-1:])
        rels += [(partner.ref, c.ref, "partner_of_parent") for c in children]
        if rng.random() < 0.4 and family.partner.dob:
            other = make_person(
                rng,
                family.partner.heritage,
                rng.choice(("female", "male")),
                family.partner.family,
                born_years_before(today, rng.randint(3, 15), rng),
            )
            away = random_address(rng)
            theirs = add("partner-child", other, "child", [(away.text, away.postcode, None, None)])
            earlier = _history(rng, other.dob, today)
            if earlier:
                theirs.involvements += _episode(rng, rng.choice(("cp", "cin")), earlier[1], today)
            rels.append((partner.ref, theirs.ref, "father" if family.partner.sex == "male" else "mother"))
    return people, rels


def _background(seed: int, size: int, today: dt.date) -> tuple[list[Any], list[tuple[str, str, str]]]:
    """A synthetic population around the demo families (frontdoor.demo.synthetic)."""
    population = synthetic.generate_population(size, seed)
    rng = contact_rng(seed, 0, "background")
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
            ref=f"bg-{record.person_id}",
            kind="child" if child else "adult",
            given_name=record.given_name,
            middle_names=record.middle_names,
            surname=record.surname,
            sex=record.sex,
            date_of_birth=record.date_of_birth,
            nhs_number=record.nhs_number,
            addresses=addresses,
            names=[
                ("alias", *((n.split(" ", 1) + [""])[:2] if " " in n else (n, ""))[:2], None, None)
                for n in record.other_names
            ],
        )
        if child and rng.random() < 0.12:
            story = _history(rng, record.date_of_birth, today)
            if story:
                entry.involvements = _episode(rng, *story, today)
        people.append(entry)
    kinds = {"household": "household_member"}
    rels = [(f"bg-{r.relative_id}", f"bg-{r.person_id}", kinds.get(r.kind, r.kind)) for r in population.relationships]
    return people, rels


def allocate_open_cases(made: list[tuple[Contact, DemoContact, int]], worker: User) -> None:
    """Every open case in the demo index is allocated to the demo social worker, and contacts
    about those children go to her list (INT-14), as they would have on arrival."""
    open_cases = Involvement.objects.filter(end__isnull=True, allocated_worker__isnull=True)
    if not open_cases.exclude(kind=InvolvementKind.CLOSURE).update(allocated_worker=worker):
        return
    for contact, _, _ in made:
        if contact.status == ContactStatus.NEW:
            route_open_case_on_arrival(contact)


def index_people(made: list[tuple[Contact, DemoContact, int]], now: dt.datetime, seed: int, contacts: int) -> int:
    today = to_london(now).date()
    people: list[Any] = []
    rels: list[tuple[str, str, str]] = []
    if made and not IndexPerson.objects.exists():
        people, rels = _background(seed, min(600, max(60, contacts * 2)), today)
    for contact, demo, number in made:
        rng = contact_rng(seed, number, "index")
        if demo.family is None or not demo.family.children or rng.random() >= KNOWN_FAMILY_CHANCE:
            continue
        family_people, family_rels = _known_family(rng, number, contact, demo.family, today)
        people += family_people
        rels += family_rels
    if not people:
        return 0
    return len(import_people(people, rels, source="demo data"))
