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
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from email.policy import default as default_policy
from email.utils import getaddresses, parseaddr

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


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=default_policy)
    assert isinstance(message, EmailMessage)  # noqa: S101 - the default policy makes EmailMessage
    return message


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
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.IGNORECASE | re.DOTALL)
        text = re.sub(r"<br\s*/?>|</p>|</div>", "\n", text, flags=re.IGNORECASE)
        text = re.sub(r"<[^>]+>", "", text)
    return text.replace("\x00", "").strip()


def _attachments(message: EmailMessage) -> list[Part]:
    parts: list[Part] = []
    for part in message.iter_attachments():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        parts.append(Part(part.get_filename() or "attachment", part.get_content_type(), data))
    return parts


def read(raw: bytes, mail_from: str) -> ParsedEmail:
    message = parse(raw)
    kind, reason, ours = classify(message, mail_from)
    name, address = parseaddr(_header(message, "Reply-To") or _header(message, "From"))
    if not address:
        address = mail_from.strip("<> ")
    # Attachments of a message that is itself an attachment's container (multipart/mixed) only.
    return ParsedEmail(
        message=message,
        kind=kind,
        reason=reason,
        from_name=name.replace("\x00", "").strip(),
        from_address=address.strip(),
        subject=_header(message, "Subject").replace("\x00", ""),
        message_id=_header(message, "Message-ID"),
        text=_text_of(message),
        attachments=_attachments(message),
        replies_to=ours,
    )


def recipients(message: EmailMessage) -> list[str]:
    return [address for _, address in getaddresses([_header(message, "To"), _header(message, "Cc")]) if address]
