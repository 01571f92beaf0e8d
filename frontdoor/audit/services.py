"""Writing the audit log. Call inside the transaction of the change being recorded.

An entry is inserted in the caller's transaction with its MAC (HMAC-SHA-256 under the audit
key, SEC-6): no lock and no shared row, so audited transactions never wait for each other.
The sealer (`seal`, run by the task worker every few seconds and by `verify_audit`) chains
the committed entries in short transactions of its own, and writes checkpoints of the head
outside the database (frontdoor/audit/chain.py, checkpoints.py, docs/decisions/0018).
What was done is always a member of ``Action`` (frontdoor/audit/actions.py), never free text.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from frontdoor.audit import checkpoints, keys
from frontdoor.audit.actions import Action
from frontdoor.audit.chain import GENESIS, canonical_detail, entry_mac, seal_hash
from frontdoor.audit.models import AuditChainHead, AuditEntry

if TYPE_CHECKING:  # annotations only: accounts sits above audit (it audits its own changes)
    from frontdoor.accounts.models import User

PUBLIC_REFERRER = "public referrer"
TASK_WORKER = "task worker"
SEAL_BATCH = 2000


def record(
    actor: User | None,
    action: Action,
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
    action: Action,
    object_type: str,
    object_id: str,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Insert one keyed entry, unsealed: one INSERT, in the caller's transaction."""
    if not isinstance(action, Action):
        raise TypeError(f"An audit action must be a member of frontdoor.audit.actions.Action, not {action!r}")
    key_id, key = keys.current_key()
    fields: dict[str, Any] = {
        "at": timezone.now(),
        "actor_id": actor.pk if actor is not None else None,
        "actor_label": actor_label[:150],
        "action": action.value,
        "object_type": object_type,
        "object_id": object_id,
        "reason": reason,
        "detail": canonical_detail(detail or {}),
    }
    return AuditEntry.objects.create(**fields, key_id=key_id, mac=entry_mac(fields, key))


@dataclass
class Sealed:
    count: int
    seq: int
    hash: str


def seal(*, batch: int = SEAL_BATCH) -> Sealed:
    """Chain the committed entries not yet sealed, in id order, in short transactions.

    Each batch locks the head row (so two sealers make one line), numbers the entries on
    from the head, and moves the head on. An entry whose key this server does not have is
    left unsealed (verify_audit reports it). Returns how many were sealed and the head.
    """
    known = keys.all_keys()
    total = 0
    while True:
        with transaction.atomic(durable=True):
            head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
            pending = list(
                AuditEntry.objects.filter(seq__isnull=True, key_id__in=list(known))
                .order_by("id")
                .only("id", "key_id", "mac")[:batch]
            )
            seq, prev = head.seq, head.hash or GENESIS
            for entry in pending:
                seq += 1
                entry.seq, entry.prev_hash = seq, prev
                entry.hash = prev = seal_hash(seq, prev, entry.mac, known[entry.key_id])
            if pending:
                AuditEntry.objects.bulk_update(pending, ["seq", "prev_hash", "hash"], batch_size=500)
                head.seq, head.hash = seq, prev
                head.save(update_fields=["seq", "hash"])
        total += len(pending)
        if len(pending) < batch:
            return Sealed(total, head.seq, head.hash)


# Per database: (time.monotonic() of this process's last checkpoint, the place it recorded).
_last_checkpoint: dict[str, tuple[float, int]] = {}


def seal_and_checkpoint(*, force: bool = False) -> Sealed:
    """The sealer's round (the task worker, every few seconds): seal, then write a checkpoint
    of the head outside the database when it has moved since the last one and that is old enough."""
    sealed = seal()
    identity = checkpoints.database_identity()
    when, seq = _last_checkpoint.get(identity, (float("-inf"), 0))
    due = time.monotonic() - when >= settings.FRONTDOOR_AUDIT_CHECKPOINT_SECONDS
    if sealed.seq and (force or (due and sealed.seq != seq)):
        checkpoints.write(sealed.seq, sealed.hash)
        _last_checkpoint[identity] = (time.monotonic(), sealed.seq)
    return sealed
