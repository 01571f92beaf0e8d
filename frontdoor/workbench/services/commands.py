"""Making notifications and urgent alerts, and marking them read (issue 15 part 4).

A notification is made once per recipient and key (safe to repeat), in the transaction of the
change it tells of, and never for someone who may not read the record it is about (SEC-1): the
visibility rule is asked before it is made, and again whenever it is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from frontdoor.accounts.models import Role, Team, User
from frontdoor.core import visibility
from frontdoor.intake import outbox
from frontdoor.intake.models import Contact, OutboundEmail
from frontdoor.pathway import services as pathway
from frontdoor.people.models import Person
from frontdoor.policy import timescales
from frontdoor.workbench.models import Notification, NotificationKind


def _may_read(user: User, contact: Contact | None, person: Person | None) -> bool:
    hidden = visibility.hidden_from(user)
    if hidden is None:  # no rule registered: nobody is told anything (fail closed)
        return False
    return not ((contact is not None and hidden.hides(contact)) or (person is not None and hidden.hides(person)))


def notify(
    recipient: User | None,
    *,
    kind: str,
    text: str,
    href: str,
    key: str,
    contact: Contact | None = None,
    person: Person | None = None,
) -> Notification | None:
    """Tell ``recipient`` (once per key) unless they may not read the record."""
    if recipient is None or not recipient.is_active or not _may_read(recipient, contact, person):
        return None
    with transaction.atomic():
        found, _ = Notification.objects.get_or_create(
            recipient=recipient,
            key=key[:160],
            defaults={"kind": kind, "text": text[:300], "href": href, "contact": contact, "person": person},
        )
    return found


def duty_managers(team: Team | None) -> list[User]:
    """The managers on duty for a team: its active team managers; for a contact with no team yet,
    the screening (MASH) team's managers."""
    managers = User.objects.filter(is_active=True, role=Role.TEAM_MANAGER)
    if team is not None:
        found = list(managers.filter(team=team).order_by("id"))
        if found:
            return found
    return list(managers.filter(team__kind=Team.Kind.SCREENING).order_by("id"))


def alert_urgent_contact(contact: Contact, recipients: Iterable[User], *, why: str) -> int:
    """Tell each recipient at once, in the app and by email through the outbox, that an urgent
    contact needs them (an immediate-protection contact, or an urgent contact about a child whose
    case is open). The email names only the reference, never the child or the concern (``why`` is
    shown in the app, through the visibility rule): the record is read after signing in.
    Returns how many people were told."""
    href = reverse("screening:contact", args=[contact.reference])
    told = 0
    for user in {u.pk: u for u in recipients if u is not None}.values():
        made = notify(
            user,
            kind=NotificationKind.URGENT_CONTACT,
            text=f"Urgent: contact {contact.reference}. {why}",
            href=href,
            key=f"urgent:{contact.reference}",
            contact=contact,
        )
        if made is None:
            continue
        told += 1
        if user.email:
            outbox.queue_email(
                key=f"urgent-alert:{contact.reference}:{user.pk}",
                contact=contact,
                kind=OutboundEmail.Kind.URGENT_ALERT,
                to=user.email,
                subject=f"Urgent contact {contact.reference}: please act now",
                body=(
                    f"Hello {user.display_name},\n\nAn urgent contact needs you now: a child may need protecting, "
                    "or a child whose case is open is the subject of an urgent contact.\n\n"
                    f"Contact reference: {contact.reference}\n\n"
                    f"Sign in to Front Door to read it: {settings.PUBLIC_BASE_URL}{href}\n\n"
                    "This is an automatic message from Front Door. Do not reply to it.\n"
                ),
            )
    return told


def mark_read(user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark one, some or all of the user's notifications read. Returns how many changed."""
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        rows = rows.filter(pk__in=list(notification_ids))
    return rows.update(read_at=timezone.now())


_EVERY = dt.timedelta(minutes=15)
_last_told: dict[str, dt.datetime] = {}


def notify_deadlines_due_tomorrow(*, now: dt.datetime | None = None) -> int:
    """Each open pathway deadline due by the end of the next working day, told once to the child's
    allocated worker (run by the worker's periodic duties: at most every 15 minutes in a process,
    since it reads every open case; a given ``now`` always runs)."""
    if now is None:
        now = timezone.now()
        last = _last_told.get("at")
        if last is not None and now - last < _EVERY:
            return 0
        _last_told["at"] = now
    made = 0
    for item in pathway.due_items(now=now):
        if item.state != timescales.DueState.DUE_NEXT_WORKING_DAY or item.episode.allocated_worker is None:
            continue
        episode = item.episode
        found = notify(
            episode.allocated_worker,
            kind=NotificationKind.DEADLINE,
            text=f"{item.title} for {episode.child.display_name} is due by {item.due_on:%-d %B %Y}",
            href=reverse("pathway:episode", args=[episode.pk]),
            key=f"deadline:{episode.pk}:{item.rule_id}:{item.due_on.isoformat()}",
            person=episode.child,
            contact=episode.referral.contact if episode.referral else None,
        )
        made += found is not None
    return made
