"""Changes to restrictions and break-glass grants (SEC-1): atomic, audited, checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from frontdoor.access.matrix import FRONT_DOOR_STAFF
from frontdoor.access.models import BreakGlass, Restriction, RestrictionMember
from frontdoor.accounts.models import Role, Team, User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.core.errors import Refused
from frontdoor.intake.models import Contact
from frontdoor.people.models import Person

BREAK_GLASS_HOURS = 4
"""How long a break-glass grant lasts: a shift's urgent work, not a standing permission."""

ALLEGATION_REASON = "An allegation against someone who works with children (LADO): restricted on arrival"


class AccessRefused(Refused):
    """A change to a restriction that is not allowed; the message says why, for the page."""


def allegations_team() -> Team | None:
    return Team.objects.filter(kind=Team.Kind.ALLEGATIONS).order_by("id").first()


def restrict_allegation(contact: Contact, *, actor: User | None) -> Restriction | None:
    """An allegation against someone who works with children is restricted as it arrives:
    to the allegations (LADO) team, and to the member of staff who recorded it."""
    if Restriction.objects.filter(contact=contact, kind=Restriction.Kind.ALLEGATION).exists():
        return None
    with transaction.atomic():
        restriction = Restriction.objects.create(
            kind=Restriction.Kind.ALLEGATION,
            contact=contact,
            team=allegations_team(),
            reason=ALLEGATION_REASON,
            set_by=actor,
        )
        if actor is not None:
            RestrictionMember.objects.create(
                restriction=restriction, user=actor, added_by=actor, reason="recorded the contact"
            )
        audit.record(
            actor,
            Action.RECORD_RESTRICTED,
            contact,
            actor_label="routing rules",
            reason=ALLEGATION_REASON,
            kind=restriction.kind,
            team=restriction.team_id,
        )
    return restriction


def restrict(record: Contact | Person, reason: str, *, actor: User, also: Iterable[User] = ()) -> Restriction:
    """A team manager restricts a record that is the family of a member of staff. Named on it:
    the manager, those handling it (who holds or is allocated the contact), and whoever else
    the manager names."""
    if not actor.is_manager:
        raise AccessRefused("Only a team manager can restrict a record")
    reason = reason.strip()
    if not reason:
        raise AccessRefused("Enter why this record is restricted")
    with transaction.atomic(durable=True):
        target: dict[str, Contact | Person] = {"contact": record} if isinstance(record, Contact) else {"person": record}
        if Restriction.objects.filter(kind=Restriction.Kind.STAFF_FAMILY, **target).exists():
            raise AccessRefused("This record is already restricted")
        restriction = Restriction.objects.create(
            kind=Restriction.Kind.STAFF_FAMILY, reason=reason, set_by=actor, **target
        )
        named: dict[int, User] = {actor.pk: actor}
        if isinstance(record, Contact):
            for handler in (record.claimed_by, record.allocated_to):
                if handler is not None:
                    named[handler.pk] = handler
        for user in also:
            named[user.pk] = user
        RestrictionMember.objects.bulk_create(
            RestrictionMember(restriction=restriction, user=user, added_by=actor, reason="named by the manager")
            for user in named.values()
        )
        audit.record(actor, Action.RECORD_RESTRICTED, record, reason=reason, kind=restriction.kind, named=sorted(named))
    return restriction


def break_glass(
    restrictions: Iterable[Restriction], reason: str, *, actor: User, now: dt.datetime | None = None
) -> list[BreakGlass]:
    """Open restricted records to someone not named on them, for BREAK_GLASS_HOURS, with a
    reason: logged in the audit log and flagged to the data protection officer."""
    reason = reason.strip()
    if not reason:
        raise AccessRefused("Enter why you need to see this record")
    if actor.role not in FRONT_DOOR_STAFF or not actor.is_active:
        raise AccessRefused("Your role does not work with children's records")
    now = now or timezone.now()
    grants: list[BreakGlass] = []
    with transaction.atomic(durable=True):
        for restriction in restrictions:
            grant = BreakGlass.objects.create(
                restriction=restriction,
                user=actor,
                reason=reason,
                at=now,
                expires_at=now + dt.timedelta(hours=BREAK_GLASS_HOURS),
            )
            record = restriction.contact or restriction.person
            assert record is not None  # noqa: S101 - the check constraint guarantees one
            audit.record(
                actor,
                Action.RECORD_BREAK_GLASS,
                record,
                reason=reason,
                restriction=restriction.pk,
                grant=grant.pk,
                expires_at=grant.expires_at.isoformat(),
            )
            grants.append(grant)
    return grants


def mark_reviewed(grant: BreakGlass, note: str = "", *, actor: User) -> BreakGlass:
    """The data protection officer has looked at a break-glass use."""
    if actor.role != Role.DATA_PROTECTION_OFFICER or not actor.is_active:
        raise AccessRefused("Only the data protection officer reviews break-glass uses")
    with transaction.atomic(durable=True):
        locked = BreakGlass.objects.select_for_update().get(pk=grant.pk)
        if locked.reviewed_at is not None:
            raise AccessRefused("This use has already been reviewed")
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.review_note = note.strip()
        locked.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        audit.record(actor, Action.BREAK_GLASS_REVIEWED, locked, reason=locked.review_note, user=locked.user_id)
    return locked
