"""Who may see a record: the one rule of restrictions (SEC-1, SEC-5). (Who may see a
referrer's identity when they asked for it to be withheld is intake's: frontdoor/intake/identity.py.)

``Visibility`` is the rule: the restricted contacts and people a user is not named on (nor
in the team of, nor holding an unexpired break-glass grant for), and every contact linked to
such a person. Everything else reads it:

- the middleware, for a page about one record (``can_see``: the "Restricted record" page);
- querysets, ``Model.objects.visible_to(user)`` (frontdoor/core/visibility.py; registered by
  ``frontdoor.access.apps``), for searches, counts, exports, emails and API answers;
- templates, ``hidden(row)``, to show a row of a list as "Restricted record".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q
from django.utils import timezone

from frontdoor.access.matrix import Scope
from frontdoor.access.models import BreakGlass, Restriction, RestrictionMember
from frontdoor.accounts.models import User
from frontdoor.core.visibility import Hidden
from frontdoor.intake.models import Attachment, Contact, ContactPerson, InboundMessage
from frontdoor.pathway.models import Episode
from frontdoor.people.models import ContactPersonLink, DuplicateSuspect, Person
from frontdoor.screening.models import Escalation, Referral
from frontdoor.sharing.models import Disclosure, InformationRequest


def load(scope: Scope, kwargs: dict[str, Any]) -> Model | None:
    """The record a record-scoped URL names, or None when there is none (the view answers 404)."""
    try:
        if scope == Scope.CONTACT:
            return Contact.objects.filter(reference=kwargs["reference"]).first()
        if scope == Scope.DOCUMENT:
            return (
                Attachment.objects.select_related("contact")
                .defer("data")
                .filter(pk=kwargs["attachment_id"], contact__reference=kwargs["reference"])
                .first()
            )
        if scope == Scope.REFERRAL:
            return Referral.objects.filter(pk=kwargs["referral_id"], contact__reference=kwargs["reference"]).first()
        if scope == Scope.REFERRAL_ONLY:
            return Referral.objects.select_related("contact").filter(pk=kwargs["referral_id"]).first()
        if scope == Scope.ESCALATION:
            return Escalation.objects.filter(
                pk=kwargs["escalation_id"], decision__contact__reference=kwargs["reference"]
            ).first()
        if scope == Scope.CONTACT_PERSON:
            return ContactPerson.objects.filter(pk=kwargs["contact_person_id"]).first()
        if scope == Scope.PERSON:
            return Person.objects.filter(pk=kwargs["person_id"]).first()
        if scope == Scope.DUPLICATE:
            return DuplicateSuspect.objects.filter(pk=kwargs["suspect_id"]).first()
        if scope == Scope.BREAK_GLASS:
            return BreakGlass.objects.filter(pk=kwargs["break_glass_id"]).first()
        if scope == Scope.EPISODE:
            return Episode.objects.select_related("referral__contact").filter(pk=kwargs["episode_id"]).first()
        if scope == Scope.INFORMATION_REQUEST:
            return InformationRequest.objects.filter(reference=kwargs["reference"]).first()
        if scope == Scope.MAILBOX_MESSAGE:
            return (
                InboundMessage.objects.select_related("contact", "related_contact")
                .defer("raw")
                .filter(pk=kwargs["pk"])
                .first()
            )
    except (KeyError, ValueError):
        return None
    return None


def contact_of(record: Model) -> Contact | None:
    """The contact a record belongs to, if it belongs to one."""
    if isinstance(record, Contact):
        return record
    if isinstance(record, Attachment | Referral | ContactPerson):
        return record.contact
    if isinstance(record, Escalation):
        return record.decision.contact
    if isinstance(record, InboundMessage):  # a new contact's email, or a reply about one
        return record.contact or record.related_contact
    if isinstance(record, InformationRequest):
        return record.contact
    return None


def person_of(record: Model) -> int | None:
    """The person of the index a record is about (a child's pathway, an information request), if any."""
    if isinstance(record, Episode):
        return record.child_id
    if isinstance(record, InformationRequest):
        return record.person_id
    return None


def restrictions_on(record: Model) -> list[Restriction]:
    """Every restriction that covers the record: a contact is covered by its own and by those
    of the index people its people are linked to; a pair of people by either person's."""
    if isinstance(record, InformationRequest):  # about a person of the index, perhaps from a contact
        on_contact = restrictions_on(record.contact) if record.contact is not None else []
        on_person = list(Restriction.objects.filter(person_id=record.person_id)) if record.person_id else []
        return sorted({r.pk: r for r in on_contact + on_person}.values(), key=lambda r: r.pk)
    if isinstance(record, InboundMessage):  # the contact it made, and the contact a reply answers
        both = [c for c in (record.contact, record.related_contact) if c is not None]
        found = {r.pk: r for c in both for r in restrictions_on(c)}
        return sorted(found.values(), key=lambda r: r.pk)
    contact = contact_of(record)
    if contact is not None:
        linked = ContactPersonLink.objects.filter(contact_person__contact=contact, person__isnull=False)
        return list(
            Restriction.objects.filter(Q(contact=contact) | Q(person__in=linked.values("person_id"))).order_by("id")
        )
    if isinstance(record, Person):
        return list(Restriction.objects.filter(person=record).order_by("id"))
    if isinstance(record, Episode):  # a child's pathway: the child's restrictions and the referral's contact's
        on_contact = restrictions_on(record.referral.contact) if record.referral is not None else []
        on_child = list(Restriction.objects.filter(person_id=record.child_id))
        return sorted({r.pk: r for r in on_contact + on_child}.values(), key=lambda r: r.pk)
    if isinstance(record, DuplicateSuspect):
        return list(Restriction.objects.filter(person__in=[record.person_a_id, record.person_b_id]).order_by("id"))
    return []


def _opened_to(user: User, restrictions: list[Restriction]) -> tuple[set[int], set[int]]:
    """Of these restrictions, those the user is named on (or in the team of), and those they
    hold an unexpired break-glass grant for."""
    ids = {r.pk for r in restrictions}
    # A user is named on few restrictions and holds few grants: read theirs, not every record's.
    named = {r.pk for r in restrictions if r.team_id is not None and r.team_id == user.team_id}
    named |= ids & set(RestrictionMember.objects.filter(user=user).values_list("restriction_id", flat=True))
    glass = ids & set(
        BreakGlass.objects.filter(user=user, expires_at__gt=timezone.now()).values_list("restriction_id", flat=True)
    )
    return named, glass


def closed_to(user: User, restrictions: list[Restriction]) -> list[Restriction]:
    """The restrictions that keep this record from the user (neither named nor a grant)."""
    named, glass = _opened_to(user, restrictions)
    return [r for r in restrictions if r.pk not in named and r.pk not in glass]


def can_see(user: Any, record: Model, visibility: Hidden | None = None) -> bool:
    """May this user see the contents of this record? False only for restricted records they
    are not named on and have no unexpired break-glass grant for (the one rule: Visibility)."""
    return not (visibility or Visibility.for_user(user)).hides(record)


def basis(user: User, record: Model, purpose: str) -> tuple[str, dict[str, Any]]:
    """Why this user may read this record (SEC-2's "why"): the page's purpose, and the basis."""
    detail: dict[str, Any] = {"role": user.role}
    restrictions = restrictions_on(record)
    reason = purpose
    if restrictions:
        named, glass = _opened_to(user, restrictions)
        used = [r.pk for r in restrictions if r.pk not in named and r.pk in glass]
        if used:
            grant = BreakGlass.objects.filter(restriction_id__in=used, user=user).order_by("-at").first()
            detail["basis"] = "break-glass"
            detail["break_glass"] = grant.pk if grant else None
            reason = f"{purpose}; break-glass: {grant.reason if grant else ''}"
        else:
            detail["basis"] = "named on the restriction"
        return reason, detail
    contact = contact_of(record)
    if contact is not None and contact.allocated_to_id == user.pk:
        detail["basis"] = "allocated worker"
    elif contact is not None and contact.claimed_by_id == user.pk:
        detail["basis"] = "screening the contact"
    else:
        detail["basis"] = f"role: {user.get_role_display()}"
    return reason, detail


# --- Lists and searches: which rows to mask --------------------------------------------------------------


@dataclass
class Visibility:
    """The restricted contacts and people a user cannot see, worked out once per request."""

    hidden_contacts: set[int] = field(default_factory=set)
    hidden_people: set[int] = field(default_factory=set)

    @classmethod
    def for_user(cls, user: Any) -> Visibility:
        restrictions = list(Restriction.objects.only("id", "contact_id", "person_id", "team_id"))
        if not restrictions:
            return cls()
        if isinstance(user, User) and user.is_authenticated:
            named, glass = _opened_to(user, restrictions)
            closed = [r for r in restrictions if r.pk not in named and r.pk not in glass]
        else:
            closed = restrictions
        people = {r.person_id for r in closed if r.person_id is not None}
        contacts = {r.contact_id for r in closed if r.contact_id is not None}
        if people:
            contacts |= set(
                ContactPersonLink.objects.filter(person_id__in=people).values_list(
                    "contact_person__contact_id", flat=True
                )
            )
        return cls(hidden_contacts=contacts, hidden_people=people)

    def hides(self, record: Any) -> bool:  # noqa: PLR0911 - one line per kind of record
        """Is this record (or the contact or person it belongs to) one the user may not see?"""
        contacts, people = self.hidden_contacts, self.hidden_people
        if not contacts and not people:
            return False
        if isinstance(record, Contact):
            return record.pk in contacts
        if isinstance(record, Person):
            return record.pk in people
        if isinstance(record, Attachment | Referral | ContactPerson):
            return record.contact_id in contacts
        if isinstance(record, Escalation):
            return record.decision.contact_id in contacts
        if isinstance(record, InboundMessage):
            return record.contact_id in contacts or record.related_contact_id in contacts
        if isinstance(record, Episode):
            return record.child_id in people or (record.referral is not None and record.referral.contact_id in contacts)
        if isinstance(record, InformationRequest):
            return record.person_id in people or record.contact_id in contacts
        if isinstance(record, Disclosure):
            return record.person_id in people or self.hides(record.request)
        if isinstance(record, DuplicateSuspect):
            return record.person_a_id in people or record.person_b_id in people
        return False

    def visible(self, records: Iterable[Any]) -> list[Any]:
        return [r for r in records if not self.hides(r)]
