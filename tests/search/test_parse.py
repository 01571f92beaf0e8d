"""Issue 15 part 1 (SRC-1): what the header search box understands, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdoor.search.parse import CONTROL, NOTHING, TOO_LONG, parse

TODAY = dt.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("typed", "reference"),
    [
        ("FD-7KQ2-X9PD", "FD7KQ2X9PD"),
        ("fd7kq2x9pd", "FD7KQ2X9PD"),
        ("7kq2-x9pd", "7KQ2X9PD"),
        ("7KQ2 X9PD", "7KQ2X9PD"),
        ("7kq2", "7KQ2"),
        ("ref-ab12", "REFAB12"),
        ("IR-0123-4567", "IR01234567"),
        ("fd-7kq2-x9pO", "FD7KQ2X9P0"),  # a typed O is Crockford's 0
        ("irpjndxjwy", "IRPJNDXJWY"),  # letters only, no hyphens
    ],
)
def test_issue15_references_with_or_without_hyphens_in_any_case(typed: str, reference: str) -> None:
    query = parse(typed, today=TODAY)
    assert query.reference == reference


@pytest.mark.parametrize(
    "typed", ["3/4/2015", "03-04-2015", "3 April 2015", "2015-04-03", "3rd Apr 2015", "April 3 2015", "3.4.15"]
)
def test_issue15_dates_of_birth_in_common_formats(typed: str) -> None:
    assert parse(typed, today=TODAY).dates == (dt.date(2015, 4, 3),)


def test_issue15_nhs_number_with_or_without_spaces_and_postcode_with_or_without_space() -> None:
    assert parse("943 476 5919", today=TODAY).nhs_number == "9434765919"
    assert parse("9434765919", today=TODAY).nhs_number == "9434765919"
    assert parse("ns12ab", today=TODAY).postcode == "NS1 2AB"
    assert parse("NS1 2AB", today=TODAY).postcode == "NS1 2AB"


def test_issue15_names_with_a_date_of_birth_are_split_into_their_parts() -> None:
    query = parse("Jayden Smith 3/4/2019", today=TODAY)
    assert query.names == ("Jayden", "Smith")
    assert query.dates == (dt.date(2019, 4, 3),)
    assert not query.reference
    assert parse("smith", today=TODAY).names == ("smith",)  # a name with an I is not a reference
    assert parse("smith", today=TODAY).reference == ""
    jack = parse("Jack", today=TODAY)  # a word a code could hold is searched both ways
    assert jack.names == ("Jack",) and jack.reference == "JACK"


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("x" * 101, TOO_LONG),
        ("Smith\x00", CONTROL),
        ("a\u202eb", CONTROL),
        ("\x1b[31m", CONTROL),
        ("   ", NOTHING),
        ("!!!", NOTHING),
    ],
)
def test_issue15_hostile_input_is_answered_with_a_message(typed: str, problem: str) -> None:
    query = parse(typed, today=TODAY)
    assert query.problem == problem
    assert query.empty
