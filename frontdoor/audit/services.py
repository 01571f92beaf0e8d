"""Writing the audit log. Call inside the transaction of the change being recorded.

Every entry is appended to the hash chain (SEC-2, frontdoor/audit/chain.py) under a lock
on the chain head, so concurrent appends stay one line: on PostgreSQL a transaction-level
advisory lock and a row lock on the head; SQLite lets one writer in at a time anyway.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.audit.chain import GENESIS, canonical_detail, entry_hash
from frontdoor.audit.models import AuditChainHead, AuditEntry

PUBLIC_REFERRER = "public referrer"
TASK_WORKER = "task worker"
# pg_advisory_xact_lock key for the audit chain ("audit" in ASCII).
CHAIN_LOCK_KEY = 0x6175646974


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
    return append(
        actor=actor,
        actor_label=label,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        reason=reason,
        detail=detail,
    )


def append(
    *,
    actor: User | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain: lock the head, hash against it, move it on."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        fields: dict[str, Any] = {
            "seq": head.seq + 1,
            "at": timezone.now(),
            "actor_id": actor.pk if actor is not None else None,
            "actor_label": actor_label[:150],
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "reason": reason,
            "detail": canonical_detail(detail or {}),
        }
        prev_hash = head.hash or GENESIS
        digest = entry_hash(fields, prev_hash)
        entry = AuditEntry.objects.create(**fields, prev_hash=prev_hash, hash=digest)
        head.seq, head.hash = entry.seq, digest
        head.save(update_fields=["seq", "hash"])
        return entry
