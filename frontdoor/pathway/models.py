"""The statutory pathway after a referral (STA-1): a child in need episode and its steps.

One ``Episode`` per child per referral, from the referral to closure, holding the dates the
Children in Need census needs (RET-1): strategy discussions, Section 47 enquiries, child and
family assessments, child protection conferences and plans, child in need plans, closure
with its reason, and the periods a child is looked after. Code lists come from
``frontdoor.policy.census_codes``. Writes go through ``frontdoor.pathway.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.core.visibility import VisibleQuerySet
from frontdoor.policy import census_codes


class ChildDetails(models.Model):
    """What the census needs to know about a child beyond the person record."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="census")
    upn = models.CharField("Unique Pupil Number", max_length=13, blank=True)
    former_upn = models.CharField("Former Unique Pupil Number", max_length=13, blank=True)
    upn_unknown = models.CharField(
        "Why the UPN is not known", max_length=4, choices=census_codes.UPN_UNKNOWN, blank=True
    )
    ethnicity = models.CharField(max_length=4, choices=census_codes.ETHNICITY, blank=True)
    disabilities = models.JSONField(default=list, blank=True, help_text="DISABILITIES codes.")
    death_date = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "child's census details"
        verbose_name_plural = "children's census details"

    def __str__(self) -> str:
        return f"Census details of person {self.person_id}"


class EpisodeRows(VisibleQuerySet["Episode"]):
    contact_fields = ("referral__contact_id",)
    person_fields = ("child_id",)


class Episode(models.Model):
    """A child in need episode: one child, from a referral to closure."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="episodes")
    referral = models.ForeignKey(
        "screening.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="episodes"
    )
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=2, choices=census_codes.REFERRAL_SOURCES)
    primary_need = models.CharField(max_length=2, choices=census_codes.PRIMARY_NEED, blank=True)
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=4, choices=census_codes.CLOSURE_REASONS, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral_nfa = models.BooleanField(
        "Referral: no further action", default=False, help_text="Closed at referral, with no assessment."
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = EpisodeRows.as_manager()

    class Meta:
        ordering = ["-referral_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["child", "referral"], name="pathway_episode_one_per_child_referral"),
        ]
        indexes = [models.Index(fields=["referral_date"]), models.Index(fields=["closed_on"])]

    def __str__(self) -> str:
        return f"Episode {self.pk} (child {self.child_id}, referred {self.referral_date})"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class StrategyDiscussion(models.Model):
    class Outcome(models.TextChoices):
        S47 = "s47", "Start a Section 47 enquiry"
        NO_S47 = "no_s47", "No Section 47 enquiry: continue as a child in need (assessment)"
        NFA = "nfa", "No further action"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="strategy_discussions")
    held_at = models.DateTimeField()
    participants = models.JSONField(default=list, help_text='A list of {"name", "agency", "role"}.')
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["held_at", "id"]

    def __str__(self) -> str:
        return f"Strategy discussion {self.pk} ({self.get_outcome_display()})"


class Section47(models.Model):
    class Outcome(models.TextChoices):
        SUBSTANTIATED_ICPC = "substantiated_icpc", "Concerns substantiated: an initial conference is needed"
        SUBSTANTIATED_NO_ICPC = "substantiated_no_icpc", "Concerns substantiated: no initial conference needed"
        NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="section47s")
    strategy_discussion = models.ForeignKey(
        StrategyDiscussion, null=True, blank=True, on_delete=models.PROTECT, related_name="section47s"
    )
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    icpc_required = models.BooleanField(null=True, blank=True)
    icpc_target = models.DateField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = "Section 47 enquiry"
        verbose_name_plural = "Section 47 enquiries"

    def __str__(self) -> str:
        return f"Section 47 enquiry {self.pk} from {self.started_on}"


class Assessment(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="assessments")
    started_on = models.DateField()
    due_on = models.DateField()
    child_seen_due_on = models.DateField(null=True, blank=True)
    child_seen_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_on = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    factors = models.JSONField(default=list, blank=True, help_text="ASSESSMENT_FACTORS codes.")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"Assessment {self.pk} from {self.started_on}"


class ChildProtectionPlan(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="cp_plans")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    initial_category = models.CharField(max_length=3, choices=census_codes.ABUSE_CATEGORIES)
    latest_category = models.CharField(max_length=3, choices=census_codes.ABUSE_CATEGORIES)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = "child protection plan"

    def __str__(self) -> str:
        return f"Child protection plan {self.pk} from {self.started_on}"


class Conference(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial child protection conference"
        REVIEW = "review", "Review child protection conference"

    class Outcome(models.TextChoices):
        PLAN = "plan", "The child needs a child protection plan"
        NO_PLAN = "no_plan", "No child protection plan needed"
        PLAN_CONTINUES = "plan_continues", "The child protection plan continues"
        PLAN_ENDS = "plan_ends", "The child protection plan ends"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="conferences")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    held_on = models.DateField()
    section47 = models.ForeignKey(
        Section47, null=True, blank=True, on_delete=models.PROTECT, related_name="conferences"
    )
    plan = models.ForeignKey(
        ChildProtectionPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    due_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"


class CINPlan(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="cin_plans")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = "child in need plan"

    def __str__(self) -> str:
        return f"Child in need plan {self.pk} from {self.started_on}"


class LookedAfterPeriod(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="looked_after_periods")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"Looked after from {self.started_on}"


class LetterKind(models.TextChoices):
    """STA-2: the letters a family gets at each step that affects them."""

    ASSESSMENT = "assessment", "We are starting an assessment (help you may refuse: section 17)"
    SECTION47 = "section47", "We are making child protection enquiries (section 47)"
    INITIAL_CONFERENCE = "initial_conference", "Invitation to a child protection conference"
    CP_PLAN = "cp_plan", "Your child has a child protection plan"
    CIN_PLAN = "cin_plan", "Your child has a child in need plan"
    CLOSURE = "closure", "We are closing your child's case"


class LetterSent(models.Model):
    """A letter to a family recorded as sent (STA-2): what, to whom, how, in which language."""

    class Method(models.TextChoices):
        POST = "post", "By post"
        EMAIL = "email", "By email"
        HAND = "hand", "Given by hand"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=24, choices=LetterKind.choices)
    language = models.CharField(max_length=12, default="en")
    recipient = models.CharField(max_length=200)
    method = models.CharField(max_length=8, choices=Method.choices)
    sent_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} on {self.sent_on}"
