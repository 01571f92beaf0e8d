"""RET-1 with STA-1: a child's whole pathway recorded through the pathway's services (as staff do on
its pages), then exported: the open validator finds no errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from frontdoor.accounts.models import Role, Team, User
from frontdoor.pathway import services as pathway
from frontdoor.pathway.models import Conference, Section47, StrategyDiscussion
from frontdoor.people.models import Person
from frontdoor.returns.exports import export_census
from frontdoor.returns.quality import problems
from frontdoor.returns.source import census_rows
from tests.returns import validator

D = dt.date


@pytest.mark.django_db
def test_ret1_a_pathway_recorded_through_the_services_passes_the_validator(tmp_path: Path) -> None:
    team = Team.objects.create(name="Assessment Team", kind=Team.Kind.ASSESSMENT)
    worker = User.objects.create_user(username="sw", role=Role.SOCIAL_WORKER, team=team)
    manager = User.objects.create_user(username="tm", role=Role.TEAM_MANAGER, team=team)
    child = Person.objects.create(given_name="Kit", surname="Service", sex="female", date_of_birth=D(2017, 2, 14))
    pathway.update_child_details(child, actor=worker, ethnicity="WBRI", disabilities=["NONE"], upn_unknown="UN5")

    episode = pathway.open_earlier_episode(
        child, actor=worker, referral_date=D(2025, 4, 7), referral_source="3A", team=team
    )
    pathway.allocate(episode, actor=manager, worker=worker, team=team)
    held = dt.datetime(2025, 4, 8, 11, tzinfo=timezone.get_current_timezone())
    discussion = pathway.record_strategy_discussion(
        episode,
        actor=worker,
        held_at=held,
        outcome=StrategyDiscussion.Outcome.S47,
        participants=[
            {"name": "Sam", "agency": "Children's social care", "role": "Social worker"},
            {"name": "PC Lee", "agency": "Police", "role": "Officer"},
            {"name": "Dr Shah", "agency": "Health", "role": "GP"},
        ],
    )
    s47 = pathway.start_section47(episode, actor=worker, strategy_discussion=discussion, started_on=D(2025, 4, 8))
    assessment = pathway.start_assessment(episode, actor=worker, started_on=D(2025, 4, 8), primary_need="N1")
    pathway.record_child_seen(assessment, actor=worker, seen_on=D(2025, 4, 9))
    pathway.complete_section47(
        s47, actor=worker, completed_on=D(2025, 4, 22), outcome=Section47.Outcome.SUBSTANTIATED_ICPC
    )
    initial = pathway.hold_initial_conference(
        s47, actor=worker, held_on=D(2025, 4, 25), outcome=Conference.Outcome.PLAN, category="NEG"
    )
    pathway.complete_assessment(
        assessment, actor=worker, completed_on=D(2025, 5, 30), factors=["16A", "2B"], primary_need="N1"
    )
    pathway.authorise_assessment(assessment, actor=manager, authorised_on=D(2025, 6, 2))
    plan = episode.cp_plans.get()
    pathway.hold_review_conference(
        plan, actor=worker, held_on=D(2025, 7, 24), outcome=Conference.Outcome.PLAN_CONTINUES, category="NEG"
    )
    pathway.hold_review_conference(plan, actor=worker, held_on=D(2026, 1, 22), outcome=Conference.Outcome.PLAN_ENDS)
    cin_plan = pathway.start_cin_plan(episode, actor=worker, started_on=D(2026, 1, 22))
    pathway.end_cin_plan(cin_plan, actor=worker, ended_on=D(2026, 3, 13))
    pathway.close_episode(episode, actor=worker, closed_on=D(2026, 3, 13), reason="RC7")
    assert initial.held_on == D(2025, 4, 25)

    assert [p for row in census_rows(2026) for p in problems(row, 2026)] == []
    out = tmp_path / "services.xml"
    assert export_census(2026, out).children == 1
    rules = validator.validate(out, 2026)
    print("\nValidator queries on the services' pathway:\n" + validator.show(validator.queries(rules)))
    assert validator.errors(rules) == [], validator.show(validator.errors(rules))
    text = out.read_text()
    for expected in (
        "<ReferralSource>3A</ReferralSource>",
        "<ReasonForClosure>RC7</ReasonForClosure>",
        "<DateOfInitialCPC>2025-04-25</DateOfInitialCPC>",
        "<CPPreviewDate>2025-07-24</CPPreviewDate>",
        "<AssessmentFactors>16A</AssessmentFactors>",
        "<CINPlanStartDate>2026-01-22</CINPlanStartDate>",
    ):
        assert expected in text, expected
