"""What a member of staff typed in the header's search box, understood (issue 15 part 1).

Plain Python, no database: the text is split into the things the search looks for, each in
the form the records hold it.

- **References** of contacts (``FD-XXXX-XXXX``), referrals (``REF-...``) and information
  requests (``IR-...``), whole or in part, with or without hyphens, in any case. The codes are
  Crockford's base 32, which has no I, L, O or U, so a typed O is read as 0 and I or L as 1.
- **Dates of birth** in the common ways of writing them: 3/4/2015, 03-04-2015, 3.4.15,
  3 April 2015, 3rd Apr 2015, April 3 2015, 2015-04-03 (day first, as in the UK).
- **NHS numbers**, 10 digits, with or without spaces or hyphens.
- **Postcodes**, with or without the space.
- **Names**: the words left over, for the person index's matcher.

Text too long to be a search, or holding control characters, is refused with a message.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

MAX_LENGTH = 100
TOO_LONG = (
    f"Search for {MAX_LENGTH} characters or fewer: a reference, a name, a date of birth, an NHS number or a postcode"
)
CONTROL = (
    "Your search contains characters that cannot be searched for. "
    "Type a reference, a name, a date of birth, an NHS number or a postcode"
)
NOTHING = "Enter a reference, a name, a date of birth, an NHS number or a postcode"

PREFIXES = ("FD", "REF", "IR")
_CROCKFORD = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]+")  # Crockford's alphabet, upper case
_MONTHS = (
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
_MONTH = r"(?P<mon>[A-Za-z]{3,9}\.?)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DATES = (
    re.compile(r"\b(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})[-/.](?P<month>\d{1,2})[-/.](?P<year>\d{4}|\d{2})\b"),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+(?P<year>\d{{4}})\b"),
)
_NHS = re.compile(r"(?<![\d])(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?![\d])")
_POSTCODE = re.compile(r"\b([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})\b")
_REFERENCE = re.compile(r"\b(FD|REF|IR)\b[\s-]*([0-9A-Za-z]{1,4}(?:[\s-]*[0-9A-Za-z]{1,4})?)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


@dataclass(frozen=True)
class Query:
    """A search as understood. ``problem`` is set (and nothing else) when it cannot be run."""

    text: str = ""
    problem: str = ""
    reference: str = ""  # upper case, no hyphens; a prefix (FD, REF, IR) kept when typed
    dates: tuple[dt.date, ...] = ()
    nhs_number: str = ""
    postcode: str = ""  # "AB1 2CD"
    names: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.reference or self.dates or self.nhs_number or self.postcode or self.names)

    def described(self) -> dict[str, str]:
        """The search as understood, for its audit entry."""
        found = {
            "reference": self.reference,
            "dates": ", ".join(d.isoformat() for d in self.dates),
            "nhs_number": self.nhs_number,
            "postcode": self.postcode,
            "names": " ".join(self.names),
        }
        return {k: v for k, v in found.items() if v}


def _month(text: str) -> int | None:
    name = text.lower().rstrip(".")
    for number, month in enumerate(_MONTHS, start=1):
        if len(name) >= 3 and month.startswith(name):
            return number
    return None


def _date(match: re.Match[str], today: dt.date) -> dt.date | None:
    groups = match.groupdict()
    month = int(groups["month"]) if groups.get("month") else _month(groups.get("mon") or "")
    if month is None:
        return None
    year = int(groups["year"])
    if len(groups["year"]) == 2:  # 3/4/15: this century unless that is in the future
        year += 2000 if 2000 + year <= today.year else 1900
    try:
        return dt.date(year, month, int(groups["day"]))
    except ValueError:
        return None


def reference_code(text: str) -> str:
    """A typed reference or part of one as the records' codes hold it: upper case, no hyphens
    or spaces, Crockford's look-alike letters read as digits (the prefix kept as typed)."""
    compact = re.sub(r"[\s\-\u2010-\u2015\u2212]", "", text.upper())
    for prefix in PREFIXES:
        if compact.startswith(prefix) and (
            len(compact) == len(prefix) or compact[len(prefix)].isdigit() or len(compact) > len(prefix) + 3
        ):
            return prefix + compact[len(prefix) :].translate(_CROCKFORD)
    return compact.translate(_CROCKFORD)


def _without_prefix(code: str) -> str:
    return next((code[len(p) :] for p in PREFIXES if code.startswith(p) and len(code) > len(p) + 3), code)


def _looks_like_code(token: str) -> bool:
    """A token that can only be part of a reference: letters and digits mixed (a name has no digit)."""
    if len(token) < 4 or not token.isalnum() or not any(c.isdigit() for c in token):
        return False
    return token.isdigit() and len(token) <= 8 or any(c.isalpha() for c in token)


def parse(raw: str, *, today: dt.date) -> Query:  # noqa: C901 - one pass over the kinds of thing typed
    if len(raw) > MAX_LENGTH:
        return Query(problem=TOO_LONG)
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") and c not in " " for c in raw):
        return Query(problem=CONTROL)
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return Query(problem=NOTHING)
    rest = text

    dates: list[dt.date] = []
    for pattern in _DATES:
        for match in list(pattern.finditer(rest)):
            found = _date(match, today)
            if found is not None and found <= today and found.year >= 1900:
                dates.append(found)
                rest = rest.replace(match.group(0), " ", 1)

    nhs = ""
    for match in _NHS.finditer(rest):
        nhs = "".join(match.groups())  # searched for even when its check digit is wrong: nothing holds it
        rest = rest.replace(match.group(0), " ", 1)
        break

    reference = ""
    typed = _REFERENCE.search(rest)
    if typed:
        reference = reference_code(typed.group(1) + typed.group(2))
        rest = rest.replace(typed.group(0), " ", 1)

    postcode = ""
    written = _POSTCODE.search(rest)
    if written and not reference:
        postcode = f"{written.group(1).upper()} {written.group(2).upper()}"
        rest = rest.replace(written.group(0), " ", 1)

    if not reference:
        tokens = rest.split()
        codes = [t for t in tokens if _looks_like_code(re.sub(r"[\-]", "", t))]
        if codes:
            # "7kq2-x9pd", "7KQ2 X9PD" or "7kq2": the code, its hyphens and spaces dropped
            joined = "".join(codes)
            code = reference_code(joined)
            if _CODE.fullmatch(_without_prefix(code)):
                reference = code
                for token in codes:
                    rest = rest.replace(token, " ", 1)

    names = tuple(w for w in _WORD.findall(rest) if w.upper() not in PREFIXES or len(_WORD.findall(rest)) > 1)
    if not reference and len(names) == 1 and rest.strip() == names[0]:
        # One word of letters that a code could hold ("PJND", "fdpjndxjwy"): part of a reference
        # as well as a name; both are searched.
        upper = names[0].upper()
        prefix = next((p for p in PREFIXES if upper.startswith(p) and len(upper) == len(p) + 8), "")
        body = upper[len(prefix) :]
        if _CODE.fullmatch(body) and (prefix or 4 <= len(body) <= 8):
            reference = prefix + body
            if prefix:  # a whole reference typed without its hyphens
                names = ()
    if not reference and len(names) == 2 and all(len(w) == 4 and _CODE.fullmatch(w.upper()) for w in names):
        reference = "".join(names).upper()  # "HNBM RCVR": a whole code of letters, or two names; both searched
    query = Query(
        text=text,
        reference=reference,
        dates=tuple(dict.fromkeys(dates)),
        nhs_number=nhs,
        postcode=postcode,
        names=names[:4],
    )
    if query.empty:
        return Query(text=text, problem=NOTHING)
    return query
