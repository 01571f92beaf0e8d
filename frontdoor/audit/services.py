"""Writing the audit log. Call inside the transaction of the change being recorded."""

from __future__ import annotations

from typing import Any

from django.db import models

from frontdoor.accounts.models import User
from frontdoor.audit.models import AuditEntry

PUBLIC_REFERRER = "public referrer"
TASK_WORKER = "task worker"


def record(
    actor: User | None,
    action: str,
    obj: models.Model,
    *,
    actor_label: str = "",
    reason: str = "",
    **detail: Any,
) -> AuditEntry:
    """Record that `actor` did `action` to `obj`. `actor_label` names a non-staff actor."""
    label = actor.username if actor is not None else (actor_label or PUBLIC_REFERRER)
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=label,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        reason=reason,
        detail=detail,
    )
