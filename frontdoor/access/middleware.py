"""The one place access is enforced (SEC-1) and reads are logged (SEC-2).

Before any view runs, ``process_view`` looks up the URL name in the permission matrix
(``frontdoor.access.matrix``):

- not in the matrix: refused (403), whoever asks: a new page is closed until it is listed;
- a staff page and no one signed in: to the sign-in page;
- signed in with a role the matrix does not allow: 403, on a GOV.UK-style page;
- a page about one record (contact, person, referral, document ...) that is restricted and
  the user is not named on it: the "restricted record" page, with the way to ask for access.

After the view, a page that showed a record (a GET answered 2xx) is written to the audit
log with who, what, when and why; so are downloads and exports, and filtered lists and
searches. Views add detail (the search as understood, the records shown) with ``note``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from frontdoor.access import records
from frontdoor.access.matrix import ANONYMOUS, Rule, Scope, roles_of, rule_for
from frontdoor.accounts.models import User
from frontdoor.audit import services as audit
from frontdoor.core import visibility
from frontdoor.core.requests import CURRENT_REQUEST, NOTES
from frontdoor.core.staff import forbidden, staff_page_context

PENDING = "_frontdoor_access_audit"
RULE = "_frontdoor_access_rule"
UNFILTERED = frozenset({"page"})


def restricted_page(request: HttpRequest, record: Model) -> HttpResponse:
    """The "Restricted record" page, with the way to ask for access to the restricted record
    (the contact or the person) that keeps this one from the user."""
    ask = None
    closed = records.closed_to(request.user, records.restrictions_on(record)) if isinstance(request.user, User) else []
    first = closed[0] if closed else None
    if first is not None and first.contact is not None:
        ask = reverse("access:break-glass-contact", args=[first.contact.reference])
    elif first is not None and first.person_id is not None:
        ask = reverse("access:break-glass-person", args=[first.person_id])
    return render(
        request,
        "access/restricted.html",
        staff_page_context(request, page_title="Restricted record", ask_url=ask, next_url=request.get_full_path()),
        status=403,
    )


QUERY_LIMIT = 200


def _clean(text: str) -> str:
    """A filter as typed, fit for the log: no control characters (PostgreSQL's jsonb refuses
    NUL), and no longer than QUERY_LIMIT characters."""
    kept = "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in text)
    return kept[:QUERY_LIMIT]


class AccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = CURRENT_REQUEST.set(request)
        try:
            response = self.get_response(request)
        finally:
            CURRENT_REQUEST.reset(token)
        pending = getattr(request, PENDING, None)
        if pending is not None and 200 <= response.status_code < 300:  # noqa: PLR2004
            self._write(request, *pending)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        match = request.resolver_match
        view_name = match.view_name if match is not None and match.url_name else ""
        rule = rule_for(view_name) if view_name else None
        if rule is None:
            return forbidden(request, "This page is not in the permission matrix, so no one may use it yet.")
        setattr(request, RULE, rule)
        roles = roles_of(request.user)
        if not roles & rule.roles:
            if ANONYMOUS in roles:
                return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
            return forbidden(request, "Your role does not give you access to this page.")
        if rule.scope == Scope.NONE:
            if rule.searches and request.method == "GET" and self._filtered(request):
                setattr(request, PENDING, (rule, None))
            return None
        record = records.load(rule.scope, view_kwargs)
        if record is None:
            return None  # the view answers 404
        if not rule.public and rule.gate and not records.can_see(request.user, record, visibility.for_request(request)):
            return restricted_page(request, record)
        if request.method in ("GET", "HEAD") and (rule.reads or rule.exports):
            setattr(request, PENDING, (rule, record))
        return None

    @staticmethod
    def _filtered(request: HttpRequest) -> bool:
        return any(value for key, value in request.GET.items() if key not in UNFILTERED)

    @staticmethod
    def _write(request: HttpRequest, rule: Rule, record: Model | None) -> None:
        notes: dict[str, Any] = dict(getattr(request, NOTES, {}))
        user = request.user if isinstance(request.user, User) and request.user.is_authenticated else None
        if record is None:  # a list or a search: the entry is about the person searching
            assert user is not None and rule.searches is not None  # noqa: S101 - searches are staff pages that log
            query = notes.pop("query", None)
            if query is None:
                query = {_clean(k): _clean(str(v)) for k, v in request.GET.items() if v and k not in UNFILTERED}
            audit.record(
                user,
                rule.searches,
                user,
                reason=rule.purpose,
                page=request.resolver_match.view_name if request.resolver_match else "",
                query=query,
                role=user.role,
                **notes,
            )
            return
        action = rule.reads or rule.exports
        assert action is not None  # noqa: S101 - only a page that logs its reads leaves one pending
        if user is None:
            audit.record(None, action, record, actor_label=audit.PUBLIC_REFERRER, reason=rule.purpose, **notes)
            return
        reason, detail = records.basis(user, record, rule.purpose)
        contact = records.contact_of(record)
        if contact is not None and contact is not record:
            detail["contact"] = contact.pk
        person = records.person_of(record)
        if person is not None:
            detail["person"] = person
        audit.record(user, action, record, reason=reason, **detail, **notes)
