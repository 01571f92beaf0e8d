"""DEMO DATA ONLY: allocated cases (issue 15), so the caseload, workload and notifications pages
have something to show. The open pathways are allocated through the real service by the
Assessment team North's manager: most to the demo social worker, a few left to the team."""

from __future__ import annotations

import datetime as dt

from frontdoor.accounts.models import User
from frontdoor.intake.models import OutboundEmail
from frontdoor.pathway import services as pathway
from frontdoor.pathway.models import Episode

LEFT_WITH_THE_TEAM = 2


def allocate_demo_cases(users: dict[str, User], *, limit: int = 8) -> int:
    """Allocate up to ``limit`` open, unallocated pathways to ``socialworker``; leave a couple with
    the team so the workload page shows cases waiting for a worker. Returns how many were allocated."""
    worker, boss = users["socialworker"], users["manager2"]
    waiting = list(Episode.objects.filter(closed_on__isnull=True, allocated_worker__isnull=True).order_by("id"))
    if not waiting:
        return 0
    keep = waiting[-LEFT_WITH_THE_TEAM:] if len(waiting) > LEFT_WITH_THE_TEAM else []
    allocated = 0
    for episode in waiting:
        if allocated >= limit:
            break
        if episode in keep:
            if episode.team_id != worker.team_id:
                pathway.allocate(episode, actor=boss, worker=None, team=worker.team)
            continue
        pathway.allocate(episode, actor=boss, worker=worker, team=worker.team)
        allocated += 1
    return allocated


def settle_old_alerts(now: dt.datetime) -> int:
    """DEMO DATA ONLY: the urgent alerts of contacts that arrived before the last hour were sent
    when they arrived (routing the demo's history to the allocated worker raises them now)."""
    old = OutboundEmail.objects.filter(
        kind=OutboundEmail.Kind.URGENT_ALERT,
        status=OutboundEmail.Status.PENDING,
        contact__received_at__lt=now - dt.timedelta(hours=1),
    ).select_related("contact")
    settled = 0
    for email in old:
        assert email.contact is not None  # noqa: S101 - filtered on the contact's arrival
        at = email.contact.received_at + dt.timedelta(minutes=2)
        OutboundEmail.objects.filter(pk=email.pk).update(
            status=OutboundEmail.Status.SENT, sent_at=at, attempts=1, created_at=at, next_attempt_at=at
        )
        settled += 1
    return settled
