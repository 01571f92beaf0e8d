"""Allocating a child's case, or a whole referral's, to a team and a worker (issue 15):
managers only, a reason to move it from the worker who holds it, audited."""

from __future__ import annotations

from django.db import transaction

from frontdoor.accounts.models import Team, User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.core.guards import require_manager
from frontdoor.pathway.models import Episode
from frontdoor.pathway.services.guards import (
    PathwayRefused,
    _open_episode,
    _today,
    can_record,
)
from frontdoor.pathway.signals import episode_allocated
from frontdoor.people import services as people_services
from frontdoor.screening.models import Referral


@transaction.atomic(durable=True)
def allocate(
    episode: Episode, *, actor: User, worker: User | None, team: Team | None = None, reason: str = ""
) -> Episode:
    """A manager gives a child's case to a team and a worker (issue 15). Moving it from one
    worker or team to another needs a reason. The child's open involvements name the worker too,
    so new contacts (INT-14) and information requests (INF-1) about the child follow the case."""
    return _allocate(episode, actor=actor, worker=worker, team=team, reason=reason)


@transaction.atomic(durable=True)
def allocate_referral(
    referral: Referral, *, actor: User, worker: User | None, team: Team | None = None, reason: str = ""
) -> list[Episode]:
    """Allocate every open episode of a referral (one per child) to the same team and worker."""
    require_manager(actor, "allocate a case", PathwayRefused)
    episodes = list(Episode.objects.filter(referral=referral, closed_on__isnull=True).order_by("id"))
    if not episodes:
        raise PathwayRefused("This referral has no open pathway to allocate: open the children's pathways first")
    return [_allocate(e, actor=actor, worker=worker, team=team, reason=reason) for e in episodes]


@transaction.atomic
def _allocate(episode: Episode, *, actor: User, worker: User | None, team: Team | None, reason: str) -> Episode:
    require_manager(actor, "allocate a case", PathwayRefused)
    locked = _open_episode(episode)
    if worker is not None and not can_record(worker):
        raise PathwayRefused(f"{worker.display_name} cannot hold a case: choose a social worker or a manager")
    if worker is not None and team is not None and worker.team_id not in (None, team.pk):
        raise PathwayRefused(f"{worker.display_name} is not in {team.name}: choose a worker in the team")
    new_team = team if team is not None else (worker.team if worker is not None and worker.team_id else None)
    previous = locked.allocated_worker
    if previous == worker and (new_team is None or locked.team_id == new_team.pk):
        raise PathwayRefused(f"The case is already allocated to {worker.display_name if worker else 'nobody'}")
    # A case moves when a worker held it: the first allocation (from the referring team) needs no reason.
    moving = previous is not None
    if moving and not reason.strip():
        raise PathwayRefused("Enter the reason for moving the case to another worker or team")
    locked.allocated_worker = worker
    if new_team is not None:
        locked.team = new_team
    locked.save(update_fields=["allocated_worker", "team"])
    action = Action.EPISODE_REALLOCATED if moving else Action.EPISODE_ALLOCATED
    audit.record(
        actor,
        action,
        locked,
        worker=worker.username if worker else "",
        previous=previous.username if previous else "",
        team=locked.team.name if locked.team else "",
        reason=reason.strip(),
    )
    source = locked.referral.reference if locked.referral_id is not None and locked.referral else f"episode {locked.pk}"
    people_services.allocate_open_case(
        locked.child,
        actor=actor,
        worker=worker,
        source_reference=source,
        team=locked.team.name if locked.team else "",
        start=_today(),
    )
    episode_allocated.send(
        sender=Episode, episode=locked, worker=worker, previous=previous, reason=reason.strip(), actor=actor
    )
    return locked
