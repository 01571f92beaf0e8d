"""Contacts: everything received about a child, by any channel, on one standard form (INT-1).

A contact is not a referral. A contact becomes a referral only by a screening decision
(REQUIREMENTS "Words"); nothing in this app calls a contact a referral.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone

from frontdoor.core.visibility import VisibleQuerySet


class Channel(models.TextChoices):
    ONLINE = "online", "Online form"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    POST = "post", "Post"
    FAX = "fax", "Fax"
    POLICE = "police", "Passed on by the police"
    HELPLINE = "helpline", "Passed on by a helpline (for example the NSPCC)"
    API = "api", "Sent by a partner agency's system (API)"


# Channels a member of staff can choose when recording a contact by hand (INT-1).
STAFF_CHANNELS = (Channel.PHONE, Channel.EMAIL, Channel.POST, Channel.FAX, Channel.POLICE, Channel.HELPLINE)


class ReferrerType(models.TextChoices):
    PUBLIC = "public", "A member of the public"
    PROFESSIONAL = "professional", "A professional, making this contact as part of my work"
    CHILD = "child", "The child or young person the worry is about"
    FAMILY = "family", "A member of the child's family"


class Anonymity(models.TextChoices):
    NAMED = "named", "I will give my name and you can tell people who I am if you need to"
    WITHHELD = "withheld", "I will give my name but I do not want it shared"
    ANONYMOUS = "anonymous", "I do not want to give my name"


# Issue 17: the referrer's answers as staff read them. The public form's choices are in the first
# person ("I do not want to give my name"); on staff pages the referrer is never quoted as "I".
STAFF_WORDS: dict[tuple[str, str], str] = {
    ("referrer_type", ReferrerType.PROFESSIONAL): "A professional, as part of their work",
    ("anonymity", Anonymity.NAMED): "Gave their name: we may tell people who they are if we need to",
    ("anonymity", Anonymity.WITHHELD): "Gave their name but does not want it shared",
    ("anonymity", Anonymity.ANONYMOUS): "Did not want to give their name",
}
NOT_KNOWN = "Not known to the referrer"


class FormType(models.TextChoices):
    RED = "red", "Child protection request (red form)"
    GREEN = "green", "Request for a service (green form)"


class OrganisationType(models.TextChoices):
    SCHOOL = "school", "School or college"
    EARLY_YEARS = "early_years", "Early years setting or nursery"
    HEALTH = "health", "Health (hospital, GP, health visitor, ICB)"
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Another council or local authority service"
    VOLUNTARY = "voluntary", "Charity or voluntary organisation"
    HOUSING = "housing", "Housing"
    PROBATION = "probation", "Probation"
    OTHER = "other", "Other"


class HubAdvice(models.TextChoices):
    NOT_CONSULTED = "not_consulted", "No, we have not consulted the Consultation Hub"
    ADVISED_RED = "advised_red", "Yes, and the hub advised a child protection request (red form)"
    ADVISED_GREEN = "advised_green", "Yes, and the hub advised a request for a service (green form)"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "I do not know"


class ParentalKnowledge(models.TextChoices):
    """CON-1: the parents' knowledge of and agreement to the contact (§6)."""

    INFORMED_AGREED = "informed_agreed", "Parents know about this contact and agree to information being shared"
    INFORMED_ONLY = "informed_only", "Parents know about this contact but have not agreed to sharing"
    NOT_INFORMED = "not_informed", "Parents have not been told about this contact"
    UNKNOWN = "unknown", "I do not know"


class NotInformedGround(models.TextChoices):
    """§6: the grounds on which parents need not be told before a contact."""

    BEHAVIOURAL_RISK = "behavioural_risk", "Telling them could put the child at greater risk of harm"
    DELAY = "delay", "Telling them would cause an unreasonable delay"
    EVIDENCE = "evidence", "Telling them could lead to evidence being lost"
    STAFF_RISK = "staff_risk", "Telling them could put a member of staff at risk"
    OTHER = "other", "Another reason"


class ContactStatus(models.TextChoices):
    """Where a contact is in its life. Changed only by the services of intake (arrival,
    return) and screening (claim, proposal, authorisation)."""

    NEW = "new", "Received, waiting to be screened"
    SCREENING = "screening", "Being screened"
    AWAITING_AUTHORISATION = "awaiting_authorisation", "Decision proposed, waiting for a manager"
    DECIDED = "decided", "Decided and authorised"
    RETURNED = "returned", "Returned to the referrer to consult the Consultation Hub"
    # An email to the published mailbox, kept as it came: a customer service officer completes
    # the standard form from it (INT-1). Not in the screening queue until completed, but listed
    # for officers with its decision deadline, which runs from receipt (TIM-2).
    DRAFT = "draft", "Received by email, waiting for an officer to complete it"


OPEN_STATUSES = (ContactStatus.NEW, ContactStatus.SCREENING, ContactStatus.AWAITING_AUTHORISATION)


class Priority(models.IntegerChoices):
    """SCR-1: the queue's first sort key. Immediate protection comes first."""

    IMMEDIATE = 0, "Immediate protection"
    NORMAL = 1, "By decision deadline"


class ContactRows(VisibleQuerySet["Contact"]):
    contact_fields = ("pk",)
    person_fields = ()


class Contact(models.Model):
    # Identity and durability (INT-15, ACK-2)
    reference = models.CharField(max_length=16, unique=True)
    submission_key = models.UUIDField(unique=True, help_text="Idempotency key of the journey that made it.")
    status_secret_hash = models.CharField(max_length=64, blank=True)

    # How and when it arrived (INT-1)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    received_at = models.DateTimeField(db_index=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    form_type = models.CharField(max_length=8, choices=FormType.choices)

    # Who made it (INT-7)
    referrer_type = models.CharField(max_length=16, choices=ReferrerType.choices)
    anonymity = models.CharField(max_length=16, choices=Anonymity.choices, default=Anonymity.NAMED)
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_email = models.EmailField(max_length=254, blank=True)
    referrer_phone = models.CharField(max_length=32, blank=True)
    referrer_address = models.TextField(blank=True)
    referrer_relationship = models.TextField(blank=True, help_text="Relationship to and knowledge of the family.")
    organisation_name = models.CharField(max_length=200, blank=True)
    organisation_type = models.CharField(max_length=32, choices=OrganisationType.choices, blank=True)
    professional_role = models.CharField(max_length=200, blank=True)
    on_behalf_of_someone_else = models.BooleanField(
        default=False, help_text="The referrer is passing on a worry someone else told them."
    )
    hub_advice = models.CharField(max_length=16, choices=HubAdvice.choices, blank=True)
    hub_advice_notes = models.TextField(blank=True)

    # The concern (INT-3); only `concern` is mandatory
    immediate_danger = models.BooleanField(null=True)
    concern = models.TextField()
    concern_source = models.TextField(blank=True, help_text="How the referrer knows: seen, told by the child, ...")
    concern_when = models.TextField(blank=True)
    concern_where = models.TextField(blank=True)
    significant_events = models.TextField(blank=True)
    allegation_against_worker = models.BooleanField(default=False)
    harm_by_another_child = models.BooleanField(default=False)

    # Background (INT-3, SCR-6)
    domestic_abuse = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    mental_ill_health = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    substance_misuse = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    learning_difficulties = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    threats_to_professionals = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    background_details = models.TextField(blank=True)
    positive_aspects = models.TextField(blank=True)
    other_agencies = models.TextField(blank=True)
    extended_family = models.TextField(blank=True)

    # Parents' knowledge (CON-1)
    parental_knowledge = models.CharField(max_length=16, choices=ParentalKnowledge.choices, blank=True)
    not_informed_ground = models.CharField(max_length=20, choices=NotInformedGround.choices, blank=True)
    parental_knowledge_notes = models.TextField(blank=True)

    # Where it went (INT-10, INT-11, INT-13; DEC-7: each firing has its rule and source)
    queue = models.CharField(max_length=20, db_index=True)
    status = models.CharField(max_length=24, choices=ContactStatus.choices, default=ContactStatus.NEW)
    routing = models.JSONField(default=list, blank=True)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        help_text="The team holding the contact: the queue's team, or the allocated worker's.",
    )

    # Who is working on it (SCR-1) and whose list it is in (INT-14)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="claimed_contacts"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocated_contacts",
        help_text="The allocated social worker of a child whose case is open.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    # Deadlines (TIM-2) and their fulfilment
    decision_due_at = models.DateTimeField()
    acknowledgement_due_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_method = models.CharField(max_length=32, blank=True)
    written_confirmation_due_at = models.DateTimeField(null=True, blank=True)
    written_confirmation_received_at = models.DateTimeField(null=True, blank=True)

    objects = ContactRows.as_manager()

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            # The queue page (SCR-1): one queue's open, unallocated contacts in queue order, and
            # their count, filtered by channel or team, from the index alone (bench/screening).
            # INCLUDE is PostgreSQL's; SQLite builds the index without it.
            models.Index(
                fields=["queue", "priority", "decision_due_at", "id"],
                include=["channel", "team"],
                condition=Q(status__in=["new", "screening", "awaiting_authorisation"], allocated_to__isnull=True),
                name="contact_open_queue_order",
            ),
            models.Index(fields=["status", "priority", "decision_due_at"], name="contact_open_order"),
            models.Index(fields=["claimed_by", "status"], name="contact_claimed"),
            models.Index(fields=["allocated_to", "status"], name="contact_allocated"),
            # The same referrer's earlier contacts (SCR-5): iexact compares UPPER() on PostgreSQL.
            models.Index(Upper("referrer_email"), F("received_at"), name="contact_referrer_email_upper"),
            models.Index(fields=["referrer_phone", "received_at"], name="contact_referrer_phone"),
        ]

    def __str__(self) -> str:
        return self.reference

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    def for_staff(self, field: str) -> str:
        """A choice the referrer made, in the third person, for staff pages (issue 17)."""
        value = getattr(self, field)
        if not value:
            return ""
        if value == "unknown":
            return NOT_KNOWN
        return STAFF_WORDS.get((field, value)) or str(getattr(self, f"get_{field}_display")())

    def secret_matches(self, secret: str) -> bool:
        if not self.status_secret_hash:
            return False
        return hmac.compare_digest(self.status_secret_hash, self.hash_secret(secret.strip()))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_urgent(self) -> bool:
        """Immediate danger, or a child protection (red) form: the allocated worker's team
        manager sees it too (INT-14)."""
        return self.priority == Priority.IMMEDIATE or self.form_type == FormType.RED

    @property
    def is_red(self) -> bool:
        return self.form_type == FormType.RED

    @property
    def referrer_identity_withheld(self) -> bool:
        return self.anonymity in (Anonymity.WITHHELD, Anonymity.ANONYMOUS)

    def children(self) -> list[ContactPerson]:
        return [p for p in self.people.all() if p.is_child]

    def others(self) -> list[ContactPerson]:
        return [p for p in self.people.all() if not p.is_child]


class PersonRole(models.TextChoices):
    CHILD = "child", "Child the worry is about"
    UNBORN = "unborn", "Unborn baby"
    PARENT = "parent", "Parent or person with parental responsibility"
    HOUSEHOLD = "household", "Someone else who lives with the child"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Person who may have caused harm"
    CHILD_WHO_HARMED = "child_who_harmed", "Another child who may have caused harm"
    WORKER = "worker", "Someone who works with children who may have caused harm"
    EXTENDED_FAMILY = "extended_family", "Extended family or someone important to the child"
    OTHER = "other", "Someone else"


CHILD_ROLES = frozenset({PersonRole.CHILD, PersonRole.UNBORN})


class ContactPersonRows(VisibleQuerySet["ContactPerson"]):
    contact_fields = ("contact_id",)
    person_fields = ()


class ContactPerson(models.Model):
    """A person named or described in a contact, as the referrer gave them.

    Matching against the person index happens at screening; these rows keep what the
    referrer said, unchanged.
    """

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="people")
    position = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=24, choices=PersonRole.choices)
    given_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    other_names = models.CharField(max_length=300, blank=True, help_text="Other surnames, aliases, nicknames.")
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    expected_date = models.DateField(null=True, blank=True, help_text="Expected date of birth of an unborn baby.")
    age_description = models.CharField(max_length=100, blank=True, help_text="For example 'about 6'.")
    sex = models.CharField(max_length=16, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    previous_address = models.TextField(blank=True)
    school = models.CharField(max_length=200, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    religion = models.CharField(max_length=100, blank=True)
    needs_and_communication = models.TextField(blank=True)
    location_and_condition = models.TextField(blank=True)
    description = models.TextField(blank=True, help_text="How to recognise an unnamed person.")
    relationship_to_child = models.CharField(max_length=200, blank=True)
    has_parental_responsibility = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    lives_with_child = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    occupation = models.CharField(max_length=200, blank=True, help_text="Job or role working with children.")

    objects = ContactPersonRows.as_manager()

    class Meta:
        ordering = ["contact", "position"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_child(self) -> bool:
        return self.role in CHILD_ROLES

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.given_names, self.family_name) if part)
        if name:
            return name
        if self.role == PersonRole.UNBORN:
            return "Unborn baby"
        return "Name not known"


class AttachmentRows(VisibleQuerySet["Attachment"]):
    contact_fields = ("contact_id",)
    person_fields = ()


class Attachment(models.Model):
    """A supporting document (INT-8), stored in the database beside its contact.

    Before the journey is submitted it belongs to the journey (`journey_key`); the
    submission links it to the contact in the same transaction (INT-15).
    """

    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    journey_key = models.UUIDField(db_index=True)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    uploaded_at = models.DateTimeField(default=timezone.now)
    received_by_post_on = models.DateField(null=True, blank=True)

    objects = AttachmentRows.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename


class OutboundEmail(models.Model):
    """The outbox: an email to send, written in the transaction that makes it due.

    A worker claims it, sends it, and marks it sent. `idempotency_key` makes a second
    write of the same message impossible, and the Message-ID derived from it lets a mail
    system recognise the one resend that a crash after sending (before marking) could cause.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Refused by the mail server: contact the referrer another way"

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
        HUB_RETURN = "hub_return", "Returned: consult the Consultation Hub"
        WRITTEN_CONFIRMATION_CHASE = "written_confirmation_chase", "Chase: written confirmation overdue"
        OUTCOME = "outcome", "The outcome, told to the referrer"
        DEADLINE_DIGEST = "deadline_digest", "Deadlines due and overdue, for a manager"
        INFORMATION_REPLY = "information_reply", "Reply to an information request"
        INFORMATION_PASSED_ON = "information_passed_on", "Information request passed on"
        URGENT_ALERT = "urgent_alert", "Urgent contact: the duty manager and allocated worker told at once"

    idempotency_key = models.CharField(max_length=100, unique=True)
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.status})"

    @property
    def message_id(self) -> str:
        digest = hashlib.sha256(self.idempotency_key.encode()).hexdigest()[:32]
        return f"<{digest}@frontdoor.invalid>"


class InboundMessageRows(VisibleQuerySet["InboundMessage"]):
    contact_fields = ("contact_id", "related_contact_id")
    person_fields = ()


class InboundMessage(models.Model):
    """A message that arrived at the council's published mailbox, kept whole (.eml), never lost.

    Each is either a new contact (a draft contact for an officer to complete) or filed as what
    it is: a reply to one of our emails, an automatic reply, or spam. Nothing filed is
    acknowledged, so two mail systems never answer each other for ever.
    """

    class Kind(models.TextChoices):
        CONTACT = "contact", "New contact (draft made)"
        REPLY = "reply", "Reply to one of our emails"
        AUTO_REPLY = "auto_reply", "Automatic reply (out of office, delivery report)"
        SPAM = "spam", "Spam"

    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    mail_from = models.CharField(max_length=254, blank=True, help_text="The envelope sender (MAIL FROM).")
    rcpt_to = models.CharField(max_length=1000, blank=True)
    from_header = models.CharField(max_length=500, blank=True)
    subject = models.CharField(max_length=500, blank=True)
    message_id = models.CharField(max_length=500, blank=True, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reason = models.CharField(max_length=300, help_text="Why it was filed as this kind.")
    raw = models.BinaryField(help_text="The original message as received (.eml).")
    sha256 = models.CharField(max_length=64)
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="inbound_messages"
    )
    related_contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a reply: the contact whose email it answers.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Issue 13: whether the receiving mail server vouched for the sender's address (or it is a
    # partner organisation's); an unverified sender's acknowledgement says nothing of the contact.
    sender_verified = models.BooleanField(default=False)
    sender_check = models.CharField(max_length=300, blank=True, help_text="How the sender was checked.")
    reading_note = models.CharField(
        max_length=500, blank=True, help_text="Why the message could not be read in full, if it could not."
    )

    objects = InboundMessageRows.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject or '(no subject)'}"


class QuarantinedAttachment(models.Model):
    """An email attachment that failed the content checks of INT-8: kept, never served as it
    came, with the reason, beside the message it came with (which keeps it too)."""

    inbound_message = models.ForeignKey(InboundMessage, on_delete=models.CASCADE, related_name="quarantined")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="quarantined_attachments"
    )
    filename = models.CharField(max_length=200)
    declared_type = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()
    note = models.CharField(max_length=300)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.filename} (quarantined)"


class WrittenConfirmation(models.Model):
    """INT-12: a professional's phone contact linked to the written contact that confirms it,
    matched automatically (or by a person); undone by a person if the match was wrong."""

    phone_contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="confirmations")
    written_contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="confirms")
    matched_at = models.DateTimeField(default=timezone.now)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.JSONField(default=list, help_text="What matched: the referrer and the child.")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undo_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-matched_at", "-id"]
        constraints = [
            # One live link per phone contact; undone links stay as history.
            models.UniqueConstraint(
                fields=["phone_contact"], condition=Q(undone_at__isnull=True), name="one_live_confirmation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.phone_contact_id} confirmed by {self.written_contact_id}"

    @property
    def is_live(self) -> bool:
        return self.undone_at is None


class RateCount(models.Model):
    """SEC-3: one client's count of one rate-limited action in the current window (see
    frontdoor.intake.limits). Counted with one atomic upsert, in a table every web process shares."""

    name = models.CharField(max_length=200, primary_key=True, help_text="The action, the period and the client.")
    slot = models.BigIntegerField(help_text="Which window of the period the count is for.")
    hits = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.name}: {self.hits} in window {self.slot}"
