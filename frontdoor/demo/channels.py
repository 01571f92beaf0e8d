"""Issue 8's part of the demonstration (`manage.py load_demo_channels`, run by scripts/run.sh after
load_demo): the referrals mailbox with an emailed contact waiting to be completed and an
out-of-office reply filed; a partner organisation that has sent one contact through the API (a
new token for it is issued by the demo's administrator at /staff/partners/ and shown once); and a
school's phone call matched to its written confirmation (INT-12)."""

from __future__ import annotations

import datetime as dt
import uuid
from email.message import EmailMessage
from typing import Any

from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.core.validation import MAX_UPLOAD_BYTES
from frontdoor.intake import flat, services
from frontdoor.intake.models import Channel, InboundMessage
from frontdoor.partners import services as partners
from frontdoor.partners.models import PartnerOrganisation

MAILBOX = "referrals@example-council.gov.uk"


def _pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Northtown Medical Practice. Body map: bruising to both upper arms, finger-tip pattern.")
    data = bytes(pdf.output())
    assert len(data) < MAX_UPLOAD_BYTES  # noqa: S101 - a tiny document
    return data


def _referral() -> bytes:
    message = EmailMessage()
    message["From"] = "Dr Asha Patel <asha.patel@northtown-gp.example>"
    message["To"] = MAILBOX
    message["Subject"] = "Safeguarding referral: Mia Jones (4)"
    message["Message-ID"] = "<demo-referral-1@northtown-gp.example>"
    # What the council's receiving mail server adds once it has checked the sender (docs/channels.md).
    message["Authentication-Results"] = (
        "mx.example-council.gov.uk; dmarc=pass header.from=northtown-gp.example;"
        " dkim=pass header.d=northtown-gp.example"
    )
    message.set_content(
        "Dear colleagues,\n\nMia Jones (date of birth 12/03/2022), 7 Birch Lane, Northtown, attended today with "
        "bruising to both upper arms in a finger-tip pattern. Her mother said she fell from a slide. Body map "
        "attached. Mum knows I am referring.\n\nDr Asha Patel, Northtown Medical Practice, 01632 960 555"
    )
    message.add_attachment(_pdf(), maintype="application", subtype="pdf", filename="body map.pdf")
    return message.as_bytes()


def _out_of_office() -> bytes:
    message = EmailMessage()
    message["From"] = "Sam Green <sam.green@northtown-school.example>"
    message["To"] = MAILBOX
    message["Subject"] = "Automatic reply: We have received your contact"
    message["Auto-Submitted"] = "auto-replied"
    message.set_content("I am out of the office until Monday. For urgent safeguarding matters call the office.")
    return message.as_bytes()


SCHOOL_CONTACT: dict[str, Any] = {
    "immediate_danger": "no",
    "referrer_type": "professional",
    "referrer_name": "Priya Shah",
    "organisation_name": "Northtown Academy",
    "organisation_type": "school",
    "professional_role": "Designated safeguarding lead",
    "referrer_email": "dsl@northtown-academy.example",
    "referrer_phone": "01632 960 321",
    "form_type": "green",
    "hub_advice": "advised_green",
    "children": [{"given_names": "Tyler", "family_name": "Brooks", "date_of_birth": dt.date(2015, 9, 2)}],
    "concern": "Tyler has come to school hungry every day this week and says his mum is too unwell to get up.",
}


def load(administrator: User, officer: User) -> bool:
    """Once; False when it is there already."""
    if InboundMessage.objects.exists() or PartnerOrganisation.objects.exists():
        return False
    services.receive_email(_referral(), mail_from="asha.patel@northtown-gp.example", rcpt_tos=[MAILBOX])
    services.receive_email(_out_of_office(), mail_from="sam.green@northtown-school.example", rcpt_tos=[MAILBOX])
    academy = partners.create_organisation(
        actor=administrator, name="Northtown Academy", organisation_type="school", contact_email="it@northtown.example"
    )
    issued = partners.issue_token(academy, actor=administrator, name="Demo system", scopes=["contacts:write"])
    # The school rang this morning, then its system sent the written form: matched (INT-12).
    call_at = timezone.now() - dt.timedelta(hours=2)
    phone, problems = flat.to_draft(SCHOOL_CONTACT, uuid.uuid4(), channel=Channel.PHONE, received_at=call_at)
    assert phone is not None, problems  # noqa: S101 - the demo's own answers
    services.submit_contact(phone, actor=officer)
    written, problems = flat.to_draft(SCHOOL_CONTACT, uuid.uuid4())
    assert written is not None, problems  # noqa: S101
    partners.submit(issued.token, written)
    partners.revoke_token(issued.token, actor=administrator, reason="Demo: issue your own token")
    return True
