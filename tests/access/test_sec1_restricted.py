"""SEC-1: restricted records open only to the people named on them; anyone else sees that
the record exists, can ask for access with a reason (break-glass), which is time-limited,
logged and flagged to the data protection officer."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from frontdoor.access.models import BreakGlass, Restriction
from frontdoor.accounts.models import Role, Team, User
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import Attachment, Contact
from frontdoor.people import services as people
from frontdoor.people.models import DuplicateSuspect
from frontdoor.policy.routing import Queue
from tests.factories import JAYDEN, make_contact, staff

pytestmark = pytest.mark.django_db

CONCERN = "The football coach hit Jayden at training on Saturday."


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def lado_team() -> Team:
    return Team.objects.create(name="Allegations (LADO)", kind=Team.Kind.ALLEGATIONS)


@pytest.fixture
def allegation(lado_team: Team) -> Contact:
    return make_contact(allegation_against_worker=True, concern=CONCERN)


def test_sec1_an_allegation_against_a_worker_is_restricted_as_it_arrives(allegation: Contact, lado_team: Team) -> None:
    restriction = allegation.restrictions.get()
    assert restriction.kind == Restriction.Kind.ALLEGATION and restriction.team == lado_team
    assert allegation.queue in (Queue.LADO, Queue.OUT_OF_HOURS)
    assert AuditEntry.objects.filter(action="record.restricted", object_id=str(allegation.pk)).count() == 1


def test_sec1_a_named_person_sees_it_another_screener_sees_only_that_it_exists(
    allegation: Contact, lado_team: Team
) -> None:
    named = staff(Role.SCREENING_SOCIAL_WORKER, "lado-worker", team=lado_team)
    other = staff(Role.SCREENING_SOCIAL_WORKER, "mash-worker")
    for path in (f"/staff/contacts/{allegation.reference}/", f"/staff/screening/{allegation.reference}/"):
        seen = client_for(named).get(path)
        assert seen.status_code == 200 and "Jayden" in text(seen)
        refused = client_for(other).get(path)
        assert refused.status_code == 403 and "Restricted record" in text(refused)
        assert "football coach" not in text(refused) and "Jayden" not in text(refused)
    # Every page about the record is closed: its people's match pages, its actions.
    cp = allegation.people.get()
    assert client_for(other).get(f"/staff/people/match/{cp.pk}/").status_code == 403
    assert client_for(other).post(f"/staff/screening/{allegation.reference}/claim/").status_code == 403
    assert Contact.objects.get(pk=allegation.pk).claimed_by is None
    # Lists show that it exists, without the child's name.
    home = text(client_for(other).get("/staff/"))
    assert allegation.reference in home and "Restricted record" in home and "Jayden Smith" not in home
    assert "Jayden Smith" in text(client_for(named).get("/staff/"))
    queue = text(client_for(other).get(f"/staff/screening/?queue={allegation.queue}"))
    assert allegation.reference in queue and "Restricted record" in queue
    # No read of the contents was logged for the refused visits.
    assert not AuditEntry.objects.filter(action="contact.viewed", actor=other).exists()


def test_sec1_break_glass_opens_it_for_a_while_logged_and_flagged_to_the_dpo(allegation: Contact) -> None:
    other = staff(Role.SCREENING_SOCIAL_WORKER, "mash-worker")
    dpo = staff(Role.DATA_PROTECTION_OFFICER, "dpo")
    contact_url = f"/staff/contacts/{allegation.reference}/"
    refused = text(client_for(other).get(contact_url))
    ask = re.search(r'href="(/staff/access/contacts/[^"]+/ask/[^"]*)"', refused)
    assert ask is not None
    ask_url = ask.group(1).replace("&amp;", "&")
    page = client_for(other).get(ask_url)
    assert page.status_code == 200 and "data protection officer" in text(page)
    empty = client_for(other).post(ask_url, {"reason": "  ", "next": contact_url})
    assert empty.status_code == 400 and "Enter why you need to see this record" in text(empty)
    reason = "Hospital on the phone at 2am: is Jayden known to us?"
    done = client_for(other).post(ask_url, {"reason": reason, "next": contact_url})
    assert done.status_code == 302 and done["Location"] == contact_url
    seen = client_for(other).get(contact_url)
    assert seen.status_code == 200 and "football coach" in text(seen)

    grant = BreakGlass.objects.get(user=other)
    assert grant.reason == reason and grant.expires_at - grant.at == dt.timedelta(hours=4)
    logged = AuditEntry.objects.get(action="record.break_glass", actor=other)
    assert logged.reason == reason and logged.object_id == str(allegation.pk)
    read = AuditEntry.objects.get(action="contact.viewed", actor=other)
    assert read.detail["basis"] == "break-glass" and reason in read.reason

    # Flagged to the data protection officer, who marks it reviewed.
    assert client_for(other).get("/staff/access/break-glass/").status_code == 403
    listing = text(client_for(dpo).get("/staff/access/break-glass/"))
    assert "mash-worker" in listing and reason in listing and "Not reviewed" in listing
    assert "Break-glass uses" in listing  # in the DPO's navigation
    client_for(dpo).post(f"/staff/access/break-glass/{grant.pk}/review/", {"note": "Checked with the hospital"})
    grant.refresh_from_db()
    assert grant.reviewed_by == dpo and grant.review_note == "Checked with the hospital"
    assert reason not in text(client_for(dpo).get("/staff/access/break-glass/"))
    assert reason in text(client_for(dpo).get("/staff/access/break-glass/?show=all"))
    assert AuditEntry.objects.filter(action="break_glass.reviewed", actor=dpo).count() == 1

    # Time-limited: once the grant expires the record is closed again.
    BreakGlass.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert client_for(other).get(contact_url).status_code == 403


def test_sec1_a_manager_restricts_a_staff_members_family_and_search_masks_it() -> None:
    boss = staff(Role.TEAM_MANAGER, "boss")
    colleague = staff(Role.SOCIAL_WORKER, "colleague")
    other = staff(Role.SCREENING_SOCIAL_WORKER, "other")
    mother = people.create_person(
        actor=None,
        kind="adult",
        given_name="Elizabeth",
        surname="Smith",
        date_of_birth=dt.date(1990, 5, 12),
        postcode="NS1 2AB",
    )
    person_url = f"/staff/people/{mother.pk}/"
    restrict_url = f"/staff/access/people/{mother.pk}/restrict/"
    assert client_for(other).get(restrict_url).status_code == 403  # only a manager restricts
    assert "Restrict this record" in text(client_for(boss).get(person_url))
    empty = client_for(boss).post(restrict_url, {"reason": ""})
    assert empty.status_code == 400 and "Enter why this record is restricted" in text(empty)
    done = client_for(boss).post(
        restrict_url, {"reason": "Elizabeth works in our Assessment team", "also": [str(colleague.pk)]}
    )
    assert done.status_code == 302
    restriction = Restriction.objects.get(person=mother)
    assert restriction.kind == Restriction.Kind.STAFF_FAMILY
    assert set(restriction.members.values_list("user__username", flat=True)) == {"boss", "colleague"}
    entry = AuditEntry.objects.get(action="record.restricted", actor=boss)
    assert entry.reason == "Elizabeth works in our Assessment team"

    assert client_for(colleague).get(person_url).status_code == 200
    refused = client_for(other).get(person_url)
    assert refused.status_code == 403 and "Elizabeth" not in text(refused)
    search = {"given_name": "Elizabeth", "surname": "Smith"}
    masked = text(client_for(other).get("/staff/people/search/", search))
    assert f"Record {mother.pk}" in masked and "Restricted record" in masked and "Elizabeth Smith" not in masked
    assert "Elizabeth Smith" in text(client_for(colleague).get("/staff/people/search/", search))

    # A contact whose person is linked to the restricted record is restricted with it.
    contact = make_contact(people=[JAYDEN, {"role": "parent", "given_names": "Elizabeth", "family_name": "Smith"}])
    assert client_for(other).get(f"/staff/contacts/{contact.reference}/").status_code == 200
    parent = contact.people.get(role="parent")
    people.link_contact_person(parent, mother, actor=boss)
    assert client_for(other).get(f"/staff/contacts/{contact.reference}/").status_code == 403
    assert client_for(colleague).get(f"/staff/contacts/{contact.reference}/").status_code == 200
    document = Attachment.objects.create(
        contact=contact,
        journey_key=uuid.uuid4(),
        filename="a.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
        data=b"%PDF-1.4\n",
    )
    document_url = f"/staff/contacts/{contact.reference}/documents/{document.pk}/"
    assert client_for(other).get(document_url).status_code == 403
    assert client_for(colleague).get(document_url).status_code == 200
    assert not AuditEntry.objects.filter(action="attachment.downloaded", actor=other).exists()


def test_sec1_only_managers_restrict_and_the_dpo_list_is_the_dpos() -> None:
    contact = make_contact()
    for role in (Role.CUSTOMER_SERVICE_OFFICER, Role.SCREENING_SOCIAL_WORKER, Role.SOCIAL_WORKER):
        user = staff(role, f"{role}-x")
        assert (
            client_for(user).post(f"/staff/access/contacts/{contact.reference}/restrict/", {"reason": "x"}).status_code
            == 403
        )
        assert client_for(user).get("/staff/access/break-glass/").status_code == 403
    assert not Restriction.objects.exists()


def test_sec1_match_candidates_and_duplicate_pairs_mask_a_restricted_person() -> None:
    boss = staff(Role.TEAM_MANAGER, "boss")
    other = staff(Role.SCREENING_SOCIAL_WORKER, "other")
    mother = people.create_person(
        actor=None,
        kind="adult",
        given_name="Elizabeth",
        surname="Smith",
        date_of_birth=dt.date(1990, 5, 12),
        postcode="NS1 2AB",
    )
    twin = people.create_person(
        actor=None, kind="adult", given_name="Elisabeth", surname="Smith", date_of_birth=dt.date(1990, 5, 12)
    )
    a, b = sorted([mother, twin], key=lambda p: p.pk)
    DuplicateSuspect.objects.create(person_a=a, person_b=b, score=0.97)
    client_for(boss).post(f"/staff/access/people/{mother.pk}/restrict/", {"reason": "Works in our MASH"})
    contact = make_contact(
        people=[
            JAYDEN,
            {
                "role": "parent",
                "given_names": "Elizabeth",
                "family_name": "Smith",
                "date_of_birth": dt.date(1990, 5, 12),
                "postcode": "NS1 2AB",
            },
        ]
    )
    parent = contact.people.get(role="parent")
    match = text(client_for(other).get(f"/staff/people/match/{parent.pk}/"))
    assert f"Record {mother.pk}" in match and "Restricted record" in match
    assert f'href="/staff/people/{mother.pk}/"' not in match and "Ask to see it" in match
    duplicates = text(client_for(other).get("/staff/people/duplicates/"))
    assert "Restricted record" in duplicates and "Elisabeth" not in duplicates
    assert "Elisabeth" in text(client_for(boss).get("/staff/people/duplicates/"))


def test_sec1_screen_the_next_contact_never_hands_over_a_restricted_one(allegation: Contact, lado_team: Team) -> None:
    other = staff(Role.SCREENING_SOCIAL_WORKER, "mash-worker")
    named = staff(Role.SCREENING_SOCIAL_WORKER, "lado-worker", team=lado_team)
    response = client_for(other).post("/staff/screening/claim-next/", {"queue": allegation.queue}, follow=True)
    assert "There are no contacts waiting in this queue" in text(response)
    assert Contact.objects.get(pk=allegation.pk).claimed_by is None
    response = client_for(named).post("/staff/screening/claim-next/", {"queue": allegation.queue})
    assert response["Location"] == f"/staff/screening/{allegation.reference}/"
    assert Contact.objects.get(pk=allegation.pk).claimed_by == named


def test_sec1_the_header_links_only_to_pages_the_role_may_use() -> None:
    dpo, admin = staff(Role.DATA_PROTECTION_OFFICER, "dpo"), staff(Role.ADMINISTRATOR, "root")
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    # After signing in everyone lands on the contacts list; a DPO is told which pages are theirs.
    landing = client_for(dpo).get("/staff/")
    assert landing.status_code == 403 and 'href="/staff/access/break-glass/"' in text(landing)
    assert 'href="/staff/screening/"' not in text(landing)
    assert 'href="/admin/"' in text(client_for(admin).get("/staff/"))
    home = text(client_for(cso).get("/staff/"))
    assert 'href="/staff/screening/"' in home and 'href="/staff/access/break-glass/"' not in home
    assert 'href="/admin/"' not in home
