"""What the pathway reads and never changes: a referral's children, what stops an episode closing,
and the deadlines of episodes (TIM-2, TIM-3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.pathway.models import ChildProtectionPlan, Conference, Episode, Section47
from frontdoor.people.models import ContactPersonLink, Person
from frontdoor.policy import timescales
from frontdoor.policy.active import active_config
from frontdoor.policy.calendar import to_london
from frontdoor.screening.models import Referral

# --- Episodes (one child, from a referral to closure) ---------------------------------------------


def linked_children(referral: Referral) -> list[Person]:
    """The children on the referral's contact that a member of staff linked to the person index."""
    links = ContactPersonLink.objects.filter(
        contact_person__contact_id=referral.contact_id, person__isnull=False
    ).select_related("contact_person", "person")
    children: list[Person] = []
    for link in links:
        if link.is_linked and link.contact_person.is_child and link.person is not None:
            person = link.person
            while person.merged_into_id is not None and person.merged_into is not None:
                person = person.merged_into
            if person not in children:
                children.append(person)
    return children


# --- Assessment (section 17, the Assessment Framework) ---------------------------------------------


def _referral_episodes_done(referral_id: int, done: str) -> list[dt.date] | None:
    """The dates every open child of a referral had ``done`` (child_seen_on or completed_on), or
    None while one is still waiting."""
    days: list[dt.date] = []
    for episode in Episode.objects.filter(referral_id=referral_id).prefetch_related("assessments"):
        if episode.referral_nfa:
            continue
        values = [getattr(a, done) for a in episode.assessments.all() if getattr(a, done) is not None]
        if not values:
            return None
        days.append(min(values))
    return days or None


# --- Conferences and child protection plans --------------------------------------------------------


def next_review_due(plan: ChildProtectionPlan) -> timescales.DueDate:
    last = plan.reviews.filter(kind=Conference.Kind.REVIEW).order_by("-held_on").first()
    return timescales.review_conference_due_on(plan.started_on, last.held_on if last else None)


# --- Closure ---------------------------------------------------------------------------------------


def open_items(episode: Episode) -> list[str]:
    """What stops an episode closing, in words."""
    problems = []
    if episode.assessments.filter(completed_on__isnull=True).exists():
        problems.append("an assessment is not completed")
    if episode.assessments.filter(completed_on__isnull=False, authorised_on__isnull=True).exists():
        problems.append("an assessment is waiting for a manager to authorise it")
    if episode.section47s.filter(completed_on__isnull=True).exists():
        problems.append("a Section 47 enquiry is not completed")
    if any(
        s.icpc_required and not s.conferences.filter(kind=Conference.Kind.INITIAL).exists()
        for s in episode.section47s.all()
    ):
        problems.append("an initial child protection conference is needed and not yet held")
    if episode.cp_plans.filter(ended_on__isnull=True).exists():
        problems.append("the child protection plan has not ended")
    if episode.cin_plans.filter(ended_on__isnull=True).exists():
        problems.append("the child in need plan has not ended")
    return problems


def _last_step(episode: Episode) -> dt.date:
    days = [episode.referral_date]
    days += [to_london(sd.held_at).date() for sd in episode.strategy_discussions.all()]
    days += [d for s in episode.section47s.all() for d in (s.started_on, s.completed_on) if d]
    days += [d for a in episode.assessments.all() for d in (a.started_on, a.completed_on, a.authorised_on) if d]
    days += [c.held_on for c in episode.conferences.all()]
    days += [d for p in episode.cp_plans.all() for d in (p.started_on, p.ended_on) if d]
    days += [d for p in episode.cin_plans.all() for d in (p.started_on, p.ended_on) if d]
    return max(days)


def last_step_on(episode: Episode) -> dt.date:
    """The day of the last step recorded on the episode (the referral's, when none yet)."""
    return _last_step(episode)


# --- Deadlines (TIM-2, TIM-3) ----------------------------------------------------------------------


@dataclass(frozen=True)
class PathwayDeadline:
    rule_id: str
    title: str
    source: str
    due_on: dt.date
    done_on: dt.date | None
    state: str
    episode: Episode

    @property
    def late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due_on


def episode_deadlines(episode: Episode, now: dt.datetime | None = None) -> list[PathwayDeadline]:
    """Every deadline of an episode, met or not, with its rule and source (TIM-2, DEC-7)."""
    now = now or timezone.now()
    config = active_config()
    rows: list[tuple[timescales.DueDate, dt.date | None]] = []
    assessments = list(episode.assessments.all())
    s47s = list(episode.section47s.all())
    if not episode.referral_nfa:
        if assessments:
            seen = [a.child_seen_on for a in assessments if a.child_seen_on]
            done = [a.completed_on for a in assessments if a.completed_on]
            rows.append((timescales.child_seen_due_on(episode.referral_date, config), min(seen) if seen else None))
            rows.append((timescales.assessment_due_on(episode.referral_date, config), min(done) if done else None))
        elif episode.closed_on is None:
            rows.append((timescales.child_seen_due_on(episode.referral_date, config), None))
            rows.append((timescales.assessment_due_on(episode.referral_date, config), None))
    for s47 in s47s:
        if s47.icpc_target is None or s47.icpc_required is False:
            continue
        initial = next((c for c in episode.conferences.all() if c.kind == "initial" and c.section47_id == s47.pk), None)
        discussed = to_london(s47.strategy_discussion.held_at).date() if s47.strategy_discussion else s47.started_on
        rows.append((timescales.initial_conference_due_on(discussed), initial.held_on if initial else None))
    for plan in episode.cp_plans.all():
        reviews = sorted((c for c in episode.conferences.all() if c.plan_id == plan.pk), key=lambda c: c.held_on)
        last: dt.date | None = None
        for review in reviews:
            rows.append((timescales.review_conference_due_on(plan.started_on, last), review.held_on))
            last = review.held_on
        if plan.ended_on is None:
            rows.append((timescales.review_conference_due_on(plan.started_on, last), None))
    result = []
    for due, done_on in rows:
        state = timescales.date_due_state(due.due_on, now, done_on)
        result.append(PathwayDeadline(due.rule_id, due.title, due.source, due.due_on, done_on, state, episode))
    return result


def with_steps(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    return episodes.select_related("child", "referral", "team", "allocated_worker").prefetch_related(
        "assessments",
        Prefetch("section47s", queryset=Section47.objects.select_related("strategy_discussion")),
        "conferences",
        "cp_plans",
        "cin_plans",
        "strategy_discussions",
    )


def due_items(*, team: Team | None = None, now: dt.datetime | None = None) -> list[PathwayDeadline]:
    """Open pathway deadlines due by the end of the next working day, or overdue (TIM-3)."""
    now = now or timezone.now()
    episodes = Episode.objects.filter(closed_on__isnull=True)
    if team is not None:
        episodes = episodes.filter(team=team)
    items = [
        d
        for episode in with_steps(episodes)
        for d in episode_deadlines(episode, now)
        if d.state
        in (timescales.DueState.OVERDUE, timescales.DueState.DUE_TODAY, timescales.DueState.DUE_NEXT_WORKING_DAY)
    ]
    order = {"overdue": 0, "due_today": 1, "due_next_working_day": 2}
    items.sort(key=lambda d: (order[d.state], d.due_on))
    return items
