"""The pathway's services (STA-1): each step, its guards, its audit, and the referral's deadlines in step."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdoor.audit.models import AuditEntry
from frontdoor.pathway import services as pathway
from frontdoor.pathway.models import ChildDetails, Conference, Episode, Section47, StrategyDiscussion
from frontdoor.pathway.services import PathwayRefused
from frontdoor.people import services as people
from frontdoor.policy.calendar import LONDON
from frontdoor.screening import services as screening
from frontdoor.screening.services import ScreeningRefused
from tests.factories import make_contact, manager, proposed, referral_with_child, screener, social_worker, staff

pytestmark = pytest.mark.django_db

PARTICIPANTS = [
    {"name": "Sam Worker", "agency": "Children's social care", "role": "Social worker"},
    {"name": "DC Patel", "agency": "Police", "role": "Detective constable"},
    {"name": "Dr Okafor", "agency": "Health", "role": "Named doctor"},
]
DAY = dt.date(2026, 11, 17)  # the referral's day (a Tuesday)


def _actions(episode: Episode) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="pathway.episode", object_id=str(episode.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_sta1_a_referral_opens_one_episode_per_linked_child_with_the_census_referral_source() -> None:
    referral, episode = referral_with_child()
    assert episode.child.given_name == "Jayden"
    assert episode.referral_date == DAY
    assert episode.referral_source == "2A"  # a school (RET-1)
    assert episode.is_open and not episode.referral_nfa
    # Calling again (for example after another child is linked) never makes a second one.
    pathway.open_episodes(referral, actor=None)
    assert Episode.objects.filter(referral=referral).count() == 1
    assert "episode.opened" in _actions(episode)


def test_sta1_a_referral_about_an_unlinked_child_has_no_episode_until_the_child_is_linked() -> None:
    tom, boss = screener(), manager()
    contact = make_contact()
    screening.authorise(proposed(contact, tom, "assessment"), actor=boss)
    referral = contact.referrals.get()
    assert not referral.episodes.exists()
    # The screening milestone page still records this referral's deadlines by hand...
    screening.record_milestone(referral, actor=tom, milestone="child_seen_at", at=referral.referred_at)
    child = people.create_person(actor=None, given_name="Jayden", surname="Smith", date_of_birth=dt.date(2019, 4, 3))
    people.link_contact_person(contact.people.get(), child, actor=tom)
    assert len(pathway.open_episodes(referral, actor=tom)) == 1
    # ...but once a child has an episode, the pathway records them (never twice).
    with pytest.raises(ScreeningRefused, match="pathway page"):
        screening.record_milestone(referral, actor=tom, milestone="assessment_completed_at", at=referral.referred_at)


def test_sta1_strategy_discussion_needs_two_agencies_and_records_the_referrals_strategy_decision() -> None:
    referral, episode = referral_with_child(outcome="strategy_discussion")
    worker = social_worker()
    held = dt.datetime(2026, 11, 17, 15, 0, tzinfo=LONDON)
    with pytest.raises(PathwayRefused, match="at least two agencies"):
        pathway.record_strategy_discussion(
            episode, actor=worker, held_at=held, participants=PARTICIPANTS[:1], outcome="s47"
        )
    with pytest.raises(PathwayRefused, match="name and the agency"):
        pathway.record_strategy_discussion(
            episode,
            actor=worker,
            held_at=held,
            participants=[*PARTICIPANTS, {"name": "", "agency": "", "role": "GP"}],
            outcome="s47",
        )
    with pytest.raises(PathwayRefused, match="Select what"):
        pathway.record_strategy_discussion(episode, actor=worker, held_at=held, participants=PARTICIPANTS, outcome="x")
    with pytest.raises(PathwayRefused, match="on or after the referral date"):
        pathway.record_strategy_discussion(
            episode, actor=worker, held_at=held - dt.timedelta(days=3), participants=PARTICIPANTS, outcome="s47"
        )
    officer = staff("cso", "cso")
    with pytest.raises(PathwayRefused, match="social worker or a team manager"):
        pathway.record_strategy_discussion(
            episode, actor=officer, held_at=held, participants=PARTICIPANTS, outcome="s47"
        )
    discussion = pathway.record_strategy_discussion(
        episode, actor=worker, held_at=held, participants=PARTICIPANTS, outcome="s47", notes="Joint visit today."
    )
    assert [p["agency"] for p in discussion.participants] == ["Children's social care", "Police", "Health"]
    referral.refresh_from_db()
    assert referral.strategy_decided_at == held
    assert referral.s47_started_at is None  # deciding on s47 does not start it


def test_sta1_s47_starts_only_from_a_strategy_discussion_that_decided_it_and_sets_the_icpc_target() -> None:
    referral, episode = referral_with_child(outcome="strategy_discussion")
    worker = social_worker()
    held = dt.datetime(2026, 11, 17, 15, 0, tzinfo=LONDON)
    no = pathway.record_strategy_discussion(
        episode, actor=worker, held_at=held, participants=PARTICIPANTS, outcome="no_s47"
    )
    with pytest.raises(PathwayRefused, match="decided to start one"):
        pathway.start_section47(episode, actor=worker, strategy_discussion=no, started_on=DAY)
    yes = pathway.record_strategy_discussion(
        episode, actor=worker, held_at=held, participants=PARTICIPANTS, outcome="s47"
    )
    s47 = pathway.start_section47(episode, actor=worker, strategy_discussion=yes, started_on=DAY)
    # 15 working days after Tuesday 17 November 2026: Tuesday 8 December.
    assert s47.icpc_target == dt.date(2026, 12, 8)
    with pytest.raises(PathwayRefused, match="already started"):
        pathway.start_section47(episode, actor=worker, strategy_discussion=yes, started_on=DAY)
    referral.refresh_from_db()
    assert referral.s47_started_at is not None and referral.s47_started_at.date() == DAY
    with pytest.raises(PathwayRefused, match="Select the outcome"):
        pathway.complete_section47(s47, actor=worker, completed_on=DAY, outcome="")
    with pytest.raises(PathwayRefused, match="on or after"):
        pathway.complete_section47(
            s47, actor=worker, completed_on=DAY - dt.timedelta(days=1), outcome="not_substantiated"
        )
    done = pathway.complete_section47(
        s47, actor=worker, completed_on=dt.date(2026, 11, 20), outcome="substantiated_icpc"
    )
    assert done.icpc_required is True
    with pytest.raises(PathwayRefused, match="already completed"):
        pathway.complete_section47(s47, actor=worker, completed_on=dt.date(2026, 11, 20), outcome="substantiated_icpc")


def _s47_needing_conference(episode: Episode) -> Section47:
    worker = social_worker("s47worker")
    held = dt.datetime(2026, 11, 17, 15, 0, tzinfo=LONDON)
    sd = pathway.record_strategy_discussion(
        episode, actor=worker, held_at=held, participants=PARTICIPANTS, outcome="s47"
    )
    s47 = pathway.start_section47(episode, actor=worker, strategy_discussion=sd, started_on=DAY)
    return pathway.complete_section47(
        s47, actor=worker, completed_on=dt.date(2026, 11, 19), outcome="substantiated_icpc"
    )


def test_sta1_initial_conference_starts_a_plan_and_reviews_continue_then_end_it() -> None:
    _, episode = referral_with_child(outcome="strategy_discussion")
    worker = social_worker()
    s47 = _s47_needing_conference(episode)
    with pytest.raises(PathwayRefused, match="category of abuse"):
        pathway.hold_initial_conference(s47, actor=worker, held_on=dt.date(2026, 11, 23), outcome="plan")
    icpc = pathway.hold_initial_conference(
        s47, actor=worker, held_on=dt.date(2026, 11, 23), outcome="plan", category="PHY"
    )
    assert icpc.due_on == dt.date(2026, 12, 8)
    plan = episode.cp_plans.get()
    assert (plan.started_on, plan.initial_category, plan.latest_category) == (dt.date(2026, 11, 23), "PHY", "PHY")
    with pytest.raises(PathwayRefused, match="already recorded"):
        pathway.hold_initial_conference(
            s47, actor=worker, held_on=dt.date(2026, 11, 23), outcome="plan", category="PHY"
        )
    # The first review is due 3 months after the plan starts.
    assert pathway.next_review_due(plan).due_on == dt.date(2027, 2, 23)
    with pytest.raises(PathwayRefused, match="cannot close yet.*child protection plan"):
        pathway.close_episode(episode, actor=worker, closed_on=dt.date(2026, 11, 23), reason="RC7")
    with pytest.raises(PathwayRefused, match="child protection plan"):
        pathway.start_cin_plan(episode, actor=worker, started_on=dt.date(2026, 11, 23))


def test_sta1_an_s47_that_found_no_conference_needed_cannot_have_one() -> None:
    _, episode = referral_with_child(outcome="strategy_discussion")
    worker = social_worker()
    held = dt.datetime(2026, 11, 17, 15, 0, tzinfo=LONDON)
    sd = pathway.record_strategy_discussion(
        episode, actor=worker, held_at=held, participants=PARTICIPANTS, outcome="s47"
    )
    s47 = pathway.start_section47(episode, actor=worker, strategy_discussion=sd, started_on=DAY)
    with pytest.raises(PathwayRefused, match="found one is needed"):
        pathway.hold_initial_conference(s47, actor=worker, held_on=DAY, outcome="plan", category="NEG")
    pathway.complete_section47(s47, actor=worker, completed_on=DAY, outcome="not_substantiated")
    with pytest.raises(PathwayRefused, match="found one is needed"):
        pathway.hold_initial_conference(s47, actor=worker, held_on=DAY, outcome="plan", category="NEG")


def test_sta1_assessment_child_seen_completion_and_authorisation_by_another_manager() -> None:
    referral, episode = referral_with_child()
    worker, boss = social_worker(), manager("boss2")
    with pytest.raises(PathwayRefused, match="today or in the past"):
        pathway.start_assessment(
            episode, actor=worker, started_on=dt.datetime.now(LONDON).date() + dt.timedelta(days=2)
        )
    assessment = pathway.start_assessment(episode, actor=worker, started_on=DAY)
    # 45 working days after 17 November 2026 (Christmas, Boxing Day observed and New Year's Day skipped).
    assert assessment.due_on == dt.date(2027, 1, 22)
    assert assessment.child_seen_due_on == dt.date(2026, 11, 24)
    with pytest.raises(PathwayRefused, match="already open"):
        pathway.start_assessment(episode, actor=worker, started_on=DAY)
    with pytest.raises(PathwayRefused, match="child was seen"):
        pathway.complete_assessment(assessment, actor=worker, completed_on=DAY, factors=["16A"], primary_need="N1")
    pathway.record_child_seen(assessment, actor=worker, seen_on=dt.date(2026, 11, 18))
    referral.refresh_from_db()
    assert referral.child_seen_at is not None and referral.child_seen_at.date() == dt.date(2026, 11, 18)
    with pytest.raises(PathwayRefused, match="cannot be chosen with other"):
        pathway.complete_assessment(
            assessment, actor=worker, completed_on=DAY, factors=["21", "16A"], primary_need="N1"
        )
    with pytest.raises(PathwayRefused, match="Not a census assessment factor: 8A"):
        pathway.complete_assessment(assessment, actor=worker, completed_on=DAY, factors=["8A"], primary_need="N1")
    with pytest.raises(PathwayRefused, match="primary need"):
        pathway.complete_assessment(assessment, actor=worker, completed_on=DAY, factors=["16A"], primary_need="N10")
    pathway.complete_assessment(
        assessment, actor=worker, completed_on=dt.date(2026, 11, 20), factors=["16A", "3B"], primary_need="N1"
    )
    episode.refresh_from_db()
    referral.refresh_from_db()
    assert episode.primary_need == "N1"
    assert referral.assessment_completed_at is not None
    with pytest.raises(PathwayRefused, match="Only a team manager"):
        pathway.authorise_assessment(assessment, actor=worker, authorised_on=dt.date(2026, 11, 20))
    # A manager who completed it cannot authorise it.
    other = pathway.start_assessment(episode, actor=boss, started_on=dt.date(2026, 11, 20))
    pathway.record_child_seen(other, actor=boss, seen_on=dt.date(2026, 11, 20))
    pathway.complete_assessment(
        other, actor=boss, completed_on=dt.date(2026, 11, 20), factors=["21"], primary_need="N1"
    )
    with pytest.raises(PathwayRefused, match="another manager must authorise"):
        pathway.authorise_assessment(other, actor=boss, authorised_on=dt.date(2026, 11, 21))
    pathway.authorise_assessment(assessment, actor=boss, authorised_on=dt.date(2026, 11, 21))
    assessment.refresh_from_db()
    assert assessment.authorised_by == boss
    assert "pathway.assessment_authorised" in _actions(episode)


def test_sta1_cin_plan_and_closure_with_the_census_reason_only_when_nothing_is_open() -> None:
    _, episode = referral_with_child()
    worker, boss = social_worker(), manager("boss2")
    with pytest.raises(PathwayRefused, match="follows a completed assessment"):
        pathway.start_cin_plan(episode, actor=worker, started_on=DAY)
    assessment = pathway.start_assessment(episode, actor=worker, started_on=DAY)
    with pytest.raises(PathwayRefused, match="assessment is not completed"):
        pathway.close_episode(episode, actor=worker, closed_on=DAY, reason="RC8")
    pathway.record_child_seen(assessment, actor=worker, seen_on=DAY)
    pathway.complete_assessment(assessment, actor=worker, completed_on=DAY, factors=["6A"], primary_need="N2")
    with pytest.raises(PathwayRefused, match="waiting for a manager"):
        pathway.close_episode(episode, actor=worker, closed_on=DAY, reason="RC8")
    pathway.authorise_assessment(assessment, actor=boss, authorised_on=dt.date(2026, 11, 18))
    plan = pathway.start_cin_plan(episode, actor=worker, started_on=dt.date(2026, 11, 18))
    with pytest.raises(PathwayRefused, match="already has a child in need plan"):
        pathway.start_cin_plan(episode, actor=worker, started_on=dt.date(2026, 11, 18))
    with pytest.raises(PathwayRefused, match="child in need plan has not ended"):
        pathway.close_episode(episode, actor=worker, closed_on=dt.date(2026, 11, 20), reason="RC7")
    pathway.end_cin_plan(plan, actor=worker, ended_on=dt.date(2026, 11, 20))
    with pytest.raises(PathwayRefused, match="reason for closing"):
        pathway.close_episode(episode, actor=worker, closed_on=dt.date(2026, 11, 20), reason="RC99")
    with pytest.raises(PathwayRefused, match="last recorded step"):
        pathway.close_episode(episode, actor=worker, closed_on=dt.date(2026, 11, 19), reason="RC7")
    with pytest.raises(PathwayRefused, match="no assessment or plan"):
        pathway.close_episode(episode, actor=worker, closed_on=dt.date(2026, 11, 20), reason="RC7", referral_nfa=True)
    closed = pathway.close_episode(episode, actor=worker, closed_on=dt.date(2026, 11, 20), reason="RC7")
    assert (closed.closed_on, closed.closure_reason, closed.closed_by) == (dt.date(2026, 11, 20), "RC7", worker)
    with pytest.raises(PathwayRefused, match="was closed on 20 November 2026"):
        pathway.start_assessment(episode, actor=worker, started_on=dt.date(2026, 11, 20))
    assert _actions(episode)[-1] == "episode.closed"


def test_sta1_ret1_closed_after_assessment_needs_an_assessment_and_nothing_more() -> None:
    _, episode = referral_with_child()
    worker, boss = social_worker(), manager("boss2")
    # Census rule 8825: RC8 and RC9 are for closing after an assessment.
    with pytest.raises(PathwayRefused, match="needs a completed assessment"):
        pathway.close_episode(episode, actor=worker, closed_on=DAY, reason="RC8")
    with pytest.raises(PathwayRefused, match="needs a completed assessment"):
        pathway.close_episode(episode, actor=worker, closed_on=DAY, reason="RC8", referral_nfa=True)
    closed = pathway.close_episode(episode, actor=worker, closed_on=DAY, reason="RC7", referral_nfa=True)
    assert closed.referral_nfa
    # Census rule 2990: not after a child in need plan, an enquiry, a conference or a plan.
    _, other = referral_with_child(received_at=dt.datetime(2026, 11, 18, 10, 0, tzinfo=LONDON), child="Mia")
    assessment = pathway.start_assessment(other, actor=worker, started_on=dt.date(2026, 11, 18), primary_need="N4")
    pathway.record_child_seen(assessment, actor=worker, seen_on=dt.date(2026, 11, 18))
    pathway.complete_assessment(
        assessment, actor=worker, completed_on=dt.date(2026, 11, 18), factors=["21"], primary_need="N4"
    )
    pathway.authorise_assessment(assessment, actor=boss, authorised_on=dt.date(2026, 11, 18))
    plan = pathway.start_cin_plan(other, actor=worker, started_on=dt.date(2026, 11, 18))
    pathway.end_cin_plan(plan, actor=worker, ended_on=dt.date(2026, 11, 19))
    with pytest.raises(PathwayRefused, match="only for an episode with no Section 47"):
        pathway.close_episode(other, actor=worker, closed_on=dt.date(2026, 11, 19), reason="RC9")
    assert (
        pathway.close_episode(other, actor=worker, closed_on=dt.date(2026, 11, 19), reason="RC7").closure_reason
        == "RC7"
    )


def test_sta1_ret1_a_child_has_one_open_episode_and_a_new_referral_carries_on_in_it() -> None:
    first, episode = referral_with_child()
    second, same = referral_with_child(received_at=dt.datetime(2026, 11, 18, 10, 0, tzinfo=LONDON))
    assert same == episode and Episode.objects.filter(child=episode.child).count() == 1
    pathway.close_episode(episode, actor=social_worker(), closed_on=DAY, reason="RC7", referral_nfa=True)
    third = referral_with_child(received_at=dt.datetime(2026, 11, 19, 10, 0, tzinfo=LONDON))[1]
    assert third != episode and Episode.objects.filter(child=episode.child).count() == 2


def test_ret1_the_primary_need_is_recorded_when_the_assessment_starts() -> None:
    _, episode = referral_with_child()
    worker = social_worker()
    with pytest.raises(PathwayRefused, match="primary need"):
        pathway.start_assessment(episode, actor=worker, started_on=DAY, primary_need="N99")
    pathway.start_assessment(episode, actor=worker, started_on=DAY, primary_need="N3")
    episode.refresh_from_db()
    assert episode.primary_need == "N3"


def test_sta1_looked_after_periods_do_not_overlap() -> None:
    _, episode = referral_with_child()
    worker = social_worker()
    period = pathway.record_looked_after(episode.child, actor=worker, started_on=dt.date(2025, 1, 6))
    with pytest.raises(PathwayRefused, match="overlaps"):
        pathway.record_looked_after(
            episode.child, actor=worker, started_on=dt.date(2025, 3, 1), ended_on=dt.date(2025, 4, 1)
        )
    pathway.end_looked_after(period, actor=worker, ended_on=dt.date(2025, 2, 28))
    pathway.record_looked_after(
        episode.child, actor=worker, started_on=dt.date(2025, 3, 1), ended_on=dt.date(2025, 4, 1)
    )
    assert episode.child.looked_after_periods.count() == 2


def test_ret1_child_census_details_check_the_upn_and_the_code_lists() -> None:
    _, episode = referral_with_child()
    worker = social_worker()
    rest = "201262110001"
    upn = pathway.upn_check_letter(rest) + rest
    assert pathway.valid_upn(upn) and not pathway.valid_upn("Z" + rest if upn[0] != "Z" else "Y" + rest)
    with pytest.raises(PathwayRefused, match="right format"):
        pathway.update_child_details(episode.child, actor=worker, upn="A12")
    with pytest.raises(PathwayRefused, match="not both"):
        pathway.update_child_details(episode.child, actor=worker, upn=upn, upn_unknown="UN2")
    with pytest.raises(PathwayRefused, match="No disability"):
        pathway.update_child_details(episode.child, actor=worker, disabilities=["NONE", "AUT"])
    with pytest.raises(PathwayRefused, match="ethnicity"):
        pathway.update_child_details(episode.child, actor=worker, ethnicity="XXXX")
    pathway.update_child_details(episode.child, actor=worker, upn=upn.lower(), ethnicity="WBRI", disabilities=["AUT"])
    details = ChildDetails.objects.get(person=episode.child)
    assert (details.upn, details.ethnicity, details.disabilities) == (upn, "WBRI", ["AUT"])


def test_sta1_review_conference_updates_the_category_and_the_next_due_date_then_ends_the_plan() -> None:
    _, episode = referral_with_child(outcome="strategy_discussion")
    worker = social_worker()
    s47 = _s47_needing_conference(episode)
    pathway.hold_initial_conference(s47, actor=worker, held_on=dt.date(2026, 11, 23), outcome="plan", category="NEG")
    plan = episode.cp_plans.get()
    with pytest.raises(PathwayRefused, match="continues or ends"):
        pathway.hold_review_conference(plan, actor=worker, held_on=dt.date(2026, 11, 24), outcome="plan")
    first = pathway.hold_review_conference(
        plan, actor=worker, held_on=dt.date(2026, 11, 24), outcome="plan_continues", category="EMO"
    )
    assert first.due_on == dt.date(2027, 2, 23)
    plan.refresh_from_db()
    assert (plan.initial_category, plan.latest_category) == ("NEG", "EMO")
    assert pathway.next_review_due(plan).due_on == dt.date(2027, 5, 24)  # 6 months after the last review
    pathway.hold_review_conference(plan, actor=worker, held_on=dt.date(2026, 11, 24), outcome="plan_ends")
    plan.refresh_from_db()
    assert plan.ended_on == dt.date(2026, 11, 24)
    assert Conference.objects.filter(plan=plan).count() == 2
    assert StrategyDiscussion.objects.filter(episode=episode).count() == 1
