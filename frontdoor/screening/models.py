"""Screening and decision (§7, §10): the screening record, the proposed and authorised
decision, the referral a decision makes, escalations, and what the referrer was told.

A contact is not a referral: a `Referral` exists only when an authorised decision of
option 3 (or immediate protection) makes one (DEC-2), with its own reference and date.
Writes go through ``frontdoor.screening.services``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from frontdoor.core.visibility import VisibleQuerySet
from frontdoor.intake.models import Contact, NotInformedGround


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class AbuseOrNeglect(models.TextChoices):
    """§10: whether the concern involves abuse or neglect."""

    NO = "no", "No: the concern is about the child's needs, not abuse or neglect"
    CHILD_IN_NEED = "child_in_need", "The child may be a child in need (section 17)"
    SIGNIFICANT_HARM = "significant_harm", "The child may be suffering, or likely to suffer, significant harm"
    NOT_KNOWN = "not_known", "Not known yet"


class Continuum(models.IntegerChoices):
    """SCR-4: the Continuum of Need (levels 1-4)."""

    UNIVERSAL = 1, "Level 1: universal needs, met by universal services"
    ADDITIONAL = 2, "Level 2: additional needs, met by early help from one or two services"
    COMPLEX = 3, "Level 3: complex needs, met by a coordinated multi-agency response"
    ACUTE = 4, "Level 4: acute needs or significant harm, statutory social work"


class Mobility(models.TextChoices):
    """DEC-4: how a baby moves. Accidental bruising is not rare once a baby rolls (seed 003)."""

    NOT_MOBILE = "not_mobile", "Not yet mobile"
    ROLLS = "rolls", "Rolls"
    CRAWLS = "crawls", "Crawls"
    CRUISES = "cruises", "Cruises (walks holding on)"
    WALKS = "walks", "Walks"


class Knowledge(models.TextChoices):
    """CON-1: the parents' knowledge of the contact, in one of three states (§6)."""

    INFORMED_AGREED = "informed_agreed", "Parents informed, and agreed to information being shared"
    INFORMED_ONLY = "informed_only", "Parents informed, but have not agreed to sharing"
    NOT_INFORMED = "not_informed", "Parents not informed"


class Basis(models.TextChoices):
    """The lawful footing a request to another agency stands on (CON-3): what screening records
    (the parents' agreement, a manager's authorisation, a section 47 enquiry started) decides it."""

    CONSENT = "consent", "The parents agreed to information being shared"
    AUTHORISED = "authorised", "A team manager authorised sharing without the parents' knowledge"
    SECTION_47 = "section_47", "A Section 47 enquiry has started"


class Screening(models.Model):
    """What the screening social worker found (SCR-2, SCR-4, SCR-6, CON-1, DEC-4, DEC-5).

    "Known to services" (SCR-3) is not typed here: it is found from the person index and
    copied into the decision when one is proposed.
    """

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="screening")

    # §10, each point (SCR-2)
    nature_of_concern = models.TextField(blank=True)
    how_arisen = models.TextField(blank=True, help_text="How and why the concern has arisen.")
    child_needs = models.TextField(blank=True)
    child_location = models.TextField(blank=True, help_text="Where the child is now, when last seen and by whom.")
    abuse_or_neglect = models.CharField(max_length=20, choices=AbuseOrNeglect.choices, blank=True)
    foundations = models.TextField(blank=True, help_text="What the concern rests on: seen, told, inferred.")
    urgent_action = models.TextField(blank=True, help_text="Urgent action needed to protect this or other children.")
    services = models.TextField(blank=True, help_text="Services the child and family need or already have.")
    specialist_assessment = models.TextField(blank=True)
    discussed_with_referrer = models.TextField(blank=True, help_text="What the referrer added when asked.")

    # SCR-4
    continuum_level = models.PositiveSmallIntegerField(choices=Continuum.choices, null=True, blank=True)
    continuum_reasons = models.TextField(blank=True)

    # SCR-6: asked of the referrer specifically (§5)
    domestic_abuse = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    mental_ill_health = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    substance_misuse = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    learning_difficulties = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    household_notes = models.TextField(blank=True)

    # CON-1
    parental_knowledge = models.CharField(max_length=16, choices=Knowledge.choices, blank=True)
    not_informed_ground = models.CharField(max_length=20, choices=NotInformedGround.choices, blank=True)
    consent_notes = models.TextField(blank=True)

    # DEC-4: bruising in a baby
    bruising = models.BooleanField(null=True, blank=True)
    baby_mobility = models.CharField(max_length=12, choices=Mobility.choices, blank=True)
    bruise_explanation = models.TextField(blank=True, help_text="Any explanation given for the bruising.")
    paediatric_assessment = models.TextField(blank=True, help_text="The paediatric assessment arranged: where, when.")

    # DEC-5
    suspected_crime = models.BooleanField(null=True, blank=True)
    police_protection = models.BooleanField(default=False)
    police_notified_at = models.DateTimeField(null=True, blank=True)
    police_notification = models.TextField(blank=True, help_text="Who was told, how, and any police reference.")

    # SCR-7: euphemisms the writer chose to keep, [{field, text, euphemism}]
    kept_language = models.JSONField(default=list, blank=True)

    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Screening of {self.contact}"

    @property
    def police_notified(self) -> bool:
        return self.police_notified_at is not None


class Overrule(models.Model):
    """DEC-7: a person overruled a suggestion, with a reason."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="overrules")
    rule_id = models.CharField(max_length=40)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["screening", "rule_id"], name="screening_overrule_once")]

    def __str__(self) -> str:
        return f"{self.rule_id} overruled"


class Outcome(models.TextChoices):
    """DEC-2: the outcomes of §10."""

    NO_FURTHER_ACTION = "no_further_action", "No further action"
    INFORMATION_AND_ADVICE = "information_and_advice", "Information and advice"
    SIGNPOSTING = "signposting", "Signposted to another agency"
    EARLY_HELP = "early_help", "Early help"
    ASSESSMENT = "assessment", "Child and family assessment (child in need, section 17)"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion with a view to section 47 enquiries"
    IMMEDIATE_PROTECTION = "immediate_protection", "Immediate protection"


# Option 1 of §10: no further action, information and advice, signposting (SCR-5 counts repeats).
NO_FURTHER_ACTION_OUTCOMES = frozenset({Outcome.NO_FURTHER_ACTION, Outcome.INFORMATION_AND_ADVICE, Outcome.SIGNPOSTING})
# Option 3 and immediate protection turn the contact into a referral (§10).
REFERRAL_OUTCOMES = frozenset({Outcome.ASSESSMENT, Outcome.STRATEGY_DISCUSSION, Outcome.IMMEDIATE_PROTECTION})
# A route towards section 47 needs the decision-maker's own reasonable cause (DEC-3).
SIGNIFICANT_HARM_OUTCOMES = frozenset({Outcome.STRATEGY_DISCUSSION, Outcome.IMMEDIATE_PROTECTION})


class EarlyHelpService(models.TextChoices):
    """DEC-2 option 2 (§10)."""

    FAMILIES_FIRST = "families_first", "Families First assessment"
    TARGETED_YOUTH_SUPPORT = "targeted_youth_support", "Targeted Youth Support"
    SHORT_BREAKS = "short_breaks", "Short breaks (children with disabilities)"
    UNIVERSAL_SERVICES = "universal_services", "Universal services (health, school)"


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed, waiting for a manager"
    AUTHORISED = "authorised", "Authorised"
    SENT_BACK = "sent_back", "Sent back by the manager"
    WITHDRAWN = "withdrawn", "Withdrawn by the proposer"
    SUPERSEDED = "superseded", "Superseded after an escalation"


class Decision(models.Model):
    """A decision on a contact: proposed by a screener, authorised by another person who is a
    manager (DEC-1). A sent-back proposal is kept; the next one is a new row."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=24, choices=Outcome.choices)
    early_help_service = models.CharField(max_length=24, choices=EarlyHelpService.choices, blank=True)
    signposted_to = models.CharField(max_length=300, blank=True)
    reasons = models.TextField()
    reasonable_cause = models.TextField(
        blank=True, help_text="The reasonable cause to suspect significant harm, in the decision-maker's words."
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    manager_comments = models.TextField(blank=True)
    strategy_consideration = models.TextField(
        blank=True, help_text="The manager's consideration of a strategy discussion for a bruised baby."
    )
    # What the screener saw when proposing: known to services (SCR-3), pattern (SCR-5), suggestions (DEC-7).
    known_to_services = models.JSONField(default=list, blank=True)
    pattern = models.JSONField(default=dict, blank=True)
    suggestions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            # At most one live (proposed or authorised) decision per contact.
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(status__in=["proposed", "authorised"]),
                name="screening_one_live_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.get_status_display()})"

    @property
    def makes_referral(self) -> bool:
        return self.outcome in REFERRAL_OUTCOMES

    @property
    def outcome_text(self) -> str:
        text = self.get_outcome_display()
        if self.outcome == Outcome.EARLY_HELP and self.early_help_service:
            text = f"{text}: {self.get_early_help_service_display()}"
        if self.outcome == Outcome.SIGNPOSTING and self.signposted_to:
            text = f"{text}: {self.signposted_to}"
        return text


@dataclass(frozen=True)
class ReferralDeadline:
    """One of a referral's deadlines (TIM-2): the rule, a short name, the field it is due by,
    the field that records it was met, and what happened when it was."""

    rule_id: str
    label: str
    due_field: str
    met_field: str
    met_text: str


REFERRAL_DEADLINES = (
    ReferralDeadline(
        "strategy_discussion",
        "Strategy discussion decision",
        "strategy_due_at",
        "strategy_decided_at",
        "Decision on a strategy discussion made",
    ),
    ReferralDeadline("child_seen", "Child seen", "child_seen_due_at", "child_seen_at", "Child seen"),
    ReferralDeadline(
        "assessment", "Assessment", "assessment_due_at", "assessment_completed_at", "Assessment completed"
    ),
)


class ReferralRows(VisibleQuerySet["Referral"]):
    contact_fields = ("contact_id",)
    person_fields = ()


class Referral(models.Model):
    """A contact that an authorised decision turned into a referral (DEC-2, option 3)."""

    reference = models.CharField(max_length=16, unique=True)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="referrals")
    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="referral")
    route = models.CharField(max_length=24, choices=Outcome.choices)
    referred_at = models.DateTimeField(db_index=True)
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # TIM-2 deadlines, with their fulfilment (the pathway records these)
    strategy_due_at = models.DateTimeField(null=True, blank=True)
    strategy_decided_at = models.DateTimeField(null=True, blank=True)
    child_seen_due_at = models.DateTimeField(null=True, blank=True)
    child_seen_at = models.DateTimeField(null=True, blank=True)
    assessment_due_at = models.DateTimeField(null=True, blank=True)
    assessment_completed_at = models.DateTimeField(null=True, blank=True)
    s47_started_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralRows.as_manager()

    class Meta:
        ordering = ["-referred_at", "-id"]

    def __str__(self) -> str:
        return self.reference

    def deadlines(self) -> list[tuple[ReferralDeadline, dt.datetime, dt.datetime | None]]:
        """The deadlines this referral has (its route decides which), with when each was met."""
        return [
            (d, getattr(self, d.due_field), getattr(self, d.met_field))
            for d in REFERRAL_DEADLINES
            if getattr(self, d.due_field) is not None
        ]

    def open_deadlines(self) -> list[tuple[ReferralDeadline, dt.datetime]]:
        """The deadlines not yet met, soonest first."""
        return sorted(((d, due) for d, due, met in self.deadlines() if met is None), key=lambda pair: pair[1])


class Escalation(models.Model):
    """DEC-6: a professional disagrees with a decision; the disagreement and its resolution."""

    class Result(models.TextChoices):
        UPHELD = "upheld", "Decision upheld"
        REOPENED = "reopened", "Decision to be made again: the contact goes back for screening"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="escalations")
    raised_by_name = models.CharField(max_length=200)
    raised_by_role = models.CharField(max_length=200, blank=True, help_text="Role and organisation.")
    raised_at = models.DateTimeField(default=timezone.now)
    disagreement = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(max_length=12, choices=Result.choices, blank=True)
    resolution = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return f"Escalation by {self.raised_by_name}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ReferrerUpdate(models.Model):
    """ACK-3: what the referrer was told after the decision, by which means. Each message is
    recorded on the contact; an email also has its row in the outbox."""

    class Method(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        LETTER = "letter", "Letter"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="referrer_updates")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="referrer_updates")
    method = models.CharField(max_length=8, choices=Method.choices)
    text = models.TextField()
    email = models.OneToOneField(
        "intake.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrer_update"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} to the referrer of {self.contact}"


class DeadlineFlag(models.Model):
    """TIM-3: the daily check's record that a deadline is due soon or overdue."""

    class State(models.TextChoices):
        DUE_SOON = "due_soon", "Due by the end of the next working day"
        OVERDUE = "overdue", "Overdue"

    object_type = models.CharField(max_length=16)  # "contact" | "referral"
    object_id = models.PositiveBigIntegerField()
    rule_id = models.CharField(max_length=32)
    due_at = models.DateTimeField()
    state = models.CharField(max_length=12, choices=State.choices)
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    flagged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id", "rule_id", "state"], name="deadline_flag_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.state} for {self.object_type} {self.object_id}"
