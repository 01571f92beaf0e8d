"""The demo's pathway histories (STA-1): made through the services, consistent, and complete enough
for the census (RET-1 is checked with the validator in tests/returns)."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdoor.audit.models import AuditEntry
from frontdoor.demo.load import load_demo
from frontdoor.pathway import letters
from frontdoor.pathway import services as pathway
from frontdoor.pathway.models import ChildDetails, ChildProtectionPlan, Conference, Episode, LookedAfterPeriod
from frontdoor.screening.models import Referral

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 30, tzinfo=dt.UTC)


def test_sta1_the_demo_has_pathways_through_the_services_with_census_details() -> None:
    load_demo(60, now=NOW)
    episodes = list(pathway.with_steps(Episode.objects.all()))
    assert episodes
    # Every referral about a child with a date of birth has its children's episodes.
    for referral in Referral.objects.prefetch_related("episodes"):
        for child in pathway.linked_children(referral):
            assert Episode.objects.filter(child=child).exists()
    # Each child: census details, at most one open episode.
    for episode in episodes:
        details = ChildDetails.objects.get(person=episode.child)
        assert details.ethnicity and details.disabilities and (details.upn or details.upn_unknown)
        assert Episode.objects.filter(child=episode.child, closed_on__isnull=True).count() <= 1
        if episode.closed_on:
            assert episode.closure_reason and not pathway.open_items(episode)
        if not episode.referral_nfa:
            assert episode.primary_need
    # Older episodes show review conferences, and a child was looked after.
    assert Conference.objects.filter(kind=Conference.Kind.REVIEW).exists()
    assert ChildProtectionPlan.objects.exists() and LookedAfterPeriod.objects.exists()
    assert AuditEntry.objects.filter(action="pathway.initial_conference").exists()
    # Nothing in the demo is dated after its "now".
    today = NOW.date()
    assert not Episode.objects.filter(closed_on__gt=today).exists()
    assert not Conference.objects.filter(held_on__gt=today).exists()
    # The letters of the demo's most advanced episode are readable.
    advanced = Episode.objects.filter(cp_plans__isnull=False).first()
    assert advanced is not None
    for kind in letters.available(advanced):
        assert letters.build(advanced, kind).grade() <= letters.MAX_GRADE
