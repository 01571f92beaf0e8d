"""Consent and information sharing about a contact (CON-2, CON-3; §6 of the procedure).

Before a Section 47 enquiry has started, asking other agencies (a GP, a school) about a
family needs the parents' agreement or a team manager's authorisation to go ahead without
their knowledge (the Haringey judgment, seed 003). ``services.request_information`` is the
only way to record such a request, and it checks exactly that.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.intake.models import Contact


class WithoutNoticeAuthorisation(models.Model):
    """CON-2: a team manager authorised discussing the contact with other agencies without
    the parents' knowledge, with reasons."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="without_notice_authorisations")
    reasons = models.TextField()
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    authorised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-authorised_at", "-id"]

    def __str__(self) -> str:
        return f"Without-notice sharing authorised for {self.contact}"


class AgencyType(models.TextChoices):
    GP = "gp", "GP"
    HEALTH = "health", "Health visitor, midwife or hospital"
    SCHOOL = "school", "School, college or early years"
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    OTHER_COUNCIL = "other_council", "Another council"
    OTHER = "other", "Other"


class Basis(models.TextChoices):
    """The lawful footing a request to another agency stands on (CON-3)."""

    CONSENT = "consent", "The parents agreed to information being shared"
    AUTHORISED = "authorised", "A team manager authorised sharing without the parents' knowledge"
    SECTION_47 = "section_47", "A Section 47 enquiry has started"


class AgencyEnquiry(models.Model):
    """A request by children's services to another agency for information about the family."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="agency_enquiries")
    agency_type = models.CharField(max_length=16, choices=AgencyType.choices)
    agency_name = models.CharField(max_length=200)
    question = models.TextField()
    basis = models.CharField(max_length=12, choices=Basis.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name_plural = "agency enquiries"

    def __str__(self) -> str:
        return f"Enquiry to {self.agency_name} about {self.contact}"
