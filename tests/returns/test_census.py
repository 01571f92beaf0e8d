"""RET-1: the CIN census XML, checked by the open validator (csc-validator-be-cin)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET  # noqa: S405 - our own export
from collections.abc import Callable
from pathlib import Path

import pytest

from frontdoor.pathway.models import Conference, Episode
from frontdoor.people.models import Person
from frontdoor.returns.census import la_child_id
from frontdoor.returns.exports import export_census
from frontdoor.returns.quality import problems
from frontdoor.returns.source import census_rows
from tests.returns import validator
from tests.returns.fixtures import YEAR, Pathway, build


@pytest.mark.django_db
def test_ret1_pathway_fixtures_pass_the_validator_with_no_errors(tmp_path: Path) -> None:
    p = build()
    out = tmp_path / "census.xml"
    summary = export_census(YEAR, out)
    assert summary.children == 6  # Finn's episode closed before 1 April 2025
    rules = validator.validate(out, YEAR)
    print("\nValidator queries on the pathway fixtures:\n" + validator.show(validator.queries(rules)))
    assert validator.errors(rules) == [], validator.show(validator.errors(rules))
    root = ET.parse(out).getroot()  # noqa: S314 - our own export
    returned = {c.findtext("ChildIdentifiers/LAchildID") for c in root.iter("Child")}
    assert returned == {la_child_id(p.people[k].pk) for k in ("amy", "ben", "cara", "dev", "unborn", "eve")}
    ben = next(
        c for c in root.iter("Child") if c.findtext("ChildIdentifiers/LAchildID") == la_child_id(p.people["ben"].pk)
    )
    assert ben.findtext("CINdetails/Section47/DateOfInitialCPC") == "2025-06-20"
    assert [r.text for r in ben.iter("CPPreviewDate")] == ["2025-09-19", "2026-02-27"]
    assert ben.findtext("ChildIdentifiers/Sex") == "M"
    eve = next(
        c for c in root.iter("Child") if c.findtext("ChildIdentifiers/LAchildID") == la_child_id(p.people["eve"].pk)
    )
    assert eve.findtext("CINdetails/ChildProtectionPlans/NumberOfPreviousCPP") == "1"
    assert eve.find("CINdetails/Section47") is None  # its conference was before 1 April 2025


def _rules_for(tmp_path: Path, spoil: Callable[[Pathway], None]) -> tuple[set[str], set[str]]:
    """Build the fixtures, spoil one thing, export: (error codes, query codes) the validator gives."""
    p = build()
    spoil(p)
    out = tmp_path / "census.xml"
    export_census(YEAR, out)
    rules = validator.validate(out, YEAR)
    return {r.code for r in validator.errors(rules)}, {r.code for r in validator.queries(rules)}


def _problems(year: int = YEAR) -> set[tuple[str, str]]:
    return {(p.la_child_id, p.field) for child in census_rows(year) for p in problems(child, year)}


@pytest.mark.django_db
def test_ret1_bad_referral_source_gives_8866_and_is_listed_before_export(tmp_path: Path) -> None:
    def spoil(p: Pathway) -> None:
        Episode.objects.filter(pk=p.episodes["amy"].pk).update(referral_source="99")

    found, _ = _rules_for(tmp_path, spoil)
    assert found == {"8866"}  # ReferralSource not a valid code
    assert _problems() == {(la_child_id(Person.objects.get(given_name="Amy").pk), "Referral source")}


@pytest.mark.django_db
def test_ret1_initial_conference_on_a_weekend_gives_8875(tmp_path: Path) -> None:
    def spoil(p: Pathway) -> None:  # Saturday 21 June 2025; the plan still starts on the Friday
        Conference.objects.filter(episode=p.episodes["ben"], kind="initial").update(held_on=dt.date(2025, 6, 21))

    found, _ = _rules_for(tmp_path, spoil)
    assert found == {"8875", "2885"}  # ICPC on a weekend; and so no longer the plan's start date
    assert ("Initial conference") in {field for _, field in _problems()}


@pytest.mark.django_db
def test_ret1_missing_sex_gives_4180(tmp_path: Path) -> None:
    def spoil(p: Pathway) -> None:
        Person.objects.filter(pk=p.people["amy"].pk).update(sex="")

    found, queries = _rules_for(tmp_path, spoil)
    assert found == {"4180"}  # Sex must be M, F or U
    assert "2886Q" in queries  # more than 2% of children with no sex recorded
    amy = Person.objects.get(given_name="Amy")
    assert _problems() == {(la_child_id(amy.pk), "Sex")}


@pytest.mark.django_db
def test_ret1_clean_fixtures_have_no_data_quality_problems() -> None:
    build()
    assert _problems() == set()
