"""The lower apps' events, as notifications and urgent alerts (issue 15 part 4).

Each lower app declares its signals in its own ``signals.py`` and never imports this app
(docs/decisions/0021-dependency-order.md); ``connect()`` is called by ``WorkbenchConfig.ready()``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse

from frontdoor.accounts.models import User
from frontdoor.audit.actions import Action
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import Contact, Priority
from frontdoor.intake.signals import contact_arrived
from frontdoor.pathway.models import Episode
from frontdoor.pathway.signals import episode_allocated
from frontdoor.people.models import Person
from frontdoor.screening.models import Decision
from frontdoor.screening.signals import contact_allocated as screening_contact_allocated
from frontdoor.screening.signals import contact_routed_to_worker, decision_reviewed
from frontdoor.sharing.models import InformationRequest
from frontdoor.sharing.signals import request_allocated as sharing_request_allocated
from frontdoor.sharing.signals import request_routed_to_worker
from frontdoor.workbench.models import NotificationKind
from frontdoor.workbench.services import alert_urgent_contact, duty_managers, notify


def immediate_protection_arrived(sender: object, contact: Contact, **kwargs: Any) -> None:
    """An immediate-protection contact: the duty manager is told at once, not in the digest.
    (Run after the contact's commit, by the worker's follow-up of the arrival.)"""
    if contact.priority != Priority.IMMEDIATE:
        return
    with transaction.atomic():
        fresh = Contact.objects.select_related("team").get(pk=contact.pk)
        alert_urgent_contact(fresh, duty_managers(fresh.team), why="A contact says a child may need protecting now.")


def routed_to_worker(sender: object, contact: Contact, worker: User, person: Person, **kwargs: Any) -> None:
    """A new contact about a child whose case is open (INT-14): the allocated worker is told; when
    urgent, the worker and their team's duty manager are alerted at once."""
    notify(
        worker,
        kind=NotificationKind.NEW_CONTACT,
        text=f"New contact {contact.reference} about {person.display_name}, whose case is yours",
        href=reverse("screening:contact", args=[contact.reference]),
        key=f"new-contact:{contact.reference}",
        contact=contact,
        person=person,
    )
    if contact.is_urgent:
        alert_urgent_contact(
            contact,
            [worker, *duty_managers(worker.team)],
            why=f"An urgent contact about {person.display_name}, whose case is open, needs to be read now.",
        )


def reviewed(sender: object, decision: Decision, authorised: bool, actor: User, **kwargs: Any) -> None:
    """The proposer of a decision is told it was sent back or authorised."""
    contact = decision.contact
    kind = NotificationKind.AUTHORISED if authorised else NotificationKind.SENT_BACK
    did = "authorised your decision" if authorised else "sent back your proposal"
    text = f"{actor.display_name} {did} on {contact.reference}"
    notify(
        decision.proposed_by,
        kind=kind,
        text=text,
        href=reverse("screening:contact", args=[contact.reference]),
        key=f"{kind}:{decision.pk}",
        contact=contact,
    )


def allocated(sender: object, episode: Episode, worker: User | None, actor: User, **kwargs: Any) -> None:
    """The worker a case is allocated to is told it is theirs."""
    if worker is None or worker == actor:
        return
    referral = episode.referral
    notify(
        worker,
        kind=NotificationKind.ALLOCATED,
        text=f"{actor.display_name} allocated {episode.child.display_name}'s case to you",
        href=reverse("pathway:episode", args=[episode.pk]),
        key=f"allocated:{episode.pk}:{worker.pk}:{episode.team_id}:{_allocations(episode)}",
        person=episode.child,
        contact=referral.contact if referral is not None else None,
    )


def contact_allocated(sender: object, contact: Contact, worker: User | None, actor: User, **kwargs: Any) -> None:
    """The worker a contact is allocated to is told it is theirs."""
    if worker is None or worker == actor:
        return
    notify(
        worker,
        kind=NotificationKind.ALLOCATED,
        text=f"{actor.display_name} allocated contact {contact.reference} to you",
        href=reverse("screening:contact", args=[contact.reference]),
        key=f"allocated-contact:{contact.reference}:{worker.pk}:{_count(contact, _CONTACT)}",
        contact=contact,
    )


def request_allocated(
    sender: object, request: InformationRequest, worker: User | None, actor: User, **kwargs: Any
) -> None:
    """The worker an information request is allocated to is told it is theirs."""
    if worker is None or worker == actor:
        return
    notify(
        worker,
        kind=NotificationKind.ALLOCATED,
        text=f"{actor.display_name} allocated information request {request.reference} to you",
        href=reverse("requests:request", args=[request.reference]),
        key=f"allocated-request:{request.reference}:{worker.pk}:{_count(request, _REQUEST)}",
        person=request.person,
    )


def request_routed(sender: object, request: InformationRequest, worker: User, **kwargs: Any) -> None:
    """New information about my case: another agency's request about a child whose case is the worker's (INF-1)."""
    notify(
        worker,
        kind=NotificationKind.NEW_CONTACT,
        text=f"{request.organisation} asked for information about {request.subject_name}, whose case is yours",
        href=reverse("requests:request", args=[request.reference]),
        key=f"routed-request:{request.reference}:{worker.pk}",
        person=request.person,
    )


_CONTACT = [Action.CONTACT_ALLOCATED]
_REQUEST = [Action.INFORMATION_REQUEST_ALLOCATED]


def _count(record: Any, actions: list[Action]) -> int:
    """How many times a record has been allocated: allocated to someone again is news again."""
    return AuditEntry.objects.filter(
        object_type=record._meta.label_lower, object_id=str(record.pk), action__in=actions
    ).count()


def _allocations(episode: Episode) -> int:
    """How many times the episode has been allocated: a case allocated to someone again is news again."""
    return _count(episode, [Action.EPISODE_ALLOCATED, Action.EPISODE_REALLOCATED])


def connect() -> None:
    contact_arrived.connect(immediate_protection_arrived, dispatch_uid="workbench.immediate_protection_arrived")
    contact_routed_to_worker.connect(routed_to_worker, dispatch_uid="workbench.routed_to_worker")
    decision_reviewed.connect(reviewed, dispatch_uid="workbench.reviewed")
    episode_allocated.connect(allocated, dispatch_uid="workbench.allocated")
    screening_contact_allocated.connect(contact_allocated, dispatch_uid="workbench.contact_allocated")
    sharing_request_allocated.connect(request_allocated, dispatch_uid="workbench.request_allocated")
    request_routed_to_worker.connect(request_routed, dispatch_uid="workbench.request_routed")
