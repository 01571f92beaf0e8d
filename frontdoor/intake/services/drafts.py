"""What a contact is made from, whoever filled in the standard form and however it arrived, and what
sending it gives back."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from frontdoor.intake.models import Contact, ContactPerson


@dataclass
class ContactDraft:
    """Everything the standard form holds, whoever filled it in and however it arrived."""

    submission_key: uuid.UUID
    channel: str
    received_at: dt.datetime
    fields: dict[str, Any]
    people: list[dict[str, Any]] = field(default_factory=list)
    # None: every document uploaded in this journey and not yet sent (what check-your-answers showed).
    attachment_ids: list[int] | None = field(default_factory=list)
    suspected_automated: bool = False
    # An email to the published mailbox: kept as a draft for an officer to complete (INT-1).
    is_draft: bool = False
    # Who sent it when no member of staff did, for the audit log ("partner:<organisation>").
    actor_label: str = ""
    # False for an email whose sender's address nobody vouched for: its acknowledgement then
    # carries no reference or status code and nothing of the message (issue 13).
    sender_verified: bool = True


@dataclass(frozen=True)
class Submission:
    contact: Contact
    status_secret: str | None  # None when this call found the contact already made
    created: bool


SUSPECTED_AUTOMATED = {
    "rule": "suspected_automated",
    "title": "Possibly sent by a program",
    "source": "A form field hidden from people was filled in",
    "reason": "Kept and screened like any other contact; check it is a real concern before acting",
}


CONTACT_FIELDS = {f.name for f in Contact._meta.get_fields() if getattr(f, "concrete", False)} - {
    "id",
    "reference",
    "submission_key",
    "status_secret_hash",
    "channel",
    "received_at",
    "recorded_at",
    "recorded_by",
    "queue",
    "status",
    "routing",
    "decision_due_at",
    "acknowledgement_due_at",
    "acknowledged_at",
    "acknowledgement_method",
    "written_confirmation_due_at",
    "written_confirmation_received_at",
    # Set by routing and by screening, never by the form.
    "priority",
    "team",
    "claimed_by",
    "claimed_at",
    "allocated_to",
    "decided_at",
}


PERSON_FIELDS = {f.name for f in ContactPerson._meta.get_fields() if getattr(f, "concrete", False)} - {
    "id",
    "contact",
    "position",
}
