"""The person index (PPL-1): every child and adult the service has met, with their names
over time, addresses, relationships and history of involvement.

A contact's people (``intake.ContactPerson``) keep what the referrer said, unchanged. They
are tied to the index only by a ``ContactPersonLink``, which a member of staff makes by a
decision (PPL-3): nothing here links anyone automatically.

Writes go through ``frontdoor.people.services`` (atomic, audited, blocking keys refreshed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from frontdoor.core.visibility import VisibleQuerySet


class PersonKind(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult"
    UNBORN = "unborn", "Unborn baby"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not known"


class PersonRows(VisibleQuerySet["Person"]):
    contact_fields = ()
    person_fields = ("pk",)


class Person(models.Model):
    kind = models.CharField(max_length=8, choices=PersonKind.choices, default=PersonKind.CHILD)
    given_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    surname = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=8, choices=Sex.choices, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date = models.DateField(null=True, blank=True, help_text="Expected date of birth of an unborn baby.")
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    first_language = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        help_text="Set when this record was found to be a duplicate and merged into another.",
    )

    objects = PersonRows.as_manager()

    class Meta:
        ordering = ["surname", "given_name", "id"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.given_name, self.surname) if part)
        if name:
            return name
        return "Unborn baby" if self.kind == PersonKind.UNBORN else "Name not known"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.middle_names, self.surname) if part)

    def age_on(self, day: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    def family(self) -> Any:
        """This person's history and their family's (``index.Family``), in three queries."""
        from frontdoor.people.index import families

        return families([self])[self.pk]

    def current_address(self) -> PersonAddress | None:
        """The address with no end date (uses prefetched addresses when there are some)."""
        current = [a for a in self.addresses.all() if a.to_date is None]
        return max(current, key=lambda a: (a.from_date or dt.date.min, a.id), default=None)


class NameKind(models.TextChoices):
    BIRTH = "birth", "Name at birth"
    FORMER_SURNAME = "former_surname", "Former surname"
    ALIAS = "alias", "Also known as"
    NICKNAME = "nickname", "Nickname"


class PersonName(models.Model):
    """A name the person has had or is known by, other than the current one on ``Person``."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(max_length=16, choices=NameKind.choices)
    given_name = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100, blank=True)
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "from_date", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return " ".join(part for part in (self.given_name, self.surname) if part)


class PersonAddress(models.Model):
    """An address over time; the current one has no end date."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "-to_date", "-from_date", "-id"]
        verbose_name_plural = "person addresses"

    def __str__(self) -> str:
        return ", ".join(part for part in (self.address.replace("\n", ", "), self.postcode) if part)

    @property
    def is_current(self) -> bool:
        return self.to_date is None


class RelationshipType(models.TextChoices):
    """``Relationship(person=A, other=B, type=T)`` reads "A is the T of B"."""

    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    PARENTAL_RESPONSIBILITY = "parental_responsibility", "Person with parental responsibility"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    HOUSEHOLD_MEMBER = "household_member", "Household member"
    PARTNER_OF_PARENT = "partner_of_parent", "Partner of a parent"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"


# How B sees A, for "A is the T of B", read from B's side ("Mother: A")...
LABEL_FROM_OTHER_SIDE = {t.value: str(t.label) for t in RelationshipType}
# ...and how A sees B ("Child: B").
LABEL_FROM_PERSON_SIDE = {
    RelationshipType.MOTHER: "Child",
    RelationshipType.FATHER: "Child",
    RelationshipType.STEP_PARENT: "Stepchild",
    RelationshipType.PARENTAL_RESPONSIBILITY: "Child they have parental responsibility for",
    RelationshipType.SIBLING: "Sibling",
    RelationshipType.HALF_SIBLING: "Half-sibling",
    RelationshipType.HOUSEHOLD_MEMBER: "Household member",
    RelationshipType.PARTNER_OF_PARENT: "Child of their partner",
    RelationshipType.ALLEGED_PERPETRATOR: "Alleged to have harmed",
}
# Types where A is an adult connected to child B (SCR-2: "adults connected to the child").
ADULT_TO_CHILD = frozenset(
    {
        RelationshipType.MOTHER,
        RelationshipType.FATHER,
        RelationshipType.STEP_PARENT,
        RelationshipType.PARENTAL_RESPONSIBILITY,
        RelationshipType.PARTNER_OF_PARENT,
    }
)
SYMMETRIC = frozenset({RelationshipType.SIBLING, RelationshipType.HALF_SIBLING, RelationshipType.HOUSEHOLD_MEMBER})


class Relationship(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_in")
    type = models.CharField(max_length=24, choices=RelationshipType.choices)
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "other", "type"], name="people_relationship_once"),
            models.CheckConstraint(condition=~Q(person=models.F("other")), name="people_relationship_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.person} is {self.get_type_display().lower()} of {self.other}"

    def label_for(self, viewer: Person) -> str:
        """What the other party is to ``viewer``: "Mother", "Child", "Sibling"..."""
        if viewer.pk == self.other_id:
            return LABEL_FROM_OTHER_SIDE[self.type]
        return LABEL_FROM_PERSON_SIDE[RelationshipType(self.type)]

    def counterpart(self, viewer: Person) -> Person:
        return self.person if viewer.pk == self.other_id else self.other

    @property
    def is_current(self) -> bool:
        return self.to_date is None


def relationships_of(person: Person) -> models.QuerySet[Relationship]:
    """Every relationship the person is in, whichever side it was recorded from."""
    return (
        Relationship.objects.filter(Q(person=person) | Q(other=person))
        .select_related("person", "other")
        .order_by("type", "id")
    )


class InvolvementKind(models.TextChoices):
    CONTACT = "contact", "Contact"
    REFERRAL = "referral", "Referral"
    ASSESSMENT = "assessment", "Child and family assessment"
    S47_ENQUIRY = "s47_enquiry", "Section 47 enquiry"
    CONFERENCE = "conference", "Child protection conference"
    CP_PLAN = "cp_plan", "Child protection plan"
    CIN_PLAN = "cin_plan", "Child in need plan"
    LOOKED_AFTER = "looked_after", "Looked after"
    CLOSURE = "closure", "Case closed"


class Involvement(models.Model):
    """A piece of the person's history with the service (PPL-1)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="involvements")
    kind = models.CharField(max_length=16, choices=InvolvementKind.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    team = models.CharField(max_length=120, blank=True)
    source_reference = models.CharField(max_length=64, blank=True, help_text="A contact reference or a case number.")
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocated_involvements",
        help_text="The social worker allocated while this is open: new contacts about the person go to them.",
    )

    class Meta:
        ordering = ["person", "-start", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.end is None and self.kind != InvolvementKind.CLOSURE


class PersonKey(models.Model):
    """A blocking key of a person (``matching.blocking_keys``): how candidates are found
    without reading the whole index. Rewritten by the services whenever the person's names,
    date of birth, addresses or NHS number change, in the same transaction."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="people_key_once")]

    def __str__(self) -> str:
        return self.key


class LinkDecision(models.TextChoices):
    LINKED = "linked", "Linked to a person in the index"
    NEW_PERSON = "new_person", "Recorded as a new person"
    NOT_SURE = "not_sure", "Not sure yet"


class ContactPersonLink(models.Model):
    """A member of staff's decision about who a person named in a contact is (PPL-3)."""

    contact_person = models.OneToOneField("intake.ContactPerson", on_delete=models.CASCADE, related_name="index_link")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="contact_links")
    decision = models.CharField(max_length=16, choices=LinkDecision.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    score = models.FloatField(null=True, blank=True, help_text="The matcher's score when the decision was made.")
    evidence = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.contact_person_id}: {self.decision}"

    @property
    def is_linked(self) -> bool:
        return self.person_id is not None and self.decision in (LinkDecision.LINKED, LinkDecision.NEW_PERSON)


class DuplicateStatus(models.TextChoices):
    OPEN = "open", "Waiting for review"
    MERGED = "merged", "Merged"
    NOT_DUPLICATE = "not_duplicate", "Not the same person"


class DuplicateSuspect(models.Model):
    """A pair of index entries the batch de-duplication thinks may be one person."""

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    evidence = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN)
    found_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="people_duplicate_pair_once"),
            models.CheckConstraint(condition=Q(person_a__lt=models.F("person_b")), name="people_duplicate_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.score:.2f}, {self.status})"
