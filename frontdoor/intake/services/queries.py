"""What intake reads and never changes: a contact sent again, whether it is an allegation, the team of
a queue, who sent an email and what it answers, whether a written contact confirms a phone call."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Subquery

from frontdoor.accounts.models import Team
from frontdoor.intake import mailparse
from frontdoor.intake.models import Contact, OutboundEmail
from frontdoor.intake.services.drafts import Submission
from frontdoor.intake.services.references import status_secret_for
from frontdoor.intake.signals import referrer_outcome, trusted_sender
from frontdoor.policy import routing


def sent_again(contact: Contact) -> Submission:
    """A contact sent again by the journey that sent it: its confirmation once more. The caller
    has made sure the journey is its own (the browser's session holds it: intake.views)."""
    secret = status_secret_for(contact.submission_key)
    return Submission(contact, secret if contact.secret_matches(secret) else None, created=False)


def is_allegation(contact: Contact) -> bool:
    """An allegation against someone who works with children: the referrer said so, or the
    contact is in (or was moved to) the allegations (LADO) queue."""
    return bool(contact.allegation_against_worker) or contact.queue == routing.Queue.LADO


def outcome_for_referrer(contact: Contact) -> str:
    """ACK-2: what the status page tells the referrer of the outcome, "" before a decision
    (screening decides, and answers: intake.signals.referrer_outcome)."""
    answers = [str(words) for _, words in referrer_outcome.send(sender=Contact, contact=contact) if words]
    return answers[0] if answers else ""


def team_of_queue(queue: str) -> Subquery | None:
    """The council's team of the kind that holds this queue (routing.QUEUE_TEAM_KINDS), as a
    subquery for the statement that writes the contact's `team_id`: the database chooses the team
    in that statement, with no look-up of its own (issue 13: a submission's statements are its
    cost) and never from a stale copy. The contact object then holds the subquery, not the id:
    read the contact again (or forget the attribute) before using its team."""
    kind = routing.QUEUE_TEAM_KINDS.get(queue)
    return Subquery(Team.objects.filter(kind=kind).order_by("id").values("id")[:1]) if kind else None


# --- Email to the published mailbox (INT-1, INT-8, ACK-1) -----------------------------------------


def _sender_check(parsed: mailparse.ParsedEmail) -> tuple[bool, str]:
    """Issue 13: is the address an acknowledgement would go to vouched for? By the council's
    receiving mail server (Authentication-Results), or as a partner organisation's domain."""
    verified, how = mailparse.sender_check(parsed.message, parsed.from_address, settings.FRONTDOOR_MAILBOX_AUTHSERV_IDS)
    if verified:
        return verified, how
    domain = parsed.from_address.rsplit("@", 1)[-1].lower() if "@" in parsed.from_address else ""
    if domain:  # a partner organisation's domain, say (partners answers: intake.signals.trusted_sender)
        for _, why in trusted_sender.send(sender=Contact, domain=domain):
            if why:
                return True, str(why)
    return False, how


def _contact_answered(message_ids: list[str]) -> Contact | None:
    """The contact whose email a reply answers, found from our Message-IDs (outbox.message_id)."""
    if not message_ids:
        return None
    wanted = set(message_ids)
    for key, contact_id in (
        OutboundEmail.objects.filter(contact__isnull=False).values_list("idempotency_key", "contact_id").iterator()
    ):
        if OutboundEmail(idempotency_key=key).message_id in wanted:
            return Contact.objects.filter(pk=contact_id).first()
    return None


# --- INT-12: a professional's phone contact confirmed in writing, matched automatically -------------


def _digits(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "0" + digits[2:] if digits.startswith("44") else digits


def _same_referrer(phone: Contact, written: Contact) -> str:
    email_a, email_b = phone.referrer_email.lower(), written.referrer_email.lower()
    if email_a and email_a == email_b:
        return "the same referrer's email address"
    if (
        phone.referrer_phone
        and written.referrer_phone
        and _digits(phone.referrer_phone) == _digits(written.referrer_phone)
    ):
        return "the same referrer's telephone number"
    if (
        phone.organisation_name
        and written.organisation_name
        and phone.organisation_name.strip().lower() == written.organisation_name.strip().lower()
    ):
        return "the same organisation"
    return ""


def _same_child(phone: Contact, written: Contact) -> str:
    for a in phone.children():
        for b in written.children():
            if a.nhs_number and a.nhs_number == b.nhs_number:
                return f"the same child's NHS number ({b.display_name})"
            same_family = bool(a.family_name) and a.family_name.strip().lower() == b.family_name.strip().lower()
            first_a = (a.given_names.split() or [""])[0].lower()
            first_b = (b.given_names.split() or [""])[0].lower()
            if same_family and first_a and first_a == first_b:
                return f"the same child's name ({b.display_name})"
            if same_family and a.date_of_birth and a.date_of_birth == b.date_of_birth:
                return f"the same child's surname and date of birth ({b.display_name})"
    return ""
