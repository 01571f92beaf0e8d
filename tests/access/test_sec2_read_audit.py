"""SEC-2: every read of a contact, a person's record and a document, every search and every
filtered list is logged once, with who, what, when and why, by frontdoor.access.middleware."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.utils import timezone

from frontdoor.accounts.models import Role, User
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import Attachment, Contact
from frontdoor.people import services as people
from tests.factories import make_contact, staff
from tests.intake.answers import PUBLIC_ANONYMOUS, answer_all, send

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_sec2_a_contact_read_is_logged_once_with_who_what_when_and_why() -> None:
    contact = make_contact()
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    before = timezone.now()
    assert client_for(cso).get(f"/staff/contacts/{contact.reference}/").status_code == 200
    entry = AuditEntry.objects.get(action="contact.viewed")
    assert (entry.actor, entry.object_type, entry.object_id) == (cso, "intake.contact", str(contact.pk))
    assert entry.at >= before and entry.reason == "reading the contact"
    assert entry.detail["basis"] == "role: Customer service officer" and entry.detail["role"] == "cso"


def test_sec2_the_basis_names_the_allocated_worker_and_the_screener() -> None:
    contact = make_contact()
    worker = staff(Role.SOCIAL_WORKER, "allocated")
    Contact.objects.filter(pk=contact.pk).update(allocated_to=worker)
    client_for(worker).get(f"/staff/screening/{contact.reference}/")
    entry = AuditEntry.objects.get(action="contact.viewed")
    assert entry.reason == "screening" and entry.detail["basis"] == "allocated worker"


def test_sec2_a_refused_or_missing_page_is_not_a_read() -> None:
    contact = make_contact()
    dpo, cso = staff(Role.DATA_PROTECTION_OFFICER, "dpo"), staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    assert client_for(dpo).get(f"/staff/contacts/{contact.reference}/").status_code == 403
    assert client_for(cso).get("/staff/contacts/FD-NOPE-NOPE/").status_code == 404
    assert not AuditEntry.objects.filter(action="contact.viewed").exists()


def test_sec2_changes_are_not_logged_as_reads() -> None:
    contact = make_contact()
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    client_for(cso).post(f"/staff/contacts/{contact.reference}/move/", {"queue": "fast_track", "reason": "Urgent"})
    assert list(AuditEntry.objects.filter(actor=cso).values_list("action", flat=True)) == ["contact.moved"]


def test_sec2_a_document_download_and_a_person_read_are_logged() -> None:
    contact = make_contact()
    document = Attachment.objects.create(
        contact=contact,
        journey_key=uuid.uuid4(),
        filename="a.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
        data=b"%PDF-1.4\n",
    )
    screener = staff(Role.SCREENING_SOCIAL_WORKER, "tom")
    response = client_for(screener).get(f"/staff/contacts/{contact.reference}/documents/{document.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    entry = AuditEntry.objects.get(action="attachment.downloaded")
    assert entry.object_id == str(document.pk) and entry.detail["contact"] == contact.pk and entry.actor == screener
    person = people.create_person(actor=None, given_name="Jayden", surname="Smith")
    client_for(screener).get(f"/staff/people/{person.pk}/")
    assert AuditEntry.objects.filter(action="person.viewed", object_id=str(person.pk), actor=screener).count() == 1


def test_sec2_queue_filters_and_lists_are_logged_as_searches_when_filtered() -> None:
    make_contact()
    screener = staff(Role.SCREENING_SOCIAL_WORKER, "tom")
    client = client_for(screener)
    client.get("/staff/screening/")
    client.get("/staff/screening/?page=1")
    assert not AuditEntry.objects.filter(action="queue.searched").exists()
    client.get("/staff/screening/?queue=screening&channel=phone")
    entry = AuditEntry.objects.get(action="queue.searched")
    assert entry.actor == screener and entry.detail["query"] == {"queue": "screening", "channel": "phone"}
    assert entry.detail["page"] == "screening:queue" and entry.reason == "queue"
    client.get("/staff/?queue=lado")
    assert AuditEntry.objects.get(action="contacts.searched").detail["query"] == {"queue": "lado"}


def test_sec2_the_referrers_own_receipt_is_logged_as_an_export(client: Client) -> None:
    send(client, answer_all(client, PUBLIC_ANONYMOUS))
    contact = Contact.objects.get()
    assert client.get(f"/sent/{contact.reference}/receipt.pdf").status_code == 200
    entry = AuditEntry.objects.get(action="contact.receipt_downloaded")
    assert entry.actor is None and entry.actor_label == "public referrer" and entry.object_id == str(contact.pk)
    stranger = Client()
    assert stranger.get(f"/sent/{contact.reference}/receipt.pdf").status_code == 404
    assert AuditEntry.objects.filter(action="contact.receipt_downloaded").count() == 1


def test_sec2_a_hostile_filter_is_logged_safely_and_the_page_still_answers() -> None:
    """NUL and other control characters cannot go into PostgreSQL's jsonb; huge values are cut."""
    screener = staff(Role.SCREENING_SOCIAL_WORKER, "tom")
    response = client_for(screener).get("/staff/screening/", {"channel": "\x00\x1b<script>", "status": "x" * 5000})
    assert response.status_code == 200
    query = AuditEntry.objects.get(action="queue.searched").detail["query"]
    assert query["channel"] == "\N{REPLACEMENT CHARACTER}\N{REPLACEMENT CHARACTER}<script>"
    assert len(query["status"]) == 200
