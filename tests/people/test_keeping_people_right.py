"""WRK-6 (issue 15, part 6): staff correct a person's details and relationships, with a reason,
audited; names and addresses keep their history; relationships are ended, not deleted; the
data-quality page's "Fix" link opens the page that corrects the record."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from frontdoor.access import services as access
from frontdoor.accounts.models import Role, User
from frontdoor.audit.models import AuditEntry
from frontdoor.people import proposals
from frontdoor.people import services as people
from frontdoor.people.models import NameKind, Person, PersonKey, Relationship, RelationshipType
from tests.factories import make_contact, manager, staff

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


@pytest.fixture
def jayden(db: None) -> Person:
    return people.create_person(
        actor=None,
        given_name="Jayden",
        surname="Smith",
        sex="male",
        date_of_birth=dt.date(2019, 4, 3),
        address="1 High Street, Northtown",
        postcode="NS1 2AB",
        address_from=dt.date(2020, 1, 1),
    )


def _details(person: Person, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "given_name": person.given_name,
        "middle_names": person.middle_names,
        "surname": person.surname,
        "sex": person.sex,
        **_date("date_of_birth", person.date_of_birth or dt.date(2019, 1, 1)),
        "nhs_number": person.nhs_number,
        "first_language": person.first_language,
        "reason": "",
    }
    form.update(changes)
    return form


def test_wrk6_a_screener_corrects_the_date_of_birth_with_a_reason_and_it_is_audited(jayden: Person) -> None:
    screener = staff(Role.SCREENING_SOCIAL_WORKER, "screener")
    client = _client(screener)
    url = reverse("people:edit", args=[jayden.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Correct Jayden Smith's record" in page.content.decode()
    assert AuditEntry.objects.filter(action="person.viewed", actor=screener).exists()  # the read is audited
    # Without a reason, nothing changes.
    refused = client.post(url, _details(jayden, **_date("date_of_birth", dt.date(2019, 3, 4))))
    assert refused.status_code == 400 and "Enter why you are making this change" in refused.content.decode()
    jayden.refresh_from_db()
    assert jayden.date_of_birth == dt.date(2019, 4, 3)
    done = client.post(
        url,
        _details(
            jayden,
            **_date("date_of_birth", dt.date(2019, 3, 4)),
            nhs_number="943 476 5919",
            first_language="Polish",
            reason="Birth certificate seen at the home visit",
        ),
    )
    assert done.status_code == 302
    jayden.refresh_from_db()
    assert (jayden.date_of_birth, jayden.nhs_number, jayden.first_language) == (
        dt.date(2019, 3, 4),
        "9434765919",
        "Polish",
    )
    entry = AuditEntry.objects.get(action="person.corrected", actor=screener)
    assert entry.reason == "Birth certificate seen at the home visit"
    assert entry.detail["before"] == {"date_of_birth": "2019-04-03", "nhs_number": "", "first_language": ""}
    # The person's blocking keys follow the correction: a search by the new date of birth finds him.
    keys = list(PersonKey.objects.filter(person=jayden).values_list("key", flat=True))
    assert any("20190304" in k for k in keys) and not any("20190403" in k for k in keys)


def test_wrk6_an_nhs_number_that_fails_its_check_is_refused(jayden: Person) -> None:
    client = _client(staff(Role.SCREENING_SOCIAL_WORKER, "screener"))
    response = client.post(
        reverse("people:edit", args=[jayden.pk]), _details(jayden, nhs_number="943 476 5918", reason="From the GP")
    )
    assert response.status_code == 400
    jayden.refresh_from_db()
    assert jayden.nhs_number == ""


def test_wrk6_a_new_name_keeps_the_old_one_and_a_correction_does_not(jayden: Person) -> None:
    user = staff(Role.SOCIAL_WORKER, "worker")
    client = _client(user)
    url = reverse("people:edit", args=[jayden.pk])
    client.post(url, _details(jayden, surname="Smyth", name_change="correction", reason="Misspelt by the referrer"))
    jayden.refresh_from_db()
    assert jayden.surname == "Smyth" and not jayden.names.exists()
    client.post(url, _details(jayden, surname="Okafor", name_change="new_name", reason="Mother remarried"))
    jayden.refresh_from_db()
    former = jayden.names.get()
    assert jayden.surname == "Okafor" and (former.kind, former.text) == (NameKind.FORMER_SURNAME, "Jayden Smyth")
    # Nothing changed is refused, not written.
    again = client.post(url, _details(jayden, reason="No change"))
    assert again.status_code == 400 and "Nothing was changed" in again.content.decode()
    # Another name added by its own page.
    client.post(
        reverse("people:name-add", args=[jayden.pk]),
        {"kind": "nickname", "given_name": "Jay", "surname": "", "reason": "What school calls him"},
    )
    assert set(jayden.names.values_list("given_name", flat=True)) == {"Jayden", "Jay"}
    assert AuditEntry.objects.get(action="person.name_added").reason == "What school calls him"


def test_wrk6_addresses_are_added_with_dates_and_the_old_one_ends(jayden: Person) -> None:
    user = staff(Role.SOCIAL_WORKER, "worker")
    client = _client(user)
    client.post(
        reverse("people:address-add", args=[jayden.pk]),
        {
            "address": "4 Low Road, Northtown",
            "postcode": "ns12 9zz",
            **_date("from_date", dt.date(2026, 10, 1)),
            "reason": "Moved with his mother",
        },
    )
    addresses = {a.postcode: a for a in jayden.addresses.all()}
    assert addresses["NS12 9ZZ"].to_date is None and addresses["NS1 2AB"].to_date == dt.date(2026, 10, 1)
    old = addresses["NS1 2AB"]
    client.post(
        reverse("people:address-dates", args=[jayden.pk, old.pk]),
        {
            **_date("from_date", dt.date(2019, 4, 3)),
            **_date("to_date", dt.date(2026, 9, 30)),
            "reason": "Lived there from birth",
        },
    )
    old.refresh_from_db()
    assert (old.from_date, old.to_date) == (dt.date(2019, 4, 3), dt.date(2026, 9, 30))
    entry = AuditEntry.objects.get(action="person.address_corrected")
    assert entry.reason == "Lived there from birth" and entry.detail["before"]["from_date"] == "2020-01-01"
    wrong = client.post(
        reverse("people:address-dates", args=[jayden.pk, old.pk]),
        {**_date("from_date", dt.date(2026, 9, 30)), **_date("to_date", dt.date(2019, 4, 3)), "reason": "Oops"},
    )
    assert wrong.status_code == 400 and "must be the same as or after" in wrong.content.decode()


def test_wrk6_relationships_are_added_from_the_contacts_people_and_ended_not_deleted(jayden: Person) -> None:
    user = staff(Role.SCREENING_SOCIAL_WORKER, "screener")
    mother = people.create_person(
        actor=None, kind="adult", given_name="Liz", surname="Smith", date_of_birth=dt.date(1990, 5, 5)
    )
    contact = make_contact(
        people=[
            {"role": "child", "given_names": "Jayden", "family_name": "Smith", "date_of_birth": dt.date(2019, 4, 3)},
            {"role": "parent", "given_names": "Liz", "family_name": "Smith"},
        ]
    )
    child_cp, mother_cp = contact.people.order_by("id")
    people.link_contact_person(child_cp, jayden, actor=user)
    people.link_contact_person(mother_cp, mother, actor=user)
    client = _client(user)
    url = reverse("people:relationship-add", args=[jayden.pk])
    page = client.get(url).content.decode()
    assert "Liz Smith (record" in page  # offered: named in the same contact
    client.post(
        url,
        {
            "other": str(mother.pk),
            "type": "mother",
            "direction": "other_of_subject",
            **_date("from_date", dt.date(2019, 4, 3)),
            "reason": "Named as his mother",
        },
    )
    rel = Relationship.objects.get()
    assert (rel.person_id, rel.other_id, rel.type) == (mother.pk, jayden.pk, RelationshipType.MOTHER)
    assert rel.label_for(jayden) == "Mother"
    # A step-parent, by record number, from the adult's side.
    stepdad = people.create_person(actor=None, kind="adult", given_name="Dan", surname="Reed")
    client.post(
        reverse("people:relationship-add", args=[stepdad.pk]),
        {"record": str(jayden.pk), "type": "step_parent", "direction": "subject_of_other", "reason": "Married to Liz"},
    )
    step = Relationship.objects.get(type=RelationshipType.STEP_PARENT)
    assert (step.person_id, step.other_id) == (stepdad.pk, jayden.pk) and step.label_for(stepdad) == "Stepchild"
    assert AuditEntry.objects.filter(action="person.relationship_added").count() == 2
    # Ended, not deleted.
    end = reverse("people:relationship-end", args=[jayden.pk, step.pk])
    client.post(end, {**_date("on", dt.date(2026, 11, 1)), "reason": "Dan moved out in November"})
    step.refresh_from_db()
    assert step.to_date == dt.date(2026, 11, 1)
    ended = AuditEntry.objects.get(action="person.relationship_ended")
    assert ended.reason == "Dan moved out in November" and ended.detail["other"] == jayden.pk
    again = client.post(end, {**_date("on", dt.date(2026, 11, 2)), "reason": "Twice"})
    assert again.status_code == 400 and "already ended" in again.content.decode()
    # A record number that names nobody is refused.
    none = client.post(url, {"record": "999999", "type": "sibling", "reason": "x"})
    assert none.status_code == 400 and "Enter the record number of another person" in none.content.decode()


def test_wrk6_a_restricted_person_cannot_be_edited_or_chosen_by_those_not_named(jayden: Person) -> None:
    boss = manager("named-boss")
    worker = staff(Role.SOCIAL_WORKER, "not-named")
    secret = people.create_person(actor=None, given_name="Qzcanaryeditx", surname="Hidden")
    access.restrict(secret, "The family of a member of staff", actor=boss)
    client = _client(worker)
    for name in ("people:edit", "people:name-add", "people:address-add", "people:relationship-add"):
        response = client.get(reverse(name, args=[secret.pk]))
        assert response.status_code == 403 and b"Qzcanaryeditx" not in response.content, name
    # Chosen by record number from a visible person's page: as if there were no such record.
    chosen = client.post(
        reverse("people:relationship-add", args=[jayden.pk]),
        {"record": str(secret.pk), "type": "sibling", "reason": "x"},
    )
    assert chosen.status_code == 400 and b"Qzcanaryeditx" not in chosen.content
    assert not Relationship.objects.exists()
    assert _client(boss).get(reverse("people:edit", args=[secret.pk])).status_code == 200


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Mum", RelationshipType.MOTHER),
        ("his dad", RelationshipType.FATHER),
        ("Step-dad", RelationshipType.STEP_PARENT),
        ("mum's partner", RelationshipType.PARTNER_OF_PARENT),
        ("half brother", RelationshipType.HALF_SIBLING),
        ("older sister", RelationshipType.SIBLING),
        ("grandmother", None),
        ("Nan (mum's mum)", None),
        ("", None),
    ],
)
def test_wrk6_the_referrers_words_are_read_as_a_relationship(words: str, expected: RelationshipType | None) -> None:
    assert proposals.type_from_words(words) == expected


def test_wrk6_the_relationships_a_contact_states_are_proposed_and_recorded_only_when_confirmed(jayden: Person) -> None:
    user = staff(Role.SCREENING_SOCIAL_WORKER, "screener")
    mia = people.create_person(actor=None, given_name="Mia", surname="Smith", date_of_birth=dt.date(2021, 6, 1))
    liz = people.create_person(actor=None, kind="adult", given_name="Liz", surname="Smith")
    dan = people.create_person(actor=None, kind="adult", given_name="Dan", surname="Reed")
    contact = make_contact(
        people=[
            {"role": "child", "given_names": "Jayden", "family_name": "Smith"},
            {"role": "child", "given_names": "Mia", "family_name": "Smith"},
            {"role": "parent", "given_names": "Liz", "family_name": "Smith", "relationship_to_child": "Mum"},
            {
                "role": "household",
                "given_names": "Dan",
                "family_name": "Reed",
                "relationship_to_child": "mum's boyfriend",
                "lives_with_child": "yes",
            },
        ]
    )
    for cp, who in zip(contact.people.order_by("position", "id"), (jayden, mia, liz, dan), strict=True):
        people.link_contact_person(cp, who, actor=user)
    found = {(p.person.given_name, p.other.given_name, p.type) for p in proposals.proposed(contact)}
    assert found == {
        ("Jayden", "Mia", RelationshipType.SIBLING),
        ("Liz", "Jayden", RelationshipType.MOTHER),
        ("Liz", "Mia", RelationshipType.MOTHER),
        ("Dan", "Jayden", RelationshipType.PARTNER_OF_PARENT),
        ("Dan", "Mia", RelationshipType.PARTNER_OF_PARENT),
    }
    client = _client(user)
    url = reverse("people:contact-relationships", args=[contact.reference])
    assert url in client.get(reverse("intake:staff-contact", args=[contact.reference])).content.decode()
    page = client.get(url).content.decode()
    assert "Liz Smith is Jayden Smith&#39;s mother" in page or "Liz Smith is Jayden Smith's mother" in page
    assert not Relationship.objects.exists()  # proposed, not recorded
    nothing = client.post(url, {})
    assert nothing.status_code == 400 and not Relationship.objects.exists()
    client.post(url, {"confirmed": [f"rel-{liz.pk}-{jayden.pk}", f"rel-{jayden.pk}-{mia.pk}"]})
    recorded = {(r.person_id, r.other_id, r.type) for r in Relationship.objects.all()}
    assert recorded == {(liz.pk, jayden.pk, "mother"), (jayden.pk, mia.pk, "sibling")}
    entries = AuditEntry.objects.filter(action="person.relationship_added")
    assert entries.count() == 2 and all(e.detail["contact"] == contact.reference for e in entries)
    left = {(p.person.pk, p.other.pk) for p in proposals.proposed(contact)}
    assert left == {(liz.pk, mia.pk), (dan.pk, jayden.pk), (dan.pk, mia.pk)}


def test_wrk6_the_family_view_lists_and_draws_the_family_with_a_text_alternative(jayden: Person) -> None:
    boss = manager("named-boss")
    worker = staff(Role.SOCIAL_WORKER, "worker")
    liz = people.create_person(actor=None, kind="adult", given_name="Liz", surname="Smith")
    mia = people.create_person(actor=None, given_name="Mia", surname="Smith")
    dan = people.create_person(actor=None, kind="adult", given_name="Dan", surname="Reed")
    secret = people.create_person(actor=None, given_name="Qzcanaryfamilyx", surname="Hidden")
    people.add_relationship(liz, jayden, "mother", actor=None)
    people.add_relationship(jayden, mia, "half_sibling", actor=None)
    people.add_relationship(secret, jayden, "sibling", actor=None)
    step = people.add_relationship(dan, jayden, "step_parent", actor=None)
    people.end_relationship(step, actor=boss, on=dt.date(2026, 11, 1), reason="Moved out")
    access.restrict(secret, "The family of a member of staff", actor=boss)

    response = _client(worker).get(reverse("people:family", args=[jayden.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="fd-family" role="img"' in html
    assert 'aria-labelledby="family-title family-desc"' in html and '<title id="family-title">' in html
    for text in (
        "Liz Smith",
        "Mother",
        "Mia Smith",
        "Half-sibling",
        "Dan Reed",
        "Step-parent (ended)",
        "Restricted record",
    ):
        assert text in html, text
    assert "Qzcanaryfamilyx" not in html  # the restricted sibling is a box without a name, in the list too
    desc = html[html.index('<desc id="family-desc">') : html.index("</desc>")]
    assert "Liz Smith, mother" in desc and "Mia Smith, half-sibling" in desc
    # Parents above the child, the half-sister beside: the diagram's rows follow the relationship.
    svg = html[html.index("<svg") : html.index("</svg>")]

    def y_of(name: str) -> float:
        found = re.search(rf'<text x="[0-9.]+" y="([0-9.]+)"[^>]*>{name}</text>', svg)
        assert found is not None, name
        return float(found.group(1))

    assert y_of("Liz Smith") < y_of("Jayden Smith") == y_of("Mia Smith")
    assert AuditEntry.objects.filter(action="person.viewed", actor=worker, object_id=str(jayden.pk)).exists()
    named = _client(boss).get(reverse("people:family", args=[jayden.pk])).content.decode()
    assert "Qzcanaryfamilyx" in named
    assert (
        reverse("people:family", args=[jayden.pk])
        in _client(worker).get(reverse("people:person", args=[jayden.pk])).content.decode()
    )
