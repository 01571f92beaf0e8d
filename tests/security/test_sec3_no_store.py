"""SEC-3 (issue 13, leak 10): `Cache-Control: no-store` on every answer of Front Door's own views:
every staff page, download and export, every API answer (and the public form's pages, which
hold what a referrer typed), whatever its status. Set once, centrally
(frontdoor.security.NoStoreMiddleware), so this walks every URL pattern the project defines,
as a role the permission matrix lets in and as an anonymous visitor, with real records. Static
assets stay cacheable."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from frontdoor.access.matrix import ANONYMOUS, rule_for
from frontdoor.partners import services as partners
from tests.access.test_sec1_every_url import concrete, walk
from tests.access.world import build, url_arguments
from tests.rollback import rolled_back_block

NO_STORE = "no-store"


@pytest.mark.django_db
def test_sec3_every_url_answers_no_store_as_an_allowed_role_and_anonymous() -> None:
    world = build()
    checked = 0
    statuses: set[int] = set()
    missing: list[str] = []
    for url in walk():
        rule = rule_for(url.view_name) if url.view_name else None
        path = concrete(url, url_arguments(world, url.view_name))
        # A role the matrix lets in (the administrator where it may, for the admin site), and the public.
        staff_roles = sorted(role for role in (rule.roles if rule else ()) if role != ANONYMOUS)
        identities = [("admin" if "admin" in staff_roles else staff_roles[0])] if staff_roles else []
        for identity in [*identities, ANONYMOUS]:
            for method in ("GET", "POST"):
                with rolled_back_block():
                    client = Client(raise_request_exception=False)
                    if identity != ANONYMOUS:
                        client.force_login(world.users[identity])
                    response = client.get(path) if method == "GET" else client.post(path, {})
                    transaction.set_rollback(True)
                checked += 1
                statuses.add(response.status_code)
                if response.get("Cache-Control") != NO_STORE:
                    missing.append(f"{method} {path} ({url.view_name}) as {identity}: {response.status_code} "
                                   f"Cache-Control {response.get('Cache-Control')!r}")  # fmt: skip
    print(f"SEC-3 no-store: {checked} answers checked (statuses {sorted(statuses)}), {len(missing)} without it")
    assert checked > 300 and {200, 302, 403, 404} <= statuses
    assert not missing, "\n".join(missing)


@pytest.mark.django_db
def test_sec3_api_answers_and_downloads_are_no_store_with_a_real_token() -> None:
    world = build()
    issued = partners.issue_token(world.organisation, actor=world.users["admin"], name="read", scopes=["contacts:read"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")
    listing = api.get("/api/v1/contacts")
    assert listing.status_code == 200 and listing["Cache-Control"] == NO_STORE
    assert Client().get("/api/v1/contacts")["Cache-Control"] == NO_STORE  # 401 too
    manager = Client()
    manager.force_login(world.users["manager"])
    document = manager.get(f"/staff/contacts/{world.contact.reference}/documents/{world.attachment.pk}/")
    assert document.status_code == 200 and document["Content-Disposition"].startswith("attachment")
    assert document["Cache-Control"] == NO_STORE


def test_sec3_static_assets_stay_cacheable(settings) -> None:  # type: ignore[no-untyped-def]
    # WhiteNoise answers static files before any view (and before the no-store middleware); serve
    # them from the source folders, as collectstatic would from STATIC_ROOT.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    for path in ("/static/frontdoor/frontdoor.css", "/static/govuk/assets/images/favicon.svg"):
        response = Client().get(path)
        assert response.status_code == 200, path
        assert "no-store" not in response["Cache-Control"] and "max-age" in response["Cache-Control"], path
