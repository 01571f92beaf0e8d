"""The text of a PDF made by fpdf2 with its core fonts, for tests that read receipts and letters."""

from __future__ import annotations

import re
import zlib


def pdf_text(data: bytes) -> str:
    """Each content stream, inflated when compressed, as Latin-1 text (fpdf2 writes core-font text
    as literal strings, so what was written can be searched for as "(text)")."""
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            text.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            text.append(stream.decode("latin-1"))
    return "\n".join(text)
