"""Who holds an information request: a manager allocates it to a team and a worker (issue 15);
staff claim a request, take the next one, and release it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import Team, User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.core.guards import require_manager
from frontdoor.sharing.models import (
    OPEN_REQUEST_STATUSES,
    InformationRequest,
)
from frontdoor.sharing.services.guards import (
    RESTRICTED,
    RequestRefused,
    _locked,
    _require_handler,
)
from frontdoor.sharing.services.queries import (
    WAITING_IN_QUEUE,
    request_queue,
)
from frontdoor.sharing.signals import request_allocated


@transaction.atomic(durable=True)
def allocate_request(
    request: InformationRequest, *, actor: User, worker: User | None, team: Team, reason: str = ""
) -> InformationRequest:
    """A manager gives an open request to a team and a worker in it (issue 15); moving it from one
    worker or team to another needs a reason. The worker finds it in their requests (``my_requests``)."""
    require_manager(actor, "allocate an information request", RequestRefused)
    locked = _locked(request, actor)
    if locked.status not in OPEN_REQUEST_STATUSES:
        raise RequestRefused("This request is no longer open: there is nothing left to allocate")
    if worker is not None and worker.team_id not in (None, team.pk):
        raise RequestRefused(f"{worker.display_name} is not in {team.name}: choose a worker in the team")
    previous = locked.allocated_to
    if previous == worker and locked.team_id == team.pk:
        raise RequestRefused(f"The request is already with {worker.display_name if worker else team.name}")
    moving = previous is not None  # a worker held it; the first allocation (from a queue's team) needs no reason
    if moving and not reason.strip():
        raise RequestRefused("Enter the reason for moving the request to another worker or team")
    locked.allocated_to = worker
    locked.team = team
    fields = ["allocated_to", "team"]
    if locked.claimed_by_id is not None and locked.claimed_by_id != (worker.pk if worker else None):
        locked.claimed_by = None  # the new holder works on it; nobody else holds it unknowingly
        fields.append("claimed_by")
    locked.save(update_fields=fields)
    audit.record(
        actor,
        Action.INFORMATION_REQUEST_ALLOCATED,
        locked,
        reason=reason.strip(),
        team=team.name,
        worker=worker.username if worker else "",
        previous=previous.username if previous else "",
    )
    request_allocated.send(sender=InformationRequest, request=locked, worker=worker, actor=actor)
    return locked


@transaction.atomic(durable=True)
def claim_request(request: InformationRequest, *, actor: User) -> InformationRequest:
    """Take a request to work on: one conditional UPDATE, so two people never hold it unknowingly."""
    return _claim_request(request, actor=actor)


@transaction.atomic
def _claim_request(request: InformationRequest, *, actor: User) -> InformationRequest:
    """``claim_request`` inside a caller's transaction (claim_next_request)."""
    _require_handler(actor)
    visible = InformationRequest.objects.visible_to(actor)  # a restricted person's request: not without access
    won = visible.filter(pk=request.pk, status__in=WAITING_IN_QUEUE, claimed_by__isnull=True).update(
        claimed_by=actor, claimed_at=timezone.now()
    )
    current = InformationRequest.objects.select_related("claimed_by").get(pk=request.pk)
    if not won and not visible.filter(pk=request.pk).exists():
        raise RequestRefused(RESTRICTED)
    if not won:
        if current.claimed_by_id == actor.pk:
            return current
        if current.claimed_by is not None:
            raise RequestRefused(f"{current.claimed_by.display_name} is already working on this request")
        raise RequestRefused(f"This request cannot be taken: it is {current.get_status_display().lower()}")
    audit.record(actor, Action.INFORMATION_REQUEST_CLAIMED, current)
    return current


def claim_next_request(*, actor: User) -> InformationRequest | None:
    _require_handler(actor)
    for pk in list(request_queue().values_list("id", flat=True)[:5]):
        try:
            return _claim_request(InformationRequest(pk=pk), actor=actor)
        except RequestRefused:
            continue
    return None


@transaction.atomic(durable=True)
def release_request(request: InformationRequest, *, actor: User) -> None:
    locked = _locked(request, actor)
    if locked.claimed_by_id is None:
        raise RequestRefused("Nobody is working on this request")
    if locked.claimed_by_id != actor.pk and not actor.is_manager:
        raise RequestRefused("Only the person working on it, or a team manager, can put it back in the queue")
    locked.claimed_by = None
    locked.claimed_at = None
    locked.save(update_fields=["claimed_by", "claimed_at"])
    audit.record(actor, Action.INFORMATION_REQUEST_RELEASED, locked)
