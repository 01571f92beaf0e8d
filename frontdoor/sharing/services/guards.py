"""Whether a sharing command may run: who handles requests and who sees them, a restricted record,
the request's status, the answers given; refusals in words."""

from __future__ import annotations

from typing import Any

from frontdoor.accounts.models import REQUEST_ROLES, Role, User
from frontdoor.core.errors import Refused
from frontdoor.core.guards import TransitionTable, register, transition
from frontdoor.policy import information_rules as rules
from frontdoor.sharing.models import InformationRequest, RequestStatus


class SharingRefused(Refused):
    """Sharing is not allowed; the message says why and what would allow it."""


# === Information requests from other agencies (INF-1..INF-7, §8) =====================================


# Who may log, route, prepare and send (§8: the Customer Service Centre, screeners, allocated workers and
# their managers). The Data Protection Officer sees and closes what is routed to the Data Protection Team.
CHANNELS = (("email", "Email"), ("phone", "Phone call"), ("post", "Post"), ("fax", "Fax"))


class RequestRefused(Refused):
    """The change is not allowed; the message says why, in words for the person who tried."""


def can_handle(user: User) -> bool:
    return user.is_active and user.role in REQUEST_ROLES


def is_dpo(user: User) -> bool:
    return user.is_active and user.role == Role.DATA_PROTECTION_OFFICER


def can_see(user: User, request: InformationRequest) -> bool:
    """Handlers see every request; the Data Protection Officer sees those routed to the team."""
    return can_handle(user) or (is_dpo(user) and request.route == rules.Route.DATA_PROTECTION)


RESTRICTED = "This person's record is restricted: ask for access to it first"


def _require_handler(actor: User) -> None:
    if not can_handle(actor):
        raise RequestRefused("Only the Customer Service Centre, social workers and team managers handle requests")


def _locked(request: InformationRequest, actor: User) -> InformationRequest:
    """The request, locked for a change; refused when it is about a restricted record the actor
    is not named on (nor holds a break-glass grant for): nothing about them is matched, routed,
    prepared or sent without it."""
    locked = InformationRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if not InformationRequest.objects.visible_to(actor).filter(pk=locked.pk).exists():
        raise RequestRefused(RESTRICTED)
    return locked


REQUEST_FIELDS = (
    "channel",
    "agency",
    "organisation",
    "requester_name",
    "requester_role",
    "requester_email",
    "requester_phone",
    "identity",
    "identity_notes",
    "legitimacy_in_doubt",
    "subject_given_name",
    "subject_surname",
    "subject_date_of_birth",
    "subject_postcode",
    "subject_details",
    "subject_is_adult",
    "purpose",
    "purpose_details",
    "consent_from_pr",
    "statutory_role_evidenced",
    "evidence_notes",
    "asked",
    "questions",
)


TEXT_LIMITS = {
    "organisation": 200,
    "requester_name": 200,
    "requester_role": 200,
    "requester_phone": 32,
    "subject_given_name": 100,
    "subject_surname": 100,
    "subject_postcode": 10,
}


def _check_values(values: dict[str, Any]) -> None:
    for name, allowed in (
        ("agency", rules.Agency.ALL),
        ("purpose", rules.Purpose.ALL),
        ("asked", rules.Asked.ALL),
        ("identity", rules.Identity.ALL),
        ("channel", tuple(c for c, _ in CHANNELS)),
    ):
        if name in values and values[name] not in allowed:
            raise RequestRefused(f"Choose a valid answer for {name.replace('_', ' ')}")
    for name, limit in TEXT_LIMITS.items():
        if len(str(values.get(name) or "")) > limit:
            raise RequestRefused(f"{name.replace('_', ' ').capitalize()} must be {limit} characters or less")


BEFORE_ANSWER = (RequestStatus.NEW, RequestStatus.DECIDED, RequestStatus.HELD)


# The request's status moves only along these arrows (§8, INF-1..INF-7); a command asks
# require_transition(request, name) before it changes anything.
_NOT_NOW = "This request is {status}: that cannot be done now"
_S = RequestStatus
REQUEST_TRANSITIONS = register(
    TransitionTable(
        InformationRequest,
        RequestRefused,
        (
            transition(
                "confirm_match",
                BEFORE_ANSWER,
                [_S.NEW],
                _NOT_NOW,
                source="the subject is matched to the record, then routed again",
            ),
            transition(
                "decide_route",
                [_S.NEW],
                [_S.DECIDED, _S.WITH_DATA_PROTECTION, _S.PASSED_ON],
                _NOT_NOW,
                source="the rules route a new request",
            ),
            transition(
                "record_evidence",
                [*BEFORE_ANSWER, _S.AWAITING_APPROVAL, _S.APPROVED],
                [_S.NEW],
                _NOT_NOW,
                source="evidence received, the request is routed again",
            ),
            transition(
                "prepare_answer",
                [_S.DECIDED],
                [_S.DECIDED, _S.AWAITING_APPROVAL],
                _NOT_NOW,
                source="the answer is drawn from the record, for a manager's approval where needed",
            ),
            transition(
                "approve_answer", [_S.AWAITING_APPROVAL], [_S.APPROVED], _NOT_NOW, source="a team manager approves"
            ),
            transition(
                "send_back_answer", [_S.AWAITING_APPROVAL], [_S.DECIDED], _NOT_NOW, source="a team manager sends back"
            ),
            transition(
                "send_reply",
                [_S.DECIDED, _S.APPROVED],
                [_S.ANSWERED, _S.REFUSED, _S.HELD],
                _NOT_NOW,
                source="the answer, refusal or request for evidence is sent",
            ),
            transition(
                "record_outcome",
                [_S.WITH_DATA_PROTECTION, _S.PASSED_ON],
                [_S.CLOSED],
                _NOT_NOW,
                source="the Data Protection Team or the legal helpdesk closes what was passed to them",
            ),
        ),
    )
)


def _may_prepare(request: InformationRequest, actor: User) -> None:
    _require_handler(actor)
    if request.allocated_to_id is not None and request.allocated_to_id != actor.pk and not actor.is_manager:
        raise RequestRefused("The child's case is open: the allocated worker prepares the answer")
