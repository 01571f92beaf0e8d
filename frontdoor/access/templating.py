"""Template helpers (Jinja globals) for what a page may show of a record (SEC-1).

``hidden(record)``: the row is a restricted record this user cannot see: show "Restricted
record", no names or details. ``referrer_shown(contact)``: the referrer's name and contact
details may be shown to this user; ``sender_shown(message)``: the same for an email to the
mailbox (its From line and text). All read ``request`` from the template's context.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context

from frontdoor.core import visibility
from frontdoor.core.requests import CURRENT_REQUEST
from frontdoor.intake.identity import can_see_referrer, can_see_sender


def _request(context: Any) -> Any:
    return context.get("request") or CURRENT_REQUEST.get()


@pass_context
def hidden(context: Any, record: Any) -> bool:
    request = _request(context)
    if request is None or record is None:
        return False
    return visibility.for_request(request).hides(record)


@pass_context
def referrer_shown(context: Any, contact: Any) -> bool:
    request = _request(context)
    return request is not None and can_see_referrer(getattr(request, "user", None), contact)


@pass_context
def sender_shown(context: Any, message: Any) -> bool:
    request = _request(context)
    return request is not None and can_see_sender(getattr(request, "user", None), message)


GLOBALS = {"hidden": hidden, "referrer_shown": referrer_shown, "sender_shown": sender_shown}
