"""Screening's answers to what other apps announce."""

from __future__ import annotations

from typing import Any

from frontdoor.accounts.models import User
from frontdoor.intake.models import Contact, ContactPerson


def route_open_case(sender: object, contact: Contact, **kwargs: Any) -> None:
    """INT-14 at arrival: a child matched with certainty to an open case goes to the allocated worker."""
    from frontdoor.screening.services import route_open_case_on_arrival

    route_open_case_on_arrival(contact)


def referrer_outcome(sender: object, contact: Contact, **kwargs: Any) -> str:
    """ACK-2: the status page's outcome, the same words as the outcome message (intake's ``referrer_outcome``)."""
    from frontdoor.screening.services import outcome_for_referrer

    return outcome_for_referrer(contact)


def route_open_case_on_link(sender: object, contact_person: ContactPerson, actor: User, **kwargs: Any) -> bool:
    """INT-14 on a link: people's ``contact_person_linked``; True when the contact went to the allocated worker."""
    from frontdoor.screening.services import route_open_case_on_link as route

    return route(contact_person, actor=actor)
