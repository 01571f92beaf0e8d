"""Every change to a contact happens here: atomic, audited in the same transaction.

`submit_contact` is the moment a referrer's words become the council's responsibility
(INT-15): the contact, its people, its documents, its routing, its deadlines, its audit
entry and its acknowledgement in the outbox are committed together, or not at all,
before any reference number is shown.
"""

from __future__ import annotations

from frontdoor.intake.services.commands import (
    EMAILS_QUEUED,
    announce_arrival,
    chase_overdue_written_confirmations,
    create_contact,
    move_to_queue,
    periodic_duties,
    purge_abandoned_uploads,
    record_acknowledged,
    record_written_confirmation,
    remove_upload,
    settle_restriction,
    store_upload,
    submit_contact,
)
from frontdoor.intake.services.drafts import (
    CONTACT_FIELDS,
    PERSON_FIELDS,
    SUSPECTED_AUTOMATED,
    ContactDraft,
    Submission,
)
from frontdoor.intake.services.inbound import (
    CONFIRMATION_WINDOW,
    EMAIL_ACTOR,
    complete_draft,
    match_written_confirmation,
    receive_email,
    record_inbound_reviewed,
    undo_written_confirmation,
)
from frontdoor.intake.services.queries import (
    is_allegation,
    outcome_for_referrer,
    sent_again,
    team_of_queue,
)
from frontdoor.intake.services.references import (
    derived_submission_key,
    new_reference,
    normalise_reference,
    normalise_status_code,
    status_secret_for,
)

__all__ = [
    "CONFIRMATION_WINDOW",
    "CONTACT_FIELDS",
    "ContactDraft",
    "EMAILS_QUEUED",
    "EMAIL_ACTOR",
    "PERSON_FIELDS",
    "SUSPECTED_AUTOMATED",
    "Submission",
    "announce_arrival",
    "chase_overdue_written_confirmations",
    "complete_draft",
    "create_contact",
    "derived_submission_key",
    "is_allegation",
    "outcome_for_referrer",
    "match_written_confirmation",
    "move_to_queue",
    "new_reference",
    "normalise_reference",
    "normalise_status_code",
    "periodic_duties",
    "purge_abandoned_uploads",
    "receive_email",
    "record_acknowledged",
    "record_inbound_reviewed",
    "record_written_confirmation",
    "remove_upload",
    "sent_again",
    "settle_restriction",
    "status_secret_for",
    "store_upload",
    "submit_contact",
    "team_of_queue",
    "undo_written_confirmation",
]
