"""A child's chronology as an A4 PDF (fpdf2, as receipts and letters are made)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from frontdoor.chronology.events import Event
from frontdoor.core.dates import local_datetime
from frontdoor.people.models import Person
from frontdoor.policy.council import COUNCIL

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
COMPRESS = True  # the tests read the text of an uncompressed PDF in the built-in font


def _font(document: FPDF) -> str:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            document.add_font("DejaVu", "", str(regular))
            document.add_font("DejaVu", "B", str(bold))
            return "DejaVu"
    return "Helvetica"


def _safe(text: str, font: str) -> str:
    if font != "Helvetica":
        return text
    return text.replace("\u2019", "'").replace("\u2026", "...").encode("latin-1", "replace").decode("latin-1")


def chronology_pdf(person: Person, events: list[Event], *, filtered: str = "") -> bytes:
    """The chronology as printed: the child, who printed it and when, then one block per event."""
    document = FPDF(format="A4")
    document.set_compression(COMPRESS)
    title = f"Chronology of {person.display_name}"
    document.set_title(title)
    document.set_author(COUNCIL.name)
    document.set_lang("en")
    document.set_auto_page_break(auto=True, margin=18)
    document.set_margins(18, 18, 18)
    document.add_page()
    font = _font(document)

    def write(text: str, size: int = 11, style: Literal["", "B"] = "", gap: float = 1) -> None:
        document.set_font(font, style, size)
        document.multi_cell(0, size * 0.5, _safe(text, font), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        document.ln(gap)

    write(f"{COUNCIL.name}: Children's Services", 10, "B", 0)
    write("OFFICIAL-SENSITIVE: personal information about a child", 10, "", 2)
    write(title, 18, "B", 2)
    born = person.date_of_birth.strftime("%-d %B %Y") if person.date_of_birth else "not known"
    write(f"Date of birth: {born}. Record number {person.pk}.", 11)
    write(f"Printed {local_datetime(timezone.now())}. {len(events)} events{filtered}, newest first.", 10, "", 4)
    for event in events:
        write(f"{event.when}: {event.type_label}", 10, "B", 0)
        write(event.title + (f" ({event.by})" if event.by else ""), 11, "", 0)
        if event.detail and not event.masked:
            write(event.detail, 10, "", 0)
        for amendment in event.amendments:
            write(
                f"Amended {local_datetime(amendment.written_at)} by {amendment.author.display_name}: {amendment.text}",
                10,
                "",
                0,
            )
        document.ln(3)
    return bytes(document.output())
