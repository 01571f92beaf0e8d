"""The access app's answers to what the apps below it announce (connected in ``AccessConfig.ready``)."""

from __future__ import annotations

from typing import Any

from frontdoor.access.services import restrict_allegation
from frontdoor.accounts.models import User
from frontdoor.intake.models import Contact


def restrict_allegation_on_arrival(sender: object, contact: Contact, actor: User | None, **kwargs: Any) -> None:
    """SEC-1, SEC-5, LADO-2: intake's ``allegation_recorded``, in the transaction that saves the contact."""
    restrict_allegation(contact, actor=actor)
