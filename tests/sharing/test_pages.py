"""The information-request pages (INF-1..INF-7): a request from arrival to an approved answer through
the pages, who may see and do what, and hostile or bad input answered with GOV.UK errors."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdoor.accounts.models import Role, Team, User
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import OutboundEmail
from frontdoor.sharing.models import Disclosure, InformationRequest, RequestStatus
from tests.factories import closed_child, log, open_child, routed, staff

pytestmark = pytest.mark.django_db

FORM = {
    "channel": "email",
    "received_date-day": "17",
    "received_date-month": "11",
    "received_date-year": "2026",
    "received_time": "10:00",
    "agency": "other_council",
    "organisation": "Southshire Council",
    "requester_name": "Priya Shah",
    "requester_role": "Team manager",
    "requester_email": "priya.shah@southshire.gov.uk",
    "requester_phone": "",
    "identity": "secure_email",
    "identity_notes": "",
    "legitimacy_in_doubt": "no",
    "subject_given_name": "Jayden",
    "subject_surname": "Smith",
    "subject_date_of_birth-day": "3",
    "subject_date_of_birth-month": "4",
    "subject_date_of_birth-year": "2019",
    "subject_postcode": "ns1 2ab",
    "subject_details": "",
    "subject_is_adult": "no",
    "purpose": "safeguarding",
    "purpose_details": "Care proceedings in Southshire; we need the history in Northshire.",
    "consent_from_pr": "no",
    "statutory_role_evidenced": "no",
    "evidence_notes": "",
    "asked": "detailed",
    "questions": "Please send a chronology.",
}


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_inf5_a_detailed_request_from_arrival_to_approved_answer_through_the_pages() -> None:
    """INF-1, INF-5: logged, matched, routed, prepared with one fact left out, approved by another
    manager, sent; the disclosure appears in the log, the request and the child's record."""
    jayden = closed_child()
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    manager = staff(Role.TEAM_MANAGER, "manager")
    officer, boss = client_for(cso), client_for(manager)

    response = officer.post("/staff/requests/new/", FORM)
    assert response.status_code == 302, response.content.decode()[:3000]
    request = InformationRequest.objects.get()
    assert response["Location"] == f"/staff/requests/{request.reference}/match/"
    page = officer.get(response["Location"]).content.decode()
    assert f"Jayden Smith, record {jayden.pk}" in page
    response = officer.post(f"/staff/requests/{request.reference}/match/", {"person": jayden.pk, "reason": ""})
    assert response.status_code == 302
    page = officer.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "Detailed request from another council or Cafcass" in page and "Schedule 1, Part 2, paragraph 18" in page
    officer.post(f"/staff/requests/{request.reference}/route/")
    request.refresh_from_db()
    assert request.basis_rule == "inf5_detailed" and request.status == RequestStatus.DECIDED

    page = officer.get(f"/staff/requests/{request.reference}/prepare/").content.decode()
    assert "Child in need plan, 20 April 2022 to 10 January 2023" in page
    # Leaving a fact out needs a reason
    response = officer.post(f"/staff/requests/{request.reference}/prepare/", {"leave_out_0": "on", "note": ""})
    assert response.status_code == 400 and "Enter why this fact is left out" in response.content.decode()
    response = officer.post(
        f"/staff/requests/{request.reference}/prepare/",
        {"leave_out_0": "on", "why_0": "Advice to the mother only", "note": ""},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_APPROVAL
    assert [f["kind"] for f in request.draft_facts] == ["Child in need plan"]
    assert request.draft_withheld[0]["reason"] == "Advice to the mother only"

    # Not sendable before approval; the officer cannot approve
    response = officer.post(f"/staff/requests/{request.reference}/send/", {"method": "email"})
    assert response.status_code == 400 and "must approve" in response.content.decode()
    assert officer.get(f"/staff/requests/{request.reference}/review/").status_code == 403
    assert request in [r for r in InformationRequest.objects.filter(status=RequestStatus.AWAITING_APPROVAL)]
    assert request.reference in boss.get("/staff/requests/mine/").content.decode()
    response = boss.post(f"/staff/requests/{request.reference}/review/", {"action": "approve", "comments": ""})
    assert response.status_code == 302
    response = officer.post(f"/staff/requests/{request.reference}/send/", {"method": "email"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    disclosure = Disclosure.objects.get()
    assert disclosure.approved_by == manager and disclosure.email is not None
    assert disclosure.email.kind == OutboundEmail.Kind.INFORMATION_REPLY
    assert "Child in need plan" in disclosure.text and "Information and advice" not in disclosure.text
    # ...in the disclosure log, the child's record and the audit log
    assert request.reference in boss.get("/staff/requests/disclosures/").content.decode()
    person_page = officer.get(f"/staff/people/{jayden.pk}/").content.decode()
    assert request.reference in person_page and "Replies sent about this person" in person_page
    assert AuditEntry.objects.filter(action="person.information_disclosed", object_id=str(jayden.pk)).exists()

    # A new request about Jayden shows what was disclosed before (INF-5)
    later = routed(cso, jayden, agency="school", asked="summary")
    page = officer.get(f"/staff/requests/{later.reference}/").content.decode()
    assert "Earlier disclosures about this child" in page and request.reference in page


def test_inf1_log_form_errors_are_govuk_messages_and_nothing_is_saved() -> None:
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    bad = {
        **FORM,
        "agency": "",
        "requester_email": "not an email",
        "received_time": "25:99",
        "subject_given_name": "",
        "subject_surname": "",
        "organisation": "x" * 201,
    }
    response = client_for(cso).post("/staff/requests/new/", bad)
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page
    for message in (
        "Select who is asking",
        "Enter an email address in the correct format",
        "Enter the time as hours and minutes",
        "Organisation must be 200 characters or less",
    ):
        assert message in page, message
    assert not InformationRequest.objects.exists()
    # Hostile input is escaped, not run
    response = client_for(cso).post("/staff/requests/new/", {**FORM, "organisation": "<script>alert(1)</script>"})
    request = InformationRequest.objects.get()
    page = client_for(cso).get(f"/staff/requests/{request.reference}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize(
    ("role", "handler"),
    [
        (Role.CUSTOMER_SERVICE_OFFICER, True),
        (Role.SCREENING_SOCIAL_WORKER, True),
        (Role.SOCIAL_WORKER, True),
        (Role.TEAM_MANAGER, True),
        (Role.OUT_OF_HOURS_WORKER, False),
        (Role.DATA_PROTECTION_OFFICER, False),
        (Role.ADMINISTRATOR, False),
    ],
)
def test_who_may_use_the_request_pages(role: str, handler: bool) -> None:
    """Roles: handlers log, route, prepare and send; the others are refused (403), and anonymous
    people are sent to sign in. The DPO sees only requests routed to the Data Protection Team."""
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    answer = routed(cso, closed_child())
    police = routed(cso, None, agency="police", purpose="crime", subject_given_name="Kai")
    user = staff(role, f"user-{role}")
    client = client_for(user)
    expected = 200 if handler else 403
    for path in (
        "/staff/requests/",
        "/staff/requests/new/",
        "/staff/requests/deadlines/",
        f"/staff/requests/{answer.reference}/",
        f"/staff/requests/{answer.reference}/prepare/",
    ):
        assert client.get(path).status_code == expected, path
    dpo = role == Role.DATA_PROTECTION_OFFICER
    assert client.get(f"/staff/requests/{police.reference}/").status_code == (200 if handler or dpo else 403)
    assert client.get("/staff/requests/mine/").status_code == (200 if handler or dpo else 403)
    log_status = 200 if role in (Role.TEAM_MANAGER, Role.DATA_PROTECTION_OFFICER) else 403
    assert client.get("/staff/requests/disclosures/").status_code == log_status
    assert Client().get("/staff/requests/").status_code == 302


def test_inf1_the_allocated_worker_sees_an_open_case_request_in_their_list() -> None:
    worker = staff(Role.SOCIAL_WORKER, "worker", Team.Kind.ASSESSMENT)
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    request = routed(cso, open_child(worker))
    assert request.allocated_to == worker
    assert request.reference in client_for(worker).get("/staff/requests/mine/").content.decode()
    assert request.reference not in client_for(cso).get("/staff/requests/").content.decode()


def test_inf7_evidence_received_routes_the_request_again() -> None:
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    request = routed(cso, closed_child(), agency="police", identity="not_verified")
    assert request.basis_rule == "inf7_identity_in_doubt"
    client = client_for(cso)
    assert client.post(f"/staff/requests/{request.reference}/send/", {"method": "phone"}).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.HELD
    assert request.reference in client.get("/staff/requests/mine/").content.decode()  # still in front of them
    response = client.post(
        f"/staff/requests/{request.reference}/evidence/",
        {
            "identity": "called_back",
            "identity_notes": "Called back via the police switchboard",
            "legitimacy_in_doubt": "no",
            "consent_from_pr": "no",
            "statutory_role_evidenced": "no",
            "evidence_notes": "",
            "purpose_details": "Missing child enquiry",
        },
    )
    assert response.status_code == 302
    client.post(f"/staff/requests/{request.reference}/route/")
    request.refresh_from_db()
    assert (request.status, request.basis_rule) == (RequestStatus.DECIDED, "inf3_statutory_safeguarding")


def test_two_people_never_hold_one_request() -> None:
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    other = staff(Role.SCREENING_SOCIAL_WORKER, "screener")
    request = log(cso)
    assert request.claimed_by == cso  # whoever records it works on it
    assert client_for(cso).post(f"/staff/requests/{request.reference}/release/").status_code == 302
    request.refresh_from_db()
    assert request.claimed_by is None and request in InformationRequest.objects.filter(claimed_by__isnull=True)
    assert request.reference in client_for(other).get("/staff/requests/").content.decode()
    assert client_for(cso).post("/staff/requests/claim-next/").status_code == 302
    request.refresh_from_db()
    assert request.claimed_by == cso
    response = client_for(other).post(f"/staff/requests/{request.reference}/claim/", follow=True)
    assert "Cso Test is already working on this request" in response.content.decode()
    request.refresh_from_db()
    assert request.claimed_by == cso


def test_inf2_a_reply_refused_for_a_non_gov_uk_address_goes_once_the_gov_uk_address_is_recorded() -> None:
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    request = routed(
        cso,
        closed_child(),
        agency="other_council",
        purpose="section_47",
        requester_email="priya@southshire-council.org.uk",
        identity="secure_email",
    )
    client = client_for(cso)
    assert client.post(f"/staff/requests/{request.reference}/prepare/", {"note": ""}).status_code == 302
    page = client.get(f"/staff/requests/{request.reference}/send/").content.decode()
    assert "it will not be sent" in page
    response = client.post(f"/staff/requests/{request.reference}/send/", {"method": "email"})
    assert response.status_code == 400 and "may only be sent to a .gov.uk email address" in response.content.decode()
    assert not Disclosure.objects.exists()
    response = client.post(
        f"/staff/requests/{request.reference}/evidence/",
        {
            "identity": "secure_email",
            "legitimacy_in_doubt": "no",
            "consent_from_pr": "no",
            "statutory_role_evidenced": "no",
            "requester_email": "priya.shah@southshire.gov.uk",
            "purpose_details": "Section 47 enquiry",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW and request.prepared_at is None  # routed and prepared again
    client.post(f"/staff/requests/{request.reference}/route/")
    client.post(f"/staff/requests/{request.reference}/prepare/", {"note": ""})
    assert client.post(f"/staff/requests/{request.reference}/send/", {"method": "email"}).status_code == 302
    assert Disclosure.objects.get().to_email == "priya.shah@southshire.gov.uk"
