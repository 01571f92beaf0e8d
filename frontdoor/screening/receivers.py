"""Screening's answers to what other apps announce."""

from __future__ import annotations

from typing import Any

from frontdoor.intake.models import Contact


def route_open_case(sender: object, contact: Contact, **kwargs: Any) -> None:
    """INT-14 at arrival: a child matched with certainty to an open case goes to the allocated worker."""
    from frontdoor.screening.services import route_open_case_on_arrival

    route_open_case_on_arrival(contact)
