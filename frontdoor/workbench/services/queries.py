"""Reading a worker's caseload, a team's workload and one's notifications (issue 15 parts 3 and 4).

Every read goes through the one visibility rule (``visible_to``): a restricted child's case is
left out of a caseload and of the workload counts of anyone who may not read it, and so is a
notification about it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from frontdoor.accounts.models import PATHWAY_ROLES, Team, User
from frontdoor.core import visibility
from frontdoor.core.requests import CURRENT_REQUEST
from frontdoor.intake.models import OPEN_STATUSES, Contact
from frontdoor.pathway import services as pathway
from frontdoor.pathway.models import Episode
from frontdoor.policy import timescales
from frontdoor.sharing.models import OPEN_REQUEST_STATUSES, InformationRequest
from frontdoor.workbench.models import Notification


def _hidden(user: User) -> visibility.Hidden | None:
    return visibility.hidden_from(user)


# --- My caseload ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadRow:
    episode: Episode
    next_deadline: pathway.PathwayDeadline | None
    last_visit: dt.date | None
    last_activity: dt.date

    @property
    def overdue(self) -> bool:
        return self.next_deadline is not None and self.next_deadline.state == timescales.DueState.OVERDUE


def _open_cases(viewer: User) -> QuerySet[Episode]:
    return Episode.objects.visible_to(viewer, _hidden(viewer)).filter(closed_on__isnull=True)


def caseload(worker: User, *, viewer: User, now: dt.datetime | None = None) -> list[CaseloadRow]:
    """The children whose open cases are allocated to ``worker``, as ``viewer`` may see them:
    each with their next deadline not yet met, the last time the child was seen (a visit) and the
    day of the last step recorded. Soonest deadline first."""
    now = now or timezone.now()
    rows = []
    for episode in pathway.with_steps(_open_cases(viewer).filter(allocated_worker=worker)):
        waiting = sorted(
            (d for d in pathway.episode_deadlines(episode, now) if d.done_on is None), key=lambda d: d.due_on
        )
        seen = [a.child_seen_on for a in episode.assessments.all() if a.child_seen_on]
        last_visit = max(seen) if seen else None
        last_activity = max(pathway.last_step_on(episode), last_visit or dt.date.min)
        rows.append(CaseloadRow(episode, waiting[0] if waiting else None, last_visit, last_activity))
    far = dt.date.max
    rows.sort(key=lambda r: (r.next_deadline.due_on if r.next_deadline else far, r.episode.child.display_name))
    return rows


def other_work(worker: User, *, viewer: User) -> dict[str, int]:
    """The contacts and information requests held by or allocated to ``worker`` that are still open."""
    hidden = _hidden(viewer)
    contacts = Contact.objects.visible_to(viewer, hidden).filter(allocated_to=worker, status__in=OPEN_STATUSES)
    requests = InformationRequest.objects.visible_to(viewer, hidden).filter(
        allocated_to=worker, status__in=list(OPEN_REQUEST_STATUSES)
    )
    return {"contacts": contacts.count(), "requests": requests.count()}


# --- The team's workload -------------------------------------------------------------------------


@dataclass
class WorkerLoad:
    worker: User | None  # None: the team's cases with no worker yet
    open_cases: int = 0
    overdue: int = 0
    due_soon: int = 0
    contacts: int = 0


@dataclass
class Workload:
    team: Team | None
    rows: list[WorkerLoad] = field(default_factory=list)

    @property
    def totals(self) -> WorkerLoad:
        total = WorkerLoad(None)
        for row in self.rows:
            total.open_cases += row.open_cases
            total.overdue += row.overdue
            total.due_soon += row.due_soon
            total.contacts += row.contacts
        return total


def workload(team: Team | None, *, viewer: User, now: dt.datetime | None = None) -> Workload:
    """Open cases, overdue and nearly due steps, and open contacts per worker of a team (all teams
    when ``team`` is None), as ``viewer`` may see them; then the team's totals."""
    now = now or timezone.now()
    workers = User.objects.filter(is_active=True, role__in=list(PATHWAY_ROLES)).select_related("team")
    episodes = _open_cases(viewer)
    if team is not None:
        workers = workers.filter(team=team)
        episodes = episodes.filter(team=team)
    loads: dict[int | None, WorkerLoad] = {w.pk: WorkerLoad(w) for w in workers.order_by("first_name", "username")}
    for episode in pathway.with_steps(episodes):
        key = episode.allocated_worker_id
        if key not in loads:
            loads[key] = WorkerLoad(episode.allocated_worker)
        row = loads[key]
        row.open_cases += 1
        for d in pathway.episode_deadlines(episode, now):
            if d.done_on is None and d.state == timescales.DueState.OVERDUE:
                row.overdue += 1
            elif d.done_on is None and d.state in (
                timescales.DueState.DUE_TODAY,
                timescales.DueState.DUE_NEXT_WORKING_DAY,
            ):
                row.due_soon += 1
    contacts = Contact.objects.visible_to(viewer, _hidden(viewer)).filter(
        allocated_to__in=[k for k in loads if k is not None], status__in=OPEN_STATUSES
    )
    for worker_id in contacts.values_list("allocated_to_id", flat=True):
        loads[worker_id].contacts += 1
    ordered = [row for key, row in loads.items() if key is not None]
    ordered.sort(key=lambda r: (-r.open_cases, r.worker.display_name if r.worker else ""))
    if None in loads:
        ordered.append(loads[None])
    return Workload(team, ordered)


# --- Notifications -------------------------------------------------------------------------------


def notifications_for(user: User) -> QuerySet[Notification]:
    """The user's notifications they may still read, newest first."""
    return Notification.objects.visible_to(user, _hidden(user)).filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    """The bell's number: unread notifications the user may read."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    request = CURRENT_REQUEST.get()
    # On a page, the request's rule (worked out once per request, and kept for the page's own reads).
    hidden = visibility.for_request(request) if request is not None and getattr(request, "user", None) == user else None
    return Notification.objects.visible_to(user, hidden).filter(recipient=user, read_at__isnull=True).count()
