"""The audit log: who did or saw what, when, and why (SEC-2).

Entries are written by service functions in the same transaction as the change they
record, so a change and its audit entry are committed together or not at all.

Every entry is keyed when it is written (`key_id`, `mac`: HMAC-SHA-256 under a key held
outside the database, SEC-6) and chained by the sealer soon after: its place in the chain
(`seq`, 1, 2, 3...), the previous entry's chain hash and its own (see `frontdoor.audit.chain`).
Until it is sealed its `seq` is empty. `AuditChainHead` keeps the last place and hash;
checkpoints of it are written outside the database (`frontdoor.audit.checkpoints`).
`manage.py verify_audit` seals, then walks the chain (docs/operations.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.audit import actions


class AuditEntry(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who acted when there is no staff account: "public referrer", "task worker".
    actor_label = models.CharField(max_length=150)
    # What was done: a member of `Action` (frontdoor/audit/actions.py); its label is what the DPO reads.
    action = models.CharField(max_length=64, db_index=True, choices=actions.choices)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # The entry's key (SEC-6): which key, and the HMAC of the fields above under it.
    key_id = models.CharField(max_length=32, default="")
    mac = models.CharField(max_length=64, default="")
    # The hash chain (SEC-2), filled by the sealer: place in the chain, the previous entry's hash, this one's.
    seq = models.PositiveBigIntegerField(unique=True, null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"]),
            models.Index(fields=["actor", "at"]),
            # What the sealer looks for: the few entries not yet sealed.
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_entry_unsealed"),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """One row: the chain's last place and hash. Locked by the sealer, so sealers make one line."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = "audit chain head"

    def __str__(self) -> str:
        return f"audit chain at entry {self.seq}"
