"""DEC-4, DEC-5, SCR-5 suggestions at screening, as rules with sources (DEC-7): no database."""

import re
from dataclasses import replace

import pytest

from frontdoor.policy.config import PolicyConfig
from frontdoor.policy.routing import Rule, RuleFiring
from frontdoor.policy.screening_rules import (
    BABY_MOBILITY,
    RULES,
    ScreeningFacts,
    rule_by_id,
    suggest,
)

NOTHING = ScreeningFacts(
    concern_text="Neighbour worried the children are often outside late in the evening.",
    youngest_child_age_days=None,
    baby_mobility="",
    bruising=False,
    suspected_crime=False,
    police_protection=False,
    contacts_about_family_12m=0,
    anonymous_contacts_about_family_30d=0,
    referrer_earlier_contacts_12m=0,
    earlier_outcomes_nfa_12m=0,
)

BABY_BRUISE = replace(
    NOTHING,
    concern_text="Health visitor saw a bruise on the baby's cheek.",
    youngest_child_age_days=90,
    baby_mobility="not_mobile",
    bruising=True,
)


def ids(facts: ScreeningFacts, config: PolicyConfig | None = None) -> list[str]:
    return [firing.rule.id for firing in suggest(facts, config)]


def reason(facts: ScreeningFacts, rule_id: str) -> str:
    (firing,) = [f for f in suggest(facts) if f.rule.id == rule_id]
    return firing.reason


def test_nothing_fires_for_an_ordinary_first_contact() -> None:
    assert suggest(NOTHING) == ()


def test_dec7_every_rule_is_data_with_a_citation_and_reuses_routing_types() -> None:
    assert [r.id for r in RULES] == [
        "pre_mobile_bruise",
        "suspected_crime",
        "possible_crime_question",
        "police_protection",
        "repeated_contacts",
        "anonymous_pattern",
        "repeat_nfa",
        "same_referrer",
    ]
    for rule in RULES:
        assert isinstance(rule, Rule)
        assert rule.title and rule.explanation
        assert "§" in rule.source and "seed" not in rule.source
        assert rule_by_id(rule.id) is rule
    with pytest.raises(KeyError):
        rule_by_id("s47")


# DEC-4: bruising in a pre-mobile baby.


def test_dec4_bruise_in_a_non_mobile_baby_suggests_paediatric_assessment_and_strategy_discussion() -> None:
    firings = suggest(BABY_BRUISE)
    assert [f.rule.id for f in firings] == ["pre_mobile_bruise"]
    assert isinstance(firings[0], RuleFiring)
    text = firings[0].reason
    assert "paediatric assessment" in text
    assert "manager's consideration of a strategy discussion" in text
    assert "12 weeks old" in text
    assert "does not by itself start a Section 47 enquiry" in text


def test_dec4_rolling_baby_is_pre_mobile_and_the_reason_says_accidental_bruising_is_commoner() -> None:
    text = reason(replace(BABY_BRUISE, baby_mobility="rolls"), "pre_mobile_bruise")
    assert "rolls but does not yet crawl or cruise" in text
    assert "explanation" in text


@pytest.mark.parametrize("mobility", ["crawls", "cruises", "walks"])
def test_dec4_does_not_fire_for_a_baby_who_crawls_cruises_or_walks(mobility: str) -> None:
    assert ids(replace(BABY_BRUISE, baby_mobility=mobility, youngest_child_age_days=60)) == []


def test_dec4_three_month_old_with_no_mobility_recorded_fires_and_asks_for_mobility() -> None:
    facts = replace(BABY_BRUISE, baby_mobility="", youngest_child_age_days=91)
    text = reason(facts, "pre_mobile_bruise")
    assert "mobility is not recorded" in text
    assert "Record whether the baby rolls, crawls or cruises" in text


def test_dec4_no_mobility_recorded_uses_the_configured_age() -> None:
    facts = replace(BABY_BRUISE, baby_mobility="", youngest_child_age_days=182)
    assert ids(facts) == ["pre_mobile_bruise"]
    assert ids(replace(facts, youngest_child_age_days=183)) == []
    assert ids(facts, PolicyConfig(pre_mobile_age_days=120)) == []


def test_dec4_no_age_and_no_mobility_fires_only_when_the_text_is_about_a_baby() -> None:
    facts = replace(BABY_BRUISE, baby_mobility="", youngest_child_age_days=None)
    text = reason(facts, "pre_mobile_bruise")
    assert "'baby'" in text and "date of birth" in text
    assert ids(replace(facts, concern_text="A bruise on the boy's arm.")) == []


def test_dec4_unanswered_bruising_question_is_read_from_the_text() -> None:
    facts = replace(BABY_BRUISE, bruising=None, concern_text="Nursery saw BRUISING on her ear.")
    text = reason(facts, "pre_mobile_bruise")
    assert "'BRUISING'" in text and "not answered" in text
    # The screener's answer wins over the text.
    assert ids(replace(facts, bruising=False)) == []
    assert ids(replace(facts, concern_text="Nursery saw a red mark on her ear.")) == []


def test_dec4_no_bruising_no_firing() -> None:
    assert ids(replace(BABY_BRUISE, bruising=False)) == []


# DEC-5: suspected crime and police protection.


def test_dec5_suspected_crime_prompts_notifying_the_police_at_once() -> None:
    facts = replace(NOTHING, suspected_crime=True)
    assert ids(facts) == ["suspected_crime"]
    text = reason(facts, "suspected_crime")
    assert "notify the police now" in text and "record" in text
    assert "§9" in rule_by_id("suspected_crime").source


def test_dec5_unanswered_crime_question_with_assault_words_prompts_the_question() -> None:
    facts = replace(NOTHING, suspected_crime=None, concern_text="She says Dad punched and KICKED her.")
    assert ids(facts) == ["possible_crime_question"]
    text = reason(facts, "possible_crime_question")
    assert "'punched'" in text and "'KICKED'" in text
    assert "ask it now" in text


@pytest.mark.parametrize(
    "text",
    [
        "Mum reports her daughter was sexually assaulted by a lodger.",
        "The boy has a broken arm and says his stepfather did it.",
        "Concern that the baby was shaken.",
    ],
)
def test_dec5_assault_words_variants(text: str) -> None:
    assert ids(replace(NOTHING, suspected_crime=None, concern_text=text)) == ["possible_crime_question"]


def test_dec5_crime_question_not_prompted_when_answered_or_text_is_mild() -> None:
    assault = "Dad punched her."
    assert ids(replace(NOTHING, suspected_crime=False, concern_text=assault)) == []
    assert ids(replace(NOTHING, suspected_crime=True, concern_text=assault)) == ["suspected_crime"]
    assert ids(replace(NOTHING, suspected_crime=None)) == []
    assert ids(replace(NOTHING, suspected_crime=None, concern_text="They kick a football about.")) == []


def test_dec5_police_protection_prompts_a_strategy_discussion() -> None:
    facts = replace(NOTHING, police_protection=True)
    assert ids(facts) == ["police_protection"]
    assert "strategy discussion with the police" in reason(facts, "police_protection")
    assert "s46" in rule_by_id("police_protection").source


# SCR-5: patterns, never discarded.


def test_scr5_repeated_contacts_at_the_threshold() -> None:
    assert ids(replace(NOTHING, contacts_about_family_12m=2)) == []
    facts = replace(NOTHING, contacts_about_family_12m=3)
    assert ids(facts) == ["repeated_contacts"]
    text = reason(facts, "repeated_contacts")
    assert "Pattern: 3 earlier contacts" in text and "12 months" in text
    assert "never a reason to discard" in text


def test_scr5_fifth_anonymous_contact_in_a_month_is_a_visible_pattern_never_discarded() -> None:
    assert ids(replace(NOTHING, anonymous_contacts_about_family_30d=2)) == []
    facts = replace(NOTHING, anonymous_contacts_about_family_30d=4)  # this is the fifth
    assert ids(facts) == ["anonymous_pattern"]
    text = reason(facts, "anonymous_pattern")
    assert "4 earlier anonymous contacts" in text
    assert "malicious or mistaken" in text and "never discard it" in text
    assert "Local Government and Social Care Ombudsman" in rule_by_id("anonymous_pattern").source


def test_scr5_repeated_no_further_action_suggests_cumulative_harm() -> None:
    assert ids(replace(NOTHING, earlier_outcomes_nfa_12m=1)) == []
    facts = replace(NOTHING, earlier_outcomes_nfa_12m=2)
    assert ids(facts) == ["repeat_nfa"]
    assert "cumulative harm" in reason(facts, "repeat_nfa")


def test_scr5_same_referrer_shows_their_earlier_contacts() -> None:
    facts = replace(NOTHING, referrer_earlier_contacts_12m=1)
    assert ids(facts) == ["same_referrer"]
    assert "1 earlier contact about" in reason(facts, "same_referrer")


def test_scr5_thresholds_come_from_the_config() -> None:
    config = PolicyConfig(repeated_contacts_threshold=5, anonymous_contacts_threshold=1, repeat_nfa_threshold=4)
    facts = replace(
        NOTHING, contacts_about_family_12m=4, anonymous_contacts_about_family_30d=1, earlier_outcomes_nfa_12m=3
    )
    assert ids(facts, config) == ["anonymous_pattern"]
    assert ids(facts) == ["repeated_contacts", "repeat_nfa"]


def test_scr5_a_zero_threshold_still_needs_an_earlier_contact() -> None:
    config = PolicyConfig(repeated_contacts_threshold=0, anonymous_contacts_threshold=0, repeat_nfa_threshold=0)
    assert ids(NOTHING, config) == []


@pytest.mark.parametrize(
    "name",
    [
        "repeated_contacts_threshold",
        "anonymous_contacts_threshold",
        "repeat_nfa_threshold",
        "pre_mobile_age_days",
    ],
)
def test_config_thresholds_cannot_be_negative(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        PolicyConfig(**{name: -1})  # type: ignore[arg-type]


def test_facts_are_validated() -> None:
    with pytest.raises(ValueError, match="baby_mobility"):
        replace(NOTHING, baby_mobility="runs")
    with pytest.raises(ValueError, match="contacts_about_family_12m"):
        replace(NOTHING, contacts_about_family_12m=-1)
    with pytest.raises(ValueError, match="youngest_child_age_days"):
        replace(NOTHING, youngest_child_age_days=-1)
    assert "" in BABY_MOBILITY


# DEC-3 / seed 003: no rule ever starts a Section 47 enquiry.

_S47 = re.compile(r"section\s*47|s\.?\s*47\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|never|no)\b", re.IGNORECASE)

EVERYTHING = ScreeningFacts(
    concern_text="The baby has bruising; Dad punched Mum and the baby was shaken.",
    youngest_child_age_days=40,
    baby_mobility="",
    bruising=None,
    suspected_crime=None,
    police_protection=True,
    contacts_about_family_12m=9,
    anonymous_contacts_about_family_30d=9,
    referrer_earlier_contacts_12m=9,
    earlier_outcomes_nfa_12m=9,
)


@pytest.mark.parametrize(
    "facts",
    [
        EVERYTHING,
        replace(EVERYTHING, baby_mobility="rolls", bruising=True, suspected_crime=True),
        replace(EVERYTHING, baby_mobility="not_mobile", youngest_child_age_days=None),
        replace(EVERYTHING, baby_mobility="", youngest_child_age_days=None),
    ],
)
def test_dec3_no_firing_ever_says_section_47_starts(facts: ScreeningFacts) -> None:
    firings = suggest(facts)
    assert len(firings) >= 6
    texts = [f.reason for f in firings] + [f.rule.explanation for f in firings] + [f.rule.title for f in firings]
    for text in texts:
        for sentence in re.split(r"(?<=[.:;])\s+", text):
            if _S47.search(sentence):
                assert _NEGATED.search(sentence), sentence
    assert not any(re.search(r"\bs(?:ection)?\s*47\b", f.rule.id, re.IGNORECASE) for f in firings)


@pytest.mark.parametrize(
    "text",
    [
        "bruis" * 10_000 + " baby",
        "baby bruised " * 4000,
        "punched " * 6000,
        "beat " * 10_000,
        "sexually " * 5000 + "assaulted",
        "broken " * 8000,
        "\u00a0-" * 25_000,
    ],
)
def test_scr5_hostile_text_gives_short_reasons(text: str) -> None:
    facts = replace(NOTHING, bruising=None, suspected_crime=None, concern_text=text)
    for firing in suggest(facts):
        assert len(firing.reason) < 1000


def test_dec4_text_is_scanned_up_to_a_limit() -> None:
    facts = replace(NOTHING, bruising=None, concern_text="x" * 50_000 + " bruised baby")
    assert suggest(facts) == ()
