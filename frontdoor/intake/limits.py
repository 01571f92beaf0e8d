"""SEC-3: rate limits on the public form's send and upload steps and on the status lookup.

Counted per client IP (django-ratelimit's notion of it: RATELIMIT_IP_META_KEY, IPv6 by /64) in
fixed windows, in a table every web process shares (RateCount), with one atomic
INSERT ... ON CONFLICT DO UPDATE per count: exact under concurrency, and one statement where
django's database cache took five to ten (issue 13: a tenth of a submission's CPU). The rates
are settings (FRONTDOOR_RATELIMIT_*), so a benchmark can raise them and say so.
A person who reaches a limit loses nothing: their answers stay in their session, and the
page they see (HTTP 429) tells them how to reach the council at once instead.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Final

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import _get_ip  # type: ignore[import-untyped]

from frontdoor.intake.models import RateCount

logger = logging.getLogger(__name__)

SEND: Final = "FRONTDOOR_RATELIMIT_PUBLIC_SEND"
UPLOAD: Final = "FRONTDOOR_RATELIMIT_PUBLIC_UPLOAD"
STATUS: Final = "FRONTDOOR_RATELIMIT_STATUS_LOOKUP"

_GROUPS: Final = {SEND: "public-send", UPLOAD: "public-upload", STATUS: "status-lookup"}


_UNITS: Final = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE: Final = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/h' -> (10, 3600); '5/10m' -> (5, 600): how many in how many seconds."""
    found = _RATE.match(rate)
    if found is None:
        raise ValueError(f"Not a rate: {rate!r} (write it as 10/h, 100/m or 5/10m)")
    number, multiple, unit = found.groups()
    return int(number), int(multiple or 1) * _UNITS[unit]


def count(name: str, period: int) -> int:
    """Add one to `name`'s count in the current window of `period` seconds and return the count:
    one atomic statement (PostgreSQL and SQLite), committed at once outside a transaction."""
    slot = int(time.time() // period)
    table = connection.ops.quote_name(RateCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (name, slot, hits) VALUES (%s, %s, 1) "  # noqa: S608 - the table name is ours
            f"ON CONFLICT (name) DO UPDATE SET "
            f"hits = CASE WHEN {table}.slot = excluded.slot THEN {table}.hits + 1 ELSE 1 END, slot = excluded.slot "
            f"RETURNING hits",
            [name, slot],
        )
        row = cursor.fetchone()
    return int(row[0])


def over_rate(name: str, rate: str) -> bool:
    """Count one more of `name` (an action and whom it is counted against) against `rate`
    ('10/h'); True when that goes over it."""
    allowed, period = parse_rate(rate)
    return count(f"{name}:{period}", period) > allowed


def limited(request: HttpRequest, setting: str) -> bool:
    """Count this POST against the client IP's limit named by `setting`; True when it is over."""
    rate: str = getattr(settings, setting, "")
    if not rate or request.method != "POST":
        return False
    over = over_rate(f"{_GROUPS[setting]}:{_get_ip(request)}", rate)
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
