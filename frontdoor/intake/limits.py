"""SEC-3: rate limits on the public form's send and upload steps and on the status lookup.

Counted per client IP with django-ratelimit in the shared database cache (settings.CACHES);
the rates are settings (FRONTDOOR_RATELIMIT_*), so a benchmark can raise them and say so.
A person who reaches a limit loses nothing: their answers stay in their session, and the
page they see (HTTP 429) tells them how to reach the council at once instead.
"""

from __future__ import annotations

import logging
from typing import Final

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited  # type: ignore[import-untyped]

logger = logging.getLogger(__name__)

SEND: Final = "FRONTDOOR_RATELIMIT_PUBLIC_SEND"
UPLOAD: Final = "FRONTDOOR_RATELIMIT_PUBLIC_UPLOAD"
STATUS: Final = "FRONTDOOR_RATELIMIT_STATUS_LOOKUP"

_GROUPS: Final = {SEND: "public-send", UPLOAD: "public-upload", STATUS: "status-lookup"}


def limited(request: HttpRequest, setting: str) -> bool:
    """Count this POST against the client IP's limit named by `setting`; True when it is over."""
    rate: str = getattr(settings, setting, "")
    if not rate:
        return False
    over = is_ratelimited(request, group=_GROUPS[setting], key="ip", rate=rate, method="POST", increment=True)
    if over:
        logger.warning("Rate limit %s (%s) reached by a client", _GROUPS[setting], rate)
    return bool(over)


def people_limit_problem(which: str, count: int) -> str | None:
    """Issue 13: how many children (`which` = children) or other people one contact may name. A
    contact naming 5,000 children was accepted, and its staff page was then 4.3 MB."""
    children = which == "children"
    cap: int = settings.FRONTDOOR_MAX_CHILDREN_PER_CONTACT if children else settings.FRONTDOOR_MAX_PEOPLE_PER_CONTACT
    if count <= cap:
        return None
    if children:
        return f"A contact can name up to {cap} children. Send a separate contact for the other children"
    return f"A contact can name up to {cap} other people. Describe the others in what you are worried about"


def too_many_requests(request: HttpRequest, *, what: str, retry_url: str) -> HttpResponse:
    response = render(
        request,
        "intake/too_many_requests.html",
        {
            "page_title": "Too many attempts from your connection",
            "show_exit": True,
            "what": what,
            "retry_url": retry_url,
        },
        status=429,
    )
    response["Retry-After"] = "600"
    return response
