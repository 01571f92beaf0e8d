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

from frontdoor.core.visibility import VisibleQuerySet
from frontdoor.intake.models import Contact
from frontdoor.screening.models import Basis


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


# --- Information requests from other agencies (INF-1..INF-7, §8) ------------------------------------


class RequestStatus(models.TextChoices):
    """Where an information request is. Changed only by ``services``."""

    NEW = "new", "Received: to be matched and routed"
    DECIDED = "decided", "Routed: the reply is to be prepared"
    AWAITING_APPROVAL = "awaiting_approval", "Answer prepared: waiting for a team manager"
    APPROVED = "approved", "Answer approved: ready to send"
    HELD = "held", "Held: waiting for the requester's evidence"
    WITH_DATA_PROTECTION = "with_data_protection", "With the Data Protection Team"
    PASSED_ON = "passed_on", "Passed to the legal helpdesk"
    ANSWERED = "answered", "Answered"
    REFUSED = "refused", "Refused, and the requester told why"
    CLOSED = "closed", "Closed"


OPEN_REQUEST_STATUSES = (
    RequestStatus.NEW,
    RequestStatus.DECIDED,
    RequestStatus.AWAITING_APPROVAL,
    RequestStatus.APPROVED,
    RequestStatus.WITH_DATA_PROTECTION,
)


class InformationRequestRows(VisibleQuerySet["InformationRequest"]):
    contact_fields = ("contact_id",)
    person_fields = ("person_id",)


class InformationRequest(models.Model):
    """A request by another agency (or a person) for information about a child (§8).

    Who asks and how their identity was checked, about whom (a person in the index, confirmed by
    staff: PPL-3), why, with what evidence, and what is asked. The route, with every rule that
    applied and its source, is kept on the request (DEC-7)."""

    reference = models.CharField(max_length=16, unique=True)
    received_at = models.DateTimeField(db_index=True)
    channel = models.CharField(max_length=16)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    # Who asks
    agency = models.CharField(max_length=20)
    organisation = models.CharField(max_length=200)
    requester_name = models.CharField(max_length=200)
    requester_role = models.CharField(max_length=200, blank=True)
    requester_email = models.EmailField(max_length=254, blank=True)
    requester_phone = models.CharField(max_length=32, blank=True)
    identity = models.CharField(max_length=20)
    identity_notes = models.TextField(blank=True)
    legitimacy_in_doubt = models.BooleanField(default=False)

    # About whom, as the requester gave it
    subject_given_name = models.CharField(max_length=100, blank=True)
    subject_surname = models.CharField(max_length=100, blank=True)
    subject_date_of_birth = models.DateField(null=True, blank=True)
    subject_postcode = models.CharField(max_length=10, blank=True)
    subject_details = models.TextField(blank=True, help_text="Address, other names, family members named.")
    subject_is_adult = models.BooleanField(default=False)
    # ...and who staff confirmed it is (PPL-3). match_confirmed with no person: not in the index.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="information_requests"
    )
    match_confirmed = models.BooleanField(default=False)
    match_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    match_reason = models.TextField(blank=True)

    # Why, with what evidence, and what is asked
    purpose = models.CharField(max_length=20)
    purpose_details = models.TextField(blank=True, help_text="Why the information is needed and the context.")
    consent_from_pr = models.BooleanField(default=False)
    statutory_role_evidenced = models.BooleanField(default=False)
    evidence_notes = models.TextField(blank=True)
    asked = models.CharField(max_length=12)
    questions = models.TextField(blank=True)

    # The decision (DEC-7)
    status = models.CharField(max_length=24, choices=RequestStatus.choices, default=RequestStatus.NEW)
    route = models.CharField(max_length=20, blank=True)
    basis_rule = models.CharField(max_length=48, blank=True)
    level = models.CharField(max_length=12, blank=True)
    gov_uk_only = models.BooleanField(default=False)
    manager_approval = models.BooleanField(default=False)
    handler = models.CharField(max_length=24, blank=True)
    rules = models.JSONField(default=list, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case_state = models.CharField(max_length=12, blank=True)

    # Who holds it (queue, claim, allocated worker), and its deadline
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="claimed_requests"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="allocated_requests"
    )
    due_at = models.DateTimeField()
    replied_at = models.DateTimeField(null=True, blank=True)

    # The answer being prepared: the facts as they were when it was prepared, and what was left out
    draft_facts = models.JSONField(default=list, blank=True)
    draft_withheld = models.JSONField(default=list, blank=True)
    draft_note = models.TextField(blank=True)
    draft_text = models.TextField(blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_comments = models.TextField(blank=True)

    # INF-6: a closed case's court correspondence opens a contact
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="information_requests"
    )
    outcome_notes = models.TextField(blank=True)

    objects = InformationRequestRows.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="inforequest_open_order"),
            models.Index(fields=["claimed_by", "status"], name="inforequest_claimed"),
            models.Index(fields=["allocated_to", "status"], name="inforequest_allocated"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES

    @property
    def subject_name(self) -> str:
        return " ".join(p for p in (self.subject_given_name, self.subject_surname) if p) or "Name not given"


class DisclosureRows(VisibleQuerySet["Disclosure"]):
    contact_fields = ("request__contact_id",)
    person_fields = ("person_id", "request__person_id")


class Disclosure(models.Model):
    """What was sent to whom, when, and on what basis (INF-5: kept so that the next request builds
    on it). One row per reply: an answer (facts released), a refusal or a hold (nothing released)."""

    class Kind(models.TextChoices):
        ANSWER = "answer", "Answer"
        REFUSAL = "refusal", "Refusal"
        HOLD = "hold", "Evidence asked for"

    request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, related_name="disclosures")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="disclosures"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    to_name = models.CharField(max_length=200)
    to_organisation = models.CharField(max_length=200)
    to_email = models.EmailField(max_length=254, blank=True)  # blank: told by phone (a refusal or hold)
    basis_rule = models.CharField(max_length=48)
    basis = models.JSONField(default=dict, help_text="The rule, its title, source and reason when sent.")
    level = models.CharField(max_length=12)
    facts = models.JSONField(default=list, blank=True)
    withheld = models.JSONField(default=list, blank=True)
    text = models.TextField()
    email = models.OneToOneField(
        "intake.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="disclosure"
    )
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = DisclosureRows.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to_organisation} ({self.request})"
