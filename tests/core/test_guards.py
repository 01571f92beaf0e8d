"""The shared guards (issue 14 item 2): one Refused, one manager check, one transition table per status."""

from __future__ import annotations

import pytest
from django.db import models

from frontdoor.accounts.models import Role, User
from frontdoor.core import guards
from frontdoor.core.errors import Refused
from frontdoor.intake.models import Contact, ContactStatus
from frontdoor.pathway.services import PathwayRefused
from frontdoor.screening.models import Decision, DecisionStatus
from frontdoor.screening.services import ScreeningRefused
from frontdoor.sharing.models import InformationRequest, RequestStatus
from frontdoor.sharing.services import RequestRefused


def test_every_apps_refusal_is_one_refused() -> None:
    from frontdoor.access.services import AccessRefused
    from frontdoor.accounts.services import AccountError, SecondFactorError
    from frontdoor.partners.services import KeyReused, NotAllowed
    from frontdoor.people.services import LinkRefused
    from frontdoor.screening.services import LanguageCheck
    from frontdoor.sharing.services import SharingRefused

    for refusal in (
        AccessRefused,
        AccountError,
        SecondFactorError,
        KeyReused,
        NotAllowed,
        LinkRefused,
        LanguageCheck,
        PathwayRefused,
        RequestRefused,
        ScreeningRefused,
        SharingRefused,
    ):
        assert issubclass(refusal, Refused), refusal


def test_every_transition_names_real_statuses_and_a_source() -> None:
    tables = [t for model in (Contact, Decision, InformationRequest) for t in guards._TABLES[model]]
    assert {t.model for t in tables} == {Contact, Decision, InformationRequest}
    for table in tables:
        field = table.model._meta.get_field("status")
        assert isinstance(field, models.CharField) and field.choices
        statuses = {value for value, _ in field.choices}
        for move in table.transitions:
            assert move.allowed_from and move.allowed_from <= statuses, (table.model, move.name)
            assert move.to <= statuses, (table.model, move.name)
            assert move.refusal and move.source, (table.model, move.name)


@pytest.mark.parametrize(
    ("record", "name", "refused", "words"),
    [
        (Contact(status=ContactStatus.NEW), "release", ScreeningRefused, "Only a contact that is being screened"),
        (Contact(status=ContactStatus.DECIDED), "reassign", ScreeningRefused, "waiting for or in screening"),
        (
            Decision(status=DecisionStatus.AUTHORISED),
            "review",
            ScreeningRefused,
            "This decision is authorised, not waiting for a manager",
        ),
        (
            Decision(status=DecisionStatus.PROPOSED),
            "record_escalation",
            ScreeningRefused,
            "Only an authorised decision",
        ),
        (
            InformationRequest(status=RequestStatus.CLOSED),
            "approve_answer",
            RequestRefused,
            "This request is closed: that cannot be done now",
        ),
    ],
)
def test_a_status_outside_the_table_is_refused_in_the_apps_words(
    record: Contact | Decision | InformationRequest, name: str, refused: type[Refused], words: str
) -> None:
    with pytest.raises(refused, match=words):
        guards.require_transition(record, name)


def test_a_status_in_the_table_passes_and_says_where_it_leads() -> None:
    move = guards.require_transition(InformationRequest(status=RequestStatus.AWAITING_APPROVAL), "send_back_answer")
    assert move.to == {RequestStatus.DECIDED}
    with pytest.raises(KeyError):
        guards.require_transition(InformationRequest(status=RequestStatus.NEW), "no_such_move")


def test_a_transition_is_defined_once() -> None:
    table = guards.TransitionTable(Contact, ScreeningRefused, (guards.transition("release", [], [], "x", source="y"),))
    with pytest.raises(ValueError, match="defined twice"):
        guards.register(table)


def test_one_manager_guard_for_every_app() -> None:
    worker, manager = User(role=Role.SOCIAL_WORKER), User(role=Role.TEAM_MANAGER)
    guards.require_manager(manager, "authorise an assessment", PathwayRefused)
    with pytest.raises(PathwayRefused, match="Only a team manager can authorise an assessment"):
        guards.require_manager(worker, "authorise an assessment", PathwayRefused)
    with pytest.raises(ScreeningRefused, match="Only a team manager can reassign a contact"):
        guards.require_manager(worker, "reassign a contact", ScreeningRefused)
