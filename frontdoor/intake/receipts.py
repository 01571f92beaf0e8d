"""INT-16: the referrer's own timed and dated copy of what they sent, as a PDF."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from frontdoor.core.dates import local_date, local_datetime
from frontdoor.intake.models import Contact
from frontdoor.policy.council import COUNCIL


def _latin1(text: str) -> str:
    # The core PDF fonts are Latin-1; replace what they cannot show rather than fail.
    return (
        text.replace("\u2019", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def receipt_pdf(contact: Contact, *, status_code: str | None = None) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(f"Receipt for contact {contact.reference}")
    pdf.set_author(COUNCIL.name)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    def heading(text: str, size: int = 14) -> None:
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(0, 8, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def line(label: str, value: object) -> None:
        if value in (None, ""):
            return
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(0, 5, _latin1(label), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 5, _latin1(str(value)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)

    heading(f"{COUNCIL.name} - Children's Services", 16)
    heading(f"Receipt for contact {contact.reference}")
    line("Received", local_datetime(contact.received_at))
    line("Type", contact.get_form_type_display())
    if status_code:
        heading("Checking the status of your contact", 12)
        line("Reference number", contact.reference)
        line("Status code", status_code)
        line(
            "How to check",
            f"Go to {settings.PUBLIC_BASE_URL}{reverse('intake:status')} and enter the reference number "
            "and the status code. You can type them in small or capital letters, with or without the hyphens.",
        )
    line(
        "Keep this receipt",
        "It is your record of what you told us and when. Keep it somewhere safe: it contains what you told us.",
    )
    heading("About you", 12)
    line("Who", contact.get_referrer_type_display())
    line("Name", contact.referrer_name or "Not given")
    line("Organisation", contact.organisation_name)
    line("Email", contact.referrer_email)
    line("Telephone", contact.referrer_phone)
    heading("Your worry", 12)
    line("Immediate danger", {True: "Yes", False: "No", None: "Not known"}[contact.immediate_danger])
    line("What you are worried about", contact.concern)
    line("How you know", contact.concern_source)
    line("When", contact.concern_when)
    line("Where", contact.concern_where)
    line("Background", contact.background_details)
    heading("People", 12)
    for person in contact.people.all():
        line(
            person.get_role_display(),
            "; ".join(
                v
                for v in (
                    person.display_name,
                    f"born {local_date(person.date_of_birth)}" if person.date_of_birth else "",
                    f"expected {local_date(person.expected_date)}" if person.expected_date else "",
                    person.age_description,
                    person.address,
                    person.description,
                    person.relationship_to_child,
                )
                if v
            ),
        )
    attachments = list(contact.attachments.all())
    if attachments:
        heading("Documents you sent", 12)
        for attachment in attachments:
            line(attachment.filename, f"{attachment.size:,} bytes, SHA-256 {attachment.sha256}")
    return bytes(pdf.output())
