"""SEC-1, SEC-5, LADO-2: an allegation against someone who works with children is restricted to
the allegations team on EVERY path that can create or complete one, in the same transaction:
the online form, staff entry (the full form and the phone quick entry), an emailed draft
completed with "Complete this contact", the partner API, and a screener reclassifying a
contact by moving it to the allegations queue (issue 13, leak 3)."""

from __future__ import annotations

import json
from collections.abc import Callable
from email.message import EmailMessage

import pytest
from django.test import Client

from frontdoor.access.models import Restriction
from frontdoor.accounts.models import Role, Team, User
from frontdoor.audit.models import AuditEntry
from frontdoor.intake import services
from frontdoor.intake.models import Channel, Contact, ContactStatus
from frontdoor.policy.routing import Queue
from tests.intake.answers import CHILD_NAMED, PROFESSIONAL_SCHOOL, PUBLIC_ANONYMOUS, answer_all, send
from tests.intake.test_phone_and_post import an_hour_ago, call
from tests.partners.conftest import api_client, make_partner, school_contact

pytestmark = pytest.mark.django_db

COACH = "The football coach hit Jayden at training on Saturday."
ALLEGATION_CONCERN = {"concern": COACH, "allegation_against_worker": "yes"}


@pytest.fixture
def lado_team() -> Team:
    return Team.objects.create(name="Allegations (LADO)", kind=Team.Kind.ALLEGATIONS)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_restricted_to_lado(contact: Contact, lado_team: Team, named: User | None) -> None:
    contact.refresh_from_db()
    restriction = Restriction.objects.get(contact=contact)
    assert restriction.kind == Restriction.Kind.ALLEGATION and restriction.team == lado_team
    assert [m.user for m in restriction.members.all()] == ([named] if named else [])
    assert AuditEntry.objects.filter(action="record.restricted", object_id=str(contact.pk)).count() == 1


def assert_closed_to_a_colleague(contact: Contact, make_user: Callable[..., User]) -> None:
    colleague = make_user(Role.CUSTOMER_SERVICE_OFFICER, username="colleague")
    page = client_for(colleague).get(f"/staff/contacts/{contact.reference}/")
    assert page.status_code == 403 and "Restricted record" in page.content.decode()
    assert "football coach" not in page.content.decode()


def test_sec1_sec5_allegation_by_the_online_form_is_restricted(
    client: Client, lado_team: Team, make_user: Callable[..., User]
) -> None:
    send(client, answer_all(client, {**PUBLIC_ANONYMOUS, "concern": ALLEGATION_CONCERN}))
    contact = Contact.objects.get()
    assert contact.channel == Channel.ONLINE and contact.allegation_against_worker
    assert_restricted_to_lado(contact, lado_team, None)
    assert_closed_to_a_colleague(contact, make_user)


def test_sec1_sec5_allegation_by_staff_entry_of_the_full_form_is_restricted(
    staff_client: Client, officer: User, lado_team: Team, make_user: Callable[..., User]
) -> None:
    from tests.intake.test_staff_entry import MONDAY_MORNING, arrival

    pages = {**PROFESSIONAL_SCHOOL, "concern": ALLEGATION_CONCERN}
    key = answer_all(staff_client, pages, mode="staff", arrival=arrival("post", MONDAY_MORNING))
    send(staff_client, key, mode="staff")
    contact = Contact.objects.get()
    assert contact.channel == Channel.POST
    assert_restricted_to_lado(contact, lado_team, officer)
    # The officer who typed it is named on it, and still sees what they recorded.
    assert staff_client.get(f"/staff/contacts/{contact.reference}/").status_code == 200
    assert_closed_to_a_colleague(contact, make_user)


def test_sec1_sec5_allegation_by_phone_quick_entry_is_restricted(
    staff_client: Client, officer: User, lado_team: Team, make_user: Callable[..., User]
) -> None:
    """Fails on the old code: the phone page did not ask, so a call about a coach was an
    ordinary contact, open to every screener, until someone moved it."""
    response = staff_client.post("/staff/phone/", call(an_hour_ago(), concern=COACH, allegation_against_worker="yes"))
    assert response.status_code == 302, response.content.decode()[:3000]
    contact = Contact.objects.get()
    assert contact.channel == Channel.PHONE and contact.allegation_against_worker
    assert_restricted_to_lado(contact, lado_team, officer)
    assert_closed_to_a_colleague(contact, make_user)


def test_sec1_the_phone_page_asks_whether_the_worry_is_about_someone_who_works_with_children(
    staff_client: Client,
) -> None:
    page = staff_client.get("/staff/phone/").content.decode()
    assert 'name="allegation_against_worker"' in page
    assert "Is the worry about someone who works with children?" in page


def emailed_draft() -> Contact:
    message = EmailMessage()
    message["From"] = "Ann Teacher <dsl@elmroad.example>"
    message["To"] = "referrals@example-council.gov.uk"
    message["Subject"] = "Concern about our football coach"
    message["Message-ID"] = "<coach-1@elmroad.example>"
    message.set_content(COACH)
    inbound = services.receive_email(
        message.as_bytes(), mail_from="dsl@elmroad.example", rcpt_tos=["referrals@example-council.gov.uk"]
    )
    assert inbound.contact is not None and inbound.contact.status == ContactStatus.DRAFT
    return inbound.contact


def complete_as_allegation(staff_client: Client, draft: Contact) -> Client:
    assert staff_client.post(f"/staff/contacts/{draft.reference}/complete/").status_code == 302
    for slug in ("danger", "about-you", "your-details", "request-type", "hub", "family", "parents"):
        assert staff_client.post(f"/staff/record/{slug}/", PROFESSIONAL_SCHOOL[slug]).status_code == 302, slug
    assert staff_client.post("/staff/record/concern/", ALLEGATION_CONCERN).status_code == 302
    assert staff_client.post("/staff/record/children/new/", CHILD_NAMED).status_code == 302
    check = staff_client.get("/staff/record/check/").content.decode()
    key = check.split('name="submission_key" value="')[1].split('"')[0]
    response = staff_client.post("/staff/record/check/", {"submission_key": key})
    assert response["Location"] == f"/staff/contacts/{draft.reference}/"
    return staff_client


def test_sec1_sec5_emailed_draft_completed_as_an_allegation_is_restricted(
    staff_client: Client, officer: User, lado_team: Team, make_user: Callable[..., User]
) -> None:
    """Issue 13, leak 3: fails on the old code (complete_draft never restricted: the allegation
    sat in the LADO queue open to every front-door role)."""
    draft = emailed_draft()
    assert not Restriction.objects.exists()  # nothing says it is an allegation until an officer reads it
    complete_as_allegation(staff_client, draft)
    draft.refresh_from_db()
    assert draft.status != ContactStatus.DRAFT and draft.allegation_against_worker
    assert draft.queue in (Queue.LADO, Queue.OUT_OF_HOURS)
    assert_restricted_to_lado(draft, lado_team, officer)
    assert staff_client.get(f"/staff/contacts/{draft.reference}/").status_code == 200
    assert_closed_to_a_colleague(draft, make_user)


def test_sec1_an_emailed_allegation_is_completed_and_restricted_together_or_not_at_all(
    officer: User, lado_team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The restriction commits in the completion's own transaction: if restricting fails, the
    draft stays a draft (it is never left completed and open)."""
    draft = emailed_draft()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the restriction could not be written")

    monkeypatch.setattr("frontdoor.access.receivers.restrict_allegation", broken)  # the receiver of allegation_recorded
    with pytest.raises(RuntimeError):
        services.complete_draft(
            draft,
            services.ContactDraft(
                submission_key=draft.submission_key,
                channel=draft.channel,
                received_at=draft.received_at,
                fields={"allegation_against_worker": True, "referrer_type": "professional", "form_type": "green"},
            ),
            actor=officer,
        )
    draft.refresh_from_db()
    assert draft.status == ContactStatus.DRAFT and not draft.allegation_against_worker
    assert not AuditEntry.objects.filter(action="contact.draft_completed").exists()


def test_sec1_sec5_allegation_by_the_partner_api_is_restricted(lado_team: Team, make_user: Callable[..., User]) -> None:
    _, secret = make_partner(make_user(Role.ADMINISTRATOR, username="admin-user"), "Elm Road Primary")
    payload = school_contact(concern=COACH, allegation_against_worker=True)
    response = api_client(secret).post("/api/v1/contacts", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    contact = Contact.objects.get()
    assert contact.channel == Channel.API
    assert_restricted_to_lado(contact, lado_team, None)
    assert_closed_to_a_colleague(contact, make_user)


def test_sec1_sec5_a_contact_reclassified_as_an_allegation_during_screening_is_restricted(
    client: Client, lado_team: Team, make_user: Callable[..., User]
) -> None:
    """A screener reads an ordinary contact, finds it is about a worker, and moves it to the
    allegations queue: restricted at once, with the screener named on it."""
    send(client, answer_all(client, {**PUBLIC_ANONYMOUS, "concern": {"concern": COACH}}))
    contact = Contact.objects.get()
    assert not Restriction.objects.exists() and contact.queue != Queue.LADO
    screener = make_user(Role.SCREENING_SOCIAL_WORKER, username="screener")
    moved = client_for(screener).post(
        f"/staff/contacts/{contact.reference}/move/", {"queue": Queue.LADO, "reason": "The coach is the worry"}
    )
    assert moved.status_code == 302
    contact.refresh_from_db()
    assert contact.queue == Queue.LADO
    assert_restricted_to_lado(contact, lado_team, screener)
    assert_closed_to_a_colleague(contact, make_user)


def test_sec1_an_allegation_is_not_saved_when_nothing_would_restrict_it(officer: User, lado_team: Team) -> None:
    """Intake restricts through the access app's receiver of ``allegation_recorded`` (issue 14's
    dependency order): with no receiver connected, the allegation is refused, not saved open."""
    from frontdoor.access.receivers import restrict_allegation_on_arrival
    from frontdoor.intake.signals import allegation_recorded

    draft = emailed_draft()
    assert allegation_recorded.disconnect(dispatch_uid="access.restrict_allegation")
    try:
        with pytest.raises(RuntimeError, match="nothing is connected to restrict it"):
            services.complete_draft(
                draft,
                services.ContactDraft(
                    submission_key=draft.submission_key,
                    channel=draft.channel,
                    received_at=draft.received_at,
                    fields={"allegation_against_worker": True, "referrer_type": "professional", "form_type": "green"},
                ),
                actor=officer,
            )
    finally:
        allegation_recorded.connect(restrict_allegation_on_arrival, dispatch_uid="access.restrict_allegation")
    draft.refresh_from_db()
    assert draft.status == ContactStatus.DRAFT and not draft.allegation_against_worker
    assert not Restriction.objects.exists()
