"""Guards every app's services share: who is a manager, and which status a record may move from.

A model with a status has one transition table, kept beside the services that change it (for
example ``screening/services/guards.py`` for contacts and decisions): each named transition lists
the statuses it may start from, those it may lead to, the words a refusal shows, and its source.
A command asks ``require_transition(record, "name")`` before it changes the status, instead of
writing its own ``if record.status != ...: raise``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, cast

from django.db.models import Model

from frontdoor.core.errors import Refused


class _Staff(Protocol):
    @property
    def is_manager(self) -> bool: ...


class _HasStatus(Protocol):
    status: str

    def get_status_display(self) -> str: ...


def require_manager(actor: _Staff, what: str, refused: type[Refused] = Refused) -> None:
    """Only a team manager may do ``what`` (words that finish "Only a team manager can ...")."""
    if not actor.is_manager:
        raise refused(f"Only a team manager can {what}")


@dataclass(frozen=True)
class Transition:
    """A named change of a record's status. ``refusal`` may name the record's current status
    as ``{status}`` (its label, in lower case). An empty ``to`` means the status stays as it is
    (a change of the record allowed only in those statuses)."""

    name: str
    allowed_from: frozenset[str]
    to: frozenset[str]
    refusal: str
    source: str


def transition(name: str, allowed_from: Iterable[str], to: Iterable[str], refusal: str, *, source: str) -> Transition:
    return Transition(name, frozenset(allowed_from), frozenset(to), refusal, source)


@dataclass(frozen=True)
class TransitionTable:
    """One model's transitions, and the refusal its app raises."""

    model: type[Model]
    refused: type[Refused]
    transitions: tuple[Transition, ...]

    def __getitem__(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise KeyError(f"{self.model.__name__} has no transition {name!r}")


_TABLES: dict[type[Model], list[TransitionTable]] = {}


def register(table: TransitionTable) -> TransitionTable:
    """Make a table known to ``require_transition`` (the guards module that defines it calls this)."""
    names = {t.name for tables in _TABLES.get(table.model, []) for t in tables.transitions}
    clash = names & {t.name for t in table.transitions}
    if clash:
        raise ValueError(f"{table.model.__name__} transitions defined twice: {sorted(clash)}")
    _TABLES.setdefault(table.model, []).append(table)
    return table


def table_for(model: type[Model], name: str) -> TransitionTable:
    for table in _TABLES.get(model, []):
        if any(t.name == name for t in table.transitions):
            return table
    raise KeyError(f"{model.__name__} has no transition {name!r}")


def require_transition(record: _HasStatus, name: str) -> Transition:
    """Refuse (with the table's words, as its app's Refused) unless ``record``'s status allows the
    named transition; the transition is returned, so a command can check where it leads."""
    table = table_for(cast(type[Model], type(record)), name)
    move = table[name]
    if record.status not in move.allowed_from:
        raise table.refused(move.refusal.format(status=record.get_status_display().lower()))
    return move
