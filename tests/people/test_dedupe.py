"""Batch de-duplication of the person index (issue 3 item 4): find, review, merge."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.test import Client

from frontdoor.accounts.models import User
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import Contact
from frontdoor.people import index, matching, services
from frontdoor.people.management.commands.dedupe_people import candidate_pairs
from frontdoor.people.models import (
    ContactPersonLink,
    DuplicateStatus,
    DuplicateSuspect,
    Involvement,
    NameKind,
    Person,
    PersonKey,
    Relationship,
    RelationshipType,
)
from tests.factories import second_record_of_mia, smith_family
from tests.intake.answers import CHILD_NAMED, PARENT, PROFESSIONAL_SCHOOL, answer_all, send

pytestmark = pytest.mark.django_db

D = dt.date


def dedupe() -> str:
    out = io.StringIO()
    call_command("dedupe_people", stdout=out)
    return out.getvalue()


def suspected() -> set[frozenset[int]]:
    return {frozenset((s.person_a_id, s.person_b_id)) for s in DuplicateSuspect.objects.all()}


def test_two_records_of_one_person_are_listed_for_review() -> None:
    family = smith_family()
    copy = second_record_of_mia()
    out = dedupe()
    assert frozenset((family.mia.pk, copy.pk)) in suspected()
    suspect = DuplicateSuspect.objects.get(person_a=family.mia, person_b=copy)
    assert suspect.status == DuplicateStatus.OPEN and suspect.score >= index.matcher().threshold and suspect.evidence
    assert "waiting for review" in out
    # Nothing was merged by the command.
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_twins_and_a_parent_and_child_of_the_same_name_are_not_suggested() -> None:
    family = smith_family()
    twin = services.create_person(
        actor=None,
        given_name="Jordan",
        surname="Smith",
        sex="male",
        date_of_birth=D(2019, 4, 3),
        address="14 Elm Road\nNorthtown",
        postcode="NS1 2AB",
    )
    services.add_relationship(family.jayden, twin, RelationshipType.SIBLING, actor=None)
    mum = services.create_person(
        actor=None,
        kind="adult",
        given_name="Elizabeth",
        surname="Smith",
        sex="female",
        date_of_birth=D(1984, 2, 2),
        address="8 Orchard Way\nAldermoor",
        postcode="NS5 1QT",
    )
    services.add_relationship(mum, family.namesake, RelationshipType.MOTHER, actor=None)
    matcher = index.matcher()
    twins = matcher.score(index.record_of(family.jayden), index.record_of(twin))
    parent_child = matcher.score(index.record_of(mum), index.record_of(family.namesake))
    # PPL-2: the matcher separates them (if it did not, listing them would be right, and this test fails).
    assert twins.score < matcher.threshold and parent_child.score < matcher.threshold
    dedupe()
    assert frozenset((family.jayden.pk, twin.pk)) not in suspected()
    assert frozenset((mum.pk, family.namesake.pk)) not in suspected()
    # They were compared (they share keys), and rejected on the score.
    pairs, _ = candidate_pairs(200)
    assert (min(family.jayden.pk, twin.pk), max(family.jayden.pk, twin.pk)) in pairs


def test_only_people_sharing_a_key_are_compared() -> None:
    people = [
        services.create_person(actor=None, given_name=given, surname=surname, date_of_birth=born, postcode=postcode)
        for given, surname, born, postcode in (
            ("Aisha", "Khan", D(2011, 1, 5), "NS1 1AA"),
            ("Piotr", "Nowak", D(1979, 7, 19), "NS5 3BB"),
            ("Niamh", "Murphy", D(2004, 12, 1), "NS7 9DD"),
            ("Kwame", "Mensah", D(1995, 3, 30), "NS8 4EE"),
        )
    ]
    pairs, _ = candidate_pairs(200)
    assert len(pairs) < len(people) * (len(people) - 1) // 2
    shared = {
        (a, b)
        for a in people
        for b in people
        if a.pk < b.pk
        and set(PersonKey.objects.filter(person=a).values_list("key", flat=True))
        & set(PersonKey.objects.filter(person=b).values_list("key", flat=True))
    }
    assert pairs == {(a.pk, b.pk) for a, b in shared}


@pytest.fixture
def reviewer(make_user) -> User:  # type: ignore[no-untyped-def]
    """SEC-1: reviewing duplicates is screening staff's work (frontdoor/access/matrix.py)."""
    user: User = make_user("screener")
    return user


@pytest.fixture
def reviewer_client(reviewer: User) -> Client:
    client = Client()
    client.force_login(reviewer)
    return client


def test_merge_moves_names_addresses_relationships_history_and_links(reviewer: User, reviewer_client: Client) -> None:
    family = smith_family()
    copy = second_record_of_mia()
    services.add_name(copy, actor=None, kind=NameKind.NICKNAME, given_name="Mimi")
    foster = services.create_person(
        actor=None, kind="adult", given_name="Grace", surname="Hall", date_of_birth=D(1970, 1, 1)
    )
    services.add_relationship(foster, copy, RelationshipType.PARENTAL_RESPONSIBILITY, actor=None)
    services.add_relationship(family.mother, copy, RelationshipType.MOTHER, actor=None)  # the same as on the survivor
    client = Client()
    key = answer_all(client, PROFESSIONAL_SCHOOL, children=[CHILD_NAMED], people=[PARENT])
    send(client, key)
    cp = Contact.objects.get().people.get(given_names="Jayden")
    services.link_contact_person(cp, copy, actor=reviewer)
    dedupe()
    suspect = DuplicateSuspect.objects.get(person_a=family.mia, person_b=copy)

    response = reviewer_client.post(f"/staff/people/duplicates/{suspect.pk}/merge/", {"keep": family.mia.pk})
    assert response.status_code == 302
    copy.refresh_from_db()
    suspect.refresh_from_db()
    assert copy.merged_into == family.mia and suspect.status == DuplicateStatus.MERGED
    assert suspect.decided_by == reviewer
    mia = family.mia
    assert "Mimi" in {n.given_name for n in mia.names.all()}
    assert Involvement.objects.filter(person=mia, outcome="Signposted to school nurse").exists()
    assert not Involvement.objects.filter(person=copy).exists()
    assert {a.address for a in mia.addresses.all()} >= {"14 Elm Road\nNorthtown", "14 Elm Rd, Northtown"}
    assert Relationship.objects.filter(person=foster, other=mia, type=RelationshipType.PARENTAL_RESPONSIBILITY).exists()
    assert Relationship.objects.filter(person=family.mother, other=mia, type=RelationshipType.MOTHER).count() == 1
    assert not Relationship.objects.filter(Q(person=copy) | Q(other=copy)).exists()
    assert ContactPersonLink.objects.get(contact_person=cp).person == mia
    assert not PersonKey.objects.filter(person=copy).exists()
    assert AuditEntry.objects.filter(action="person.merged", object_id=str(mia.pk)).exists()
    found = index.find_candidates(
        matching.PersonRecord(given_name="Mia", surname="Smith", date_of_birth=D(2016, 8, 20))
    )
    assert copy.pk not in {p.pk for _, p in found}
    page = reviewer_client.get(f"/staff/people/{copy.pk}/").content.decode()
    assert "merged into record" in page


def test_not_the_same_person_is_remembered_by_the_next_run(reviewer_client: Client) -> None:
    family = smith_family()
    copy = second_record_of_mia()
    dedupe()
    suspect = DuplicateSuspect.objects.get(person_a=family.mia, person_b=copy)
    listing = reviewer_client.get("/staff/people/duplicates/").content.decode()
    assert "Mia Smith and Mia Smith" in listing and "Not the same person" in listing
    reviewer_client.post(f"/staff/people/duplicates/{suspect.pk}/not-duplicate/", {"reason": "Checked with school"})
    suspect.refresh_from_db()
    assert suspect.status == DuplicateStatus.NOT_DUPLICATE and suspect.reason == "Checked with school"
    dedupe()
    assert DuplicateSuspect.objects.get(pk=suspect.pk).status == DuplicateStatus.NOT_DUPLICATE
    assert DuplicateSuspect.objects.filter(status=DuplicateStatus.OPEN).count() == 0
    assert Person.objects.get(pk=copy.pk).merged_into is None


def test_rebuilding_keys_restores_stale_or_missing_keys() -> None:
    family = smith_family()
    before = set(PersonKey.objects.values_list("person_id", "key"))
    PersonKey.objects.filter(person=family.jayden).delete()
    PersonKey.objects.create(person=family.mia, key="stale:old-scheme")
    out = io.StringIO()
    call_command("rebuild_person_keys", stdout=out)
    assert set(PersonKey.objects.values_list("person_id", "key")) == before
    assert "keys written for 6 people" in out.getvalue()
