"""Who may see a record: the one check of restrictions (SEC-1), used by the middleware for
record-scoped pages and by lists and searches to mask rows, and who may see a referrer's
identity when they asked for it to be withheld.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q
from django.http import HttpRequest
from django.utils import timezone

from frontdoor.access.matrix import CSO, MANAGER, OOH, SCREENER, Scope
from frontdoor.access.models import BreakGlass, Restriction, RestrictionMember
from frontdoor.accounts.models import User
from frontdoor.intake.models import Attachment, Contact, ContactPerson
from frontdoor.pathway.models import Episode
from frontdoor.people.models import ContactPersonLink, DuplicateSuspect, Person
from frontdoor.screening.models import Escalation, Referral

REFERRER_IDENTITY_ROLES = frozenset({CSO, SCREENER, MANAGER, OOH})
"""Roles that see a referrer's name and contact details even when the referrer asked for
them to be withheld from the family. The customer service officer takes the call and
acknowledges it; the screening social worker may need to go back to the referrer (SCR-2,
ACK-3); the team manager authorises decisions and answers escalations from referrers;
the out-of-hours worker acts when no one else can and may need to call back. The allocated
social worker works with the family, where a slip would reveal who made the contact: they
see what was said, not who said it. The data protection officer and administrator do
not need a referrer's identity for their work."""


def load(scope: Scope, kwargs: dict[str, Any]) -> Model | None:
    """The record a record-scoped URL names, or None when there is none (the view answers 404)."""
    try:
        if scope == Scope.CONTACT:
            return Contact.objects.filter(reference=kwargs["reference"]).first()
        if scope == Scope.DOCUMENT:
            return (Attachment.objects.select_related("contact").defer("data")
                    .filter(pk=kwargs["attachment_id"], contact__reference=kwargs["reference"]).first())  # fmt: skip
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
    return None


def restrictions_on(record: Model) -> list[Restriction]:
    """Every restriction that covers the record: a contact is covered by its own and by those
    of the index people its people are linked to; a pair of people by either person's."""
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
    glass = ids & set(BreakGlass.objects.filter(user=user, expires_at__gt=timezone.now())
                      .values_list("restriction_id", flat=True))  # fmt: skip
    return named, glass


def closed_to(user: User, restrictions: list[Restriction]) -> list[Restriction]:
    """The restrictions that keep this record from the user (neither named nor a grant)."""
    named, glass = _opened_to(user, restrictions)
    return [r for r in restrictions if r.pk not in named and r.pk not in glass]


def can_see(user: Any, record: Model) -> bool:
    """May this user see the contents of this record? False only for restricted records they
    are not named on and have no unexpired break-glass grant for."""
    restrictions = restrictions_on(record)
    if not restrictions:
        return True
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return False
    named, glass = _opened_to(user, restrictions)
    return all(r.pk in named or r.pk in glass for r in restrictions)


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


def can_see_referrer(user: Any, contact: Contact) -> bool:
    """May this user see who the referrer is (name, contact details)? Always, unless the
    referrer asked for their identity to be withheld; then only roles that need it."""
    if not contact.referrer_identity_withheld:
        return True
    return isinstance(user, User) and user.is_active and user.role in REFERRER_IDENTITY_ROLES


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
            contacts |= set(ContactPersonLink.objects.filter(person_id__in=people)
                            .values_list("contact_person__contact_id", flat=True))  # fmt: skip
        return cls(hidden_contacts=contacts, hidden_people=people)

    def hides(self, record: Any) -> bool:
        if isinstance(record, Contact):
            return record.pk in self.hidden_contacts
        if isinstance(record, Person):
            return record.pk in self.hidden_people
        if isinstance(record, Attachment | Referral | ContactPerson):
            return record.contact_id in self.hidden_contacts
        return False

    def visible(self, records: Iterable[Any]) -> list[Any]:
        return [r for r in records if not self.hides(r)]


VISIBILITY = "_frontdoor_visibility"


def visibility(request: HttpRequest) -> Visibility:
    """The request's Visibility, computed on first use."""
    found = getattr(request, VISIBILITY, None)
    if found is None:
        found = Visibility.for_user(getattr(request, "user", None))
        setattr(request, VISIBILITY, found)
    return found
