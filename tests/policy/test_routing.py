"""INT-2, INT-6, INT-10, INT-11, INT-13 routing and DEC-7 reasons: plain tests, no database."""

import itertools
from dataclasses import replace
from datetime import UTC, datetime, time

import pytest

from frontdoor.policy.calendar import LONDON
from frontdoor.policy.config import PolicyConfig, WeeklyHours
from frontdoor.policy.routing import (
    HUB_ADVICE,
    RULES,
    ContactFacts,
    Queue,
    RoutingOutcome,
    Status,
    hub_open,
    next_hub_opening,
    route,
    rule_by_id,
)


def london(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


IN_HOURS = london(2026, 12, 14, 10, 0)  # Monday 10:00
SATURDAY_NIGHT = london(2026, 12, 12, 23, 10)


def facts(**changes: object) -> ContactFacts:
    """A green form from a health professional, in hours, no danger: goes to screening."""
    base = ContactFacts(
        received_at=IN_HOURS,
        form_type="green",
        referrer_type="professional",
        organisation_type="health",
        hub_advice="not_consulted",
        immediate_danger=False,
        allegation_against_worker=False,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def school_red_form(**changes: object) -> ContactFacts:
    return replace(facts(form_type="red", organisation_type="school"), **changes)  # type: ignore[arg-type]


def ids(outcome: RoutingOutcome) -> list[str]:
    return [firing.rule.id for firing in outcome.firings]


def test_dec7_default_contact_goes_to_screening_with_default_firing() -> None:
    outcome = route(facts())
    assert (outcome.queue, outcome.status) == (Queue.SCREENING, Status.NEW)
    assert ids(outcome) == ["default"]
    assert outcome.decided_by.rule is rule_by_id("default")
    assert "Monday 14 December 2026 at 10:00" in outcome.firings[0].reason


def test_int11_immediate_danger_in_hours_is_fast_tracked() -> None:
    outcome = route(facts(immediate_danger=True))
    assert (outcome.queue, outcome.status) == (Queue.FAST_TRACK, Status.NEW)
    assert ids(outcome) == ["imminent_risk"]
    assert "call 999 now" in outcome.firings[0].reason
    assert "fast-tracked to the assessment team" in outcome.firings[0].reason


def test_int11_int13_immediate_danger_out_of_hours_goes_to_out_of_hours_with_both_rules() -> None:
    outcome = route(facts(immediate_danger=True, received_at=SATURDAY_NIGHT))
    assert outcome.queue == Queue.OUT_OF_HOURS
    assert ids(outcome) == ["out_of_hours", "imminent_risk"]
    assert "Out of Hours Service acts at once" in outcome.firings[1].reason


def test_int10_school_red_form_without_hub_is_returned_and_hub_is_open_now() -> None:
    outcome = route(school_red_form())
    assert (outcome.queue, outcome.status) == (Queue.RETURNED, Status.RETURNED)
    assert ids(outcome) == ["hub_not_consulted"]
    reason = outcome.firings[0].reason
    assert "from a school" in reason
    assert "The hub is open now (Mon-Thu 09:00-17:00, Fri 09:00-16:00)" in reason


def test_int10_early_years_red_form_without_hub_is_returned_with_next_hub_opening() -> None:
    friday_after_hub_closes = london(2026, 12, 18, 16, 30)
    outcome = route(school_red_form(organisation_type="early_years", received_at=friday_after_hub_closes))
    assert (outcome.queue, outcome.status) == (Queue.RETURNED, Status.RETURNED)
    assert "from an early-years setting" in outcome.firings[0].reason
    assert "The hub is next open Monday 21 December 2026 at 09:00" in outcome.firings[0].reason


def test_int10_immediate_danger_not_stated_counts_as_no_imminent_risk() -> None:
    assert route(school_red_form(immediate_danger=None)).queue == Queue.RETURNED


def test_int10_int11_school_red_form_with_imminent_risk_is_fast_tracked_not_returned() -> None:
    outcome = route(school_red_form(immediate_danger=True))
    assert (outcome.queue, outcome.status) == (Queue.FAST_TRACK, Status.NEW)
    assert "hub_not_consulted" not in ids(outcome)


@pytest.mark.parametrize("advice", ["advised_red", "advised_green"])
def test_int10_school_red_form_after_hub_advice_is_screened(advice: str) -> None:
    outcome = route(school_red_form(hub_advice=advice))
    assert (outcome.queue, outcome.status) == (Queue.SCREENING, Status.NEW)
    assert ids(outcome) == ["default"]


def test_int10_school_green_form_without_hub_is_screened() -> None:
    assert route(school_red_form(form_type="green")).queue == Queue.SCREENING


@pytest.mark.parametrize("organisation", ["health", "police", "local_authority", "voluntary", "other"])
def test_int10_hub_rule_is_only_for_schools_and_early_years(organisation: str) -> None:
    assert route(school_red_form(organisation_type=organisation)).queue == Queue.SCREENING


@pytest.mark.parametrize("referrer", ["public", "child", "family"])
@pytest.mark.parametrize("organisation", ["", "school"])
def test_int2_public_red_form_without_hub_is_never_returned(referrer: str, organisation: str) -> None:
    outcome = route(
        facts(referrer_type=referrer, organisation_type=organisation, form_type="red", immediate_danger=None)
    )
    assert (outcome.queue, outcome.status) == (Queue.SCREENING, Status.NEW)
    assert "hub_not_consulted" not in ids(outcome)


def test_int2_public_red_form_out_of_hours_goes_to_out_of_hours_not_returned() -> None:
    public_red = facts(referrer_type="public", organisation_type="", form_type="red")
    outcome = route(replace(public_red, received_at=SATURDAY_NIGHT))
    assert (outcome.queue, outcome.status) == (Queue.OUT_OF_HOURS, Status.NEW)


def test_int10_int13_school_red_form_out_of_hours_is_returned_and_out_of_hours_recorded() -> None:
    outcome = route(school_red_form(received_at=SATURDAY_NIGHT))
    assert (outcome.queue, outcome.status) == (Queue.RETURNED, Status.RETURNED)
    assert ids(outcome) == ["hub_not_consulted", "out_of_hours"]
    assert "The hub is next open Monday 14 December 2026 at 09:00" in outcome.firings[0].reason


def test_int13_saturday_evening_goes_to_out_of_hours() -> None:
    outcome = route(facts(received_at=SATURDAY_NIGHT))
    assert (outcome.queue, outcome.status) == (Queue.OUT_OF_HOURS, Status.NEW)
    assert ids(outcome) == ["out_of_hours"]
    assert outcome.firings[0].reason == (
        "Received Saturday 12 December 2026 at 23:10, outside the Customer Service Centre's hours "
        "(Mon-Fri 08:00-20:00, Sat 09:00-16:00)"
    )


@pytest.mark.parametrize(
    ("received_at", "holiday"),
    [
        (london(2026, 12, 25, 11, 0), "Christmas Day"),
        (london(2026, 12, 28, 11, 0), "Boxing Day (observed)"),
        (london(2026, 4, 6, 11, 0), "Easter Monday"),
        (london(2026, 8, 31, 11, 0), "Late Summer Bank Holiday"),
    ],
)
def test_int13_bank_holiday_daytime_goes_to_out_of_hours(received_at: datetime, holiday: str) -> None:
    outcome = route(facts(received_at=received_at))
    assert outcome.queue == Queue.OUT_OF_HOURS
    assert f"a bank holiday ({holiday})" in outcome.firings[0].reason


@pytest.mark.parametrize(
    ("received_at", "queue"),
    [
        (london(2026, 12, 14, 7, 59), Queue.OUT_OF_HOURS),
        (london(2026, 12, 14, 8, 0), Queue.SCREENING),  # 08:00 exactly is open
        (london(2026, 12, 14, 19, 59), Queue.SCREENING),
        (london(2026, 12, 14, 20, 0), Queue.OUT_OF_HOURS),  # 20:00 exactly is closed
        (london(2026, 12, 12, 9, 0), Queue.SCREENING),
        (london(2026, 12, 12, 16, 0), Queue.OUT_OF_HOURS),  # Saturday 16:00 is closed
        (london(2026, 12, 13, 12, 0), Queue.OUT_OF_HOURS),  # Sunday
    ],
)
def test_int13_customer_service_centre_hours_boundaries(received_at: datetime, queue: str) -> None:
    assert route(facts(received_at=received_at)).queue == queue


def test_int13_hours_are_judged_on_the_london_clock() -> None:
    # 07:30 UTC on Monday 6 July 2026 is 08:30 BST: in hours.
    assert route(facts(received_at=datetime(2026, 7, 6, 7, 30, tzinfo=UTC))).queue == Queue.SCREENING
    # 19:30 UTC the same day is 20:30 BST: out of hours.
    assert route(facts(received_at=datetime(2026, 7, 6, 19, 30, tzinfo=UTC))).queue == Queue.OUT_OF_HOURS


def test_int13_another_councils_hours_are_used_when_configured() -> None:
    weekdays_only = WeeklyHours({d: (time(9), time(17)) for d in range(5)})
    config = PolicyConfig(csc_hours=weekdays_only)
    saturday_morning = facts(received_at=london(2026, 12, 12, 10, 0))
    assert route(saturday_morning).queue == Queue.SCREENING
    outcome = route(saturday_morning, config)
    assert outcome.queue == Queue.OUT_OF_HOURS
    assert "(Mon-Fri 09:00-17:00)" in outcome.firings[0].reason


def test_int6_allegation_against_worker_in_hours_goes_to_lado() -> None:
    outcome = route(facts(allegation_against_worker=True))
    assert (outcome.queue, outcome.status) == (Queue.LADO, Status.NEW)
    assert ids(outcome) == ["allegation_against_worker"]
    assert "LADO" in outcome.firings[0].reason


def test_int6_allegation_out_of_hours_goes_to_out_of_hours_and_records_lado() -> None:
    outcome = route(facts(allegation_against_worker=True, received_at=SATURDAY_NIGHT))
    assert outcome.queue == Queue.OUT_OF_HOURS
    assert ids(outcome) == ["out_of_hours", "allegation_against_worker"]


def test_int6_int11_allegation_with_immediate_danger_is_fast_tracked_and_records_lado() -> None:
    outcome = route(facts(allegation_against_worker=True, immediate_danger=True))
    assert outcome.queue == Queue.FAST_TRACK
    assert ids(outcome) == ["imminent_risk", "allegation_against_worker"]


def test_dec7_every_firing_has_a_rule_source_and_reason_for_every_combination() -> None:
    seen: set[str] = set()
    for when, form, referrer, organisation, advice, danger, allegation in itertools.product(
        (IN_HOURS, SATURDAY_NIGHT, london(2026, 12, 25, 11, 0)),
        ("red", "green"),
        ("public", "professional", "child", "family"),
        ("", "school", "early_years", "health"),
        HUB_ADVICE,
        (True, False, None),
        (True, False),
    ):
        outcome = route(
            ContactFacts(when, form, referrer, organisation, advice, danger, allegation),
        )
        assert outcome.queue in Queue.ALL
        assert outcome.status in Status.ALL
        assert outcome.firings
        assert (outcome.status == Status.RETURNED) == (outcome.queue == Queue.RETURNED)
        if referrer != "professional":
            assert outcome.status != Status.RETURNED  # INT-2: never returned
        for firing in outcome.firings:
            assert firing.rule.source.startswith("Contacts and Referrals procedure §")
            assert firing.reason
            seen.add(firing.rule.id)
    assert seen == {rule.id for rule in RULES}


def test_dec7_rules_are_data_with_citations_and_can_be_looked_up() -> None:
    assert [rule.id for rule in RULES] == [
        "imminent_risk",
        "hub_not_consulted",
        "out_of_hours",
        "allegation_against_worker",
        "default",
    ]
    assert "§3 'Contacts Outside of Normal Hours'" in rule_by_id("out_of_hours").source
    assert "§2 'Consultation Hub" in rule_by_id("hub_not_consulted").source
    for rule in RULES:
        assert rule_by_id(rule.id) is rule
        assert rule.title and rule.explanation
    with pytest.raises(KeyError):
        rule_by_id("no_such_rule")


def test_int1_contact_facts_reject_naive_time_and_unknown_values() -> None:
    with pytest.raises(ValueError, match="naive"):
        facts(received_at=IN_HOURS.replace(tzinfo=None))
    with pytest.raises(ValueError, match="form_type"):
        facts(form_type="amber")
    with pytest.raises(ValueError, match="organisation_type"):
        facts(organisation_type="early years")
    with pytest.raises(ValueError, match="referrer_type"):
        facts(referrer_type="neighbour")
    with pytest.raises(ValueError, match="hub_advice"):
        facts(hub_advice="yes")


@pytest.mark.parametrize(
    ("at", "opens"),
    [
        (london(2026, 12, 11, 16, 0), london(2026, 12, 14, 9, 0)),  # Friday 16:00 -> Monday 09:00
        (london(2026, 12, 11, 18, 45), london(2026, 12, 14, 9, 0)),
        (london(2026, 8, 28, 16, 30), london(2026, 9, 1, 9, 0)),  # Monday is the Summer bank holiday
        (london(2026, 4, 2, 17, 0), london(2026, 4, 7, 9, 0)),  # Good Friday and Easter Monday
        (london(2026, 12, 24, 17, 0), london(2026, 12, 29, 9, 0)),  # Christmas
    ],
)
def test_int10_next_hub_opening_after_hub_closes(at: datetime, opens: datetime) -> None:
    assert not hub_open(at)
    assert next_hub_opening(at) == opens
    assert hub_open(opens)


def test_int10_hub_open_on_friday_until_16_only() -> None:
    assert hub_open(london(2026, 12, 11, 15, 59))
    assert not hub_open(london(2026, 12, 11, 16, 0))
    assert hub_open(london(2026, 12, 10, 16, 30))  # Thursday


def test_int10_next_hub_opening_uses_configured_hub_hours() -> None:
    saturday_hub = PolicyConfig(hub_hours=WeeklyHours({5: (time(10), time(12))}))
    assert next_hub_opening(london(2026, 12, 11, 16, 0), saturday_hub) == london(2026, 12, 12, 10, 0)


def test_int6_int10_school_allegation_against_staff_is_never_returned_for_the_hub() -> None:
    """An allegation against a teacher goes to the LADO pathway, hub or no hub (§2)."""
    outcome = route(school_red_form(allegation_against_worker=True))
    assert (outcome.queue, outcome.status) == (Queue.LADO, Status.NEW)
    assert not outcome.fired("hub_not_consulted")
