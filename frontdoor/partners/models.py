"""Partner organisations (schools, hospitals, police) whose own systems send contacts through
the API (/api/v1/), their tokens, and the record of which contacts each sent.

A token is shown once when it is issued; only its SHA-256 is kept (a token is 32 random
bytes, so a slow password hash adds nothing). Its first characters (the prefix) find it.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.intake.models import Contact, OrganisationType


class Scope(models.TextChoices):
    CONTACTS_WRITE = "contacts:write", "Send contacts and their documents"
    CONTACTS_READ = "contacts:read", "Read the status and outcome of the contacts it sent"


class PartnerOrganisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    organisation_type = models.CharField(max_length=32, choices=OrganisationType.choices)
    contact_email = models.EmailField(max_length=254, help_text="Who at the partner looks after the connection.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.PROTECT, related_name="tokens")
    name = models.CharField(max_length=100, help_text="Which system uses it, for example 'CPOMS live'.")
    prefix = models.CharField(max_length=16, unique=True)
    token_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation} / {self.name} ({self.prefix}...)"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.organisation.is_active

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(s, s)) for s in self.scopes]


class PartnerSubmission(models.Model):
    """Which organisation (and token) sent a contact: an organisation sees only these."""

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="partner_submission")
    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.PROTECT, related_name="submissions")
    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.contact} from {self.organisation}"


class IdempotencyRecord(models.Model):
    """The first answer to a request with an Idempotency-Key, given again to a retry with the
    same key and the same body (INT-15 for machines)."""

    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="one_answer_per_key")]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.key}"
