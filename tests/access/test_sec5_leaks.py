"""SEC-1, SEC-2, SEC-5 (issue 13): each leak the security test found, one test each.

1 information requests, 2 the mailbox, 5 pathway lists, 6 a withheld referrer on an emailed
contact, 10 linking a contact's person to a restricted person by its number.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from frontdoor.access import services as access
from frontdoor.accounts.models import Role, User
from frontdoor.audit import search
from frontdoor.audit.models import AuditEntry
from frontdoor.intake import services as intake
from frontdoor.intake.models import Contact, InboundMessage
from frontdoor.intake.services import ContactDraft
from frontdoor.pathway.models import Episode
from frontdoor.people import services as people
from frontdoor.people.models import ContactPersonLink, Person
from frontdoor.sharing import services as sharing
from frontdoor.sharing.models import InformationRequest
from tests.factories import IN_HOURS, PROFESSIONAL, make_contact, staff
from tests.factories import log as log_request

pytestmark = pytest.mark.django_db


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def restricted_child(boss: User) -> Person:
    child = people.create_person(
        actor=None,
        given_name="Rosalind",
        surname="Quennell",
        date_of_birth=dt.date(2019, 4, 3),
        address="9 Hidden Lane\nNorthtown",
        postcode="NS1 2AB",
    )
    access.restrict(child, "The family of a member of staff", actor=boss)
    return child


def emailed_contact(cso: User, **fields: object) -> tuple[InboundMessage, Contact]:
    raw = (
        b"From: Priya Confidential <priya@gp.example>\r\nTo: referrals@council.example\r\n"
        b"Subject: Worried about Jayden\r\nMessage-ID: <leak-1@gp.example>\r\n\r\n"
        b"Jayden had a bruise. Priya Confidential, 12 Surgery Road.\r\n"
    )
    message = intake.receive_email(raw, mail_from="priya@gp.example", rcpt_tos=["referrals@council.example"])
    assert message.contact is not None
    draft = ContactDraft(
        submission_key=uuid.uuid4(),
        channel="email",
        received_at=IN_HOURS,
        fields={**PROFESSIONAL, "referrer_name": "Priya Confidential", **fields},
        people=[{"role": "child", "given_names": "Jayden", "family_name": "Smith"}],
    )
    return message, intake.complete_draft(message.contact, draft, actor=cso)


def test_sec5_leak1_an_information_request_about_a_restricted_person_shows_and_sends_nothing() -> None:
    boss = staff(Role.TEAM_MANAGER, "boss")
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    child = restricted_child(boss)
    request = log_request(
        cso, subject_given_name="Rosalind", subject_surname="Quennell", subject_date_of_birth=dt.date(2019, 4, 3)
    )

    page = client_of(cso).get(f"/staff/requests/{request.reference}/match/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Restricted record" in text
    # What the officer typed is theirs; nothing of the index's record is shown: name, date of
    # birth, address, history.
    for secret in ("Quennell, record", "Hidden Lane", "Date of birth</dt>", "History</dt>"):
        assert secret not in text, secret
    read = AuditEntry.objects.get(action="information_request.candidates_viewed", object_id=str(request.pk))
    assert read.detail["shown"] == [child.pk]

    # The customer service officer cannot say the request is about the restricted person.
    refused = client_of(cso).post(f"/staff/requests/{request.reference}/match/", {"person": child.pk})
    assert refused.status_code == 400
    request.refresh_from_db()
    assert request.person_id is None
    with pytest.raises(sharing.RequestRefused):
        sharing.confirm_match(request, child, "same name", actor=cso)

    # The manager named on the restriction can; then the request is closed to the officer.
    sharing.confirm_match(request, child, "same name and date of birth", actor=boss)
    assert client_of(cso).get(f"/staff/requests/{request.reference}/").status_code == 403
    assert client_of(cso).post(f"/staff/requests/{request.reference}/route/").status_code == 403
    for act in (sharing.decide_route, sharing.claim_request):
        with pytest.raises(sharing.RequestRefused):
            act(InformationRequest.objects.get(pk=request.pk), actor=cso)
    with pytest.raises(sharing.RequestRefused):
        sharing.send_reply(InformationRequest.objects.get(pk=request.pk), actor=cso, method="email")
    queue = client_of(cso).get("/staff/requests/").content.decode()
    assert "Quennell" not in queue
    # The person's audit search finds the request's reads.
    entries = AuditEntry.objects.filter(search.about_person(child.pk))
    assert entries.filter(action="information_request.candidates_viewed").exists()


def test_sec5_leak2_the_mailbox_refuses_a_restricted_contacts_email_and_logs_the_reads_against_it() -> None:
    boss = staff(Role.TEAM_MANAGER, "boss")
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    screener = staff(Role.SCREENING_SOCIAL_WORKER, "screener")
    message, contact = emailed_contact(cso)
    access.restrict(contact, "The family of a member of staff", actor=boss)
    for user in (cso, screener):
        client = client_of(user)
        assert client.get(f"/staff/mailbox/{message.pk}/").status_code == 403
        assert client.get(f"/staff/mailbox/{message.pk}/message.eml").status_code == 403
        listing = client.get("/staff/mailbox/").content.decode()
        assert "Restricted record" in listing and "Worried about Jayden" not in listing
        assert "Priya" not in listing
    named = client_of(boss)
    assert b"Jayden had a bruise" in named.get(f"/staff/mailbox/{message.pk}/").content
    assert named.get(f"/staff/mailbox/{message.pk}/message.eml").status_code == 200
    found = AuditEntry.objects.filter(search.about_contacts([contact.pk]))
    assert found.filter(action="inbound_email.viewed", actor=boss).exists()
    assert found.filter(action="inbound_email.downloaded", actor=boss).exists()


def test_sec5_leak5_restricted_children_are_not_named_on_the_pathway_lists() -> None:
    boss = staff(Role.TEAM_MANAGER, "boss")
    worker = staff(Role.SOCIAL_WORKER, "worker")
    child = restricted_child(boss)
    Episode.objects.create(
        child=child,
        referral_date=timezone.localdate() - dt.timedelta(days=60),
        referral_source="2A",
        team=worker.team,
        allocated_worker=worker,
    )
    page = client_of(worker).get("/staff/pathway/").content.decode()
    assert "Restricted record" in page and "Quennell" not in page and "Rosalind" not in page
    deadlines = client_of(worker).get("/staff/pathway/deadlines/").content.decode()
    assert "Quennell" not in deadlines and "Rosalind" not in deadlines
    assert "Rosalind" in client_of(boss).get("/staff/pathway/").content.decode()


def test_sec5_leak6_a_withheld_referrer_of_an_emailed_contact_is_not_shown_to_a_social_worker() -> None:
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    worker = staff(Role.SOCIAL_WORKER, "worker")
    message, contact = emailed_contact(cso, anonymity="withheld")
    client = client_of(worker)
    for path in (f"/staff/contacts/{contact.reference}/", f"/staff/mailbox/{message.pk}/", "/staff/mailbox/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"Priya" not in response.content and b"priya@gp.example" not in response.content, path
    assert client.get(f"/staff/mailbox/{message.pk}/message.eml").status_code == 403
    # The customer service officer, who takes the contact, still sees who sent it.
    assert b"Priya Confidential" in client_of(cso).get(f"/staff/mailbox/{message.pk}/").content


def test_sec5_leak10_a_contacts_person_is_not_linked_to_a_restricted_person_by_number() -> None:
    boss = staff(Role.TEAM_MANAGER, "boss")
    screener = staff(Role.SCREENING_SOCIAL_WORKER, "screener")
    colleague = staff(Role.SCREENING_SOCIAL_WORKER, "colleague")
    child = restricted_child(boss)
    contact = make_contact()
    cp = contact.people.get()
    response = client_of(screener).post(f"/staff/people/match/{cp.pk}/link/", {"person": child.pk, "reason": "x"})
    assert response.status_code == 302
    assert not ContactPersonLink.objects.filter(contact_person=cp, person=child).exists()
    with pytest.raises(people.LinkRefused):
        people.link_contact_person(cp, child, actor=screener)
    # The live contact stays in sight of the colleagues screening it.
    assert client_of(colleague).get(f"/staff/contacts/{contact.reference}/").status_code == 200
    # The manager named on the restriction may link (the contact is then the restricted family's).
    people.link_contact_person(cp, child, actor=boss)
    assert ContactPersonLink.objects.filter(contact_person=cp, person=child).exists()
