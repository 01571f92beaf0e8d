"""Every lawful-basis rule of §8 (issue 7, item 2), one table: for each case the route, what is
disclosed, and what is refused, through the real services, database and outbox (INF-1..INF-7).

Each row names its requirement. A row logs a request, confirms who it is about (or that they are
not in the index), routes it, and then does what its route allows: prepares and sends an answer
(approved by a manager when the rule needs it), sends a refusal or a request for evidence, or
checks what was passed on. The disclosure log must then hold exactly what was sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from frontdoor.accounts.models import Role, Team, User
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import Contact, OutboundEmail
from frontdoor.people.models import ContactPersonLink, Person
from frontdoor.policy import information_rules as rules
from frontdoor.policy.council import COUNCIL
from frontdoor.sharing import services
from frontdoor.sharing.models import Disclosure, InformationRequest, RequestStatus
from tests.factories import closed_child, open_child, routed, staff

pytestmark = pytest.mark.django_db

CLOSED_FACTS = ["Contact", "Child in need plan"]  # Jayden's record, oldest first
OPEN_FACTS = ["Section 47 enquiry", "Child protection plan"]  # Mia's


@dataclass(frozen=True)
class Case:
    id: str
    request: dict[str, Any]
    child: str  # "closed" (Jayden) | "open" (Mia, allocated) | "none" (not in the index)
    rule: str
    route: str
    level: str = rules.Level.NOTHING
    gov_uk_only: bool = False
    approval: bool = False
    handler: str = rules.Handler.FRONT_DOOR
    disclosed: list[str] = field(default_factory=list)  # kinds of fact in the answer, in order
    refused_to_send: str = ""  # a refusal message expected when sending


OLA = {
    "agency": "other_council",
    "organisation": "Southshire Council",
    "requester_name": "Priya Shah",
    "requester_email": "priya.shah@southshire.gov.uk",
    "identity": "secure_email",
}
CASES = [
    Case(
        "INF-2 another council's s47 enquiry: confirmed without consent, to .gov.uk",
        {**OLA, "purpose": "section_47"},
        "closed",
        "inf2_section_47_other_council",
        rules.Route.ANSWER,
        rules.Level.SUMMARY,
        gov_uk_only=True,
        disclosed=CLOSED_FACTS,
    ),
    Case(
        "INF-2 another council's s47 enquiry from a non-.gov.uk address: sending refused",
        {**OLA, "purpose": "section_47", "requester_email": "priya.shah@southshire-council.org.uk"},
        "closed",
        "inf2_section_47_other_council",
        rules.Route.ANSWER,
        rules.Level.SUMMARY,
        gov_uk_only=True,
        disclosed=CLOSED_FACTS,
        refused_to_send="may only be sent to a .gov.uk email address",
    ),
    Case(
        "INF-2 a look-alike domain is not .gov.uk",
        {**OLA, "purpose": "section_47", "requester_email": "priya@southshire.gov.uk.example.com"},
        "closed",
        "inf2_section_47_other_council",
        rules.Route.ANSWER,
        rules.Level.SUMMARY,
        gov_uk_only=True,
        disclosed=CLOSED_FACTS,
        refused_to_send="may only be sent to a .gov.uk email address",
    ),
    Case(
        "INF-2 UK border agency: without consent, to .gov.uk",
        {
            "agency": "border_agency",
            "organisation": "UK Visas and Immigration",
            "purpose": "immigration",
            "requester_email": "case.worker@homeoffice.gov.uk",
            "identity": "secure_email",
            "purpose_details": "",
        },
        "closed",
        "inf2_border_agency",
        rules.Route.ANSWER,
        rules.Level.SUMMARY,
        gov_uk_only=True,
        disclosed=CLOSED_FACTS,
    ),
    Case(
        "INF-2 UK border agency from a private address: sending refused",
        {
            "agency": "border_agency",
            "organisation": "UK Visas and Immigration",
            "purpose": "immigration",
            "requester_email": "caseworker@gmail.com",
            "identity": "called_back",
        },
        "closed",
        "inf2_border_agency",
        rules.Route.ANSWER,
        rules.Level.SUMMARY,
        gov_uk_only=True,
        disclosed=CLOSED_FACTS,
        refused_to_send="may only be sent to a .gov.uk email address",
    ),
    Case(
        "INF-3 a school to protect a child: known, closed, dates and outcomes",
        {},
        "closed",
        "inf3_statutory_safeguarding",
        rules.Route.ANSWER,
        rules.Level.SUMMARY,
        disclosed=CLOSED_FACTS,
    ),
    Case(
        "INF-3 a statutory agency and a child not in the index: told the child is not known",
        {"agency": "health", "organisation": "Northtown Hospital", "requester_email": "safeguarding@nhs.net"},
        "none",
        "inf3_statutory_safeguarding",
        rules.Route.ANSWER,
        rules.Level.SUMMARY,
        disclosed=[],
    ),
    Case(
        "INF-3 written consent from a person with parental responsibility",
        {
            "agency": "other",
            "organisation": "Northtown Youth Trust",
            "purpose": "other",
            "consent_from_pr": True,
            "requester_email": "lee@youthtrust.example",
        },
        "closed",
        "inf3_written_consent",
        rules.Route.ANSWER,
        rules.Level.SUMMARY,
        disclosed=CLOSED_FACTS,
    ),
    Case(
        "INF-4 housing asking about rent arrears without consent: refused, even with a statutory role",
        {
            "agency": "housing",
            "organisation": "Northshire Homes",
            "purpose": "rent_arrears",
            "statutory_role_evidenced": True,
            "requester_email": "arrears@northshirehomes.example",
        },
        "closed",
        "inf4_rent_arrears_without_consent",
        rules.Route.REFUSE,
    ),
    Case(
        "INF-4/INF-3 housing with signed parental consent: answered on the consent",
        {
            "agency": "housing",
            "organisation": "Northshire Homes",
            "purpose": "rent_arrears",
            "consent_from_pr": True,
            "requester_email": "arrears@northshirehomes.example",
        },
        "closed",
        "inf3_written_consent",
        rules.Route.ANSWER,
        rules.Level.SUMMARY,
        disclosed=CLOSED_FACTS,
    ),
    Case(
        "INF-4 another agency with no consent and no statutory role: refused, saying why",
        {
            "agency": "other",
            "organisation": "Bright Futures Tutoring",
            "purpose": "other",
            "requester_email": "office@brightfutures.example",
        },
        "closed",
        "inf4_no_consent_or_statutory_role",
        rules.Route.REFUSE,
    ),
    Case(
        "INF-5 detailed request from another council that says why: a manager approves",
        {**OLA, "purpose": "safeguarding", "asked": "detailed"},
        "closed",
        "inf5_detailed",
        rules.Route.ANSWER,
        rules.Level.DETAILED,
        approval=True,
        disclosed=CLOSED_FACTS,
    ),
    Case(
        "INF-5 detailed request from Cafcass without saying why: held",
        {
            "agency": "cafcass",
            "organisation": "Cafcass",
            "asked": "detailed",
            "purpose": "court_proceedings",
            "purpose_details": "",
            "requester_email": "fcA@cafcass.gov.uk",
            "identity": "secure_email",
        },
        "closed",
        "inf5_detailed_without_reason",
        rules.Route.HOLD,
    ),
    Case(
        "INF-5 detailed request from another council without saying why: held",
        {**OLA, "purpose": "safeguarding", "asked": "detailed", "purpose_details": ""},
        "closed",
        "inf5_detailed_without_reason",
        rules.Route.HOLD,
    ),
    Case(
        "INF-5/INF-3 a school asking for detailed records gets dates and outcomes only",
        {"asked": "detailed"},
        "closed",
        "inf3_statutory_safeguarding",
        rules.Route.ANSWER,
        rules.Level.SUMMARY,
        disclosed=CLOSED_FACTS,
    ),
    Case(
        "INF-6 police crime request: to the Data Protection Team",
        {
            "agency": "police",
            "organisation": "Northshire Police",
            "purpose": "crime",
            "requester_email": "dc.jones@northshire.police.uk",
        },
        "closed",
        "inf6_crime_and_taxation",
        rules.Route.DATA_PROTECTION,
        handler=rules.Handler.DATA_PROTECTION_TEAM,
    ),
    Case(
        "INF-6 subject access request: to the Data Protection Team",
        {
            "agency": "individual",
            "organisation": "Himself",
            "requester_name": "Jayden Smith",
            "purpose": "subject_access",
            "identity": "document",
            "requester_email": "jayden@example.com",
        },
        "closed",
        "inf6_subject_access",
        rules.Route.DATA_PROTECTION,
        handler=rules.Handler.DATA_PROTECTION_TEAM,
    ),
    Case(
        "INF-6 court correspondence, open case: allocated worker and legal helpdesk",
        {
            "agency": "court",
            "organisation": "Northtown Family Court",
            "purpose": "court_proceedings",
            "identity": "document",
            "requester_email": "listing@justice.gov.uk",
        },
        "open",
        "inf6_court_open_case",
        rules.Route.LEGAL,
        handler=rules.Handler.LEGAL_HELPDESK,
    ),
    Case(
        "INF-6 solicitor's correspondence, closed case: a contact is opened",
        {
            "agency": "solicitor",
            "organisation": "Hart & Co Solicitors",
            "purpose": "court_proceedings",
            "identity": "called_back",
            "requester_email": "m.hart@hartco.example",
        },
        "closed",
        "inf6_court_closed_case",
        rules.Route.LEGAL,
        handler=rules.Handler.LEGAL_HELPDESK,
    ),
    Case(
        "INF-1/INF-3 open case: the allocated worker prepares the answer",
        {},
        "open",
        "inf3_statutory_safeguarding",
        rules.Route.ANSWER,
        rules.Level.SUMMARY,
        handler=rules.Handler.ALLOCATED_WORKER,
        disclosed=OPEN_FACTS,
    ),
    Case(
        "INF-1/INF-3 an adult who was known as a child: an adult contact, answered on consent",
        {
            "subject_is_adult": True,
            "agency": "other",
            "purpose": "other",
            "consent_from_pr": True,
            "organisation": "Adult Social Care",
            "requester_email": "asc@example.org",
        },
        "closed",
        "inf3_written_consent",
        rules.Route.ANSWER,
        rules.Level.SUMMARY,
        disclosed=CLOSED_FACTS,
    ),
    Case(
        "INF-7 identity not verified: held, nothing released",
        {
            "agency": "police",
            "organisation": "Northshire Police",
            "identity": "not_verified",
            "requester_email": "pc.caller@gmail.com",
        },
        "closed",
        "inf7_identity_in_doubt",
        rules.Route.HOLD,
    ),
    Case(
        "INF-7 legitimacy in doubt: held even for a safeguarding purpose",
        {**OLA, "purpose": "section_47", "legitimacy_in_doubt": True},
        "closed",
        "inf7_identity_in_doubt",
        rules.Route.HOLD,
    ),
]


@pytest.fixture
def cast() -> dict[str, User]:
    return {
        "cso": staff(Role.CUSTOMER_SERVICE_OFFICER, "cso"),
        "worker": staff(Role.SOCIAL_WORKER, "worker", Team.Kind.ASSESSMENT, "Assessment team North"),
        "manager": staff(Role.TEAM_MANAGER, "manager", Team.Kind.ASSESSMENT, "Assessment team North"),
        "dpt": staff(Role.DATA_PROTECTION_OFFICER, "dpo", Team.Kind.DATA_PROTECTION),
    }


def _child(kind: str, cast: dict[str, User]) -> Person | None:
    if kind == "closed":
        return closed_child()
    if kind == "open":
        return open_child(cast["worker"])
    return None


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_inf_rules_table(case: Case, cast: dict[str, User]) -> None:
    """INF-1..INF-7: the route, what is disclosed, and what is refused, for every rule of §8."""
    cso = cast["cso"]
    child = _child(case.child, cast)
    request = routed(cso, child, **case.request)

    # The route, and the rule that chose it, with its source (DEC-7)
    assert request.basis_rule == case.rule, request.rules
    assert (request.route, request.level) == (case.route, case.level)
    assert (request.gov_uk_only, request.manager_approval, request.handler) == (
        case.gov_uk_only,
        case.approval,
        case.handler,
    )
    basis = request.rules[0]
    assert basis["rule"] == case.rule and "§8" in basis["source"] and basis["reason"]
    assert rules.rule_by_id(case.rule).requirement in case.id
    assert AuditEntry.objects.filter(action="information_request.routed", object_id=str(request.pk)).exists()

    if case.route == rules.Route.ANSWER:
        _answer(case, request, cast, child)
    elif case.route in (rules.Route.REFUSE, rules.Route.HOLD):
        _refuse_or_hold(case, request, cso, child)
    elif case.route == rules.Route.DATA_PROTECTION:
        _data_protection(request, cast)
    else:
        _legal(case, request, cso, child, cast["worker"])


def _answer(case: Case, request: InformationRequest, cast: dict[str, User], child: Person | None) -> None:
    preparer = cast["worker"] if case.handler == rules.Handler.ALLOCATED_WORKER else cast["cso"]
    if case.handler == rules.Handler.ALLOCATED_WORKER:
        assert request.allocated_to == cast["worker"]
        with pytest.raises(services.RequestRefused, match="allocated worker prepares the answer"):
            services.prepare_answer(request, actor=cast["cso"])
    # Exactly these facts will be disclosed, at the level the rule allows.
    proposed = services.proposed_facts(request)
    assert [f["kind"] for f in proposed] == case.disclosed
    assert all(bool(f["detail"]) == (case.level == rules.Level.DETAILED and bool(f["detail"])) for f in proposed)
    if case.level != rules.Level.DETAILED:
        assert all(f["detail"] == "" for f in proposed)
    services.prepare_answer(request, actor=preparer)
    request.refresh_from_db()
    if case.approval:
        # INF-5: not sent before a manager approves; the preparer cannot approve it.
        assert request.status == RequestStatus.AWAITING_APPROVAL
        with pytest.raises(services.RequestRefused):
            services.send_reply(request, actor=preparer)
        with pytest.raises(services.RequestRefused, match="Only a team manager"):
            services.approve_answer(request, actor=preparer)
        services.approve_answer(request, "Checked against the file", actor=cast["manager"])
        request.refresh_from_db()
    if case.refused_to_send:
        with pytest.raises(services.RequestRefused, match=case.refused_to_send):
            services.send_reply(request, actor=preparer)
        assert not Disclosure.objects.exists()
        assert not OutboundEmail.objects.filter(kind=OutboundEmail.Kind.INFORMATION_REPLY).exists()
        return
    disclosure = services.send_reply(request, actor=preparer)
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    # The disclosure log: what, to whom, when, on what basis (INF-5)
    assert [f["kind"] for f in disclosure.facts] == case.disclosed
    assert disclosure.kind == Disclosure.Kind.ANSWER and disclosure.person == child
    assert disclosure.to_email == request.requester_email and disclosure.basis["rule"] == case.rule
    assert disclosure.level == case.level and disclosure.sent_by == preparer
    assert disclosure.approved_by == (cast["manager"] if case.approval else None)
    email = disclosure.email
    assert email is not None and email.kind == OutboundEmail.Kind.INFORMATION_REPLY
    assert email.to == request.requester_email and email.body == disclosure.text
    if child is None:
        assert "is not known to" in email.body
    else:
        assert "is known to" in email.body and "2021" in email.body or "2025" in email.body
        assert AuditEntry.objects.filter(action="person.information_disclosed", object_id=str(child.pk)).exists()


def _refuse_or_hold(case: Case, request: InformationRequest, cso: User, child: Person | None) -> None:
    assert services.proposed_facts(request) == []
    with pytest.raises(services.RequestRefused, match="Nothing may be disclosed"):
        services.prepare_answer(request, actor=cso)
    disclosure = services.send_reply(request, actor=cso)
    request.refresh_from_db()
    expected = RequestStatus.REFUSED if case.route == rules.Route.REFUSE else RequestStatus.HELD
    assert request.status == expected
    assert disclosure.facts == [] and disclosure.level == rules.Level.NOTHING
    body = disclosure.email.body if disclosure.email else ""
    assert request.reference in body
    # Saying why, and never whether the child is known
    for leak in ("is known", "not known to", "2021", "Child in need", "closed."):
        assert leak not in body, leak
    assert not AuditEntry.objects.filter(action="person.information_disclosed").exists()


def _data_protection(request: InformationRequest, cast: dict[str, User]) -> None:
    assert request.status == RequestStatus.WITH_DATA_PROTECTION
    assert request.team is not None and request.team.kind == Team.Kind.DATA_PROTECTION
    passed = OutboundEmail.objects.get(kind=OutboundEmail.Kind.INFORMATION_PASSED_ON)
    assert passed.to == COUNCIL.data_protection_email and request.reference in passed.body
    assert request in services.my_requests(actor=cast["dpt"])
    assert services.can_see(cast["dpt"], request)
    with pytest.raises(services.RequestRefused):
        services.send_reply(request, actor=cast["cso"])
    with pytest.raises(services.RequestRefused):
        services.record_outcome(request, "Done", actor=cast["cso"])
    services.record_outcome(
        request, "Verified the exemption; the officer viewed the file on 20 November", actor=cast["dpt"]
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    assert not Disclosure.objects.exists()


def _legal(case: Case, request: InformationRequest, cso: User, child: Person | None, worker: User) -> None:
    assert request.status == RequestStatus.PASSED_ON
    passed = OutboundEmail.objects.get(kind=OutboundEmail.Kind.INFORMATION_PASSED_ON)
    assert passed.to == services.legal_helpdesk_email()
    if case.child == "open":
        assert request.allocated_to == worker and request.contact is None
        assert request in services.my_requests(actor=worker)
        with pytest.raises(services.RequestRefused, match="allocated worker"):
            services.record_outcome(request, "Read", actor=cso)
        services.record_outcome(request, "Case note read; the court's directions diarised", actor=worker)
        request.refresh_from_db()
        assert request.status == RequestStatus.CLOSED and request not in services.my_requests(actor=worker)
    else:
        contact = request.contact
        assert contact is not None and Contact.objects.filter(pk=contact.pk).exists()
        assert request.reference in contact.concern
        link = ContactPersonLink.objects.get(contact_person__contact=contact)
        assert link.person == child and link.decided_by == cso
    with pytest.raises(services.RequestRefused):
        services.send_reply(request, actor=cso)
    assert not Disclosure.objects.exists()


def test_every_rule_has_a_case_and_a_source() -> None:
    """The table covers every basis and handling rule; each rule cites §8 and a statute."""
    covered = {c.rule for c in CASES} | {"inf1_open_case", "inf1_closed_case", "inf1_adult_former_service_user"}
    assert {r.id for r in rules.ALL_RULES} <= covered
    for rule in rules.ALL_RULES:
        assert "§8" in rule.source and rule.requirement.startswith("INF-")
    for rule in rules.BASIS_RULES:
        assert any(s in rule.source for s in ("Data Protection Act 2018", "UK GDPR", "Children Act 1989")), rule.id
