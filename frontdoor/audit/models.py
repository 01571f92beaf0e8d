"""The audit log: who did or saw what, when, and why (SEC-2).

Entries are written by service functions in the same transaction as the change they
record, so a change and its audit entry are committed together or not at all.

The log is a hash chain: every entry carries its place in the chain (`seq`, 1, 2, 3...),
the previous entry's hash and its own hash, SHA-256 over a canonical serialisation of
its fields and the previous hash (see `frontdoor.audit.chain`). `AuditChainHead` keeps the
last place and hash, so a cut at the end is noticed as well as an edit or a gap.
`manage.py verify_audit` walks the chain (docs/operations.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEntry(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who acted when there is no staff account: "public referrer", "task worker".
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # The hash chain (SEC-2): place in the chain, the previous entry's hash, this entry's hash.
    seq = models.PositiveBigIntegerField(unique=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"]),
            models.Index(fields=["actor", "at"]),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """One row: the chain's last place and hash. Locked by every append, so appends are linear."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = "audit chain head"

    def __str__(self) -> str:
        return f"audit chain at entry {self.seq}"
