"""Issue 8: an administrator issues, rotates and revokes partner tokens on staff pages; nobody else
can (SEC-1); the token is shown once and stored hashed; every change is audited (SEC-2)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from frontdoor.accounts.models import Role, User
from frontdoor.audit.models import AuditEntry
from frontdoor.partners.models import ApiToken, PartnerOrganisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_sec1_only_an_administrator_manages_partners(make_user, role: Role) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(make_user(role, username=f"u-{role}"))
    assert client.get("/staff/partners/").status_code == 403
    assert client.post("/staff/partners/", {"name": "X"}).status_code == 403
    assert Client().get("/staff/partners/").status_code == 302  # sign in first


def test_sec1_issue_shows_the_token_once_then_rotate_and_revoke(administrator: User) -> None:
    client = Client()
    client.force_login(administrator)
    response = client.post(
        "/staff/partners/",
        {"name": "Northtown Hospital", "organisation_type": "health", "contact_email": "it@hospital.example"},
    )
    organisation = PartnerOrganisation.objects.get()
    assert response["Location"] == f"/staff/partners/{organisation.pk}/"
    refused = client.post(f"/staff/partners/{organisation.pk}/tokens/", {"name": ""})
    assert refused.status_code == 400 and "Enter which system will use the token" in refused.content.decode()
    page = client.post(
        f"/staff/partners/{organisation.pk}/tokens/", {"name": "Maternity system", "scopes": ["contacts:write"]}
    )
    secret = re.search(r'value="(fdp_[^"]+)"', page.content.decode())
    assert secret is not None and page["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    assert token.token_hash == ApiToken.hash(secret.group(1)) and secret.group(1) not in token.token_hash
    assert secret.group(1) not in client.get(f"/staff/partners/{organisation.pk}/").content.decode()  # once only
    rotated = client.post(f"/staff/partners/{organisation.pk}/tokens/{token.pk}/rotate/")
    new_secret = re.search(r'value="(fdp_[^"]+)"', rotated.content.decode())
    assert new_secret is not None and new_secret.group(1) != secret.group(1)
    token.refresh_from_db()
    assert token.revoked_at is not None and token.replaced_by is not None
    client.post(f"/staff/partners/{organisation.pk}/tokens/{token.replaced_by.pk}/revoke/", {"reason": "Test over"})
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"partner.created", "partner.token_issued", "partner.token_rotated", "partner.token_revoked"} <= actions
