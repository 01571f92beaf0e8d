"""SEC-1: every URL the project defines, visited as every role and as an anonymous visitor,
answers as the permission matrix says. A URL name without an entry in the matrix fails.
SEC-3: each of those answers, whatever its status, carries `Cache-Control: no-store` (set once,
centrally, by frontdoor.security.NoStoreMiddleware); the same walk checks it, rather than a second one."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import transaction
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from frontdoor.access import middleware as access_middleware
from frontdoor.access.matrix import ANONYMOUS, DPO, MATRIX, Scope, rule_for
from tests.access.world import ROLES, World, build, url_arguments
from tests.rollback import rolled_back_block

IDENTITIES = (ANONYMOUS, *ROLES)
CONDITIONAL = {"bench-one-row"}  # mounted only when FRONTDOOR_BENCH_VIEWS=1 (bench/intake)
NO_STORE = "no-store"
SHADOWED = {"admin:login": "admin-login"}  # the admin's sign-in goes to the staff sign-in (second factor)
ALLOWED_STATUSES = {200, 301, 302, 400, 404, 405, 409}
SIGN_IN = ("/accounts/sign-in/", "/admin/login/")
TASKS = "admin:django_tasks_database_dbtaskresult"
TEAMS = "admin:accounts_team"
VIEW_REFUSES = {
    # The view itself answers 403 to a role the matrix lets through, for a reason of its own:
    ("admin:autocomplete", "GET"): "Django's admin refuses autocomplete unless a model admin has autocomplete_fields",
    # django-tasks-db's admin shows task results read-only: no one adds, changes or deletes one.
    (f"{TASKS}_add", "GET"): "read-only admin",
    (f"{TASKS}_add", "POST"): "read-only admin",
    (f"{TASKS}_delete", "GET"): "read-only admin",
    (f"{TASKS}_delete", "POST"): "read-only admin",
    (f"{TASKS}_change", "POST"): "read-only admin",
    # A team is not deleted (its members would silently lose it; their team is changed on the accounts pages).
    (f"{TEAMS}_delete", "GET"): "teams are kept",
    (f"{TEAMS}_delete", "POST"): "teams are kept",
}
RECORD_REFUSES = {
    # The matrix lets the role reach the page; the record itself decides (frontdoor/sharing/views.py):
    # the data protection officer sees only requests routed to the Data Protection Team (INF-6).
    ("requests:request", DPO): "not a request routed to the Data Protection Team",
    ("requests:outcome", DPO): "not a request routed to the Data Protection Team",
}


@dataclass(frozen=True)
class Url:
    view_name: str  # "" for a pattern with no name: refused to everyone (fail closed)
    pattern: str  # the route, with <converter:name> or (?P<name>...) placeholders


def walk(resolver: URLResolver | None = None, namespace: str = "", prefix: str = "") -> list[Url]:
    """Every URL pattern of the project, named with its namespaces, recursively."""
    found: list[Url] = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += walk(entry, inner, route)
        elif isinstance(entry, URLPattern):
            found.append(Url(f"{namespace}{entry.name}" if entry.name else "", route))
    return found


def concrete(url: Url, values: dict[str, str]) -> str:
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], url.pattern)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], path)
    return "/" + path.replace("^", "").replace("$", "")


def classify(response: HttpResponseBase) -> str:
    """'denied' (403, or sent to sign in with ?next=), 'allowed' (an answer of the page), or 'error'.
    The partner API authenticates by bearer token itself, after the matrix let the call through:
    its 401 is the page's own answer."""
    location = response.get("Location", "")
    if response.status_code == 401 and response.get("WWW-Authenticate", "").startswith("Bearer"):
        return "allowed"
    if response.status_code == 403:
        return "denied"
    if response.status_code in (301, 302) and location.split("?")[0] in SIGN_IN and "next=" in location:
        return "denied"
    if response.status_code in ALLOWED_STATUSES and (not location or location.startswith(("/", "?"))):
        return "allowed"
    return f"error {response.status_code}"


def signed_in(world: World, identity: str) -> Client:
    """A new client with the session of `identity` signed in (second factor verified). The session
    is made once per world and user, outside the visits' rolled-back transactions, and each visit
    gets a fresh client holding only its cookie: signing in afresh for each of thousands of
    requests was most of this module's time, and checked nothing the sign-in tests do not."""
    user = world.users[identity]
    sessions: dict[int, str] = vars(world).setdefault("_signed_in_sessions", {})
    if user.pk not in sessions:
        first = Client()
        first.force_login(user)
        sessions[user.pk] = first.cookies[settings.SESSION_COOKIE_NAME].value
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = sessions[user.pk]
    return client


def visit(world: World, identity: str, method: str, path: str, cache_controls: list[str] | None = None) -> str:
    """How the URL answers `identity`: 'allowed', 'denied' or 'error ...'. With `cache_controls`,
    the answer's Cache-Control header is appended to it (SEC-3: every answer is no-store)."""
    client = Client() if identity == ANONYMOUS else signed_in(world, identity)
    with rolled_back_block():  # each visit starts from the same records (and the same session)
        try:
            response = client.get(path) if method == "GET" else client.post(path, {})
            result = classify(response)
            if cache_controls is not None:
                cache_controls.append(f"{response.status_code} {response.get('Cache-Control')}")
        except Exception as error:  # noqa: BLE001 - a 500 is a mismatch to report, not to stop at
            result = f"error {type(error).__name__}: {error}"
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
def test_sec1_every_url_as_every_role_answers_as_the_matrix_says() -> None:
    world = build()
    urls = walk()
    named = {u.view_name for u in urls if u.view_name}
    missing = sorted(name for name in named if rule_for(name) is None)
    assert not missing, f"URL names with no entry in frontdoor/access/matrix.py: {missing}"
    stale = sorted(set(MATRIX) - named - CONDITIONAL - {n for n in MATRIX if n.endswith(":*")})
    assert not stale, f"matrix entries for URL names the project no longer defines: {stale}"

    pairs = requests = 0
    mismatches: list[str] = []
    statuses: set[int] = set()
    not_no_store: list[str] = []  # SEC-3 (issue 13, leak 10): answers without Cache-Control: no-store
    for url in urls:
        path = concrete(url, url_arguments(world, url.view_name))
        if url.view_name:
            # One route can carry several names (the API's GET and POST on /contacts): any of them.
            same_route = {u.view_name for u in urls if u.pattern == url.pattern}
            assert resolve(path).view_name in same_route | {SHADOWED.get(url.view_name)}, path
        rule = rule_for(url.view_name) if url.view_name else None
        for identity in IDENTITIES:
            allowed = rule is not None and identity in rule.roles
            pairs += 1
            for method in ("GET", "POST"):
                refused = (url.view_name, method) in VIEW_REFUSES or (url.view_name, identity) in RECORD_REFUSES
                expected = "allowed" if allowed and not refused else "denied"
                requests += 1
                answered: list[str] = []
                got = visit(world, identity, method, path, answered)
                if got != expected:
                    mismatches.append(
                        f"{method} {path} ({url.view_name or 'unnamed'}) as {identity}: expected {expected}, got {got}"
                    )
                for status_and_header in answered:
                    statuses.add(int(status_and_header.split()[0]))
                    if status_and_header.split(" ", 1)[1] != NO_STORE:
                        not_no_store.append(f"{method} {path} ({url.view_name}) as {identity}: {status_and_header}")
    # Printed, not shown at once: the run's summary repeats it (tests/conftest.py), also from a
    # pytest-xdist worker, whose own output no one sees.
    print(
        f"\nSEC-1 every URL: {len(urls)} URL patterns ({len(named)} names), {len(IDENTITIES)} identities, "
        f"{pairs} (URL, role) pairs checked by {requests} requests (GET and POST), "
        f"{len(mismatches)} mismatches"
    )
    print(f"SEC-3 no-store: {requests} answers checked (statuses {sorted(statuses)}), {len(not_no_store)} without it")
    assert not mismatches, "\n".join(mismatches)
    assert {200, 302, 403, 404} <= statuses
    assert not not_no_store, "\n".join(not_no_store)


@pytest.mark.django_db
def test_sec1_a_url_name_missing_from_the_matrix_is_refused_to_everyone(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Fail closed: take a page out of the matrix and even the roles it served are refused."""
    world = build()
    path = f"/staff/contacts/{world.contact.reference}/"
    assert visit(world, "manager", "GET", path) == "allowed"
    # As if the entry were deleted (monkeypatch.delitem would put it back at the end of the dict,
    # reordering docs/security.md for the tests after this one).
    monkeypatch.setattr(
        access_middleware, "rule_for", lambda name: None if name == "intake:staff-contact" else rule_for(name)
    )
    for identity in IDENTITIES:
        assert visit(world, identity, "GET", path) == "denied"


@pytest.mark.django_db
def test_sec1_record_pages_open_for_the_roles_the_matrix_allows() -> None:
    """Allowed is not only 'not refused': each page that shows a record shows it (200)."""
    world = build()
    for url in walk():
        rule = rule_for(url.view_name) if url.view_name else None
        if rule is None or not (rule.reads or rule.exports) or rule.public:
            continue
        path = concrete(url, url_arguments(world, url.view_name))
        for role in sorted(rule.roles):
            if (url.view_name, role) in RECORD_REFUSES:
                continue
            assert signed_in(world, role).get(path).status_code == 200, (path, role)


@pytest.mark.django_db
def test_sec1_every_page_of_a_restricted_contact_as_named_unnamed_and_break_glass() -> None:
    """Every URL that names a contact (or one of its people), for the restricted allegation:
    the allegations team's worker and a manager holding a break-glass grant get the page as the
    matrix says; a screener not named on it gets the "Restricted record" page, GET and POST."""
    world = build()
    allegation = world.allegation
    values = {
        **url_arguments(world, ""),
        "reference": allegation.reference,
        "contact_person_id": str(allegation.people.get().pk),
    }
    world.users["lado"] = world.lado
    world.users["glass"] = world.grant.user
    checked = 0
    mismatches: list[str] = []
    for url in walk():
        rule = rule_for(url.view_name) if url.view_name else None
        # Pages that name the contact or one of its people (a referral, escalation or document of
        # the world's names the unrestricted contact's; an information request's reference is its own)
        if rule is None or rule.public or rule.scope not in (Scope.CONTACT, Scope.CONTACT_PERSON):
            continue
        path = concrete(url, values)
        for who, role in (("lado", "screener"), ("glass", "manager"), ("screener", "screener")):
            if role not in rule.roles:
                continue
            for method in ("GET", "POST"):
                checked += 1
                got = visit(world, who, method, path)
                expected = "allowed" if who != "screener" or not rule.gate else "denied"
                if got != expected:
                    mismatches.append(f"{method} {path} as {who}: expected {expected}, got {got}")
    print(f"\nSEC-1 restricted contact: {checked} requests to its pages, {len(mismatches)} mismatches")
    assert checked > 40 and not mismatches, "\n".join(mismatches)
