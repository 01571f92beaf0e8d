"""What an audit entry says was done: one enumeration, the only actions the log accepts (SEC-2).

Each member's value is the text stored in ``AuditEntry.action`` (and covered by the entry's
MAC and chain hash, so a value is never renamed: a new wording is a new label, not a new
value). Its label is the plain words the data protection officer reads on the audit search
and in its CSV. ``audit.services.record`` and ``append`` take a member, never a string.

To add an action: add a member here, in its group, with a label that says what happened in
plain English (no codes, no requirement numbers). No migration is needed: the field's
choices are read from this class (``choices`` below).
"""

from __future__ import annotations

from django.db import models


class Action(models.TextChoices):
    # --- Staff accounts and sign-in --------------------------------------------------------------
    ACCOUNT_CREATED = "account.created", "Staff account created"
    ACCOUNT_ROLE_CHANGED = "account.role_changed", "Staff account's role or team changed"
    ACCOUNT_ACTIVATED = "account.activated", "Staff account switched on"
    ACCOUNT_DEACTIVATED = "account.deactivated", "Staff account switched off"
    ACCOUNT_UNLOCKED = "account.unlocked", "Staff account unlocked after failed sign-ins"
    ACCOUNT_SECOND_FACTOR_ENROLLED = "account.second_factor_enrolled", "Staff account's second factor set up"
    ACCOUNT_SECOND_FACTOR_RESET = "account.second_factor_reset", "Staff account's second factor reset"
    ACCOUNT_BACKUP_CODE_USED = "account.backup_code_used", "Backup code used to sign in"

    # --- The audit log itself ----------------------------------------------------------------------
    AUDIT_SEARCHED = "audit.searched", "Audit log searched"
    AUDIT_EXPORTED = "audit.exported", "Audit log downloaded"

    # --- Restrictions and break-glass ------------------------------------------------------------
    RECORD_RESTRICTED = "record.restricted", "Record restricted"
    RECORD_BREAK_GLASS = "record.break_glass", "Restricted record opened with break-glass"
    BREAK_GLASS_REVIEWED = "break_glass.reviewed", "Break-glass use reviewed"
    BREAK_GLASS_SEARCHED = "break_glass.searched", "Break-glass uses listed"

    # --- Contacts: arriving, acknowledged, read -----------------------------------------------
    CONTACT_CREATED = "contact.created", "Contact recorded"
    CONTACT_ACKNOWLEDGED = "contact.acknowledged", "Contact acknowledged"
    CONTACT_VIEWED = "contact.viewed", "Contact viewed"
    CONTACT_RECEIPT_DOWNLOADED = "contact.receipt_downloaded", "Contact receipt downloaded by the referrer"
    CONTACTS_SEARCHED = "contacts.searched", "Contacts list searched"
    CONTACT_DRAFT_COMPLETED = "contact.draft_completed", "Emailed draft contact completed"
    CONTACT_MOVED = "contact.moved", "Contact moved to another queue"
    CONTACT_WRITTEN_CONFIRMATION_CHASED = (
        "contact.written_confirmation_chased",
        "Written confirmation of a phone contact chased",
    )
    CONTACT_WRITTEN_CONFIRMATION_RECEIVED = (
        "contact.written_confirmation_received",
        "Written confirmation of a phone contact received",
    )
    CONTACT_WRITTEN_CONFIRMATION_MATCHED = (
        "contact.written_confirmation_matched",
        "Written confirmation matched to a phone contact",
    )
    CONTACT_WRITTEN_CONFIRMATION_UNMATCHED = (
        "contact.written_confirmation_unmatched",
        "Written confirmation's match to a phone contact undone",
    )
    ATTACHMENT_DOWNLOADED = "attachment.downloaded", "Contact's document downloaded"
    ATTACHMENT_QUARANTINED = "attachment.quarantined", "Emailed document held back as unsafe"

    # --- The referrals mailbox -------------------------------------------------------------------
    INBOUND_EMAIL_RECEIVED = "inbound_email.received", "Email received by the referrals mailbox"
    INBOUND_EMAIL_VIEWED = "inbound_email.viewed", "Referrals mailbox email viewed"
    INBOUND_EMAIL_DOWNLOADED = "inbound_email.downloaded", "Referrals mailbox email downloaded"
    INBOUND_EMAIL_REVIEWED = "inbound_email.reviewed", "Referrals mailbox email marked as reviewed"
    MAILBOX_SEARCHED = "mailbox.searched", "Referrals mailbox listed"

    # --- Screening and decisions -----------------------------------------------------------------
    QUEUE_SEARCHED = "queue.searched", "Queue viewed"
    DEADLINES_SEARCHED = "deadlines.searched", "Deadlines viewed"
    CONTACT_CLAIMED = "contact.claimed", "Contact claimed for screening"
    CONTACT_RELEASED = "contact.released", "Contact put back in its queue"
    CONTACT_REASSIGNED = "contact.reassigned", "Contact given to another screener"
    CONTACT_ALLOCATED = "contact.allocated", "Contact allocated to a team and worker"
    CONTACT_ROUTED_TO_ALLOCATED_WORKER = (
        "contact.routed_to_allocated_worker",
        "Contact sent to the child's allocated social worker",
    )
    SCREENING_SAVED = "screening.saved", "Screening saved"
    SCREENING_WORDING_KEPT = "screening.wording_kept", "Screening wording kept after a language check"
    SCREENING_SUGGESTION_OVERRULED = "screening.suggestion_overruled", "Screening suggestion overruled"
    SCREENING_POLICE_NOTIFIED = "screening.police_notified", "Police told of a suspected crime"
    DECISION_PROPOSED = "decision.proposed", "Decision proposed"
    DECISION_SENT_BACK = "decision.sent_back", "Decision sent back to the screener"
    DECISION_AUTHORISED = "decision.authorised", "Decision authorised"
    DECISION_ESCALATED = "decision.escalated", "Disagreement with a decision raised"
    DECISION_ESCALATION_RESOLVED = "decision.escalation_resolved", "Disagreement with a decision resolved"
    REFERRAL_CREATED = "referral.created", "Referral made"
    REFERRAL_MILESTONE_RECORDED = "referral.milestone_recorded", "Referral's deadline recorded as met"
    REFERRALS_SEARCHED = "referrals.searched", "Referrals listed"
    REFERRER_TOLD = "referrer.told", "Referrer told the outcome"
    SHARING_WITHOUT_NOTICE_AUTHORISED = (
        "sharing.without_notice_authorised",
        "Sharing without the parents' knowledge authorised",
    )
    SHARING_ENQUIRY_MADE = "sharing.enquiry_made", "Information asked for from another agency"
    SHARING_ENQUIRY_REFUSED = "sharing.enquiry_refused", "Asking another agency for information refused"

    # --- People: the person index ----------------------------------------------------------------
    PERSON_SEARCHED = "person.searched", "Person index searched"
    RECORDS_SEARCHED = "records.searched", "Contacts, referrals, requests and people searched from the header"
    PERSON_VIEWED = "person.viewed", "Person's record viewed"
    PERSON_CANDIDATES_VIEWED = "person.candidates_viewed", "Possible matches for a person viewed"
    PERSON_CREATED = "person.created", "Person added to the index"
    PERSON_IMPORTED = "person.imported", "Person imported into the index"
    PERSON_CORRECTED = "person.corrected", "Person's details corrected"
    PERSON_NAME_ADDED = "person.name_added", "Person's name added"
    PERSON_SURNAME_CHANGED = "person.surname_changed", "Person's surname changed"
    PERSON_ADDRESS_ADDED = "person.address_added", "Person's address added"
    PERSON_RELATIONSHIP_ADDED = "person.relationship_added", "Person's relationship added"
    PERSON_RELATIONSHIP_ENDED = "person.relationship_ended", "Person's relationship ended"
    PERSON_ADDRESS_CORRECTED = "person.address_corrected", "Person's address dates corrected"
    PERSON_INVOLVEMENT_RECORDED = "person.involvement_recorded", "Person's involvement with services recorded"
    PERSON_CASE_ALLOCATED = "person.case_allocated", "Allocated worker of a person's open case changed"
    PERSON_CENSUS_DETAILS_UPDATED = "person.census_details_updated", "Child's census details updated"
    PERSON_LINKED = "person.linked", "Person in a contact linked to the index"
    PERSON_NEW_PERSON = "person.new_person", "Person in a contact recorded as someone new"
    PERSON_NOT_SURE = "person.not_sure", "Person in a contact not yet matched (not sure)"
    PERSON_UNLINKED = "person.unlinked", "Person in a contact unlinked from the index"
    PERSON_DUPLICATE_SUSPECTED = "person.duplicate_suspected", "Possible duplicate person found"
    PERSON_NOT_DUPLICATE = "person.not_duplicate", "Possible duplicate marked as a different person"
    PERSON_MERGED = "person.merged", "Duplicate record merged into this person"
    PERSON_MERGED_INTO = "person.merged_into", "Person's record merged into another"
    DUPLICATES_SEARCHED = "duplicates.searched", "Possible duplicates listed"
    PERSON_INFORMATION_REQUESTED = "person.information_requested", "Information about a person requested"
    PERSON_INFORMATION_DISCLOSED = "person.information_disclosed", "Information about a person disclosed"

    # --- Children's pathways ---------------------------------------------------------------------
    EPISODES_SEARCHED = "episodes.searched", "Children's pathways listed"
    EPISODE_VIEWED = "episode.viewed", "Child's pathway viewed"
    EPISODE_OPENED = "episode.opened", "Child's pathway opened"
    EPISODE_ALLOCATED = "episode.allocated", "Child's pathway allocated to a social worker"
    EPISODE_REALLOCATED = "episode.reallocated", "Child's pathway moved to another worker or team, with a reason"
    CASELOAD_VIEWED = "caseload.viewed", "A worker's caseload listed"
    WORKLOAD_VIEWED = "workload.viewed", "Team workload listed"
    EPISODE_CLOSED = "episode.closed", "Child's pathway closed"
    PATHWAY_STRATEGY_DISCUSSION = "pathway.strategy_discussion", "Strategy discussion recorded"
    PATHWAY_SECTION47_STARTED = "pathway.section47_started", "Section 47 enquiry started"
    PATHWAY_SECTION47_COMPLETED = "pathway.section47_completed", "Section 47 enquiry completed"
    PATHWAY_ASSESSMENT_STARTED = "pathway.assessment_started", "Child and family assessment started"
    PATHWAY_ASSESSMENT_COMPLETED = "pathway.assessment_completed", "Child and family assessment completed"
    PATHWAY_ASSESSMENT_AUTHORISED = "pathway.assessment_authorised", "Child and family assessment authorised"
    PATHWAY_CHILD_SEEN = "pathway.child_seen", "Child seen"
    PATHWAY_INITIAL_CONFERENCE = "pathway.initial_conference", "Initial child protection conference recorded"
    PATHWAY_REVIEW_CONFERENCE = "pathway.review_conference", "Review child protection conference recorded"
    PATHWAY_CP_PLAN_STARTED = "pathway.cp_plan_started", "Child protection plan started"
    PATHWAY_CP_PLAN_ENDED = "pathway.cp_plan_ended", "Child protection plan ended"
    PATHWAY_CIN_PLAN_STARTED = "pathway.cin_plan_started", "Child in need plan started"
    PATHWAY_CIN_PLAN_ENDED = "pathway.cin_plan_ended", "Child in need plan ended"
    PATHWAY_LOOKED_AFTER = "pathway.looked_after", "Time looked after recorded"
    PATHWAY_LOOKED_AFTER_ENDED = "pathway.looked_after_ended", "Time looked after ended"
    PATHWAY_LETTER_SENT = "pathway.letter_sent", "Letter to the family sent"
    LETTER_VIEWED = "letter.viewed", "Letter to the family viewed"
    LETTER_DOWNLOADED = "letter.downloaded", "Letter to the family downloaded"

    # --- A child's chronology and case notes ------------------------------------------------------
    CHRONOLOGY_VIEWED = "chronology.viewed", "Child's chronology viewed"
    CHRONOLOGY_DOWNLOADED = "chronology.downloaded", "Child's chronology downloaded (PDF)"
    CASE_NOTE_ADDED = "case_note.added", "Case note added"
    CASE_NOTE_EDITED = "case_note.edited", "Case note edited by its author"
    CASE_NOTE_AMENDED = "case_note.amended", "Amendment added to a case note"

    # --- Information requests from other organisations -------------------------------------------
    INFORMATION_REQUEST_LOGGED = "information_request.logged", "Information request recorded"
    INFORMATION_REQUEST_VIEWED = "information_request.viewed", "Information request viewed"
    INFORMATION_REQUEST_CANDIDATES_VIEWED = (
        "information_request.candidates_viewed",
        "Possible matches for an information request viewed",
    )
    INFORMATION_REQUEST_MATCHED = "information_request.matched", "Information request matched to a person"
    INFORMATION_REQUEST_ROUTED = "information_request.routed", "Information request sent to be handled"
    INFORMATION_REQUEST_CLAIMED = "information_request.claimed", "Information request taken to work on"
    INFORMATION_REQUEST_ALLOCATED = (
        "information_request.allocated",
        "Information request allocated to a team and worker",
    )
    INFORMATION_REQUEST_RELEASED = "information_request.released", "Information request put back in its queue"
    INFORMATION_REQUEST_EVIDENCE_RECORDED = (
        "information_request.evidence_recorded",
        "Evidence for an information request recorded",
    )
    INFORMATION_REQUEST_ANSWER_PREPARED = (
        "information_request.answer_prepared",
        "Answer to an information request prepared",
    )
    INFORMATION_REQUEST_ANSWER_APPROVED = (
        "information_request.answer_approved",
        "Answer to an information request approved",
    )
    INFORMATION_REQUEST_ANSWER_SENT_BACK = (
        "information_request.answer_sent_back",
        "Answer to an information request sent back",
    )
    INFORMATION_REQUEST_ANSWER_SENT = "information_request.answer_sent", "Answer to an information request sent"
    INFORMATION_REQUEST_REFUSAL_SENT = "information_request.refusal_sent", "Refusal of an information request sent"
    INFORMATION_REQUEST_HOLD_SENT = (
        "information_request.hold_sent",
        "Evidence asked for before answering an information request",
    )
    INFORMATION_REQUEST_CONTACT_OPENED = (
        "information_request.contact_opened",
        "Contact opened from an information request",
    )
    INFORMATION_REQUEST_CLOSED = "information_request.closed", "Information request closed"

    # --- Partner agencies' systems (the API) ----------------------------------------------------------
    PARTNER_CREATED = "partner.created", "Partner organisation added"
    PARTNER_TOKEN_ISSUED = "partner.token_issued", "Partner organisation's token issued"
    PARTNER_TOKEN_ROTATED = "partner.token_rotated", "Partner organisation's token replaced"
    PARTNER_TOKEN_REVOKED = "partner.token_revoked", "Partner organisation's token withdrawn"
    API_CALL = "api.call", "Partner organisation's system used the API"
    ATTACHMENT_ADDED = "attachment.added", "Document added by a partner organisation's system"
    CONTACT_READ_BY_PARTNER = "contact.read_by_partner", "Contact read by a partner organisation's system"

    # --- Statutory returns ------------------------------------------------------------------------
    RETURNS_QUALITY_VIEWED = "returns.quality_viewed", "Census data quality checked"
    RETURNS_EXPORT_REQUESTED = "returns.export_requested", "Return requested"
    RETURNS_EXPORT_READY = "returns.export_ready", "Return made"
    RETURNS_EXPORT_FAILED = "returns.export_failed", "Return could not be made"
    RETURNS_EXPORT_DOWNLOADED = "returns.export_downloaded", "Return downloaded"
    RETURNS_ANNEX_A_DOWNLOADED = "returns.annex_a_downloaded", "Annex A list downloaded"

    # --- Benchmarks (a test server only: bench_views is never mounted in production) ---------------
    BENCH_ONE_ROW = "bench.one_row", "Benchmark entry (test servers only)"


def choices() -> list[tuple[str, str]]:
    """``AuditEntry.action``'s choices. A callable, so migrations keep a reference to it rather
    than a copy of the list: adding an action needs no migration."""
    return list(Action.choices)


def by_label() -> list[tuple[str, str]]:
    """Every action as (stored value, label), in the order of the labels: the search's list."""
    return sorted(Action.choices, key=lambda choice: str(choice[1]).casefold())
