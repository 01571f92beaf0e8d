"""The partner API (issue 8): contacts from partner agencies' systems through the same standard
form, rules and submit service as the online form (INT-1, INT-3, INT-7, INT-8, INT-9, INT-15,
ACK-1, ACK-2, SEC-2)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from frontdoor.accounts.models import User
from frontdoor.audit.models import AuditEntry
from frontdoor.core import validation
from frontdoor.intake.models import Attachment, Channel, Contact, ContactStatus, OutboundEmail
from frontdoor.partners import services
from frontdoor.partners.models import PartnerSubmission
from tests.partners.conftest import api_client, make_partner, school_contact

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post_contact(client: Client, payload: dict, key: str | None = None):  # type: ignore[no-untyped-def,type-arg]
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/api/v1/contacts", json.dumps(payload), content_type="application/json", headers=headers)


def test_int1_api_contact_goes_through_the_one_submit_service_and_is_acknowledged(partner) -> None:  # type: ignore[no-untyped-def]
    organisation, secret = partner
    response = post_contact(api_client(secret), school_contact())
    assert response.status_code == 201, response.content
    body = response.json()
    contact = Contact.objects.get(reference=body["reference"])
    assert body["status"] == "received"
    assert contact.channel == Channel.API
    assert contact.status == ContactStatus.NEW
    assert [p.given_names for p in contact.people.all()] == ["Jayden", "Kelly"]
    assert contact.people.first().nhs_number == "9434765919"  # type: ignore[union-attr]  # normalised, INT-9
    assert contact.people.first().postcode == "NS1 2AB"  # type: ignore[union-attr]
    assert PartnerSubmission.objects.get(contact=contact).organisation == organisation
    # ACK-1: the referrer's email gets the acknowledgement through the outbox.
    assert OutboundEmail.objects.get(contact=contact).kind == OutboundEmail.Kind.ACKNOWLEDGEMENT
    created = AuditEntry.objects.get(action="contact.created")
    assert created.actor_label == "partner:Elm Road Primary"


def test_sec4_api_errors_are_the_forms_messages_field_by_field(partner) -> None:  # type: ignore[no-untyped-def]
    _, secret = partner
    payload = school_contact(referrer_email="not-an-email", anonymity="anonymous")
    payload["children"][0]["nhs_number"] = "943 476 5918"
    payload["people"].append({"role": "worker", "given_names": "Bob"})
    response = post_contact(api_client(secret), payload)
    assert response.status_code == 422
    errors = {(e["field"], e["message"]) for e in response.json()["errors"]}
    assert ("referrer_email", "Enter an email address in the correct format, like name@example.com") in errors
    assert any(field == "anonymity" and "Professionals cannot make an anonymous contact" in m for field, m in errors)
    assert ("children[0].nhs_number", "This is not a valid NHS number. Check it and enter it again") in errors
    assert ("people[1].occupation", "Enter their job and where they work with children") in errors
    assert Contact.objects.count() == 0


def test_int4_int10_no_child_name_needed_but_a_child_and_the_hub_answer_are(partner) -> None:  # type: ignore[no-untyped-def]
    _, secret = partner
    client = api_client(secret)
    response = post_contact(client, school_contact(children=[], hub_advice=None))
    fields = {e["field"] for e in response.json()["errors"]}
    assert response.status_code == 422 and {"children", "hub_advice"} <= fields
    response = post_contact(
        client, school_contact(children=[{"description": "A boy of about six", "address": "14 Elm Road"}])
    )
    assert response.status_code == 201
    response = post_contact(client, school_contact(children=[{"given_names": "Z"}], bogus="x"))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "bogus"


def test_int15_idempotent_retry_makes_one_contact_and_a_changed_body_is_refused(partner) -> None:  # type: ignore[no-untyped-def]
    _, secret = partner
    client = api_client(secret)
    first = post_contact(client, school_contact(), key="abc-123")
    again = post_contact(client, school_contact(), key="abc-123")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Contact.objects.count() == 1
    changed = post_contact(client, school_contact(concern="Something else entirely"), key="abc-123")
    assert changed.status_code == 422 and "different request" in changed.json()["detail"]
    assert Contact.objects.count() == 1
    # Another organisation's same key is its own.
    assert Contact.objects.count() == 1


def test_int15_two_organisations_may_use_the_same_key(partner, administrator: User) -> None:  # type: ignore[no-untyped-def]
    _, secret = partner
    _, other_secret = make_partner(administrator, "Northtown Hospital")
    assert post_contact(api_client(secret), school_contact(), key="same").status_code == 201
    assert post_contact(api_client(other_secret), school_contact(), key="same").status_code == 201
    assert Contact.objects.count() == 2


def test_ack2_an_organisation_reads_only_its_own_contacts(partner, administrator: User) -> None:  # type: ignore[no-untyped-def]
    _, secret = partner
    _, other_secret = make_partner(administrator, "Northtown Hospital")
    reference = post_contact(api_client(secret), school_contact()).json()["reference"]
    own = api_client(secret).get(f"/api/v1/contacts/{reference}")
    assert own.status_code == 200 and own.json()["status"] == "received" and own.json()["outcome"] is None
    other = api_client(other_secret)
    assert other.get(f"/api/v1/contacts/{reference}").status_code == 404
    assert other.get("/api/v1/contacts").json() == {"count": 0, "items": []}
    assert api_client(secret).get("/api/v1/contacts").json()["count"] == 1
    assert (
        other.post(f"/api/v1/contacts/{reference}/documents", {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code
        == 404
    )


def test_sec1_revoked_and_rotated_tokens_are_refused(partner, administrator: User) -> None:  # type: ignore[no-untyped-def]
    organisation, secret = partner
    token = services.authenticate(secret)
    assert token is not None
    issued = services.rotate_token(token, actor=administrator)
    assert api_client(secret).get("/api/v1/contacts").status_code == 401
    assert api_client(issued.secret).get("/api/v1/contacts").status_code == 200
    services.revoke_token(issued.token, actor=administrator, reason="Left the scheme")
    response = api_client(issued.secret).get("/api/v1/contacts")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert Client().get("/api/v1/contacts").status_code == 401
    # Stored hashed: the secret itself is nowhere in the database.
    assert not type(token).objects.filter(token_hash=issued.secret).exists()
    assert issued.secret not in json.dumps(list(type(token).objects.values_list("token_hash", "prefix")))


def test_sec1_scopes_limit_a_token(administrator: User) -> None:
    _, write_only = make_partner(administrator, "Write only", scopes=["contacts:write"])
    client = api_client(write_only)
    reference = post_contact(client, school_contact()).json()["reference"]
    assert client.get(f"/api/v1/contacts/{reference}").status_code == 403
    _, read_only = make_partner(administrator, "Read only", scopes=["contacts:read"])
    assert post_contact(api_client(read_only), school_contact()).status_code == 403


def test_int8_documents_have_the_same_content_checks(partner) -> None:  # type: ignore[no-untyped-def]
    _, secret = partner
    client = api_client(secret)
    reference = post_contact(client, school_contact()).json()["reference"]
    ok = client.post(f"/api/v1/contacts/{reference}/documents", {"file": SimpleUploadedFile("court order.pdf", PDF)})
    assert ok.status_code == 201 and ok.json()["content_type"] == "application/pdf"
    bad = client.post(
        f"/api/v1/contacts/{reference}/documents", {"file": SimpleUploadedFile("x.pdf", b"<html><script>")}
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {
            "field": "file",
            "message": validation.FILE_TYPE_MESSAGE,
        }
    ]
    assert Attachment.objects.filter(contact__reference=reference).count() == 1


def test_sec2_every_call_is_audited_even_refused_ones(partner) -> None:  # type: ignore[no-untyped-def]
    _, secret = partner
    api_client(secret).get("/api/v1/contacts")
    Client(HTTP_AUTHORIZATION="Bearer fdp_nothing_here").get("/api/v1/contacts")
    calls = list(AuditEntry.objects.filter(action="api.call").order_by("id"))
    assert [c.detail["status"] for c in calls] == [200, 401]
    assert calls[0].actor_label == "partner:Elm Road Primary"
    assert calls[1].actor_label == "API caller without a valid token"


def test_sec3_rate_limited_per_token(partner, settings, administrator: User) -> None:  # type: ignore[no-untyped-def]
    settings.FRONTDOOR_API_RATE = "3/m"
    from django.core.cache import cache

    cache.clear()
    _, secret = partner
    _, other = make_partner(administrator, "Other school")
    # The limit counts in windows of a minute: the clock is held still mid-window, or four quick
    # requests could span a minute's end and all be allowed.
    with time_machine.travel(dt.datetime(2026, 11, 18, 11, 0, 30, tzinfo=dt.UTC), tick=False):
        statuses = [api_client(secret).get("/api/v1/contacts").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert api_client(other).get("/api/v1/contacts").status_code == 200  # its own allowance


def test_openapi_document_and_docs_page_are_served_without_scripts(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert {"/api/v1/contacts", "/api/v1/contacts/{reference}", "/api/v1/contacts/{reference}/documents"} <= set(
        document["paths"]
    )
    page = client.get("/api/v1/docs/").content.decode()
    assert "POST /api/v1/contacts" in page and "ContactIn" in page and '<script src="http' not in page
