"""INF-1, INF-3, INF-5: an answer is drafted from the statutory pathway too (§8 lists assessments,
s47 enquiries, conferences, plans, periods looked after and closures), and a child with an open
pathway is an open case that goes to the allocated worker."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdoor.accounts.models import Role
from frontdoor.pathway.models import (
    Assessment,
    ChildProtectionPlan,
    Conference,
    Episode,
    LookedAfterPeriod,
    Section47,
)
from frontdoor.people import services as people
from frontdoor.policy.information_rules import CaseState
from frontdoor.sharing.facts import case_of, gather
from tests.factories import staff

D = dt.date


@pytest.mark.django_db
def test_inf3_inf5_pathway_facts_are_drafted_and_an_open_pathway_is_an_open_case() -> None:
    worker = staff(Role.SOCIAL_WORKER, "priya")
    child = people.create_person(actor=None, given_name="Leo", surname="Hart", date_of_birth=D(2018, 2, 1))
    episode = Episode.objects.create(
        child=child, referral_date=D(2026, 3, 2), referral_source="2A", allocated_worker=worker
    )
    s47 = Section47.objects.create(
        episode=episode,
        started_on=D(2026, 3, 4),
        completed_on=D(2026, 3, 18),
        outcome=Section47.Outcome.choices[0][0],
        icpc_required=True,
    )
    Assessment.objects.create(
        episode=episode,
        started_on=D(2026, 3, 3),
        due_on=D(2026, 5, 6),
        completed_on=D(2026, 4, 20),
        factors=["2B", "3A"],
        summary="Neglect.",
    )
    Conference.objects.create(
        episode=episode,
        kind=Conference.Kind.INITIAL,
        held_on=D(2026, 3, 25),
        section47=s47,
        outcome=Conference.Outcome.choices[0][0],
    )
    ChildProtectionPlan.objects.create(
        episode=episode, started_on=D(2026, 3, 25), initial_category="NEG", latest_category="NEG"
    )
    LookedAfterPeriod.objects.create(child=child, started_on=D(2026, 6, 1), ended_on=D(2026, 7, 1))

    facts = {f.kind: f for f in gather(child) if f.source == "pathway"}
    assert set(facts) >= {
        "Children's social care involvement",
        "Section 47 enquiry",
        "Child and family assessment",
        "Child protection plan",
        "Period looked after",
    }
    assert facts["Child protection plan"].open and "Neglect" in facts["Child protection plan"].outcome
    assert facts["Child and family assessment"].end == D(2026, 4, 20)
    assert "2B, 3A" in facts["Child and family assessment"].detail  # the detail only a detailed answer gives
    assert not facts["Period looked after"].open

    case = case_of(child)
    assert (case.state, case.allocated_worker_id) == (CaseState.OPEN, worker.pk)
    episode.closed_on, episode.closure_reason = D(2026, 9, 1), "RC1"
    episode.save()
    ChildProtectionPlan.objects.update(ended_on=D(2026, 8, 30))
    assert case_of(child).state == CaseState.CLOSED
