"""What a request carries between the apps' pages and the project's access middleware.

``CURRENT_REQUEST`` is the request being answered (set by ``frontdoor.access.middleware``):
macros imported without context (``{% from ... import %}``) and the staff header still need it
to know whose page it is. ``note`` lets a view add detail (the search as it understood it, the
records it showed) to the audit entry the middleware writes for the read (SEC-2).

Both live here, below every app, so that an app's views need not import the access app,
which sits above them (docs/decisions/0021-dependency-order.md).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest

CURRENT_REQUEST: ContextVar[Any] = ContextVar("frontdoor_current_request", default=None)

NOTES = "_frontdoor_access_notes"


def note(request: HttpRequest, **detail: Any) -> None:
    """A view adds detail to the audit entry the middleware writes for this request
    (for example the search as the view understood it and the records it showed)."""
    notes: dict[str, Any] = getattr(request, NOTES, {})
    notes.update(detail)
    setattr(request, NOTES, notes)
