"""Reading an email that arrived at the council's published mailbox: what kind of message it is,
who sent it, its text and its attachments. Plain Python, no database (see services.receive_email).

What is not a new contact is recognised from the headers mail systems set for that purpose,
so that Front Door never acknowledges it (no mail loops):

- a reply to one of our emails: In-Reply-To or References names a Message-ID we made
  (outbox.py makes them ``<...@frontdoor.invalid>``);
- an automatic reply (RFC 3834): ``Auto-Submitted`` other than ``no``, ``X-Autoreply``,
  ``X-Autorespond``, ``Precedence: auto_reply / bulk / junk / list``, an empty envelope sender
  (a delivery report), a delivery-status report, or a subject such as "Out of office";
- spam, as the council's upstream filter marked it (``X-Spam-Flag: YES``, ``X-Spam-Status: Yes``).
"""

from __future__ import annotations

import email
import logging
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.policy import default as default_policy
from email.utils import getaddresses, parseaddr
from html import escape, unescape

from django.conf import settings

log = logging.getLogger(__name__)

OUR_MESSAGE_ID_DOMAIN = "@frontdoor.invalid>"

CONTACT = "contact"
REPLY = "reply"
AUTO_REPLY = "auto_reply"
SPAM = "spam"

_AUTO_SUBJECT = re.compile(
    r"^\s*(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?(?:reply|response)|autoreply"
    r"|away from (?:the )?office|on (?:annual )?leave|undeliverable|delivery status notification"
    r"|mail delivery (?:failed|failure|subsystem)|returned mail)",
    re.IGNORECASE,
)
_PRECEDENCE_AUTO = {"auto_reply", "bulk", "junk", "list"}


@dataclass
class Part:
    filename: str
    content_type: str
    data: bytes


@dataclass
class ParsedEmail:
    message: EmailMessage
    kind: str
    reason: str
    from_name: str
    from_address: str
    subject: str
    message_id: str
    text: str
    attachments: list[Part] = field(default_factory=list)
    replies_to: list[str] = field(default_factory=list)  # our Message-IDs it answers
    # Why it could not be read in full (too deeply nested, too many parts or attachments): the
    # message is still kept, and staff are told to read the original.
    problems: list[str] = field(default_factory=list)
    sender_verified: bool = False
    sender_check: str = ""


TOO_COMPLEX = "This email was too complex to read in full"


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=default_policy)
    assert isinstance(message, EmailMessage)  # noqa: S101 - the default policy makes EmailMessage
    return message


def _headers_only(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=default_policy).parsebytes(raw, headersonly=True)
    assert isinstance(message, EmailMessage)  # noqa: S101 - the default policy makes EmailMessage
    return message


def _parse_within_caps(raw: bytes) -> tuple[EmailMessage, list[str], bool]:
    """(message, problems, whole): the message parsed in full when its structure is within the
    caps; otherwise its headers only, with the reason. The email package parses nested parts
    recursively, so a message nested thousands deep is never handed to it: each level needs a
    "multipart/" or "message/" content type, and counting those is one pass over the bytes."""
    max_parts: int = settings.FRONTDOOR_MAILBOX_MAX_PARTS
    lowered = raw.lower()
    containers = lowered.count(b"multipart/") + lowered.count(b"message/")
    if containers > max_parts:
        return _headers_only(raw), [f"it has more than {max_parts} parts"], False
    try:
        return parse(raw), [], True
    except RecursionError:
        return _headers_only(raw), ["its parts are nested too deeply"], False


def _structure_problems(message: EmailMessage) -> list[str]:
    """Depth and number of parts, walked with a stack of our own (no recursion)."""
    max_depth: int = settings.FRONTDOOR_MAILBOX_MAX_DEPTH
    max_parts: int = settings.FRONTDOOR_MAILBOX_MAX_PARTS
    problems: list[str] = []
    stack: list[tuple[Message, int]] = [(message, 1)]
    parts = deepest = 0
    while stack:
        part, depth = stack.pop()
        parts += 1
        deepest = max(deepest, depth)
        if parts > max_parts:
            problems.append(f"it has more than {max_parts} parts")
            break
        payload = part.get_payload()
        if part.is_multipart() and isinstance(payload, list):
            stack.extend((child, depth + 1) for child in payload if isinstance(child, Message))
    if deepest > max_depth:
        problems.append(f"its parts are nested more than {max_depth} deep")
    return problems


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a header too broken to parse is treated as absent
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def classify(message: EmailMessage, mail_from: str) -> tuple[str, str, list[str]]:
    """(kind, reason, our Message-IDs it answers), checked in this order: reply, automatic, spam."""
    referenced = re.findall(r"<[^<>\s]+>", f"{_header(message, 'In-Reply-To')} {_header(message, 'References')}")
    ours = [ref for ref in referenced if ref.lower().endswith(OUR_MESSAGE_ID_DOMAIN)]
    auto_submitted = _header(message, "Auto-Submitted").lower()
    precedence = _header(message, "Precedence").lower()
    subject = _header(message, "Subject")
    if auto_submitted and auto_submitted != "no":
        return AUTO_REPLY, f"Auto-Submitted: {auto_submitted[:60]}", ours
    if _header(message, "X-Autoreply") or _header(message, "X-Autorespond"):
        return AUTO_REPLY, "X-Autoreply or X-Autorespond header", ours
    if precedence in _PRECEDENCE_AUTO:
        return AUTO_REPLY, f"Precedence: {precedence}", ours
    if mail_from.strip("<> ") == "":
        return AUTO_REPLY, "Empty envelope sender (a delivery report)", ours
    if message.get_content_type() == "multipart/report":
        return AUTO_REPLY, "A delivery or read report", ours
    if _AUTO_SUBJECT.match(subject):
        return AUTO_REPLY, f"Subject looks automatic: {subject[:60]}", ours
    if ours:
        return REPLY, f"Answers our email {ours[0]}", ours
    if _header(message, "X-Spam-Flag").upper() == "YES" or _header(message, "X-Spam-Status").lower().startswith("yes"):
        return SPAM, "Marked as spam by the mail filter", ours
    return CONTACT, "A new message to the referrals mailbox", ours


def _text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except Exception:  # an unknown charset: keep what can be read
        payload = body.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    text = str(content)
    if body.get_content_type() == "text/html":
        text = html_to_text(text)
    return text.replace("\x00", "").strip()


def _attachments(message: EmailMessage) -> tuple[list[Part], list[str]]:
    max_attachments: int = settings.FRONTDOOR_MAILBOX_MAX_ATTACHMENTS
    parts: list[Part] = []
    left_out = 0
    for part in message.iter_attachments():
        if part.is_multipart():
            continue
        if len(parts) >= max_attachments:
            left_out += 1
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        parts.append(Part(part.get_filename() or "attachment", part.get_content_type(), data))
    problems = [f"it has more than {max_attachments} attachments ({left_out} more not read)"] if left_out else []
    return parts, problems


def read(raw: bytes, mail_from: str) -> ParsedEmail:
    message, problems, whole = _parse_within_caps(raw)
    kind, reason, ours = classify(message, mail_from)
    name, address = parseaddr(_header(message, "Reply-To") or _header(message, "From"))
    if not address:
        address = mail_from.strip("<> ")
    text, attachments = "", list[Part]()
    if whole:
        problems += _structure_problems(message)
        text = _text_of(message)
        # Attachments of a message that is itself an attachment's container (multipart/mixed) only.
        attachments, left_out = _attachments(message)
        problems += left_out
    return ParsedEmail(
        message=message,
        kind=kind,
        reason=reason,
        from_name=name.replace("\x00", "").strip(),
        from_address=address.strip(),
        subject=_header(message, "Subject").replace("\x00", ""),
        message_id=_header(message, "Message-ID"),
        text=text,
        attachments=attachments,
        replies_to=ours,
        problems=problems,
    )


# The sender's address ---------------------------------------------------------------------------
# RFC 8601: the council's receiving mail server records what it checked (SPF, DKIM, DMARC) in an
# Authentication-Results header named with its authserv-id, and removes any such header with
# its own id that arrived from outside. Only headers with a trusted id are believed.

_COMMENTS = re.compile(r"\([^()]*+\)")
_RESULT = re.compile(r"([a-z0-9_-]++)\s*+=\s*+([a-z0-9_-]++)")
_PROPERTY = re.compile(r"([a-z]++)\.([a-z0-9_-]++)\s*+=\s*+(\S++)")


def _domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip().strip(".").lower() if "@" in address else ""


def aligned(domain: str, address_domain: str) -> bool:
    """DMARC's relaxed alignment: the same domain, or one a subdomain of the other."""
    domain = domain.strip().strip(".").lower().lstrip("@")
    domain = _domain_of(domain) or domain
    if not domain or not address_domain:
        return False
    return domain == address_domain or address_domain.endswith("." + domain) or domain.endswith("." + address_domain)


def sender_check(message: Message, address: str, trusted_ids: list[str]) -> tuple[bool, str]:
    """(verified, how): whether the trusted receiving server reported a pass for the domain of
    `address` (the address an acknowledgement would go to): dmarc=pass for it, or dkim=pass
    signed by it, or spf=pass for it."""
    domain = _domain_of(address)
    if not domain:
        return False, "No sender address"
    try:
        headers = [str(h) for h in message.get_all("Authentication-Results") or []][:20]
    except Exception:  # a header too broken to parse is treated as absent
        headers = []
    for header in headers:
        text = _COMMENTS.sub(" ", " ".join(header.lower().split())[:4000])
        head, _, rest = text.partition(";")
        server = head.split()[0] if head.split() else ""
        if server not in trusted_ids:
            continue
        for clause in rest.split(";"):
            result = _RESULT.search(clause)
            if result is None or result.group(2) != "pass":
                continue
            method = result.group(1)
            props = {f"{p}.{n}": v.strip('"') for p, n, v in _PROPERTY.findall(clause)}
            if method == "dmarc" and aligned(props.get("header.from", domain), domain):
                return True, f"DMARC passed for {domain} ({server})"
            if method == "dkim" and aligned(props.get("header.d", props.get("header.i", "")), domain):
                return True, f"DKIM signature of {domain} passed ({server})"
            if method == "spf" and aligned(props.get("smtp.mailfrom", props.get("smtp.helo", "")), domain):
                return True, f"SPF passed for {domain} ({server})"
        return False, f"The receiving mail server did not confirm {domain}"
    return False, "No Authentication-Results header from the council's mail server"


def recipients(message: EmailMessage) -> list[str]:
    return [address for _, address in getaddresses([_header(message, "To"), _header(message, "Cc")]) if address]


# HTML to text ---------------------------------------------------------------------------------------
# A few passes of the regular expression engine, none of which can backtrack (possessive
# quantifiers, and every open-ended search consumes the rest of the text when it fails), so the
# time is linear in the length. The expressions used before backtracked (issue 13: a 65 KB email
# held the SMTP answer 5.5 s), and so does html.parser on this Python (3.11.7: an unclosed
# comment or tag, repeated, is quadratic); see docs/decisions/0017-hostile-mail-input.md.

_BREAK = "\x00"  # our own line breaks, until the source's white space has been collapsed
# (Each pattern's first look-ahead lets a "<" that cannot start it be passed over at once.)
_HIDDEN = re.compile(
    r"<(?=[!?stn])(?:"
    r"!--(?:.*?-->|.*+)"  # a comment, to its end (or the document's)
    r"|[!?][^<>]*+>"  # a declaration (<!DOCTYPE html>) or a processing instruction
    # a script, style or title with its contents (an unclosed one to the end, as a browser does)
    r"|(script|style|title|template|noscript)\b[^<>]*+>(?:.*?</\1\s*+>|.*+)"
    r")",
    re.DOTALL | re.IGNORECASE,
)
_LINK = re.compile(r"<[aA]\b([^<>]*+)>((?:[^<]|<(?!/?[aA]\b))*+)</[aA]\s*+>")  # its text holds no link
_HREF = re.compile(r"""\bhref\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s"'>]++))""", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<(?=[lL])li\b[^<>]*+>", re.IGNORECASE)
_CELL = re.compile(r"<(?=[tT])t[dh]\b[^<>]*+>", re.IGNORECASE)
_BLOCK = re.compile(
    r"</?(?=[a-z0-9]++[\s/>])(?:a(?:ddress|rticle|side)|b(?:lockquote|r)|caption|d(?:[dlt]|etails|iv)"
    r"|f(?:i(?:eldset|gcaption|gure)|o(?:oter|rm))|h(?:[1-6r]|eader)|main|nav|ol|p(?:re)?|s(?:ection|ummary)"
    r"|t(?:able|body|foot|head|r)|ul)\b[^<>]*+>",  # written as a tree: no name is tried twice
    re.IGNORECASE,
)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*+>")
# White space to collapse: a run, or one character other than a plain space (a lone space stays).
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]{2,}+|[\t\r\n\f\v\u00a0\u200b]")
_BLANK_LINES = re.compile(r"\n{3,}+")


def _link(match: re.Match[str]) -> str:
    inner = match.group(2)
    found = _HREF.search(match.group(1))
    href = unescape(next((g for g in found.groups() if g is not None), "")).strip() if found else ""
    if not href.lower().startswith(("http:", "https:", "mailto:")):
        return inner
    address = href[7:] if href.lower().startswith("mailto:") else href
    return inner if address in unescape(_TAG.sub("", inner)) else f"{inner} ({escape(address)})"


def html_to_text(html: str) -> str:
    """Readable text of an HTML email body: paragraphs and line breaks as new lines, list items
    as "- item", a link as "text (address)", nothing of scripts, styles or the title."""
    text = _LINK.sub(_link, _HIDDEN.sub(" ", html.replace(_BREAK, "")))
    text = _BLOCK.sub(_BREAK, _CELL.sub(" ", _LIST_ITEM.sub(_BREAK + "- ", text)))
    text = _SPACES.sub(" ", unescape(_TAG.sub("", text)))
    text = text.replace(" " + _BREAK, _BREAK).replace(_BREAK + " ", _BREAK).replace(_BREAK, "\n")
    return _BLANK_LINES.sub("\n\n", text).strip()
