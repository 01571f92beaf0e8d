"""The screening pages: who may do what, the messages they show, and hostile input."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdoor.accounts.models import Role, User
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import Contact, ContactStatus
from frontdoor.screening import services
from frontdoor.screening.models import Decision, DecisionStatus, Screening
from tests.factories import make_contact, manager, proposed, screened, screener, staff

pytestmark = pytest.mark.django_db

READY_FORM = {
    "nature_of_concern": "Rough handling by dad",
    "continuum_level": "3",
    "parental_knowledge": "informed_agreed",
}


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:  # type: ignore[no-untyped-def]
    return str(response.content.decode())


def test_scr1_every_screening_page_needs_sign_in() -> None:
    contact = make_contact()
    for url in (
        "/staff/screening/",
        "/staff/screening/mine/",
        "/staff/screening/deadlines/",
        f"/staff/screening/{contact.reference}/",
        f"/staff/screening/{contact.reference}/record/",
    ):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/"), url
    response = Client().post(f"/staff/screening/{contact.reference}/claim/")
    assert response.status_code == 302 and Contact.objects.get().claimed_by is None


def test_scr1_the_queue_page_lists_filters_and_tolerates_nonsense_filters() -> None:
    contact = make_contact()
    tom = screener()
    page = client_for(tom).get("/staff/screening/")
    assert page.status_code == 200 and contact.reference in text(page)
    assert "1 open contact," in text(page)
    empty = client_for(tom).get("/staff/screening/?channel=post")
    assert contact.reference not in text(empty)
    for nonsense in (
        "?team=abc",
        "?queue=<script>alert(1)</script>",
        "?status=decided'--",
        "?page=999999",
        "?channel=%00",
    ):
        response = client_for(tom).get("/staff/screening/" + nonsense)
        assert response.status_code == 200, nonsense
        assert "<script>alert(1)" not in text(response)


def test_scr1_claiming_from_the_page_and_a_second_screener_is_told_who_has_it() -> None:
    contact = make_contact()
    tom, ann = screener("tom"), screener("ann")
    response = client_for(tom).post("/staff/screening/claim-next/", {"queue": "screening"})
    assert response["Location"] == f"/staff/screening/{contact.reference}/"
    page = client_for(ann).post(f"/staff/screening/{contact.reference}/claim/", follow=True)
    assert "Tom Test is already screening this contact" in text(page)
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    # SEC-1: the permission matrix refuses before the view (the service's own guard stays behind it).
    page = client_for(cso).post("/staff/screening/claim-next/", {"queue": "screening"}, follow=True)
    assert page.status_code == 403 and "Your role does not give you access to this page" in text(page)


def test_scr7_the_record_page_points_out_euphemisms_and_keeps_the_answers() -> None:
    contact = make_contact()
    tom = screener()
    client = client_for(tom)
    client.post(f"/staff/screening/{contact.reference}/claim/")
    page = client.post(f"/staff/screening/{contact.reference}/record/", READY_FORM)
    assert page.status_code == 400
    assert "Check your wording" in text(page) and "Rough handling" in text(page)
    assert "Keep my wording as it is" in text(page) and "Rough handling by dad</textarea>" in text(page)
    assert Screening.objects.get().nature_of_concern == ""
    saved = client.post(f"/staff/screening/{contact.reference}/record/", {**READY_FORM, "keep_wording": "on"})
    assert saved.status_code == 302
    assert Screening.objects.get().continuum_level == 3


def test_con1_the_record_page_asks_for_the_ground_when_parents_were_not_told() -> None:
    contact = make_contact()
    tom = screener()
    client = client_for(tom)
    client.post(f"/staff/screening/{contact.reference}/claim/")
    page = client.post(f"/staff/screening/{contact.reference}/record/", {"parental_knowledge": "not_informed"})
    assert page.status_code == 400 and "Select why the parents were not informed" in text(page)
    assert "There is a problem" in text(page)


def test_dec3_the_propose_page_shows_the_refusal_and_keeps_the_answers() -> None:
    contact = make_contact()
    tom = screener()
    screened(contact, tom)
    page = client_for(tom).post(
        f"/staff/screening/{contact.reference}/propose/",
        {"outcome": "strategy_discussion", "reasons": "A serious injury."},
    )
    assert page.status_code == 400 and "reasonable cause to suspect" in text(page)
    assert "A serious injury.</textarea>" in text(page)
    assert not Decision.objects.exists()


def test_dec1_the_review_page_refuses_the_proposer_and_a_screener() -> None:
    contact = make_contact()
    boss, other = manager("boss"), manager("other")
    decision = proposed(contact, boss)
    page = client_for(boss).post(f"/staff/screening/{contact.reference}/review/", {"action": "authorise"})
    assert page.status_code == 400 and "nobody authorises their own decision" in text(page)
    assert "Authorise or send back" not in text(client_for(boss).get(f"/staff/screening/{contact.reference}/"))
    sent = client_for(other).post(f"/staff/screening/{contact.reference}/review/", {"action": "send_back"})
    assert sent.status_code == 400 and "Enter your comments for the screener" in text(sent)
    done = client_for(other).post(f"/staff/screening/{contact.reference}/review/", {"action": "authorise"})
    assert done.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.AUTHORISED
    workspace = text(client_for(other).get(f"/staff/screening/{contact.reference}/"))
    assert "Referral REF-" in workspace and "What the referrer was told" in workspace


def test_con3_the_enquiry_page_refuses_before_consent_or_authorisation() -> None:
    contact = make_contact()
    tom = screener()
    screened(contact, tom, parental_knowledge="informed_only")
    workspace = text(client_for(tom).get(f"/staff/screening/{contact.reference}/"))
    assert "Other agencies cannot be asked about this family yet" in workspace
    page = client_for(tom).post(
        f"/staff/agencies/contacts/{contact.reference}/ask/",
        {"agency_type": "school", "agency_name": "Elm Road Primary", "question": "Attendance?"},
    )
    assert page.status_code == 400 and "You cannot ask other agencies about this family yet" in text(page)


def test_sec2_opening_a_contact_to_screen_it_is_audited() -> None:
    contact = make_contact()
    tom = screener()
    client_for(tom).get(f"/staff/screening/{contact.reference}/")
    entry = AuditEntry.objects.get(action="contact.viewed")
    assert entry.actor == tom and entry.reason == "screening" and entry.object_id == str(contact.pk)


def test_scr1_a_manager_reassigns_from_the_page() -> None:
    contact = make_contact()
    tom, ann, boss = screener("tom"), screener("ann"), manager("boss")
    client_for(tom).post(f"/staff/screening/{contact.reference}/claim/")
    page = client_for(boss).post(f"/staff/screening/{contact.reference}/reassign/", {"to": str(ann.pk)})
    assert page.status_code == 400 and "Enter why you are reassigning this contact" in text(page)
    page = client_for(boss).post(f"/staff/screening/{contact.reference}/reassign/", {"to": "999999", "reason": "x"})
    assert page.status_code == 400 and "Select a valid choice" in text(page)
    done = client_for(boss).post(
        f"/staff/screening/{contact.reference}/reassign/", {"to": str(ann.pk), "reason": "Leave"}
    )
    assert done.status_code == 302
    contact.refresh_from_db()
    assert contact.claimed_by == ann and contact.status == ContactStatus.SCREENING


def test_tim3_the_deadlines_page_shows_overdue_contacts() -> None:
    contact = make_contact()  # received a week ago: overdue now
    page = text(client_for(manager()).get("/staff/screening/deadlines/"))
    assert contact.reference in page and "Overdue" in page
    assert "§7" in page  # each deadline shows its source
    assert "By team" in page and "MASH screening team" in page


def test_int14_my_list_shows_what_is_mine() -> None:
    contact = make_contact()
    tom = screener()
    client_for(tom).post(f"/staff/screening/{contact.reference}/claim/")
    assert contact.reference in text(client_for(tom).get("/staff/screening/mine/"))
    assert contact.reference not in text(client_for(screener("ann")).get("/staff/screening/mine/"))


def test_dec2_referrals_are_listed_and_counted_apart_from_contacts() -> None:
    tom, boss = screener(), manager()
    referred = make_contact()
    services.authorise(proposed(referred, tom, "assessment"), actor=boss)
    not_referred = make_contact()
    services.authorise(proposed(not_referred, tom, "early_help", early_help_service="families_first"), actor=boss)
    page = text(client_for(tom).get("/staff/screening/referrals/"))
    assert "1 referral," in page and referred.reference in page and not_referred.reference not in page
    assert "Child seen:" in page
