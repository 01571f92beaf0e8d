"""Tests for frontdoor.core.validation (INT-8, INT-9, SEC-4). Plain pytest, no database."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from datetime import date

import pytest

from frontdoor.core.validation import (
    DATE_FIELDS,
    FILE_TYPE_MESSAGE,
    MAX_UPLOAD_BYTES,
    DateProblem,
    UploadKind,
    ValidationProblem,
    normalise_email,
    normalise_nhs_number,
    normalise_postcode,
    normalise_uk_phone,
    parse_date_parts,
    safe_filename,
    sniff_upload,
)

TODAY = date(2025, 6, 15)
Fields = tuple[str, ...]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def problem(func: Callable[..., object], *args: object, **kwargs: object) -> str:
    """Call func expecting a ValidationProblem and return its message."""
    with pytest.raises(ValidationProblem) as info:
        func(*args, **kwargs)
    assert str(info.value) == info.value.message
    return info.value.message


# --- sample files ------------------------------------------------------------------


def make_pdf() -> bytes:
    """A minimal but well-formed one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def make_png() -> bytes:
    """A real 1x1 RGB PNG."""

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
TIFF = b"II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00"  # header, then an empty IFD
HEIC = struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heic" + b"\x00" * 16
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + (b"This program cannot be run in DOS mode.\r\n$" + b"\x00" * 64)
)

CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" ContentType="%s"/></Types>'
)
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = b"application/vnd.ms-word.document.macroEnabled.main+xml"


def make_zip(members: dict[str, bytes], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, body) in enumerate(members.items()):
            compress = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, body, compress_type=compress)
    return buffer.getvalue()


def make_docx(*, main_type: bytes = DOCX_MAIN, extra: dict[str, bytes] | None = None) -> bytes:
    members = {
        "[Content_Types].xml": CONTENT_TYPES % main_type,
        "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
        "word/document.xml": b'<?xml version="1.0"?><w:document><w:body>Worry</w:body></w:document>',
    }
    return make_zip({**members, **(extra or {})})


def make_odt(extra: dict[str, bytes] | None = None, manifest: bytes = b"<manifest/>") -> bytes:
    members = {
        "mimetype": b"application/vnd.oasis.opendocument.text",
        "content.xml": b'<?xml version="1.0"?><office:document-content/>',
        "META-INF/manifest.xml": manifest,
    }
    return make_zip({**members, **(extra or {})}, stored_first=True)


def make_ole2(*stream_names: str) -> bytes:
    """A stand-in compound file: the OLE2 signature plus UTF-16 directory entry names."""
    names = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") for name in stream_names)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + names + b"\x00" * 512


def patch_central_directory(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Overwrite a field in every central directory header of a zip."""
    out = bytearray(data)
    start = out.find(b"PK\x01\x02")
    while start != -1:
        struct.pack_into(fmt, out, start + offset, value)
        start = out.find(b"PK\x01\x02", start + 4)
    return bytes(out)


# --- INT-9 NHS number --------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9434765919", "9434765919"),
        ("943 476 5919", "9434765919"),
        (" 943-476-5919 ", "9434765919"),
        ("943\u2013476\u00a05919", "9434765919"),  # en dash and non-breaking space
        ("\uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19", "9434765919"),  # full-width
        ("485 777 3457", "4857773457"),
        ("4000000020", "4000000020"),  # remainder 0: check digit 11 becomes 0
    ],
)
def test_int9_nhs_number_valid_is_normalised(raw: str, expected: str) -> None:
    assert normalise_nhs_number(raw) == expected


@pytest.mark.parametrize("raw", ["4857773456", "9434765918", "4000000021"])
def test_int9_nhs_number_check_digit_rejected(raw: str) -> None:
    # 485 777 3456 is the NHS service manual's hint example and deliberately fails the check.
    assert problem(normalise_nhs_number, raw) == "This is not a valid NHS number. Check it and enter it again"


@pytest.mark.parametrize("last", "0123456789")
def test_int9_nhs_number_check_digit_ten_is_never_valid(last: str) -> None:
    # 4,0,0,0,0,0,0,0,8 weighted 10..2 sums to 56; 56 mod 11 = 1, so the check would be 10.
    assert problem(normalise_nhs_number, "400000008" + last).startswith("This is not a valid NHS number")


def test_int9_nhs_number_wrong_length_rejected() -> None:
    assert problem(normalise_nhs_number, "943 476 591") == "NHS number must be 10 digits"
    assert problem(normalise_nhs_number, "94347659190") == "NHS number must be 10 digits"


def test_int9_nhs_number_non_digits_rejected() -> None:
    message = "Enter an NHS number in the correct format, like 485 777 3456"
    assert problem(normalise_nhs_number, "943 476 591A") == message
    assert problem(normalise_nhs_number, "943.476.5919") == message


def test_int9_nhs_number_blank_asks_for_one() -> None:
    assert problem(normalise_nhs_number, "  ") == "Enter an NHS number"


# --- SEC-4 postcode ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SG1 2GH", "SG1 2GH"),
        ("sg12gh", "SG1 2GH"),
        ("  sg1   2gh ", "SG1 2GH"),
        ("sw1a-2aa", "SW1A 2AA"),
        ("(EC1A 1BB).", "EC1A 1BB"),
        ("gir 0aa", "GIR 0AA"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
    ],
)
def test_sec4_postcode_normalised(raw: str, expected: str) -> None:
    assert normalise_postcode(raw) == expected


NOT_POSTCODES = ["QA1 1AA", "W1L 1AA", "SW1A 2CA", "SG1 2G", "not a postcode", "12345", "SG1 2GHX"]


@pytest.mark.parametrize("raw", NOT_POSTCODES)
def test_sec4_postcode_not_real_rejected(raw: str) -> None:
    assert problem(normalise_postcode, raw) == "Enter a real postcode, like AA1 1AA"


def test_sec4_postcode_outward_code_only_asks_for_full_postcode() -> None:
    assert problem(normalise_postcode, "sg1") == "Enter a full UK postcode, like AA1 1AA"


def test_sec4_postcode_blank_asks_for_one() -> None:
    assert problem(normalise_postcode, " - ") == "Enter a postcode"


# --- SEC-4 email -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Jo.Bloggs@Example.GOV.UK ", "Jo.Bloggs@example.gov.uk"),
        ("first+tag@example.com", "first+tag@example.com"),
        ("o'brien@sub.example.co.uk", "o'brien@sub.example.co.uk"),
        ("name@B\u00fccher.de", "name@b\u00fccher.de"),
    ],
)
def test_sec4_email_normalised_domain_lowercased_only(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "name",
        "name@",
        "@example.com",
        "name@example",
        "name@@example.com",
        "na me@example.com",
        "name@exa mple.com",
        "name@example..com",
        ".name@example.com",
        "name.@example.com",
        "name@-example.com",
        "name@example.com.",
        "name@example.c",
        "name@example.123",
        "a" * 65 + "@example.com",
    ],
)
def test_sec4_email_wrong_format_rejected(raw: str) -> None:
    message = "Enter an email address in the correct format, like name@example.com"
    assert problem(normalise_email, raw) == message


def test_sec4_email_too_long_rejected() -> None:
    raw = "name@" + ".".join(["a" * 60] * 4) + ".com"  # 5 + 243 + 4 = 252 characters: allowed
    assert normalise_email(raw) == raw
    too_long = "name@" + ".".join(["a" * 61] * 4) + ".com"  # 256 characters
    assert problem(normalise_email, too_long) == "Email address must be 254 characters or fewer"


def test_sec4_email_blank_asks_for_one() -> None:
    assert problem(normalise_email, "\u200b ") == "Enter an email address"


# --- SEC-4 telephone ---------------------------------------------------------------

PHONE_MESSAGE = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01632 960 001", "01632 960 001"),
        (" 07700   900982 ", "07700 900982"),
        ("+44 808 157 0192", "+44 808 157 0192"),
        ("+44 (0)20 7946 0000", "+44 (0)20 7946 0000"),
        ("(01632) 960-001", "(01632) 960-001"),
        ("0033 1 23 45 67 89", "0033 1 23 45 67 89"),
    ],
)
def test_sec4_phone_accepted_as_typed(raw: str, expected: str) -> None:
    assert normalise_uk_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "123",
        "01632 960 0",  # 9 digits
        "0044 20 7946 00001",  # 15 digits
        "phone me on 07700 900982",
        "01632 960 001 ext 2",
        "7700 900 982",  # no leading 0 or +
        "+44 7700+900982",
        "01632.960.001",
    ],
)
def test_sec4_phone_wrong_format_rejected(raw: str) -> None:
    assert problem(normalise_uk_phone, raw) == PHONE_MESSAGE


def test_sec4_phone_blank_asks_for_one() -> None:
    assert problem(normalise_uk_phone, "") == "Enter a telephone number"


# --- SEC-4 dates -------------------------------------------------------------------


def date_problem(day: str, month: str, year: str, **kwargs: bool) -> DateProblem:
    with pytest.raises(DateProblem) as info:
        parse_date_parts(day, month, year, label="Date of birth", today=TODAY, **kwargs)
    return info.value


def test_sec4_date_all_blank_is_none() -> None:
    assert parse_date_parts("", " ", "\t", label="Date of birth", today=TODAY) is None


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("7", "3", "2019", date(2019, 3, 7)),
        ("07", "03", "2019", date(2019, 3, 7)),
        ("29", "2", "2024", date(2024, 2, 29)),
        ("1", "feb", "2020", date(2020, 2, 1)),
        ("1", "February", "2020", date(2020, 2, 1)),
        ("1", "SEPT", "2020", date(2020, 9, 1)),
        ("1", "Dec.", "2020", date(2020, 12, 1)),
        ("\uff11\uff15", "6", "2025", date(2025, 6, 15)),  # full-width digits, and today
    ],
)
def test_sec4_date_parts_parsed(day: str, month: str, year: str, expected: date) -> None:
    result = parse_date_parts(day, month, year, label="Date of birth", must_be_past=True, today=TODAY)
    assert result == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "fields"),
    [
        ("7", "", "2019", "Date of birth must include a month", ("month",)),
        ("", "3", "2019", "Date of birth must include a day", ("day",)),
        ("7", "3", "", "Date of birth must include a year", ("year",)),
        ("", "", "2019", "Date of birth must include a day and month", ("day", "month")),
        ("", "3", "", "Date of birth must include a day and year", ("day", "year")),
        ("7", "", "", "Date of birth must include a month and year", ("month", "year")),
    ],
)
def test_sec4_date_missing_parts_named(day: str, month: str, year: str, message: str, fields: Fields) -> None:
    error = date_problem(day, month, year)
    assert (error.message, error.fields) == (message, fields)


@pytest.mark.parametrize(
    ("day", "month", "year", "fields"),
    [
        ("31", "2", "2020", ("day",)),
        ("29", "2", "2023", ("day",)),
        ("32", "1", "2020", ("day",)),
        ("0", "1", "2020", ("day",)),
        ("x", "1", "2020", ("day",)),
        ("1", "13", "2020", ("month",)),
        ("1", "fe", "2020", ("month",)),
        ("1", "Febuary", "2020", ("month",)),
        ("1", "1", "20x0", ("year",)),
        ("1", "13", "20x0", DATE_FIELDS),
    ],
)
def test_sec4_date_impossible_is_not_a_real_date(day: str, month: str, year: str, fields: Fields) -> None:
    error = date_problem(day, month, year)
    assert (error.message, error.fields) == ("Date of birth must be a real date", fields)


@pytest.mark.parametrize("year", ["19", "219", "02019"])
def test_sec4_date_year_must_have_four_numbers(year: str) -> None:
    error = date_problem("1", "1", year)
    assert (error.message, error.fields) == ("Year must include 4 numbers", ("year",))


def test_sec4_date_before_1900_rejected() -> None:
    error = date_problem("31", "12", "1899")
    assert error.message == "Date of birth must be the same as or after 1 January 1900"
    assert error.fields == DATE_FIELDS
    assert parse_date_parts("1", "1", "1900", label="Date of birth", today=TODAY) == date(1900, 1, 1)


def test_sec4_date_of_birth_in_future_rejected() -> None:
    error = date_problem("16", "6", "2025", must_be_past=True)
    assert (error.message, error.fields) == ("Date of birth must be today or in the past", DATE_FIELDS)
    # Without the rule the same date is fine.
    assert parse_date_parts("16", "6", "2025", label="Date of birth", today=TODAY) == date(2025, 6, 16)


def test_sec4_date_expected_birth_must_be_in_future_within_ten_months() -> None:
    label = "the baby's due date"  # lower case on purpose: messages start with a capital

    def due(day: str, month: str, year: str, today: date = TODAY) -> date | None:
        return parse_date_parts(day, month, year, label=label, must_be_future=True, today=today)

    assert due("16", "6", "2025") == date(2025, 6, 16)
    assert due("15", "4", "2026") == date(2026, 4, 15)  # exactly 10 months ahead
    with pytest.raises(DateProblem, match="^The baby's due date must be in the future$"):
        due("15", "6", "2025")
    with pytest.raises(DateProblem, match="^The baby's due date must be within the next 10 months$"):
        due("16", "4", "2026")
    # 10 months after 30 April is the end of February, not 2 March.
    assert due("28", "2", "2026", today=date(2025, 4, 30)) == date(2026, 2, 28)
    with pytest.raises(DateProblem, match="within the next 10 months"):
        due("1", "3", "2026", today=date(2025, 4, 30))


def test_sec4_date_label_capitalised_and_problem_is_a_validation_problem() -> None:
    with pytest.raises(ValidationProblem) as info:
        parse_date_parts("1", "", "2020", label="date of birth", today=TODAY)
    assert isinstance(info.value, DateProblem)
    assert isinstance(info.value, ValueError)
    assert info.value.message == "Date of birth must include a month"


def test_sec4_date_past_and_future_together_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        parse_date_parts("1", "1", "2020", label="x", must_be_past=True, must_be_future=True, today=TODAY)


# --- INT-8 uploads -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "content_type", "extension"),
    [
        (make_pdf(), "application/pdf", "pdf"),
        (make_png(), "image/png", "png"),
        (JPEG, "image/jpeg", "jpg"),
        (GIF, "image/gif", "gif"),
        (TIFF, "image/tiff", "tif"),
        (HEIC, "image/heic", "heic"),
        (make_docx(), DOCX_TYPE, "docx"),
        (make_ole2("Root Entry", "WordDocument", "1Table"), "application/msword", "doc"),
        (make_odt(), "application/vnd.oasis.opendocument.text", "odt"),
        (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Worried about a child.}", "application/rtf", "rtf"),
        (
            "Worried about Sam, aged 7.\r\nCaf\u00e9 staff said \u2018bruises\u2019.".encode(),
            "text/plain; charset=utf-8",
            "txt",
        ),
        (b"\xef\xbb\xbfText with a byte order mark\n", "text/plain; charset=utf-8", "txt"),
        (
            "Na\u00efve \u20ac5 note from Windows\r\n".encode("cp1252"),
            "text/plain; charset=windows-1252",
            "txt",
        ),
    ],
)
def test_int8_upload_type_decided_from_content(data: bytes, content_type: str, extension: str) -> None:
    kind = sniff_upload(data, "upload.bin")
    assert isinstance(kind, UploadKind)
    assert (kind.content_type, kind.extension) == (content_type, extension)
    assert kind.description


def test_int8_upload_name_is_ignored() -> None:
    png = make_png()
    assert sniff_upload(png, "court-order.pdf") == sniff_upload(png, "photo.png")
    assert sniff_upload(png, "court-order.pdf").content_type == "image/png"


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (EXE, "court-order.pdf"),
        (EXE + make_docx(), "assessment.docx"),  # self-extracting style: zip appended to an exe
        (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "letter.txt"),
        (b"  <HTML><p>Hello</p></HTML>", "letter.txt"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "scan.svg"),
        (b'<?xml version="1.0"?><note/>', "note.txt"),
        (make_docx(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}), "report.docx"),
        (make_docx(main_type=DOCM_MAIN), "report.docx"),
        (make_docx(extra={"word/activeX/activeX1.xml": b"<ax/>"}), "report.docx"),
        (make_zip({"readme.txt": b"hello", "photos/a.jpg": JPEG}), "photos.docx"),
        (make_zip({"word/document.xml": b"<w:document/>"}), "no-content-types.docx"),
        (make_odt(extra={"Basic/Standard/Module1.xml": b"<script/>"}), "minutes.odt"),
        (make_ole2("Root Entry", "Workbook"), "spreadsheet.doc"),  # an .xls
        (make_ole2("Root Entry", "WordDocument", "Macros", "_VBA_PROJECT"), "letter.doc"),
        (b"{\\rtf1{\\object\\objemb{\\*\\objdata 0105000002000000}}}", "letter.rtf"),
        (b"PK\x03\x04 truncated zip", "broken.docx"),
        (b"BM" + bytes(range(1, 9)) * 10, "scan.bmp"),  # BMP is not on the list
    ],
)
def test_int8_upload_disallowed_types_rejected(data: bytes, filename: str) -> None:
    assert problem(sniff_upload, data, filename) == FILE_TYPE_MESSAGE


def test_int8_upload_binary_without_nul_bytes_is_not_text() -> None:
    data = bytes(range(1, 32)) * 10 + b"mostly control characters"
    assert problem(sniff_upload, data, "notes.txt") == FILE_TYPE_MESSAGE


def test_int8_upload_text_with_a_nul_byte_is_not_text() -> None:
    assert problem(sniff_upload, b"Worried about a child. " * 100 + b"\x00", "notes.txt") == FILE_TYPE_MESSAGE


def test_int8_upload_bytes_undefined_in_windows_1252_are_not_text() -> None:
    # 0x81 is neither UTF-8 nor defined in Windows-1252.
    assert problem(sniff_upload, b"abc \x81 def", "notes.txt") == FILE_TYPE_MESSAGE


def test_int8_upload_zip_declaring_huge_content_rejected() -> None:
    # Uncompressed size is at offset 24 of a central directory header; claim 2 GB per member.
    bomb = patch_central_directory(make_docx(), 24, "<I", 0x7FFFFFFF)
    assert problem(sniff_upload, bomb, "bomb.docx") == FILE_TYPE_MESSAGE


def test_int8_upload_zip_with_too_many_members_rejected() -> None:
    data = make_docx(extra={f"word/media/blank{n}.txt": b"" for n in range(1000)})
    assert problem(sniff_upload, data, "many.docx") == FILE_TYPE_MESSAGE


def test_int8_upload_password_protected_rejected() -> None:
    message = "The selected file is password protected"
    encrypted_office = make_ole2("Root Entry", "EncryptionInfo", "EncryptedPackage")
    assert problem(sniff_upload, encrypted_office, "a.docx") == message
    # General purpose flag bit 0 (offset 8 in a central directory header) marks an encrypted member.
    encrypted_zip = patch_central_directory(make_docx(), 8, "<H", 0x0001)
    assert problem(sniff_upload, encrypted_zip, "a.docx") == message
    encrypted_odt = make_odt(manifest=b"<manifest><manifest:encryption-data/></manifest>")
    assert problem(sniff_upload, encrypted_odt, "a.odt") == message


def test_int8_upload_empty_rejected() -> None:
    assert problem(sniff_upload, b"", "empty.pdf") == "The selected file is empty"
    assert problem(sniff_upload, b" \r\n\t\n", "blank.txt") == "The selected file is empty"


def test_int8_upload_size_limit_is_20mb() -> None:
    assert MAX_UPLOAD_BYTES == 20 * 1024 * 1024
    at_limit = make_pdf().ljust(MAX_UPLOAD_BYTES, b"\n")
    assert sniff_upload(at_limit, "big.pdf").content_type == "application/pdf"
    assert problem(sniff_upload, at_limit + b"\n", "big.pdf") == "The selected file must be smaller than 20MB"


# --- INT-8 file names --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Court order.pdf", "Court order.pdf"),
        ("C:\\Users\\sam\\Documents\\report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("a\x00b\nc\x7f.txt", "ab c.txt"),
        ("  lots   of\tspace .docx ", "lots of space.docx"),
        ('what?<>:"|*.txt', "what_______.txt"),
        ("...", "document"),
        ("", "document"),
        ("/", "document"),
        ("\u202e\u200b", "document"),
        (".htaccess", "htaccess"),
        ("CON.txt", "_CON.txt"),
        ("Gerichtsbeschlu\u0308ss.pdf", "Gerichtsbeschl\u00fcss.pdf"),  # NFC
    ],
)
def test_int8_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_int8_safe_filename_removes_right_to_left_override_spoofing() -> None:
    # Displays as "invoiceexe.pdf" but is really an .exe name.
    assert safe_filename("invoice\u202efdp.exe") == "invoicefdp.exe"
    assert safe_filename("invoice\u202efdp.exe", "pdf") == "invoicefdp.pdf"


def test_int8_safe_filename_uses_detected_extension() -> None:
    assert safe_filename("photo.pdf.exe", "png") == "photo.pdf.png"
    assert safe_filename("no extension", "txt") == "no extension.txt"
    assert safe_filename("", "pdf") == "document.pdf"


def test_int8_safe_filename_truncated_to_120_keeping_extension() -> None:
    result = safe_filename("x" * 300 + ".docx")
    assert len(result) == 120
    assert result == "x" * 115 + ".docx"
    assert len(safe_filename("y" * 300)) == 120
