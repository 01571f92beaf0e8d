"""Plain-Python checks for what the public types or uploads on the front door form.

No Django and no database here, so the same rules can be used by forms, the API and
imports. Every function returns a normalised value or raises ``ValidationProblem``
whose ``message`` follows the GOV.UK Design System error message guidance: it says
what is wrong and how to fix it (SEC-4).

Blank input: the ``normalise_*`` functions raise an "Enter ..." message for a blank
value. Whether a field is required is the form's decision, so forms should skip
these calls for optional fields left blank. ``parse_date_parts`` returns ``None``
when all three boxes are blank.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

import filetype  # type: ignore[import-untyped, unused-ignore]  # filetype ships no type hints

__all__ = [
    "DATE_FIELDS",
    "FILE_TYPE_MESSAGE",
    "MAX_UPLOAD_BYTES",
    "DateProblem",
    "UploadKind",
    "ValidationProblem",
    "normalise_email",
    "normalise_nhs_number",
    "normalise_postcode",
    "normalise_uk_phone",
    "parse_date_parts",
    "safe_filename",
    "sniff_upload",
]


class ValidationProblem(ValueError):
    """Bad input; ``message`` is ready to show to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DateProblem(ValidationProblem):
    """A date problem; ``fields`` names the boxes to highlight ("day", "month", "year")."""

    def __init__(self, message: str, fields: tuple[str, ...]) -> None:
        super().__init__(message)
        self.fields = fields


# Hyphen-minus last so it stays literal inside a regex character class.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212-"  # hyphens, en and em dash, minus
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters pasted along with text


def _tidy(raw: str) -> str:
    """NFKC-normalise (full-width digits become ASCII) and trim whitespace."""
    return unicodedata.normalize("NFKC", raw).strip().strip(_INVISIBLE).strip()


# --- NHS number (INT-9) -------------------------------------------------------------

NHS_NUMBER_FORMAT_MESSAGE = "Enter an NHS number in the correct format, like 485 777 3456"
NHS_NUMBER_LENGTH_MESSAGE = "NHS number must be 10 digits"
NHS_NUMBER_CHECK_MESSAGE = "This is not a valid NHS number. Check it and enter it again"


def normalise_nhs_number(raw: str) -> str:
    """Return the 10 digits of a valid NHS number; spaces and hyphens are ignored.

    The last digit is a modulus 11 check digit: weights 10 down to 2 on the first nine
    digits, check = 11 - (sum mod 11), where 11 means 0 and 10 means not a valid number.
    """
    compact = re.sub(f"[\\s{_DASHES}]", "", _tidy(raw))
    if not compact:
        raise ValidationProblem("Enter an NHS number")
    if not re.fullmatch(r"[0-9]+", compact):
        raise ValidationProblem(NHS_NUMBER_FORMAT_MESSAGE)
    if len(compact) != 10:
        raise ValidationProblem(NHS_NUMBER_LENGTH_MESSAGE)
    total = sum(int(digit) * weight for digit, weight in zip(compact[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(compact[9]):
        raise ValidationProblem(NHS_NUMBER_CHECK_MESSAGE)
    return compact


# --- Postcode ----------------------------------------------------------------------

POSTCODE_MESSAGE = "Enter a real postcode, like AA1 1AA"
POSTCODE_INCOMPLETE_MESSAGE = "Enter a full UK postcode, like AA1 1AA"

# BS 7666 / UK government data standard postcode pattern, written for a compacted
# (no space) upper-case value. One deviation: P is allowed as the third character of
# A9A outward codes, because N1P is a real district.
_OUTWARD = (
    "(?:[A-PR-UWYZ][0-9][0-9]?"  # A9, A99
    "|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"  # AA9, AA99
    "|[A-PR-UWYZ][0-9][A-HJKPSTUW]"  # A9A
    "|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"  # AA9A
)
_INWARD = "[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE_RE = re.compile(f"GIR0AA|{_OUTWARD}{_INWARD}")
_OUTWARD_RE = re.compile(_OUTWARD)


def normalise_postcode(raw: str) -> str:
    """Return a UK postcode in upper case with one space, like "SG1 2GH".

    Case, spaces and punctuation (hyphens, brackets, full stops) are ignored, as the
    GOV.UK address pattern recommends. BFPO and overseas territory codes are not accepted.
    """
    compact = re.sub(r"[^A-Z0-9]", "", _tidy(raw).upper())
    if not compact:
        raise ValidationProblem("Enter a postcode")
    if _POSTCODE_RE.fullmatch(compact):
        return f"{compact[:-3]} {compact[-3:]}"
    if _OUTWARD_RE.fullmatch(compact):
        raise ValidationProblem(POSTCODE_INCOMPLETE_MESSAGE)
    raise ValidationProblem(POSTCODE_MESSAGE)


# --- Email -------------------------------------------------------------------------

EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"
_EMAIL_LOCAL_RE = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_DOMAIN_LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TLD_RE = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")


def normalise_email(raw: str) -> str:
    """Return the trimmed address with its domain in lower case.

    Checks: one @, an unquoted local part of at most 64 characters, a domain with at
    least one dot (international domain names are allowed), no spaces, at most 254
    characters. It does not check that the mailbox exists.
    """
    value = unicodedata.normalize("NFC", raw).strip().strip(_INVISIBLE).strip()
    if not value:
        raise ValidationProblem("Enter an email address")
    if len(value) > 254:
        raise ValidationProblem("Email address must be 254 characters or fewer")
    local, at, domain = value.rpartition("@")
    if not at or len(local) > 64 or not _EMAIL_LOCAL_RE.fullmatch(local):
        raise ValidationProblem(EMAIL_MESSAGE)
    domain = domain.lower()
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValidationProblem(EMAIL_MESSAGE) from None
    labels = ascii_domain.split(".")
    if (
        len(labels) < 2
        or not all(_DOMAIN_LABEL_RE.fullmatch(label) for label in labels)
        or not _TLD_RE.fullmatch(labels[-1])
    ):
        raise ValidationProblem(EMAIL_MESSAGE)
    return f"{local}@{domain}"


# --- Telephone ---------------------------------------------------------------------

PHONE_MESSAGE = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
_PHONE_RE = re.compile(f"\\+?[0-9 (){_DASHES}]+")


def normalise_uk_phone(raw: str) -> str:
    """Return the number as the user typed it, trimmed and with single spaces.

    Allows digits, spaces, brackets, hyphens and a leading +. It must start with 0
    (UK format, or 00 for international) or +, and have 10 to 13 digits. The number
    is deliberately not reformatted (GOV.UK telephone numbers pattern).
    """
    value = " ".join(_tidy(raw).split())
    if not value:
        raise ValidationProblem("Enter a telephone number")
    digits = re.sub(r"[^0-9]", "", value)
    starts_well = value.lstrip("(").startswith(("0", "+"))
    if not (_PHONE_RE.fullmatch(value) and 10 <= len(digits) <= 13 and starts_well):
        raise ValidationProblem(PHONE_MESSAGE)
    return value


# --- Dates -------------------------------------------------------------------------

DATE_FIELDS: tuple[str, ...] = ("day", "month", "year")
EARLIEST_DATE = date(1900, 1, 1)
FUTURE_LIMIT_MONTHS = 10
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _parse_month(text: str) -> int | None:
    if re.fullmatch(r"[0-9]{1,2}", text):
        number = int(text)
        return number if 1 <= number <= 12 else None
    name = text.lower().rstrip(".")
    for number, month_name in enumerate(_MONTH_NAMES, start=1):
        if len(name) >= 3 and month_name.startswith(name):  # "feb", "sept", "february"
            return number
    return None


def _add_months(day: date, months: int) -> date:
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month_index + 1, min(day.day, monthrange(year, month_index + 1)[1]))


def parse_date_parts(
    day: str,
    month: str,
    year: str,
    *,
    label: str,
    must_be_past: bool = False,
    must_be_future: bool = False,
    today: date,
) -> date | None:
    """Parse a GOV.UK date input (three boxes) into a date, or None if all are blank.

    ``label`` names the date in messages, like "Date of birth". ``must_be_past`` allows
    today (a child born today); ``must_be_future`` is for an unborn baby's due date and
    allows up to 10 months ahead. Errors are reported in the GOV.UK priority order:
    missing parts, then impossible dates, then other rules. ``DateProblem.fields`` says
    which boxes to highlight.
    """
    if must_be_past and must_be_future:
        raise TypeError("must_be_past and must_be_future cannot both be set")
    name = label[:1].upper() + label[1:]
    parts = {"day": _tidy(day), "month": _tidy(month), "year": _tidy(year)}
    missing = tuple(field for field in DATE_FIELDS if not parts[field])
    if len(missing) == 3:
        return None
    if missing:
        raise DateProblem(f"{name} must include a {' and '.join(missing)}", missing)

    day_number = int(parts["day"]) if re.fullmatch(r"[0-9]{1,2}", parts["day"]) else 0
    month_number = _parse_month(parts["month"])
    invalid = []
    if not 1 <= day_number <= 31:
        invalid.append("day")
    if month_number is None:
        invalid.append("month")
    if not re.fullmatch(r"[0-9]+", parts["year"]):
        invalid.append("year")
    if invalid or month_number is None:
        raise DateProblem(f"{name} must be a real date", tuple(invalid) if len(invalid) == 1 else DATE_FIELDS)
    if len(parts["year"]) != 4:
        raise DateProblem("Year must include 4 numbers", ("year",))
    try:
        result = date(int(parts["year"]), month_number, day_number)
    except ValueError:  # 31 February, 29 February in a common year
        raise DateProblem(f"{name} must be a real date", ("day",)) from None

    if result < EARLIEST_DATE:
        raise DateProblem(f"{name} must be the same as or after 1 January 1900", DATE_FIELDS)
    if must_be_past and result > today:
        raise DateProblem(f"{name} must be today or in the past", DATE_FIELDS)
    if must_be_future and result <= today:
        raise DateProblem(f"{name} must be in the future", DATE_FIELDS)
    if must_be_future and result > _add_months(today, FUTURE_LIMIT_MONTHS):
        raise DateProblem(f"{name} must be within the next {FUTURE_LIMIT_MONTHS} months", DATE_FIELDS)
    return result


# --- Uploads (INT-8) ---------------------------------------------------------------

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ALLOWED_TYPES_TEXT = "PDF, Word document, ODT, RTF, text file, JPG, PNG, GIF, TIF or HEIC"
FILE_TYPE_MESSAGE = f"The selected file must be a {ALLOWED_TYPES_TEXT}"
FILE_SIZE_MESSAGE = "The selected file must be smaller than 20MB"
FILE_EMPTY_MESSAGE = "The selected file is empty"
FILE_PROTECTED_MESSAGE = "The selected file is password protected"

_MAX_ZIP_MEMBERS = 1000
_MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
_MAX_ZIP_MEMBER_READ = 1024 * 1024
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODT_MIME = b"application/vnd.oasis.opendocument.text"
_MARKUP_RE = re.compile(r"<\s*(?:html|head|body|script|svg|iframe|object|embed)\b|<!doctype|<\?xml", re.I)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class UploadKind:
    """What an upload really is. ``content_type`` is the safe type to serve it with."""

    content_type: str
    extension: str  # without the dot
    description: str


PDF = UploadKind("application/pdf", "pdf", "PDF document")
_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX = UploadKind(_DOCX_TYPE, "docx", "Word document")
DOC = UploadKind("application/msword", "doc", "Word 97-2003 document")
ODT = UploadKind("application/vnd.oasis.opendocument.text", "odt", "OpenDocument text")
RTF = UploadKind("application/rtf", "rtf", "Rich Text Format document")
TEXT_UTF8 = UploadKind("text/plain; charset=utf-8", "txt", "Text file")
TEXT_CP1252 = UploadKind("text/plain; charset=windows-1252", "txt", "Text file")
_IMAGES = {
    "image/jpeg": UploadKind("image/jpeg", "jpg", "JPEG image"),
    "image/png": UploadKind("image/png", "png", "PNG image"),
    "image/apng": UploadKind("image/png", "png", "PNG image"),  # an animated PNG is still a PNG
    "image/gif": UploadKind("image/gif", "gif", "GIF image"),
    "image/tiff": UploadKind("image/tiff", "tif", "TIFF image"),
    "image/heic": UploadKind("image/heic", "heic", "HEIC image"),
}


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def served_content_type(stored: str) -> str:
    """SEC-3: the content type a stored document is served with: one of the types this module
    gives (found from the content), anything else as opaque bytes."""
    known = {
        PDF.content_type,
        DOCX.content_type,
        DOC.content_type,
        ODT.content_type,
        RTF.content_type,
        TEXT_UTF8.content_type,
        TEXT_CP1252.content_type,
        *(k.content_type for k in _IMAGES.values()),
    }
    return stored if stored in known else "application/octet-stream"


def sniff_upload(data: bytes, filename: str) -> UploadKind:
    """Decide what an upload is from its content alone.

    ``filename`` is accepted for the caller's convenience but deliberately ignored:
    the name and the browser's content type are chosen by the sender. Store the file
    under ``safe_filename(filename, kind.extension)`` and serve it with
    ``kind.content_type``, ``X-Content-Type-Options: nosniff`` and as an attachment.
    This is a type check, not a virus check.
    """
    del filename  # never trusted
    if not data:
        raise ValidationProblem(FILE_EMPTY_MESSAGE)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationProblem(FILE_SIZE_MESSAGE)
    if data.startswith(b"%PDF-"):
        return PDF
    image = filetype.image_match(data)
    if image is not None and image.mime in _IMAGES:
        return _IMAGES[str(image.mime)]
    if data.startswith(_OLE2_MAGIC):
        return _sniff_ole2(data)
    if data.startswith(b"PK\x03\x04"):  # not just "contains a zip": no self-extracting .exe
        try:
            return _sniff_zip(data)
        except ValidationProblem:
            raise
        except Exception as error:  # any parser failure on untrusted bytes means "not accepted"
            raise ValidationProblem(FILE_TYPE_MESSAGE) from error
    if data.startswith(b"{\\rtf"):
        # Embedded OLE objects in RTF are a common exploit route; scanned letters never need them.
        if b"\\object" in data.lower():
            raise ValidationProblem(FILE_TYPE_MESSAGE)
        return RTF
    return _sniff_text(data)


def _sniff_ole2(data: bytes) -> UploadKind:
    """Legacy Word (.doc). OLE2 is also used for .xls, .msi, .msg and encrypted Office files."""
    if _utf16("EncryptedPackage") in data:
        raise ValidationProblem(FILE_PROTECTED_MESSAGE)
    if _utf16("WordDocument") not in data or _utf16("_VBA_PROJECT") in data:
        raise ValidationProblem(FILE_TYPE_MESSAGE)
    return DOC


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:  # reads stop at the declared size: no zip bomb
        return member.read(_MAX_ZIP_MEMBER_READ)


def _lies_about_its_size(member: zipfile.ZipInfo) -> bool:
    """Deflate never makes data more than slightly bigger, so a member whose compressed size is
    well above its declared size has headers that lie (a zip bomb dressed as a small file)."""
    if member.compress_type == zipfile.ZIP_STORED:
        return member.compress_size != member.file_size
    return member.compress_size > member.file_size + member.file_size // 100 + 1024


def _sniff_zip(data: bytes) -> UploadKind:
    """Word (.docx) or OpenDocument text, without extracting anything to disk."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > _MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > _MAX_ZIP_UNCOMPRESSED:
            raise ValidationProblem(FILE_TYPE_MESSAGE)
        if any(_lies_about_its_size(m) for m in members):  # SEC-4: a zip bomb whose headers claim little
            raise ValidationProblem(FILE_TYPE_MESSAGE)
        if any(m.flag_bits & 0x1 for m in members):
            raise ValidationProblem(FILE_PROTECTED_MESSAGE)
        names = {m.filename for m in members}
        lower_names = {name.lower() for name in names}
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            macros = any(n.endswith("vbaproject.bin") or n.startswith("word/activex/") for n in lower_names)
            if macros or b"macroenabled" in _read_member(archive, "[Content_Types].xml").lower():
                raise ValidationProblem(FILE_TYPE_MESSAGE)
            return DOCX
        if members[0].filename == "mimetype" and _read_member(archive, "mimetype").strip() == _ODT_MIME:
            if any(n.startswith(("basic/", "scripts/")) for n in lower_names):
                raise ValidationProblem(FILE_TYPE_MESSAGE)
            manifest = "META-INF/manifest.xml"
            if manifest in names and b"encryption-data" in _read_member(archive, manifest):
                raise ValidationProblem(FILE_PROTECTED_MESSAGE)
            return ODT
    raise ValidationProblem(FILE_TYPE_MESSAGE)


def _sniff_text(data: bytes) -> UploadKind:
    """Plain text: UTF-8 (with or without BOM) or Windows-1252, mostly printable, no markup."""
    if b"\x00" in data:
        raise ValidationProblem(FILE_TYPE_MESSAGE)
    try:
        text, kind = data.decode("utf-8-sig"), TEXT_UTF8
    except UnicodeDecodeError:
        try:
            text, kind = data.decode("cp1252"), TEXT_CP1252
        except UnicodeDecodeError:
            raise ValidationProblem(FILE_TYPE_MESSAGE) from None
    if not text.strip():
        raise ValidationProblem(FILE_EMPTY_MESSAGE)
    if len(_CONTROL_RE.findall(text)) * 100 > len(text) or _MARKUP_RE.search(text):
        raise ValidationProblem(FILE_TYPE_MESSAGE)
    return kind


# --- File names --------------------------------------------------------------------

MAX_FILENAME_CHARS = 120
_WINDOWS_RESERVED_RE = re.compile(r"(?:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(?:\..*)?", re.I)


def safe_filename(name: str, extension: str | None = None) -> str:
    """Return a readable, harmless base name of at most 120 characters; never empty.

    Drops any path (``/`` or ``\\``), control and invisible formatting characters
    (including right-to-left overrides used to disguise ".exe"), and characters
    Windows forbids. Pass ``extension`` (from ``UploadKind``) to replace the sender's
    extension with the one matching the content.
    """
    name = re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]
    name = re.sub(r"\s", " ", name)  # tabs and newlines become spaces before controls are dropped
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = " ".join(re.sub(r'[<>:"|?*]', "_", name).split()).strip(" .")
    stem, dot, suffix = name.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,8}", suffix):
        stem, suffix = name, ""
    if extension is not None:
        suffix = extension.lstrip(".").lower()
    suffix = f".{suffix}" if suffix else ""
    stem = stem.strip(" .") or "document"
    if _WINDOWS_RESERVED_RE.fullmatch(stem):
        stem = f"_{stem}"
    stem = stem[: MAX_FILENAME_CHARS - len(suffix)].rstrip(" .") or "document"
    return stem + suffix
