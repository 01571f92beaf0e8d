"""Restricted records (SEC-1): who may see them, and each break-glass use.

A restriction covers a contact or a person of the index. Only its named people (and the
members of its team, when it has one) see the record's contents; anyone else sees that it
exists and can ask for access with a reason (break-glass), for a limited time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Restriction(models.Model):
    class Kind(models.TextChoices):
        ALLEGATION = "allegation", "An allegation against someone who works with children"
        STAFF_FAMILY = "staff_family", "The family of a member of staff"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    contact = models.ForeignKey(
        "intake.Contact", null=True, blank=True, on_delete=models.CASCADE, related_name="restrictions"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="restrictions"
    )
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Every member of this team may see the record (the allegations team for an allegation).",
    )
    reason = models.TextField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(contact__isnull=False, person__isnull=True) | Q(contact__isnull=True, person__isnull=False),
                name="restriction_one_record",
            ),
        ]

    def __str__(self) -> str:
        record = f"contact {self.contact_id}" if self.contact_id else f"person {self.person_id}"
        return f"{self.get_kind_display()}: {record}"


class RestrictionMember(models.Model):
    """A person named on a restriction: they see the record's contents."""

    restriction = models.ForeignKey(Restriction, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["restriction", "user"], name="restriction_member_once")]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.restriction_id}"


class BreakGlass(models.Model):
    """Someone not named on a restriction opened the record, with a reason, for a limited time.
    Flagged to the data protection officer until they mark it reviewed."""

    restriction = models.ForeignKey(Restriction, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "expires_at"])]
        verbose_name_plural = "break-glass uses"

    def __str__(self) -> str:
        return f"{self.user_id} on {self.restriction_id} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def active(self) -> bool:
        return self.expires_at > timezone.now()
