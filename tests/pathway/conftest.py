"""An episode that has been through every step, for the letters and the pages."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdoor.pathway import services as pathway
from frontdoor.pathway.models import Episode
from frontdoor.policy.calendar import LONDON
from tests.factories import manager, referral_with_child, social_worker

PARTICIPANTS = [
    {"name": "Sam Worker", "agency": "Children's social care", "role": "Social worker"},
    {"name": "DC Patel", "agency": "Police", "role": "Detective constable"},
    {"name": "Dr Okafor", "agency": "Health", "role": "Named doctor"},
]


@pytest.fixture
def full_episode(db: None) -> Episode:
    """Jayden: referred Tuesday 17 November 2026; strategy discussion that day; s47; assessment;
    initial conference with a plan on 23 November; closed after the plan ended."""
    _, episode = referral_with_child(outcome="strategy_discussion")
    worker, boss = social_worker(), manager("boss2")
    held = dt.datetime(2026, 11, 17, 15, 0, tzinfo=LONDON)
    sd = pathway.record_strategy_discussion(
        episode, actor=worker, held_at=held, participants=PARTICIPANTS, outcome="s47"
    )
    s47 = pathway.start_section47(episode, actor=worker, strategy_discussion=sd, started_on=dt.date(2026, 11, 17))
    assessment = pathway.start_assessment(episode, actor=worker, started_on=dt.date(2026, 11, 17))
    pathway.record_child_seen(assessment, actor=worker, seen_on=dt.date(2026, 11, 18))
    pathway.complete_section47(s47, actor=worker, completed_on=dt.date(2026, 11, 19), outcome="substantiated_icpc")
    pathway.complete_assessment(
        assessment, actor=worker, completed_on=dt.date(2026, 11, 19), factors=["19B", "3B"], primary_need="N1"
    )
    pathway.authorise_assessment(assessment, actor=boss, authorised_on=dt.date(2026, 11, 20))
    pathway.hold_initial_conference(s47, actor=worker, held_on=dt.date(2026, 11, 23), outcome="plan", category="PHY")
    episode.refresh_from_db()
    return episode
