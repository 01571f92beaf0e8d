"""The synthetic UK population and referrers' descriptions used to train and test PPL-2."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from frontdoor.demo.synthetic import (
    BACKGROUNDS,
    COMMON_NICKNAMES,
    QUERY_KINDS,
    RELATIONSHIP_KINDS,
    Population,
    generate_population,
    is_valid_nhs_number,
    make_queries,
    nhs_check_digit,
)


@pytest.fixture(scope="module")
def pop() -> Population:
    return generate_population(6000, seed=11)


def test_ppl2_population_is_deterministic_from_the_seed(pop: Population) -> None:
    again = generate_population(6000, seed=11)
    assert again.people == pop.people
    assert again.relationships == pop.relationships
    assert again.twins == pop.twins
    other = generate_population(6000, seed=12)
    assert other.people != pop.people
    assert make_queries(pop, 500, seed=3) == make_queries(again, 500, seed=3)
    assert make_queries(pop, 500, seed=3) != make_queries(pop, 500, seed=4)


def test_ppl2_population_has_exactly_n_indexed_people_with_unique_ids(pop: Population) -> None:
    assert len(pop.people) == 6000
    ids = [p.person_id for p in pop.people]
    assert len(set(ids)) == len(ids)
    known = set(ids)
    for r in pop.relationships:
        assert r.person_id in known and r.relative_id in known
        assert r.kind in RELATIONSHIP_KINDS
    assert not known & {p.person_id for p in pop.unindexed_relatives + pop.unindexed_strangers}


def test_ppl2_population_has_families_of_every_kind(pop: Population) -> None:
    kinds = Counter(r.kind for r in pop.relationships)
    for kind in RELATIONSHIP_KINDS:
        assert kinds[kind] > 0, kind
    assert any("-" in p.surname for p in pop.people)  # hyphenated
    assert any(p.other_names for p in pop.people)  # changed on marriage or a new partner
    assert any(len(p.postcodes) > 1 for p in pop.people)  # moved
    assert len(set(pop.backgrounds.values())) >= 8
    assert any(p.surname.endswith("ska") for p in pop.people)  # Polish feminine forms


def test_ppl2_twins_share_surname_dob_postcode_and_parents_not_given_name(pop: Population) -> None:
    by_id = pop.by_id()
    assert len(pop.twins) >= 10
    parents: dict[str, set[str]] = {}
    for r in pop.relationships:
        if r.kind in ("mother", "father"):
            parents.setdefault(r.person_id, set()).add(r.relative_id)
    siblings = {frozenset((r.person_id, r.relative_id)) for r in pop.relationships if r.kind == "sibling"}
    same_sex = 0
    for a_id, b_id in pop.twins:
        a, b = by_id[a_id], by_id[b_id]
        assert a.date_of_birth == b.date_of_birth
        assert a.postcodes == b.postcodes
        assert a.given_name != b.given_name
        assert parents[a_id] == parents[b_id]
        assert frozenset((a_id, b_id)) in siblings
        if a.sex == b.sex:
            assert a.surname == b.surname
            same_sex += 1
    assert same_sex > 0


def test_ppl2_same_named_parent_and_child_are_decades_apart(pop: Population) -> None:
    by_id = pop.by_id()
    assert len(pop.same_name_parent_child) >= 5
    parent_of = {(r.person_id, r.relative_id) for r in pop.relationships if r.kind in ("mother", "father")}
    for parent_id, child_id in pop.same_name_parent_child:
        parent, child = by_id[parent_id], by_id[child_id]
        assert (parent.given_name, parent.surname) == (child.given_name, child.surname)
        assert parent.date_of_birth and child.date_of_birth
        assert (child.date_of_birth - parent.date_of_birth).days > 14 * 365
        assert (child_id, parent_id) in parent_of


def test_ppl2_nhs_numbers_are_valid_and_unique(pop: Population) -> None:
    numbers = [p.nhs_number for p in pop.people if p.nhs_number]
    assert len(numbers) > 0.7 * len(pop.people)
    assert len(set(numbers)) == len(numbers)
    assert all(is_valid_nhs_number(n) and n.startswith("9") for n in numbers)
    assert is_valid_nhs_number("943 476 5919")
    assert not is_valid_nhs_number("9434765918")  # wrong check digit
    assert nhs_check_digit("943476591") == 9


def test_ppl2_queries_carry_truth_and_kind(pop: Population) -> None:
    queries = make_queries(pop, 3000, seed=5)
    assert len(queries) == 3000
    by_id = pop.by_id()
    kinds = Counter(lq.kind for lq in queries)
    assert set(kinds) == set(QUERY_KINDS)
    for lq in queries:
        assert lq.query.person_id == ""
        if lq.kind.startswith("not_in_index"):
            assert lq.truth == ""
            continue
        truth = by_id[lq.truth]
        q, d = lq.query, truth.date_of_birth
        assert d is not None
        if lq.kind == "nickname":
            assert q.given_name in COMMON_NICKNAMES[truth.given_name]
        elif lq.kind == "swapped_names":
            assert (q.given_name, q.surname) == (truth.surname, truth.given_name)
        elif lq.kind == "dob_day_month":
            assert q.date_of_birth == dt.date(d.year, d.day, d.month)
        elif lq.kind == "dob_off_day":
            assert q.date_of_birth is not None and abs((q.date_of_birth - d).days) == 1
        elif lq.kind == "dob_off_year":
            assert q.date_of_birth is not None and abs(q.date_of_birth.year - d.year) == 1
        elif lq.kind == "moved":
            assert q.postcodes[0] in truth.postcodes[1:]
        elif lq.kind == "surname_changed":
            assert q.surname != truth.surname
        elif lq.kind == "typo":
            assert (q.given_name, q.surname) != (truth.given_name, truth.surname)
        elif lq.kind == "twin":
            assert any(lq.truth in pair for pair in pop.twins)
        elif lq.kind == "same_name_parent_child":
            assert any(lq.truth in pair for pair in pop.same_name_parent_child)


def test_ppl2_not_indexed_relatives_are_family_of_indexed_people(pop: Population) -> None:
    assert pop.unindexed_relatives and pop.unindexed_strangers
    postcodes = {pc for p in pop.people for pc in p.postcodes}
    assert sum(p.postcodes[0] in postcodes for p in pop.unindexed_relatives) > len(pop.unindexed_relatives) / 2


def test_ppl2_backgrounds_have_names() -> None:
    names = {b.name for b in BACKGROUNDS}
    assert {
        "english",
        "welsh",
        "scottish",
        "irish",
        "south_asian",
        "polish",
        "nigerian",
        "caribbean",
        "somali",
    } <= names
    for b in BACKGROUNDS:
        assert len(b.surnames) >= 10 and len(b.female_young) >= 10 and len(b.male_young) >= 10
