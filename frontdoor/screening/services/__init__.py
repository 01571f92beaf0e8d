"""Every change in screening happens here: atomic, checked, audited in the same transaction.

The life of a contact at the front door (statuses in ``intake.models.ContactStatus``):

    new --claim--> screening --propose--> awaiting_authorisation --authorise--> decided
     ^               |   ^                        |
     +---release-----+   +------send back---------+
     +----------------- escalation reopened ------------------------------------+

Claiming is one conditional UPDATE (``... WHERE claimed_by IS NULL AND status = 'new'``):
the database lets exactly one of any number of concurrent claimers change the row, on
SQLite and on PostgreSQL alike, so two screeners never hold one contact (SCR-1).
"""

from __future__ import annotations

from frontdoor.screening.services.commands import (
    allocate_contact,
    authorise,
    claim,
    claim_next,
    overrule,
    propose_decision,
    reassign,
    record_police_notification,
    release,
    route_open_case_on_arrival,
    route_open_case_on_link,
    route_to_allocated_worker,
    save_screening,
    schedule_referral,
    send_back,
    tell_referrer_by_email,
)
from frontdoor.screening.services.follow_up import (
    MILESTONES,
    check_deadlines,
    record_escalation,
    record_milestone,
    record_referrer_told,
    resolve_escalation,
)
from frontdoor.screening.services.guards import (
    CHOICE_FIELDS,
    EDITABLE,
    TEXT_FIELDS,
    LanguageCheck,
    ScreeningRefused,
)
from frontdoor.screening.services.queries import (
    DueItem,
    KnownPerson,
    Pattern,
    awaiting_authorisation,
    basis_for_enquiry,
    due_items,
    general_queue,
    known_to_services,
    my_list,
    my_list_count,
    new_referral_reference,
    outcome_for_referrer,
    pattern,
    queue_count,
    queue_order,
    referrer_message,
    suggestions,
)

__all__ = [
    "CHOICE_FIELDS",
    "DueItem",
    "EDITABLE",
    "KnownPerson",
    "LanguageCheck",
    "MILESTONES",
    "Pattern",
    "ScreeningRefused",
    "TEXT_FIELDS",
    "authorise",
    "awaiting_authorisation",
    "check_deadlines",
    "claim",
    "claim_next",
    "due_items",
    "general_queue",
    "basis_for_enquiry",
    "known_to_services",
    "my_list",
    "my_list_count",
    "new_referral_reference",
    "outcome_for_referrer",
    "overrule",
    "pattern",
    "propose_decision",
    "queue_count",
    "queue_order",
    "allocate_contact",
    "reassign",
    "record_escalation",
    "record_milestone",
    "record_police_notification",
    "record_referrer_told",
    "referrer_message",
    "release",
    "resolve_escalation",
    "route_open_case_on_arrival",
    "route_open_case_on_link",
    "route_to_allocated_worker",
    "save_screening",
    "schedule_referral",
    "send_back",
    "suggestions",
    "tell_referrer_by_email",
]
