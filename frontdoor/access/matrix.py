"""The permission matrix (SEC-1): who may use each page, and which record it shows.

This is DATA, read in one place: ``frontdoor.access.middleware.AccessMiddleware`` looks up
``request.resolver_match.view_name`` in ``MATRIX`` before any view runs. A URL name that
is not here is refused (fail closed), and tests/access/test_sec1_every_url.py fails.
docs/security.md is generated from this module (``manage.py permission_matrix``).

To add a page, add ONE entry under its app's heading::

    "pathway:strategy": Rule(FRONT_DOOR_STAFF, Scope.CONTACT, "Record a strategy discussion",
                             reads=Action.CONTACT_VIEWED, purpose="strategy discussion"),

- ``roles``: who may use it: a set of ``Role`` values, plus ``ANONYMOUS`` for public pages
  (``EVERYONE`` = anonymous and every role). Others get 403 (or sign-in, if not signed in).
- ``scope``: the record the URL names (``Scope.CONTACT`` = the ``reference`` argument, ...).
  Record-scoped pages are checked against restrictions (``access.records.can_see``).
- ``reads``: the audit action (a member of ``frontdoor.audit.actions.Action``) written when a
  GET shows the record (SEC-2), e.g. ``Action.CONTACT_VIEWED``; ``searches``: the audit action of
  a list or search (written when it is filtered); ``exports``: the audit action of a download or export.
- ``purpose``: the "why" written with each read (the role's work on this page).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from frontdoor.accounts.models import FRONT_DOOR_ROLES, PATHWAY_ROLES, REQUEST_ROLES, SCREENING_ROLES, Role
from frontdoor.audit.actions import Action

ANONYMOUS = "anonymous"
"""A visitor who is not signed in: the public (referrers)."""

ALL_ROLES: tuple[str, ...] = tuple(Role.values)
COLUMNS: tuple[str, ...] = (ANONYMOUS, *ALL_ROLES)
"""The columns of docs/security.md, in order."""

EVERYONE = frozenset(COLUMNS)
CSO = Role.CUSTOMER_SERVICE_OFFICER.value
SCREENER = Role.SCREENING_SOCIAL_WORKER.value
SOCIAL_WORKER = Role.SOCIAL_WORKER.value
MANAGER = Role.TEAM_MANAGER.value
OOH = Role.OUT_OF_HOURS_WORKER.value
DPO = Role.DATA_PROTECTION_OFFICER.value
ADMIN = Role.ADMINISTRATOR.value

FRONT_DOOR_STAFF = frozenset(map(str, FRONT_DOOR_ROLES))
"""The people whose work is children's records: they record, screen, decide and act on contacts.
Not the data protection officer (who audits, through the log) nor the administrator (accounts)."""
SCREENING_STAFF = frozenset(map(str, SCREENING_ROLES))
"""Social workers with delegated authority to screen (accounts.models.SCREENING_ROLES)."""
MANAGERS = frozenset({MANAGER})
DPOS = frozenset({DPO})
ADMINS = frozenset({ADMIN})
PATHWAY_RECORDERS = frozenset(map(str, PATHWAY_ROLES))
"""Who records the steps of a child's pathway (accounts.models.PATHWAY_ROLES)."""
REQUEST_HANDLERS = frozenset(map(str, REQUEST_ROLES))
"""Who handles other agencies' information requests (accounts.models.REQUEST_ROLES)."""


class Scope(StrEnum):
    """The record a URL shows or changes, named by its arguments."""

    NONE = "none"
    CONTACT = "contact"  # <reference>
    DOCUMENT = "document"  # <reference>/<attachment_id>
    REFERRAL = "referral"  # <reference>/<referral_id>
    REFERRAL_ONLY = "referral (by its number)"  # <referral_id>
    ESCALATION = "escalation"  # <reference>/<escalation_id>
    CONTACT_PERSON = "person named in a contact"  # <contact_person_id>
    PERSON = "person"  # <person_id>
    DUPLICATE = "pair of people"  # <suspect_id>
    BREAK_GLASS = "break-glass use"  # <break_glass_id>
    EPISODE = "child's pathway (episode)"  # <episode_id>
    INFORMATION_REQUEST = "information request"  # <reference> of the request
    MAILBOX_MESSAGE = "email the mailbox received"  # <pk>


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    scope: Scope
    action: str
    reads: Action | None = None
    searches: Action | None = None
    exports: Action | None = None
    purpose: str = ""
    gate: bool = True
    """False for the pages that let someone ask for a restricted record (break-glass): they
    name a restricted record but must open for those who cannot see it yet."""

    @property
    def public(self) -> bool:
        return ANONYMOUS in self.roles


MATRIX: dict[str, Rule] = {
    # --- accounts: sign-in -------------------------------------------------------------------
    "accounts:login": Rule(EVERYONE, Scope.NONE, "Sign in"),
    "accounts:logout": Rule(EVERYONE, Scope.NONE, "Sign out"),
    "accounts:enrol": Rule(frozenset(ALL_ROLES), Scope.NONE, "Set up the second factor (first sign-in)"),
    "accounts:verify": Rule(frozenset(ALL_ROLES), Scope.NONE, "Type the second factor's code at sign-in"),
    "accounts:backup-codes": Rule(frozenset(ALL_ROLES), Scope.NONE, "See one's own backup codes (once)"),
    # --- staff accounts: the administrator's pages (each change audited with its reason) ----------
    "users:list": Rule(ADMINS, Scope.NONE, "List staff accounts"),
    "users:new": Rule(ADMINS, Scope.NONE, "Add a staff account"),
    "users:user": Rule(ADMINS, Scope.NONE, "See a staff account (never its second factor's secret)"),
    "users:role": Rule(ADMINS, Scope.NONE, "Change an account's role and team (not one's own)"),
    "users:activation": Rule(ADMINS, Scope.NONE, "Switch an account on or off (not one's own)"),
    "users:reset-second-factor": Rule(ADMINS, Scope.NONE, "Reset an account's second factor"),
    "users:unlock": Rule(ADMINS, Scope.NONE, "Unlock an account after failed sign-ins"),
    # --- intake: the public form (the referrer; no account) -----------------------------------
    "intake:start": Rule(EVERYONE, Scope.NONE, "Start the public form"),
    "intake:step": Rule(EVERYONE, Scope.NONE, "Answer a question of the public form"),
    "intake:person": Rule(EVERYONE, Scope.NONE, "Add a child or person on the public form"),
    "intake:confirmation": Rule(EVERYONE, Scope.NONE, "See the confirmation (the browser that sent it only)"),
    "intake:receipt": Rule(
        EVERYONE,
        Scope.CONTACT,
        "Download the receipt PDF (the browser that sent it only)",
        exports=Action.CONTACT_RECEIPT_DOWNLOADED,
        purpose="the referrer's own copy",
    ),
    "intake:status": Rule(EVERYONE, Scope.NONE, "Check a contact's status with its reference and code"),
    # --- intake: staff -------------------------------------------------------------------------
    "intake:staff-home": Rule(
        FRONT_DOOR_STAFF, Scope.NONE, "List contacts", searches=Action.CONTACTS_SEARCHED, purpose="contacts list"
    ),
    "intake:staff-record": Rule(FRONT_DOOR_STAFF, Scope.NONE, "Start a new contact (an unfinished one is set aside)"),
    "intake:staff-resume": Rule(FRONT_DOOR_STAFF, Scope.NONE, "Take up an unfinished contact one set aside"),
    "intake:staff-step": Rule(FRONT_DOOR_STAFF, Scope.NONE, "Record a contact (phone, email, post)"),
    "intake:staff-person": Rule(FRONT_DOOR_STAFF, Scope.NONE, "Record a contact: add a person"),
    "intake:staff-contact": Rule(
        FRONT_DOOR_STAFF, Scope.CONTACT, "Read a contact", reads=Action.CONTACT_VIEWED, purpose="reading the contact"
    ),
    "intake:staff-attachment": Rule(
        FRONT_DOOR_STAFF,
        Scope.DOCUMENT,
        "Download a contact's document",
        exports=Action.ATTACHMENT_DOWNLOADED,
        purpose="reading the contact's document",
    ),
    "intake:staff-move": Rule(FRONT_DOOR_STAFF, Scope.CONTACT, "Move a contact to another queue"),
    "intake:staff-acknowledged-by-phone": Rule(FRONT_DOOR_STAFF, Scope.CONTACT, "Record an acknowledgement by phone"),
    "intake:staff-written-confirmation": Rule(FRONT_DOOR_STAFF, Scope.CONTACT, "Record a written confirmation"),
    "intake:staff-phone": Rule(FRONT_DOOR_STAFF, Scope.NONE, "Record a phone call (quick entry)"),
    "intake:staff-inbound": Rule(
        FRONT_DOOR_STAFF,
        Scope.NONE,
        "List the referrals mailbox and emailed drafts",
        searches=Action.MAILBOX_SEARCHED,
        purpose="mailbox",
    ),
    "intake:staff-inbound-message": Rule(
        FRONT_DOOR_STAFF,
        Scope.MAILBOX_MESSAGE,
        "Read an email the mailbox received",
        reads=Action.INBOUND_EMAIL_VIEWED,
        purpose="reading the mailbox",
    ),
    "intake:staff-inbound-eml": Rule(
        FRONT_DOOR_STAFF,
        Scope.MAILBOX_MESSAGE,
        "Download an email as received (.eml)",
        exports=Action.INBOUND_EMAIL_DOWNLOADED,
        purpose="reading the mailbox",
    ),
    "intake:staff-inbound-reviewed": Rule(FRONT_DOOR_STAFF, Scope.MAILBOX_MESSAGE, "Mark a filed email reviewed"),
    "intake:staff-complete-draft": Rule(FRONT_DOOR_STAFF, Scope.CONTACT, "Complete an emailed draft contact"),
    "intake:staff-undo-confirmation": Rule(
        FRONT_DOOR_STAFF, Scope.CONTACT, "Undo a wrong match of a written confirmation"
    ),
    # --- people: the person index --------------------------------------------------------------
    "people:search": Rule(
        FRONT_DOOR_STAFF,
        Scope.NONE,
        "Search the person index",
        searches=Action.PERSON_SEARCHED,
        purpose="person search",
    ),
    "people:person": Rule(
        FRONT_DOOR_STAFF,
        Scope.PERSON,
        "Read a person's record and history",
        reads=Action.PERSON_VIEWED,
        purpose="reading the person's record",
    ),
    "people:edit": Rule(
        FRONT_DOOR_STAFF,
        Scope.PERSON,
        "Correct a person's details, with a reason",
        reads=Action.PERSON_VIEWED,
        purpose="correcting the person's record",
    ),
    "people:name-add": Rule(FRONT_DOOR_STAFF, Scope.PERSON, "Add a name a person has had or is known by"),
    "people:address-add": Rule(FRONT_DOOR_STAFF, Scope.PERSON, "Add a person's address"),
    "people:address-dates": Rule(FRONT_DOOR_STAFF, Scope.PERSON, "Change the dates of a person's address"),
    "people:relationship-add": Rule(FRONT_DOOR_STAFF, Scope.PERSON, "Add a relationship"),
    "people:relationship-end": Rule(FRONT_DOOR_STAFF, Scope.PERSON, "End a relationship"),
    "people:contact-relationships": Rule(
        FRONT_DOOR_STAFF,
        Scope.CONTACT,
        "Confirm the relationships a contact states between its people",
        reads=Action.CONTACT_VIEWED,
        purpose="confirming the family's relationships",
    ),
    "people:family": Rule(
        FRONT_DOOR_STAFF,
        Scope.PERSON,
        "See a person's family (a list and a diagram)",
        reads=Action.PERSON_VIEWED,
        purpose="reading the person's family",
    ),
    "people:match": Rule(
        FRONT_DOOR_STAFF,
        Scope.CONTACT_PERSON,
        "Match a person named in a contact",
        reads=Action.PERSON_CANDIDATES_VIEWED,
        purpose="matching a person to the index",
    ),
    "people:match-link": Rule(FRONT_DOOR_STAFF, Scope.CONTACT_PERSON, "Link a person named in a contact"),
    "people:match-new": Rule(FRONT_DOOR_STAFF, Scope.CONTACT_PERSON, "Record a new person"),
    "people:match-not-sure": Rule(FRONT_DOOR_STAFF, Scope.CONTACT_PERSON, "Record 'not sure yet'"),
    "people:match-unlink": Rule(FRONT_DOOR_STAFF, Scope.CONTACT_PERSON, "Remove a link"),
    "people:duplicates": Rule(
        SCREENING_STAFF,
        Scope.NONE,
        "List possible duplicate records",
        searches=Action.DUPLICATES_SEARCHED,
        purpose="duplicate review",
    ),
    "people:duplicate-merge": Rule(SCREENING_STAFF, Scope.DUPLICATE, "Merge two records"),
    "people:duplicate-not-same": Rule(SCREENING_STAFF, Scope.DUPLICATE, "Record two records as different people"),
    # --- search: the staff header's one box (issue 15); restricted results masked by the rule --
    "search:results": Rule(
        FRONT_DOOR_STAFF,
        Scope.NONE,
        "Search contacts, referrals, requests and people",
        searches=Action.RECORDS_SEARCHED,
        purpose="header search",
    ),
    # --- screening -----------------------------------------------------------------------------
    "screening:queue": Rule(
        FRONT_DOOR_STAFF, Scope.NONE, "See a queue", searches=Action.QUEUE_SEARCHED, purpose="queue"
    ),
    "screening:mine": Rule(FRONT_DOOR_STAFF, Scope.NONE, "See my list"),
    "screening:deadlines": Rule(
        FRONT_DOOR_STAFF, Scope.NONE, "See deadlines by team", searches=Action.DEADLINES_SEARCHED, purpose="deadlines"
    ),
    "screening:referrals": Rule(
        FRONT_DOOR_STAFF, Scope.NONE, "List referrals", searches=Action.REFERRALS_SEARCHED, purpose="referrals list"
    ),
    "screening:claim-next": Rule(SCREENING_STAFF, Scope.NONE, "Screen the next contact"),
    "screening:contact": Rule(
        FRONT_DOOR_STAFF, Scope.CONTACT, "Read a contact's screening", reads=Action.CONTACT_VIEWED, purpose="screening"
    ),
    "screening:claim": Rule(SCREENING_STAFF, Scope.CONTACT, "Claim a contact"),
    "screening:release": Rule(SCREENING_STAFF, Scope.CONTACT, "Release a contact"),
    "screening:reassign": Rule(SCREENING_STAFF, Scope.CONTACT, "Reassign a contact"),
    "screening:allocate": Rule(MANAGERS, Scope.CONTACT, "Allocate a contact to a team and worker"),
    "screening:record": Rule(SCREENING_STAFF, Scope.CONTACT, "Record the screening"),
    "screening:overrule": Rule(SCREENING_STAFF, Scope.CONTACT, "Overrule a suggestion"),
    "screening:police": Rule(SCREENING_STAFF, Scope.CONTACT, "Record that the police were notified"),
    "screening:propose": Rule(SCREENING_STAFF, Scope.CONTACT, "Propose a decision"),
    "screening:review": Rule(MANAGERS, Scope.CONTACT, "Authorise or send back a decision"),
    "screening:told": Rule(FRONT_DOOR_STAFF, Scope.CONTACT, "Record what the referrer was told"),
    "screening:escalate": Rule(SCREENING_STAFF, Scope.CONTACT, "Record a disagreement (escalation)"),
    "screening:milestone": Rule(SCREENING_STAFF, Scope.REFERRAL, "Record a referral's milestone"),
    "screening:resolve": Rule(MANAGERS, Scope.ESCALATION, "Resolve an escalation"),
    "agencies:without-notice": Rule(MANAGERS, Scope.CONTACT, "Authorise sharing without the parents' knowledge"),
    "agencies:enquiry": Rule(SCREENING_STAFF, Scope.CONTACT, "Ask another agency for information"),
    # --- chronology: a child's chronology and case notes (issue 15) ----------------------------------
    "chronology:child": Rule(
        FRONT_DOOR_STAFF,
        Scope.PERSON,
        "Read a child's chronology",
        reads=Action.CHRONOLOGY_VIEWED,
        purpose="reading the child's chronology",
    ),
    "chronology:pdf": Rule(
        FRONT_DOOR_STAFF,
        Scope.PERSON,
        "Download a child's chronology (PDF)",
        exports=Action.CHRONOLOGY_DOWNLOADED,
        purpose="printing the child's chronology",
    ),
    "chronology:note-person": Rule(FRONT_DOOR_STAFF, Scope.PERSON, "Add a case note from a person's record"),
    "chronology:note-contact": Rule(FRONT_DOOR_STAFF, Scope.CONTACT, "Add a case note from a contact"),
    "chronology:note-episode": Rule(FRONT_DOOR_STAFF, Scope.EPISODE, "Add a case note from a child's pathway"),
    "chronology:note-edit": Rule(FRONT_DOOR_STAFF, Scope.PERSON, "Edit one's own case note (24 hours)"),
    "chronology:note-amend": Rule(
        FRONT_DOOR_STAFF,
        Scope.PERSON,
        "Add an amendment to a case note",
        reads=Action.CHRONOLOGY_VIEWED,
        purpose="amending a case note",
    ),
    # --- access: restricted records and break-glass ----------------------------------------------
    "access:restrict-contact": Rule(MANAGERS, Scope.CONTACT, "Restrict a contact (a staff member's family)"),
    "access:restrict-person": Rule(MANAGERS, Scope.PERSON, "Restrict a person's record (a staff member's family)"),
    "access:break-glass-contact": Rule(
        FRONT_DOOR_STAFF, Scope.CONTACT, "Ask for access to a restricted contact", gate=False
    ),
    "access:break-glass-person": Rule(
        FRONT_DOOR_STAFF, Scope.PERSON, "Ask for access to a restricted person", gate=False
    ),
    "access:break-glass-uses": Rule(
        DPOS,
        Scope.NONE,
        "List break-glass uses (data protection officer)",
        searches=Action.BREAK_GLASS_SEARCHED,
        purpose="break-glass review",
    ),
    "access:break-glass-review": Rule(DPOS, Scope.BREAK_GLASS, "Mark a break-glass use reviewed"),
    # --- pathway: after the referral (STA-1, STA-2) ----------------------------------------------
    "pathway:episodes": Rule(
        FRONT_DOOR_STAFF,
        Scope.NONE,
        "List children's pathways",
        searches=Action.EPISODES_SEARCHED,
        purpose="pathways list",
    ),
    "pathway:deadlines": Rule(FRONT_DOOR_STAFF, Scope.NONE, "See the pathway's deadlines"),
    "pathway:referral": Rule(FRONT_DOOR_STAFF, Scope.REFERRAL_ONLY, "See a referral's children and their pathways"),
    "pathway:open-episodes": Rule(PATHWAY_RECORDERS, Scope.REFERRAL_ONLY, "Open the pathways of a referral's children"),
    "pathway:episode": Rule(
        FRONT_DOOR_STAFF,
        Scope.EPISODE,
        "Read a child's pathway",
        reads=Action.EPISODE_VIEWED,
        purpose="reading the child's pathway",
    ),
    "pathway:letter": Rule(
        FRONT_DOOR_STAFF,
        Scope.EPISODE,
        "Read a letter to the family",
        reads=Action.LETTER_VIEWED,
        purpose="the family's letter",
    ),
    "pathway:letter-pdf": Rule(
        FRONT_DOOR_STAFF,
        Scope.EPISODE,
        "Download a letter to the family (PDF)",
        exports=Action.LETTER_DOWNLOADED,
        purpose="the family's letter",
    ),
    "pathway:letter-sent": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "Record a letter as sent"),
    "pathway:strategy": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "Record a strategy discussion"),
    "pathway:s47-start": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "Start a Section 47 enquiry"),
    "pathway:s47-complete": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "Complete a Section 47 enquiry"),
    "pathway:initial-conference": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "Record an initial conference"),
    "pathway:review-conference": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "Record a review conference"),
    "pathway:cp-plan-end": Rule(MANAGERS, Scope.EPISODE, "End a child protection plan outside a review"),
    "pathway:assessment-start": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "Start an assessment"),
    "pathway:child-seen": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "Record the child seen"),
    "pathway:assessment-complete": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "Complete an assessment"),
    "pathway:assessment-authorise": Rule(MANAGERS, Scope.EPISODE, "Authorise an assessment"),
    "pathway:cin-plan-start": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "Start a child in need plan"),
    "pathway:cin-plan-end": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "End a child in need plan"),
    "pathway:close": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "Close a child's episode with its census reason"),
    "pathway:child-details": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "Record a child's census details"),
    "pathway:looked-after": Rule(PATHWAY_RECORDERS, Scope.EPISODE, "Record a period looked after"),
    # --- workbench: caseloads, workload, notifications (issue 15) ---------------------------------
    "workbench:caseload": Rule(
        PATHWAY_RECORDERS,
        Scope.NONE,
        "See my caseload (a manager: any worker's)",
        searches=Action.CASELOAD_VIEWED,
        purpose="caseload",
    ),
    "workbench:workload": Rule(
        MANAGERS, Scope.NONE, "See the team's workload per worker", searches=Action.WORKLOAD_VIEWED, purpose="workload"
    ),
    "workbench:notifications": Rule(FRONT_DOOR_STAFF, Scope.NONE, "See my notifications"),
    "workbench:notifications-read": Rule(FRONT_DOOR_STAFF, Scope.NONE, "Mark my notifications read"),
    "pathway:allocate": Rule(MANAGERS, Scope.EPISODE, "Allocate or re-allocate a child's case to a team and worker"),
    "pathway:allocate-referral": Rule(
        MANAGERS, Scope.REFERRAL_ONLY, "Allocate a referral's cases to a team and worker"
    ),
    # --- returns: the census, Annex A and charts (RET-1..3), team managers ------------------------
    "returns:index": Rule(MANAGERS, Scope.NONE, "See returns and exports"),
    "returns:census": Rule(MANAGERS, Scope.NONE, "Ask for the CIN census file"),
    "returns:annex-a": Rule(MANAGERS, Scope.NONE, "Ask for the Annex A workbook"),
    "returns:annex-a-csv": Rule(MANAGERS, Scope.NONE, "Download one Annex A list (CSV; the view audits it)"),
    "returns:export": Rule(MANAGERS, Scope.NONE, "See an export's progress"),
    "returns:download": Rule(MANAGERS, Scope.NONE, "Download an export (census or Annex A)"),
    "returns:quality": Rule(MANAGERS, Scope.NONE, "See what the record lacks for the census"),
    "returns:charts": Rule(MANAGERS, Scope.NONE, "See managers' charts"),
    "returns:chart-csv": Rule(MANAGERS, Scope.NONE, "Download a chart's figures (CSV)"),
    # --- sharing: information requests from other agencies (§8, INF-1..7); a request about a
    # restricted person is restricted with them; the request's own page checks who may act on
    # it (the allocated worker, a manager, the DPO for DPT requests)
    "requests:queue": Rule(REQUEST_HANDLERS, Scope.NONE, "See the information requests queue"),
    "requests:claim-next": Rule(REQUEST_HANDLERS, Scope.NONE, "Take the next information request"),
    "requests:mine": Rule(REQUEST_HANDLERS | DPOS, Scope.NONE, "See my information requests"),
    "requests:deadlines": Rule(REQUEST_HANDLERS, Scope.NONE, "See information requests' deadlines"),
    "requests:disclosures": Rule(MANAGERS | DPOS, Scope.NONE, "See the disclosure log"),
    "requests:new": Rule(REQUEST_HANDLERS, Scope.NONE, "Record an information request"),
    "requests:request": Rule(
        REQUEST_HANDLERS | DPOS,
        Scope.INFORMATION_REQUEST,
        "Read an information request",
        reads=Action.INFORMATION_REQUEST_VIEWED,
        purpose="handling the information request",
    ),
    "requests:claim": Rule(REQUEST_HANDLERS, Scope.INFORMATION_REQUEST, "Take an information request"),
    "requests:release": Rule(REQUEST_HANDLERS, Scope.INFORMATION_REQUEST, "Put an information request back"),
    "requests:allocate": Rule(MANAGERS, Scope.INFORMATION_REQUEST, "Allocate an information request to a worker"),
    "requests:match": Rule(
        REQUEST_HANDLERS,
        Scope.INFORMATION_REQUEST,
        "Match a request's subject to the person index",
        reads=Action.INFORMATION_REQUEST_CANDIDATES_VIEWED,
        purpose="matching the request's subject",
    ),
    "requests:decide": Rule(REQUEST_HANDLERS, Scope.INFORMATION_REQUEST, "Route an information request by the rules"),
    "requests:evidence": Rule(REQUEST_HANDLERS, Scope.INFORMATION_REQUEST, "Record a requester's evidence"),
    "requests:prepare": Rule(REQUEST_HANDLERS, Scope.INFORMATION_REQUEST, "Prepare an answer"),
    "requests:review": Rule(MANAGERS, Scope.INFORMATION_REQUEST, "Approve or return a detailed answer"),
    "requests:send": Rule(REQUEST_HANDLERS, Scope.INFORMATION_REQUEST, "Send an approved answer"),
    "requests:outcome": Rule(
        REQUEST_HANDLERS | DPOS, Scope.INFORMATION_REQUEST, "Record what the DPT or legal helpdesk did"
    ),
    # --- audit: the data protection officer's search (SEC-2; the view audits searches and exports)
    "audit:search": Rule(DPOS, Scope.NONE, "Search the audit log"),
    "audit:export": Rule(DPOS, Scope.NONE, "Export audit log search results (CSV)"),
    # --- partners: the partner API's organisations and tokens (administrator) -------------------
    "partners:organisations": Rule(ADMINS, Scope.NONE, "List and add partner organisations"),
    "partners:organisation": Rule(ADMINS, Scope.NONE, "See a partner organisation and its tokens"),
    "partners:issue-token": Rule(ADMINS, Scope.NONE, "Issue an API token"),
    "partners:rotate-token": Rule(ADMINS, Scope.NONE, "Rotate an API token"),
    "partners:revoke-token": Rule(ADMINS, Scope.NONE, "Revoke an API token"),
    "partners:api-docs": Rule(EVERYONE, Scope.NONE, "Read the partner API's documentation"),
    # --- the partner API itself: no staff session; a bearer token with a scope, checked by the
    # API (frontdoor/partners/api.py), which also limits an organisation to its own contacts
    "api-v1:openapi-json": Rule(EVERYONE, Scope.NONE, "Partner API: the OpenAPI document"),
    "api-v1:api-root": Rule(EVERYONE, Scope.NONE, "Partner API: root (answers 404)"),
    "api-v1:submit_contact": Rule(EVERYONE, Scope.NONE, "Partner API: submit a contact (token, contacts:write)"),
    "api-v1:list_contacts": Rule(EVERYONE, Scope.NONE, "Partner API: list own contacts (token, contacts:read)"),
    "api-v1:get_contact": Rule(EVERYONE, Scope.NONE, "Partner API: read own contact (token, contacts:read)"),
    "api-v1:attach_document": Rule(EVERYONE, Scope.NONE, "Partner API: attach a document (token, contacts:write)"),
    # --- Django admin (reference data: teams, task results); Django also requires is_staff --------
    "admin-login": Rule(EVERYONE, Scope.NONE, "Administration sign-in (goes to the staff sign-in)"),
    "admin:login": Rule(EVERYONE, Scope.NONE, "Administration sign-in"),
    "admin:logout": Rule(EVERYONE, Scope.NONE, "Administration sign-out"),
    "admin:*": Rule(ADMINS, Scope.NONE, "Administration: teams and task results (reference data)"),
    # --- bench/intake only (FRONTDOOR_BENCH_VIEWS=1; never mounted in production) ------------------
    "bench-one-row": Rule(EVERYONE, Scope.NONE, "Benchmark baseline (bench/intake only)"),
}


def rule_for(view_name: str) -> Rule | None:
    """The rule of a URL name (``namespace:name``); ``namespace:*`` covers a whole namespace."""
    found = MATRIX.get(view_name)
    if found is None and ":" in view_name:
        found = MATRIX.get(view_name.rsplit(":", 1)[0] + ":*")
    return found


def roles_of(user: Any) -> set[str]:
    """The matrix columns a user stands in: anonymous, their role, and admin for a superuser."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {ANONYMOUS}
    if not user.is_active:
        return set()
    roles = {str(user.role)}
    if user.is_superuser:
        roles.add(ADMIN)
    return roles


def allowed(user: Any, view_name: str) -> bool:
    """May this user use the page of this URL name (the matrix alone; restrictions aside)?"""
    rule = rule_for(view_name)
    return rule is not None and bool(roles_of(user) & rule.roles)
