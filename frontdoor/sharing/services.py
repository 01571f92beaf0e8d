"""Consent and sharing at screening (CON-2, CON-3): atomic, checked, audited."""

from __future__ import annotations

from django.db import transaction

from frontdoor.accounts.models import User
from frontdoor.audit import services as audit
from frontdoor.intake.models import Contact
from frontdoor.screening.models import Knowledge, Referral, Screening
from frontdoor.sharing.models import AgencyEnquiry, AgencyType, Basis, WithoutNoticeAuthorisation


class SharingRefused(Exception):
    """Sharing is not allowed; the message says why and what would allow it."""


@transaction.atomic
def authorise_without_notice(contact: Contact, actor: User, reasons: str) -> WithoutNoticeAuthorisation:
    """CON-2: a team manager authorises discussing the contact with other agencies without the
    parents' knowledge, with reasons (§6)."""
    if not actor.is_manager:
        raise SharingRefused("Only a team manager can authorise sharing without the parents' knowledge")
    if not reasons.strip():
        raise SharingRefused("Enter the reasons for sharing without the parents' knowledge")
    row = WithoutNoticeAuthorisation.objects.create(contact=contact, reasons=reasons.strip(), authorised_by=actor)
    audit.record(actor, "sharing.without_notice_authorised", contact, reason=reasons.strip())
    return row


def basis_for_enquiry(contact: Contact) -> Basis | None:
    """CON-3: what allows children's services to ask other agencies about the family now, or None.

    A section 47 enquiry that has started allows it; before that, the parents' recorded
    agreement, or a team manager's authorisation to go ahead without their knowledge."""
    if Referral.objects.filter(contact=contact, s47_started_at__isnull=False).exists():
        return Basis.SECTION_47
    knowledge = Screening.objects.filter(contact=contact).values_list("parental_knowledge", flat=True).first()
    if knowledge == Knowledge.INFORMED_AGREED:
        return Basis.CONSENT
    if WithoutNoticeAuthorisation.objects.filter(contact=contact).exists():
        return Basis.AUTHORISED
    return None


REFUSAL = (
    "You cannot ask other agencies about this family yet. Before a section 47 enquiry has started, record that "
    "the parents agreed to information being shared, or ask a team manager to authorise sharing without their "
    "knowledge, with reasons."
)


def request_information(
    contact: Contact, actor: User, *, agency_type: str, agency_name: str, question: str
) -> AgencyEnquiry:
    """Record a request to another agency (a GP, a school) for information about the family,
    refused unless ``basis_for_enquiry`` finds a lawful footing (CON-3)."""
    if agency_type not in AgencyType.values:
        raise SharingRefused("Select the kind of agency")
    if not agency_name.strip() or not question.strip():
        raise SharingRefused("Enter the agency and what you are asking them")
    with transaction.atomic():
        basis = basis_for_enquiry(contact)
        if basis is not None:
            enquiry = AgencyEnquiry.objects.create(
                contact=contact,
                agency_type=agency_type,
                agency_name=agency_name.strip(),
                question=question.strip(),
                basis=basis,
                requested_by=actor,
            )
            audit.record(actor, "sharing.enquiry_made", contact, agency=agency_name.strip(), basis=basis)
            return enquiry
    # The refused attempt is kept in the audit log too.
    with transaction.atomic():
        audit.record(actor, "sharing.enquiry_refused", contact, agency=agency_name.strip())
    raise SharingRefused(REFUSAL)
