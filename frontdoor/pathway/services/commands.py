"""Every change on the pathway after a referral: atomic, checked (``guards``), audited.

The steps of an episode are drawn in the package's docstring (``frontdoor.pathway.services``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import Team, User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.core.guards import require_manager
from frontdoor.pathway.models import (
    Assessment,
    ChildProtectionPlan,
    CINPlan,
    Conference,
    Episode,
    Section47,
    StrategyDiscussion,
)
from frontdoor.pathway.services.guards import (
    PathwayRefused,
    _check_category,
    _check_day,
    _clean_participants,
    _not_before,
    _open_episode,
    _require_recorder,
    _today,
    clean_factors,
)
from frontdoor.pathway.services.queries import (
    _last_step,
    _referral_episodes_done,
    linked_children,
    next_review_due,
    open_items,
)
from frontdoor.people.models import Person
from frontdoor.policy import census_codes, timescales
from frontdoor.policy.active import active_config
from frontdoor.policy.calendar import LONDON, to_london
from frontdoor.screening.models import Referral

# --- Who may do what -----------------------------------------------------------------------------


def _moment(day: dt.date, referral: Referral) -> dt.datetime:
    """A date as the moment a referral's deadline was met: midday that day, never before the referral."""
    at = dt.datetime.combine(day, dt.time(12, 0), tzinfo=LONDON)
    return max(at, referral.referred_at)


# --- Episodes (one child, from a referral to closure) ---------------------------------------------


@transaction.atomic
def open_episodes(referral: Referral, *, actor: User | None) -> list[Episode]:
    """One episode per linked child of a referral (STA-1). Safe to call again: a child linked
    after the referral was made gets their episode then; nobody gets two."""
    referral = Referral.objects.select_related("contact").get(pk=referral.pk)
    referral_date = to_london(referral.referred_at).date()
    source = census_codes.referral_source_for(referral.contact)
    episodes = []
    for child in linked_children(referral):
        already = Episode.objects.filter(child=child, closed_on__isnull=True).exclude(referral=referral).first()
        if already is not None:
            # One open episode per child (the census allows no other): a new referral while one is
            # open carries on in it.
            episodes.append(already)
            continue
        episode, created = Episode.objects.get_or_create(
            child=child,
            referral=referral,
            defaults={"referral_date": referral_date, "referral_source": source, "team_id": referral.team_id},
        )
        if created:
            audit.record(
                actor,
                Action.EPISODE_OPENED,
                episode,
                actor_label=audit.TASK_WORKER,
                referral=referral.reference,
                child=child.pk,
                referral_source=source,
            )
        episodes.append(episode)
    return episodes


@transaction.atomic(durable=True)
def open_earlier_episode(
    child: Person, *, actor: User, referral_date: dt.date, referral_source: str, team: Team | None = None
) -> Episode:
    """An episode that began before Front Door, entered from the council's earlier records so
    the census and the child's pathway are whole (it has no referral in this system)."""
    _require_recorder(actor)
    if referral_source not in census_codes.codes(census_codes.REFERRAL_SOURCES):
        raise PathwayRefused("Select the source of the referral")
    if referral_date > _today():
        raise PathwayRefused("The referral date must be today or in the past")
    episode = Episode.objects.create(
        child=child, referral=None, referral_date=referral_date, referral_source=referral_source, team=team
    )
    audit.record(
        actor, Action.EPISODE_OPENED, episode, child=child.pk, referral_source=referral_source, earlier_records=True
    )
    return episode


# --- Strategy discussion and Section 47 ------------------------------------------------------------


@transaction.atomic(durable=True)
def record_strategy_discussion(
    episode: Episode,
    *,
    actor: User,
    held_at: dt.datetime,
    participants: Sequence[dict[str, str]],
    outcome: str,
    notes: str = "",
) -> StrategyDiscussion:
    """Who took part and what they decided (Working Together 2023: at least children's social
    care, the police and health). Deciding on s47 here does not start it: the enquiry is started
    as its own step, by a person."""
    _require_recorder(actor)
    locked = _open_episode(episode)
    if outcome not in StrategyDiscussion.Outcome.values:
        raise PathwayRefused("Select what the strategy discussion decided")
    held_on = _check_day(to_london(held_at).date(), locked, "of the strategy discussion")
    if held_at > timezone.now():
        raise PathwayRefused("The strategy discussion must have happened already")
    people = _clean_participants(participants)
    agencies = {p["agency"].lower() for p in people}
    if len(people) < 2 or len(agencies) < 2:
        raise PathwayRefused(
            "A strategy discussion involves at least two agencies (usually social care, the police and health): "
            "enter everyone who took part"
        )
    discussion = StrategyDiscussion.objects.create(
        episode=locked, held_at=held_at, participants=people, outcome=outcome, recorded_by=actor, notes=notes.strip()
    )
    if locked.referral_id is not None:
        referral = Referral.objects.select_for_update().get(pk=locked.referral_id)
        if referral.strategy_decided_at is None:
            referral.strategy_decided_at = max(held_at, referral.referred_at)
            referral.save(update_fields=["strategy_decided_at"])
    audit.record(
        actor,
        Action.PATHWAY_STRATEGY_DISCUSSION,
        locked,
        discussion=discussion.pk,
        outcome=outcome,
        held_on=held_on.isoformat(),
        agencies=sorted(agencies),
    )
    return discussion


@transaction.atomic(durable=True)
def start_section47(
    episode: Episode, *, actor: User, strategy_discussion: StrategyDiscussion, started_on: dt.date
) -> Section47:
    """Start a Section 47 enquiry, as a strategy discussion decided (DEC-3: never by a rule)."""
    _require_recorder(actor)
    locked = _open_episode(episode)
    if strategy_discussion.episode_id != locked.pk:
        raise PathwayRefused("That strategy discussion is about another child")
    if strategy_discussion.outcome != StrategyDiscussion.Outcome.S47:
        raise PathwayRefused("A Section 47 enquiry starts only when a strategy discussion decided to start one")
    if Section47.objects.filter(strategy_discussion=strategy_discussion).exists():
        raise PathwayRefused("That strategy discussion already started a Section 47 enquiry")
    if locked.section47s.filter(completed_on__isnull=True).exists():
        raise PathwayRefused("A Section 47 enquiry is already open for this child: complete it first")
    _check_day(started_on, locked, "the enquiry started")
    discussed_on = to_london(strategy_discussion.held_at).date()
    _not_before(started_on, discussed_on, "the enquiry started")
    target = timescales.initial_conference_due_on(discussed_on).due_on
    s47 = Section47.objects.create(
        episode=locked,
        strategy_discussion=strategy_discussion,
        started_on=started_on,
        icpc_target=target,
        started_by=actor,
    )
    if locked.referral_id is not None:
        referral = Referral.objects.select_for_update().get(pk=locked.referral_id)
        if referral.s47_started_at is None:
            referral.s47_started_at = _moment(started_on, referral)
            referral.save(update_fields=["s47_started_at"])
    audit.record(
        actor,
        Action.PATHWAY_SECTION47_STARTED,
        locked,
        section47=s47.pk,
        started_on=started_on.isoformat(),
        icpc_target=target.isoformat(),
    )
    return s47


@transaction.atomic(durable=True)
def complete_section47(
    section47: Section47, *, actor: User, completed_on: dt.date, outcome: str, notes: str = ""
) -> Section47:
    """The enquiry's outcome, and whether an initial child protection conference is needed."""
    _require_recorder(actor)
    locked_episode = _open_episode(section47.episode)
    s47 = Section47.objects.select_for_update().get(pk=section47.pk)
    if s47.completed_on is not None:
        raise PathwayRefused("This enquiry is already completed")
    if outcome not in Section47.Outcome.values:
        raise PathwayRefused("Select the outcome of the enquiry")
    _check_day(completed_on, locked_episode, "the enquiry was completed")
    _not_before(completed_on, s47.started_on, "the enquiry was completed")
    s47.completed_on = completed_on
    s47.outcome = outcome
    s47.icpc_required = outcome == Section47.Outcome.SUBSTANTIATED_ICPC
    s47.completed_by = actor
    s47.notes = notes.strip()
    s47.save()
    audit.record(
        actor,
        Action.PATHWAY_SECTION47_COMPLETED,
        locked_episode,
        section47=s47.pk,
        outcome=outcome,
        icpc_required=s47.icpc_required,
    )
    return s47


# --- Assessment (section 17, the Assessment Framework) ---------------------------------------------


@transaction.atomic(durable=True)
def start_assessment(episode: Episode, *, actor: User, started_on: dt.date, primary_need: str = "") -> Assessment:
    """Start a child and family assessment, with the child's primary need as far as it is known
    (the census needs it for every referral that goes further; completing the assessment may
    change it)."""
    _require_recorder(actor)
    locked = _open_episode(episode)
    if locked.assessments.filter(completed_on__isnull=True).exists():
        raise PathwayRefused("An assessment is already open for this child")
    _check_day(started_on, locked, "the assessment started")
    if primary_need:
        if primary_need not in census_codes.codes(census_codes.PRIMARY_NEED):
            raise PathwayRefused("Select the child's primary need")
        locked.primary_need = primary_need
        locked.save(update_fields=["primary_need"])
    config = active_config()
    assessment = Assessment.objects.create(
        episode=locked,
        started_on=started_on,
        due_on=timescales.assessment_due_on(locked.referral_date, config).due_on,
        child_seen_due_on=timescales.child_seen_due_on(locked.referral_date, config).due_on,
        started_by=actor,
    )
    audit.record(
        actor,
        Action.PATHWAY_ASSESSMENT_STARTED,
        locked,
        assessment=assessment.pk,
        started_on=started_on.isoformat(),
        due_on=assessment.due_on.isoformat(),
    )
    return assessment


def _keep_referral_in_step(episode: Episode, field: str, done: str) -> None:
    if episode.referral_id is None:
        return
    referral = Referral.objects.select_for_update().get(pk=episode.referral_id)
    if getattr(referral, field) is not None:
        return
    days = _referral_episodes_done(referral.pk, done)
    if days:
        setattr(referral, field, _moment(max(days), referral))
        referral.save(update_fields=[field])


@transaction.atomic(durable=True)
def record_child_seen(assessment: Assessment, *, actor: User, seen_on: dt.date) -> Assessment:
    _require_recorder(actor)
    locked_episode = _open_episode(assessment.episode)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.child_seen_on is not None:
        raise PathwayRefused("That the child was seen is already recorded")
    _check_day(seen_on, locked_episode, "the child was seen")
    locked.child_seen_on = seen_on
    locked.save(update_fields=["child_seen_on"])
    _keep_referral_in_step(locked_episode, "child_seen_at", "child_seen_on")
    audit.record(actor, Action.PATHWAY_CHILD_SEEN, locked_episode, assessment=locked.pk, seen_on=seen_on.isoformat())
    return locked


@transaction.atomic(durable=True)
def complete_assessment(
    assessment: Assessment,
    *,
    actor: User,
    completed_on: dt.date,
    factors: Iterable[str],
    primary_need: str,
    summary: str = "",
) -> Assessment:
    """The worker completes the assessment with the census factors and the child's primary need;
    a manager who is someone else authorises it."""
    _require_recorder(actor)
    locked_episode = _open_episode(assessment.episode)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.completed_on is not None:
        raise PathwayRefused("This assessment is already completed")
    if locked.child_seen_on is None:
        raise PathwayRefused("Record that the child was seen before completing the assessment")
    chosen = clean_factors(factors)
    if primary_need not in census_codes.codes(census_codes.PRIMARY_NEED):
        raise PathwayRefused("Select the child's primary need")
    _check_day(completed_on, locked_episode, "the assessment was completed")
    _not_before(completed_on, locked.started_on, "the assessment was completed")
    locked.completed_on = completed_on
    locked.completed_by = actor
    locked.factors = chosen
    locked.summary = summary.strip()
    locked.save(update_fields=["completed_on", "completed_by", "factors", "summary"])
    locked_episode.primary_need = primary_need
    locked_episode.save(update_fields=["primary_need"])
    _keep_referral_in_step(locked_episode, "assessment_completed_at", "completed_on")
    audit.record(
        actor,
        Action.PATHWAY_ASSESSMENT_COMPLETED,
        locked_episode,
        assessment=locked.pk,
        factors=chosen,
        primary_need=primary_need,
        late=completed_on > locked.due_on,
    )
    return locked


@transaction.atomic(durable=True)
def authorise_assessment(assessment: Assessment, *, actor: User, authorised_on: dt.date) -> Assessment:
    require_manager(actor, "authorise an assessment", PathwayRefused)
    locked_episode = _open_episode(assessment.episode)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.completed_on is None:
        raise PathwayRefused("Only a completed assessment can be authorised")
    if locked.authorised_on is not None:
        raise PathwayRefused("This assessment is already authorised")
    if locked.completed_by_id == actor.pk:
        raise PathwayRefused("You completed this assessment: another manager must authorise it")
    _check_day(authorised_on, locked_episode, "the assessment was authorised")
    _not_before(authorised_on, locked.completed_on, "the assessment was authorised")
    locked.authorised_on = authorised_on
    locked.authorised_by = actor
    locked.save(update_fields=["authorised_on", "authorised_by"])
    audit.record(
        actor,
        Action.PATHWAY_ASSESSMENT_AUTHORISED,
        locked_episode,
        assessment=locked.pk,
        authorised_on=authorised_on.isoformat(),
    )
    return locked


# --- Conferences and child protection plans --------------------------------------------------------


@transaction.atomic(durable=True)
def hold_initial_conference(
    section47: Section47, *, actor: User, held_on: dt.date, outcome: str, category: str = "", notes: str = ""
) -> Conference:
    """An initial child protection conference after a Section 47 enquiry that found one needed.
    If it decides the child needs a plan, the child protection plan starts that day."""
    _require_recorder(actor)
    locked_episode = _open_episode(section47.episode)
    s47 = Section47.objects.select_for_update().get(pk=section47.pk)
    if not s47.icpc_required:
        raise PathwayRefused("An initial conference follows a Section 47 enquiry that found one is needed")
    if s47.conferences.filter(kind=Conference.Kind.INITIAL).exists():
        raise PathwayRefused("The initial conference for this enquiry is already recorded")
    if outcome not in (Conference.Outcome.PLAN, Conference.Outcome.NO_PLAN):
        raise PathwayRefused("Select whether the child needs a child protection plan")
    _check_day(held_on, locked_episode, "of the conference")
    _not_before(held_on, s47.started_on, "of the conference")
    if outcome == Conference.Outcome.PLAN:
        _check_category(category)
        if locked_episode.cp_plans.filter(ended_on__isnull=True).exists():
            raise PathwayRefused("This child already has a child protection plan")
    conference = Conference.objects.create(
        episode=locked_episode,
        kind=Conference.Kind.INITIAL,
        held_on=held_on,
        section47=s47,
        outcome=outcome,
        due_on=s47.icpc_target,
        recorded_by=actor,
        notes=notes.strip(),
    )
    plan = None
    if outcome == Conference.Outcome.PLAN:
        plan = _start_cp_plan(locked_episode, held_on, category, actor=actor)
    audit.record(
        actor,
        Action.PATHWAY_INITIAL_CONFERENCE,
        locked_episode,
        conference=conference.pk,
        outcome=outcome,
        held_on=held_on.isoformat(),
        due_on=s47.icpc_target.isoformat() if s47.icpc_target else "",
        plan=plan.pk if plan else None,
    )
    return conference


def _start_cp_plan(episode: Episode, started_on: dt.date, category: str, *, actor: User) -> ChildProtectionPlan:
    # A child protection plan replaces a child in need plan: the census does not let them overlap.
    for cin in episode.cin_plans.filter(ended_on__isnull=True):
        cin.ended_on = started_on
        cin.save(update_fields=["ended_on"])
        audit.record(actor, Action.PATHWAY_CIN_PLAN_ENDED, episode, plan=cin.pk, reason="child protection plan started")
    plan = ChildProtectionPlan.objects.create(
        episode=episode, started_on=started_on, initial_category=category, latest_category=category
    )
    audit.record(actor, Action.PATHWAY_CP_PLAN_STARTED, episode, plan=plan.pk, category=category)
    return plan


@transaction.atomic(durable=True)
def hold_review_conference(
    plan: ChildProtectionPlan, *, actor: User, held_on: dt.date, outcome: str, category: str = "", notes: str = ""
) -> Conference:
    """A review conference: the plan continues (perhaps under another category) or ends."""
    _require_recorder(actor)
    locked_episode = _open_episode(plan.episode)
    locked = ChildProtectionPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.ended_on is not None:
        raise PathwayRefused("This plan has ended: there is nothing to review")
    if outcome not in (Conference.Outcome.PLAN_CONTINUES, Conference.Outcome.PLAN_ENDS):
        raise PathwayRefused("Select whether the plan continues or ends")
    _check_day(held_on, locked_episode, "of the review conference")
    last = locked.reviews.order_by("-held_on").first()
    _not_before(held_on, last.held_on if last else locked.started_on, "of the review conference")
    due = next_review_due(locked).due_on
    conference = Conference.objects.create(
        episode=locked_episode,
        kind=Conference.Kind.REVIEW,
        held_on=held_on,
        plan=locked,
        outcome=outcome,
        due_on=due,
        recorded_by=actor,
        notes=notes.strip(),
    )
    if category:
        locked.latest_category = _check_category(category)
    if outcome == Conference.Outcome.PLAN_ENDS:
        locked.ended_on = held_on
    locked.save(update_fields=["latest_category", "ended_on"])
    audit.record(
        actor,
        Action.PATHWAY_REVIEW_CONFERENCE,
        locked_episode,
        conference=conference.pk,
        plan=locked.pk,
        outcome=outcome,
        held_on=held_on.isoformat(),
        due_on=due.isoformat(),
    )
    return conference


@transaction.atomic(durable=True)
def end_cp_plan(plan: ChildProtectionPlan, *, actor: User, ended_on: dt.date, reason: str) -> ChildProtectionPlan:
    """A plan ends other than at a review (for example the child moves to another council)."""
    require_manager(actor, "end a child protection plan outside a review conference", PathwayRefused)
    locked_episode = _open_episode(plan.episode)
    locked = ChildProtectionPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.ended_on is not None:
        raise PathwayRefused("This plan has already ended")
    if not reason.strip():
        raise PathwayRefused("Enter why the plan is ending without a review conference")
    _check_day(ended_on, locked_episode, "the plan ended")
    _not_before(ended_on, locked.started_on, "the plan ended")
    locked.ended_on = ended_on
    locked.save(update_fields=["ended_on"])
    audit.record(actor, Action.PATHWAY_CP_PLAN_ENDED, locked_episode, plan=locked.pk, reason=reason.strip())
    return locked


# --- Child in need plans ----------------------------------------------------------------------------


@transaction.atomic(durable=True)
def start_cin_plan(episode: Episode, *, actor: User, started_on: dt.date) -> CINPlan:
    _require_recorder(actor)
    locked = _open_episode(episode)
    if locked.cin_plans.filter(ended_on__isnull=True).exists():
        raise PathwayRefused("This child already has a child in need plan")
    if locked.cp_plans.filter(ended_on__isnull=True).exists():
        raise PathwayRefused("This child has a child protection plan: a child in need plan starts when it ends")
    if not locked.assessments.filter(completed_on__isnull=False).exists():
        raise PathwayRefused("A child in need plan follows a completed assessment")
    _check_day(started_on, locked, "the plan started")
    plan = CINPlan.objects.create(episode=locked, started_on=started_on)
    audit.record(actor, Action.PATHWAY_CIN_PLAN_STARTED, locked, plan=plan.pk, started_on=started_on.isoformat())
    return plan


@transaction.atomic(durable=True)
def end_cin_plan(plan: CINPlan, *, actor: User, ended_on: dt.date) -> CINPlan:
    _require_recorder(actor)
    locked_episode = _open_episode(plan.episode)
    locked = CINPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.ended_on is not None:
        raise PathwayRefused("This plan has already ended")
    _check_day(ended_on, locked_episode, "the plan ended")
    _not_before(ended_on, locked.started_on, "the plan ended")
    locked.ended_on = ended_on
    locked.save(update_fields=["ended_on"])
    audit.record(actor, Action.PATHWAY_CIN_PLAN_ENDED, locked_episode, plan=locked.pk, ended_on=ended_on.isoformat())
    return locked


# --- Closure ---------------------------------------------------------------------------------------


AFTER_ASSESSMENT = ("RC8", "RC9")  # the census: only after an assessment, with nothing more (rules 8825, 2990)


@transaction.atomic(durable=True)
def close_episode(
    episode: Episode, *, actor: User, closed_on: dt.date, reason: str, referral_nfa: bool = False
) -> Episode:
    """Close an episode with the census reason (RET-1). Nothing may be left open; a referral
    closed with no further action has had no assessment, enquiry or plan."""
    _require_recorder(actor)
    locked = _open_episode(episode)
    if reason not in census_codes.codes(census_codes.CLOSURE_REASONS):
        raise PathwayRefused("Select the reason for closing")
    problems = open_items(locked)
    if problems:
        raise PathwayRefused("The episode cannot close yet: " + "; ".join(problems))
    _check_day(closed_on, locked, "of closure")
    _not_before(closed_on, _last_step(locked), "of closure (the last recorded step)")
    if reason in AFTER_ASSESSMENT:
        if not locked.assessments.filter(completed_on__isnull=False).exists():
            raise PathwayRefused("'Case closed after assessment' needs a completed assessment: choose another reason")
        if (
            locked.section47s.exists()
            or locked.cp_plans.exists()
            or locked.cin_plans.exists()
            or locked.conferences.exists()
        ):
            raise PathwayRefused(
                "'Case closed after assessment' is only for an episode with no Section 47 enquiry, conference or "
                "plan: choose another reason (for example, services ceased)"
            )
    if referral_nfa:
        started = (
            locked.assessments.exists()
            or locked.section47s.exists()
            or locked.cp_plans.exists()
            or locked.cin_plans.exists()
        )
        if started:
            raise PathwayRefused("'No further action' at referral is only for an episode with no assessment or plan")
    locked.closed_on = closed_on
    locked.closure_reason = reason
    locked.referral_nfa = referral_nfa
    locked.closed_by = actor
    locked.save(update_fields=["closed_on", "closure_reason", "referral_nfa", "closed_by"])
    audit.record(
        actor, Action.EPISODE_CLOSED, locked, closed_on=closed_on.isoformat(), reason=reason, referral_nfa=referral_nfa
    )
    return locked
