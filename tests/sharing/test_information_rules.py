"""The lawful-basis rules as plain data (frontdoor/policy/information_rules.py): the .gov.uk check,
reply deadlines by rule, and the order in which rules decide (INF-2, INF-7, TIM-1)."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdoor.policy import information_rules as rules
from frontdoor.policy.calendar import LONDON


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("priya.shah@southshire.gov.uk", True),
        ("Case.Worker@HomeOffice.GOV.UK", True),
        ("a@gov.uk", True),
        ("a@southshire.gov.uk.", True),
        ("a@southshire-council.org.uk", False),
        ("a@notgov.uk", False),
        ("a@gov.uk.example.com", False),
        ("gov.uk@example.com", False),
        ("a@evil.com@x.gov.uk", False),
        ("@southshire.gov.uk", False),
        ("a@", False),
        ("", False),
        ("a @x.gov.uk", False),
        ("a@x..gov.uk", False),
    ],
)
def test_inf2_only_gov_uk_addresses(address: str, ok: bool) -> None:
    assert rules.is_gov_uk(address) is ok


def facts(**changes: object) -> rules.RequestFacts:
    base: dict[str, object] = {
        "agency": "school",
        "purpose": "safeguarding",
        "asked": "summary",
        "identity": "called_back",
        "legitimacy_in_doubt": False,
        "consent_from_pr": False,
        "statutory_role_evidenced": False,
        "reason_given": True,
        "case_state": "closed",
    }
    return rules.RequestFacts(**{**base, **changes})  # type: ignore[arg-type]


FRIDAY = dt.datetime(2026, 11, 20, 10, 0, tzinfo=LONDON)
CONSENT = {"agency": "other", "purpose": "other", "consent_from_pr": True}


@pytest.mark.parametrize(
    ("changes", "due"),
    [
        ({}, dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)),  # safeguarding: 1 working day, over the weekend
        (CONSENT, dt.datetime(2026, 11, 27, 10, 0, tzinfo=LONDON)),
        ({"agency": "cafcass", "asked": "detailed"}, dt.datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)),
        ({"purpose": "crime"}, dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)),
    ],
)
def test_tim1_reply_deadlines_by_rule_in_working_days(changes: dict[str, object], due: dt.datetime) -> None:
    assert rules.decide(facts(**changes)).reply_due(FRIDAY) == due


def test_tim1_christmas_bank_holidays_are_not_working_days() -> None:
    christmas_eve = dt.datetime(2026, 12, 24, 15, 0, tzinfo=LONDON)
    # 25 December (Friday) and Boxing Day observed on Monday 28 December are bank holidays.
    assert rules.decide(facts()).reply_due(christmas_eve) == dt.datetime(2026, 12, 29, 15, 0, tzinfo=LONDON)


def test_inf7_doubt_outranks_every_basis_and_every_firing_is_kept() -> None:
    decision = rules.decide(facts(agency="other_council", purpose="section_47", legitimacy_in_doubt=True))
    assert decision.basis.rule is rules.HOLD_IDENTITY and decision.level == rules.Level.NOTHING
    # The rules that would otherwise have applied are shown after it (DEC-7).
    assert [f.rule.id for f in decision.firings] == [
        "inf7_identity_in_doubt",
        "inf2_section_47_other_council",
        "inf3_statutory_safeguarding",
    ]


def test_inf4_statutory_role_without_safeguarding_purpose_or_consent_is_refused() -> None:
    decision = rules.decide(facts(agency="other", purpose="other", statutory_role_evidenced=True))
    assert decision.basis.rule is rules.NO_BASIS
    assert "no safeguarding purpose" in decision.basis.reason


def test_facts_are_validated() -> None:
    with pytest.raises(ValueError, match="agency"):
        facts(agency="mi5")
    with pytest.raises(ValueError, match="negative"):
        rules.RequestTimescales(consent_working_days=-1)
