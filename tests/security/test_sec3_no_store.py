"""SEC-3 (issue 13, leak 10): `Cache-Control: no-store` on every answer of Front Door's own views:
every staff page, download and export, every API answer (and the public form's pages, which
hold what a referrer typed), whatever its status. Set once, centrally
(frontdoor.security.NoStoreMiddleware). Every URL pattern the project defines, as every role and
anonymously, is checked by the walk of tests/access/test_sec1_every_url.py; here, the API with a
real token and a document download. Static assets stay cacheable."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdoor.partners import services as partners
from tests.access.world import build

NO_STORE = "no-store"


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
