"""Information requests for the demonstration (issue 7; ``load.load_demo`` makes them): a few
requests about children in the demo's person index, taken through the real services to each
state a user meets (INF-1..INF-7). Runs once: nothing is added if there are requests already."""

from __future__ import annotations

import datetime as dt
from typing import Any

from frontdoor.accounts.models import User
from frontdoor.people.models import Involvement, InvolvementKind, Person
from frontdoor.sharing import services
from frontdoor.sharing.models import InformationRequest


def _child(open_case: bool, skip: set[int]) -> Person | None:
    rows = Involvement.objects.filter(
        person__kind="child", person__merged_into__isnull=True, person__date_of_birth__isnull=False
    ).exclude(person_id__in=skip)
    if open_case:
        rows = rows.filter(end__isnull=True, allocated_worker__isnull=False).exclude(kind=InvolvementKind.CLOSURE)
    else:
        rows = rows.exclude(person__involvements__end__isnull=True)
    found = rows.select_related("person").order_by("person_id").first()
    return found.person if found else None


def _values(person: Person, **changes: Any) -> dict[str, Any]:
    return {
        "channel": "email",
        "agency": "school",
        "organisation": "Northtown Academy",
        "requester_name": "Sam Carter",
        "requester_role": "Designated safeguarding lead",
        "requester_email": "s.carter@northtownacademy.example",
        "identity": "called_back",
        "purpose": "safeguarding",
        "purpose_details": "A new pupil has disclosed worries at home; we are deciding whether to make a contact.",
        "asked": "summary",
        "subject_given_name": person.given_name,
        "subject_surname": person.surname,
        "subject_date_of_birth": person.date_of_birth,
        **changes,
    }


def load_requests(users: dict[str, User], now: dt.datetime) -> int:
    """Returns how many requests were made."""
    if InformationRequest.objects.exists():
        return 0
    cso = users["cso"]
    used: set[int] = set()
    made = 0

    def start(person: Person | None, hours_ago: int, **changes: Any) -> InformationRequest | None:
        nonlocal made
        if person is None:
            return None
        used.add(person.pk)
        request = services.log_request(
            actor=cso, received_at=now - dt.timedelta(hours=hours_ago), **_values(person, **changes)
        )
        services.confirm_match(request, person, actor=cso, reason="Name and date of birth agree")
        services.decide_route(request, actor=cso)
        request.refresh_from_db()
        made += 1
        return request

    answered = start(_child(False, used), 30)
    if answered is not None:
        services.prepare_answer(answered, actor=cso)
        services.send_reply(answered, actor=cso)
    detailed = start(
        _child(False, used),
        6,
        agency="other_council",
        organisation="Southshire Council",
        requester_name="Dana Okafor",
        requester_email="dana.okafor@southshire.gov.uk",
        identity="secure_email",
        asked="detailed",
        purpose_details="Care proceedings in Southshire: the court asks for the history.",
    )
    if detailed is not None:
        services.prepare_answer(detailed, actor=cso)
    start(
        _child(False, used),
        3,
        agency="housing",
        organisation="Northshire Homes",
        purpose="rent_arrears",
        requester_name="Lee Grant",
        requester_email="arrears@northshirehomes.example",
    )
    held = start(
        _child(False, used),
        2,
        agency="police",
        organisation="Northshire Police",
        identity="not_verified",
        requester_name="Caller giving the name PC Hall",
        requester_email="",
    )
    if held is not None:
        services.send_reply(held, actor=cso, method="phone")
    start(
        _child(False, used),
        1,
        agency="police",
        organisation="Northshire Police",
        purpose="crime",
        requester_name="DC Amir Khan",
        requester_email="amir.khan@northshire.police.example",
    )
    start(_child(True, used), 1)  # an open case: in the allocated worker's list (INF-1)
    # The detailed answer waits for a team manager ('manager' or 'manager2') to approve it (INF-5).
    return made
