"""The one rule of what a user may see of restricted records, as querysets (SEC-1, SEC-5).

Every model that holds or shows part of a child's record uses ``VisibleQuerySet`` as its
manager, and says where its record is: the contact it belongs to, the person of the index it
is about. ``Model.objects.visible_to(user)`` leaves out the rows the user may not see::

    Contact.objects.visible_to(request.user)
    InboundMessage.objects.visible_to(user).filter(kind="contact")

The rule itself (restrictions, the people named on them, their teams, break-glass grants)
lives in ``frontdoor.access.records.Visibility``: the access app registers it here when it is
ready (``frontdoor.access.apps``). A page asks ``for_request(request)`` for the request's
rule, worked out once per request. This module imports no model, so the apps that hold the
records (intake, people, screening, pathway, sharing) can use it without importing the
access app, which imports theirs. Until the rule is registered every row is hidden (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, Self, TypeVar

from django.db import models
from django.http import HttpRequest


class Hidden(Protocol):
    """What a user may not see: restricted contacts and people of the index, by primary key."""

    hidden_contacts: set[int]
    hidden_people: set[int]

    def hides(self, record: Any) -> bool:
        """Is this record (or the contact or person it belongs to) one the user may not see?"""

    def visible(self, records: Iterable[Any]) -> list[Any]:
        """The records of these the user may see."""


_rule: Callable[[Any], Hidden] | None = None


def register(rule: Callable[[Any], Hidden]) -> None:
    """The access app gives the rule (a user -> the contacts and people hidden from them)."""
    global _rule  # noqa: PLW0603 - one rule for the process, set once at start-up
    _rule = rule


def hidden_from(user: Any) -> Hidden | None:
    """What is hidden from this user, or None when no rule is registered (then hide everything)."""
    return _rule(user) if _rule is not None else None


VISIBILITY = "_frontdoor_visibility"


def for_request(request: HttpRequest) -> Hidden:
    """What is hidden from the request's user, worked out on first use and kept for the request.
    A page cannot be shown at all before the rule is registered (fail closed)."""
    found: Hidden | None = getattr(request, VISIBILITY, None)
    if found is None:
        found = hidden_from(getattr(request, "user", None))
        if found is None:
            raise RuntimeError("No visibility rule is registered: the access app registers it when it is ready")
        setattr(request, VISIBILITY, found)
    return found


M = TypeVar("M", bound=models.Model)


class VisibleQuerySet(models.QuerySet[M]):
    """A queryset that knows where its rows' record is. Each model's subclass sets:

    - ``contact_fields``: the fields naming the contact a row belongs to ("pk" for a contact);
    - ``person_fields``: the fields naming the person of the index a row is about ("pk" for a person).
    """

    contact_fields: tuple[str, ...] = ()
    person_fields: tuple[str, ...] = ()

    def visible_to(self, user: Any, hidden: Hidden | None = None) -> Self:
        """The rows this user may see: those of no restricted record they are not named on."""
        hidden = hidden if hidden is not None else hidden_from(user)
        if hidden is None:
            return self.none()
        rows = self
        if hidden.hidden_contacts:
            for name in self.contact_fields:
                rows = rows.exclude(**{f"{name}__in": sorted(hidden.hidden_contacts)})
        if hidden.hidden_people:
            for name in self.person_fields:
                rows = rows.exclude(**{f"{name}__in": sorted(hidden.hidden_people)})
        return rows
