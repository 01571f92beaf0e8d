"""The person index (PPL-1) and its database path for matching (PPL-2, SCR-3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from frontdoor.audit.models import AuditEntry
from frontdoor.people import index, matching, services
from frontdoor.people.models import (
    NameKind,
    Person,
    PersonKey,
    Relationship,
    RelationshipType,
    relationships_of,
)
from tests.factories import smith_family

pytestmark = pytest.mark.django_db

D = dt.date


def stored_keys(person: Person) -> set[str]:
    return set(PersonKey.objects.filter(person=person).values_list("key", flat=True))


def expected_keys(person: Person) -> set[str]:
    return {k[:64] for k in matching.blocking_keys(index.record_of(person))}


# --- Keys ------------------------------------------------------------------------------------------


def test_ppl1_keys_are_rewritten_whenever_names_dob_addresses_or_nhs_change() -> None:
    person = services.create_person(
        actor=None,
        given_name="Kayleigh",
        surname="Marsh",
        date_of_birth=D(2008, 2, 29),
        address="1 Ropewalk",
        postcode="NS7 3RT",
    )
    first = stored_keys(person)
    assert first and first == expected_keys(person)

    services.change_surname(person, "Okafor", actor=None, on=D(2020, 1, 1))
    after_name = stored_keys(person)
    assert after_name == expected_keys(person) and after_name != first

    services.correct_details(person, "Wrong date on the old record", actor=None, date_of_birth=D(2008, 3, 1))
    after_dob = stored_keys(person)
    assert after_dob == expected_keys(person) and after_dob != after_name

    services.add_address(person, actor=None, address="9 Heron Court", postcode="NS8 2XY", from_date=D(2024, 5, 1))
    assert stored_keys(person) == expected_keys(person)
    services.correct_details(person, "NHS number from the GP", actor=None, nhs_number="9434765919")
    assert stored_keys(person) == expected_keys(person)
    assert AuditEntry.objects.filter(object_id=str(person.pk), action="person.corrected").count() == 2


def test_ppl1_a_new_current_address_ends_the_old_one_and_both_are_kept() -> None:
    family = smith_family()
    addresses = list(family.mother.addresses.order_by("from_date"))
    assert [a.postcode for a in addresses] == ["NS2 4DE", "NS1 2AB"]
    assert addresses[0].to_date == D(2018, 3, 1) and addresses[1].is_current
    assert index.record_of(family.mother).postcodes == ("NS1 2AB", "NS2 4DE")


def test_candidate_ids_prefer_people_sharing_more_keys_and_respect_the_cap() -> None:
    people = [Person.objects.create(given_name=f"P{i}") for i in range(4)]
    for person, keys in zip(people, (["a"], ["a", "b"], ["a", "b", "c"], ["z"]), strict=True):
        PersonKey.objects.bulk_create([PersonKey(person=person, key=k) for k in keys])
    assert index.candidate_ids(["a", "b", "c"]) == [people[2].pk, people[1].pk, people[0].pk]
    assert index.candidate_ids(["a", "b", "c"], cap=2) == [people[2].pk, people[1].pk]
    assert index.candidate_ids([]) == []


# --- Finding people through the database -------------------------------------------------------------


def top(query: matching.PersonRecord) -> Person | None:
    found = index.find_candidates(query, limit=5)
    return found[0][1] if found else None


def test_ppl2_a_nickname_finds_the_mother_not_her_namesake() -> None:
    family = smith_family()
    found = top(matching.PersonRecord(given_name="Liz", surname="smith", date_of_birth=D(1990, 5, 12)))
    assert found == family.mother


def test_ppl2_a_typo_in_the_name_and_a_postcode_find_the_child() -> None:
    family = smith_family()
    found = index.find_candidates(
        matching.PersonRecord(given_name="Jaydon", surname="Smith", date_of_birth=D(2019, 4, 3), postcodes=("NS1 2AB",))
    )
    assert found and found[0][1] == family.jayden
    assert found[0][0].person_id == str(family.jayden.pk) and found[0][0].evidence


def test_ppl2_a_former_surname_in_the_index_is_searched_too() -> None:
    family = smith_family()
    assert top(matching.PersonRecord(given_name="Elizabeth", surname="Jones", date_of_birth=D(1990, 5, 12))) == (
        family.mother
    )


def test_ppl2_the_same_name_decades_apart_is_not_the_top_candidate() -> None:
    family = smith_family()
    query = matching.PersonRecord(given_name="Elizabeth", surname="Smith", date_of_birth=D(2012, 9, 30))
    assert top(query) == family.namesake


def test_ppl2_merged_records_are_never_candidates() -> None:
    family = smith_family()
    copy = services.create_person(actor=None, given_name="Jayden", surname="Smith", date_of_birth=D(2019, 4, 3))
    from frontdoor.accounts.models import User

    actor = User.objects.create_user("merger", password="x" * 12)
    services.merge_people(family.jayden, copy, actor=actor)
    found = index.find_candidates(
        matching.PersonRecord(given_name="Jayden", surname="Smith", date_of_birth=D(2019, 4, 3))
    )
    assert copy.pk not in {p.pk for _, p in found} and family.jayden.pk in {p.pk for _, p in found}


def test_find_candidates_uses_a_fixed_number_of_queries(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    smith_family()
    for i in range(40):
        person = services.create_person(
            actor=None,
            given_name=["Liam", "Ella", "Leo", "Lily"][i % 4],
            surname="Smith",
            date_of_birth=D(1980 + i % 30, 1 + i % 12, 1 + i % 28),
            address=f"{i} Elm Road",
            postcode="NS1 2AB",
        )
        services.add_name(person, actor=None, kind=NameKind.NICKNAME, given_name=f"Nick{i}")
    query = matching.PersonRecord(
        given_name="Liz",
        surname="Smith",
        date_of_birth=D(1990, 5, 12),
        postcodes=("NS1 2AB",),
        relatives=("Jayden Smith",),
    )
    with django_assert_max_num_queries(6):
        found = index.find_candidates(query, limit=10)
    assert len(found) > 5  # many people were loaded and scored within the bound


# --- Relationships and families ----------------------------------------------------------------------


def test_ppl1_relationships_read_both_ways() -> None:
    family = smith_family()
    from_jayden = {(r.label_for(family.jayden), r.counterpart(family.jayden)) for r in relationships_of(family.jayden)}
    assert from_jayden == {
        ("Mother", family.mother),
        ("Partner of a parent", family.partner),
        ("Sibling", family.mia),
    }
    from_mother = {(r.label_for(family.mother), r.counterpart(family.mother)) for r in relationships_of(family.mother)}
    assert from_mother == {("Child", family.jayden), ("Child", family.mia)}
    # A sibling recorded from the other side is the same relationship, stored once.
    again = services.add_relationship(family.mia, family.jayden, RelationshipType.SIBLING, actor=None)
    assert Relationship.objects.filter(type=RelationshipType.SIBLING).count() == 1 and again.person == family.jayden


def test_scr3_a_family_includes_parents_partner_siblings_and_the_adults_other_children() -> None:
    family = smith_family()
    circle = index.families([family.jayden])[family.jayden.pk]
    labels = {m.person: m.label for m in circle.members}
    assert labels == {
        family.mother: "Mother",
        family.partner: "Partner of a parent",
        family.mia: "Sibling",
        family.tyler: "Other child of Wayne Pickering",
    }
    history = {m.person: [i.outcome for i in m.involvements] for m in circle.members}
    assert history[family.tyler] == ["Substantiated: physical abuse by father"]
    assert history[family.mia] == ["Plan ended: neglect no longer a risk"]
    assert [i.kind for i in circle.involvements] == ["cin_plan", "contact"]  # most recent first


def test_ppl1_a_persons_page_shows_names_addresses_relatives_and_history(staff_client: Client) -> None:
    family = smith_family()
    html = staff_client.get(f"/staff/people/{family.jayden.pk}/").content.decode()
    assert "Jayden Smith" in html
    assert "Information and advice to mother" in html and "1 February 2021" in html
    assert "Closed: needs met through early help" in html
    assert f'href="/staff/people/{family.mother.pk}/"' in html and "Mother" in html
    assert "14 Elm Road" in html
    mother = staff_client.get(f"/staff/people/{family.mother.pk}/").content.decode()
    assert "Elizabeth Jones" in mother and "Name at birth" in mother and "3 Mill Lane" in mother
    assert f'href="/staff/people/{family.jayden.pk}/"' in mother
    viewed = AuditEntry.objects.filter(action="person.viewed").values_list("object_id", flat=True)
    assert sorted(viewed) == sorted([str(family.jayden.pk), str(family.mother.pk)])


def test_sec2_every_index_change_is_audited() -> None:
    smith_family()
    actions = set(AuditEntry.objects.filter(object_type="people.person").values_list("action", flat=True))
    assert {
        "person.created",
        "person.name_added",
        "person.address_added",
        "person.relationship_added",
        "person.involvement_recorded",
    } <= actions


def test_ppl1_a_bulk_import_writes_the_same_keys_relationships_once_and_an_audit_entry_each() -> None:
    people = [
        services.ImportedPerson(
            ref="m",
            kind="adult",
            given_name="Shanice",
            surname="Campbell",
            date_of_birth=D(1993, 6, 2),
            addresses=[("5 Wharf Road", "NS3 1AB", None, None)],
            names=[("birth", "Shanice", "Reid", None, D(2016, 1, 1))],
        ),
        services.ImportedPerson(
            ref="c1",
            given_name="Kai",
            surname="Campbell",
            date_of_birth=D(2017, 3, 9),
            involvements=[("contact", D(2020, 1, 2), D(2020, 1, 3), "No further action", "", "")],
        ),
        services.ImportedPerson(ref="c2", given_name="Tia", surname="Campbell", date_of_birth=D(2019, 10, 1)),
    ]
    made = services.import_people(
        people,
        [
            ("m", "c1", "mother"),
            ("m", "c2", "mother"),
            ("c1", "c2", "sibling"),
            ("c2", "c1", "sibling"),
            ("m", "x", "mother"),
        ],
        source="test migration",
    )
    assert set(made) == {"m", "c1", "c2"}
    for person in made.values():
        assert stored_keys(person) and stored_keys(person) == expected_keys(person)
    assert Relationship.objects.filter(type="sibling").count() == 1
    assert Relationship.objects.filter(type="mother", person=made["m"]).count() == 2
    assert made["c1"].involvements.get().outcome == "No further action"
    assert AuditEntry.objects.filter(action="person.imported", actor_label="test migration").count() == 3


# --- The matcher is calibrated for the index being searched -----------------------------------------


def test_ppl2_matcher_is_calibrated_for_the_size_of_the_index() -> None:
    smith_family()
    size = Person.objects.count()
    assert index.index_size() == size
    index._last_size = None  # take the size afresh
    m = index.matcher()
    expected = matching.Matcher.default().for_index_size(max(size, index.MIN_INDEX_SIZE))
    assert m.intercept == expected.intercept
    assert m.intercept > matching.Matcher.default().intercept  # fewer look-alikes than in training
    # find_candidates reads the size in its own candidate query and ranks with that matcher.
    query = matching.PersonRecord(given_name="Liz", surname="Smith", date_of_birth=D(1990, 5, 12))
    found = index.find_candidates(query)
    assert found and index._last_size is not None and index._last_size.size == size
    assert found[0][0].score == index.matcher().score(query, index.record_of(found[0][1])).score
