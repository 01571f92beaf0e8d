"""Who may see a referrer's identity when the referrer asked for it to be withheld (SEC-1).

Intake's rule, because intake holds the contact and the mailbox: read by the pages that show
a referrer or an email (``referrer_shown``, ``sender_shown`` in ``frontdoor.access.templating``)
and by the mailbox's own pages.
"""

from __future__ import annotations

from typing import Any

from frontdoor.accounts.models import Role, User
from frontdoor.intake.models import Contact, InboundMessage

REFERRER_IDENTITY_ROLES = frozenset(
    role.value
    for role in (
        Role.CUSTOMER_SERVICE_OFFICER,
        Role.SCREENING_SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.OUT_OF_HOURS_WORKER,
    )
)
"""Roles that see a referrer's name and contact details even when the referrer asked for
them to be withheld from the family. The customer service officer takes the call and
acknowledges it; the screening social worker may need to go back to the referrer (SCR-2,
ACK-3); the team manager authorises decisions and answers escalations from referrers;
the out-of-hours worker acts when no one else can and may need to call back. The allocated
social worker works with the family, where a slip would reveal who made the contact: they
see what was said, not who said it. The data protection officer and administrator do
not need a referrer's identity for their work."""


def can_see_referrer(user: Any, contact: Contact) -> bool:
    """May this user see who the referrer is (name, contact details)? Always, unless the
    referrer asked for their identity to be withheld; then only roles that need it."""
    if not contact.referrer_identity_withheld:
        return True
    return isinstance(user, User) and user.is_active and user.role in REFERRER_IDENTITY_ROLES


def can_see_sender(user: Any, message: InboundMessage) -> bool:
    """May this user see who sent an email to the mailbox (its From line, its text, its .eml)?
    Not when the contact it made, or answers, is one whose referrer's identity is withheld
    from them: the email itself says who the referrer is."""
    return all(can_see_referrer(user, c) for c in (message.contact, message.related_contact) if c is not None)
