"""Reference numbers, status codes and submission keys: made here, stored by the commands."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid

from django.conf import settings

# New codes use no character that can be taken for another: no 0 or O, no 1, I or L (and no U).
# Codes made before issue 17 used Crockford's base 32 ("0123456789ABCDEFGHJKMNPQRSTVWXYZ"),
# which has 0 and 1; they still look up, because what is typed is read as Crockford reads it
# (O as 0; I and L as 1) and no new code has any of those characters.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = re.compile(r"[\s\-\u2010-\u2015\u2212_.]+")


def _code(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def _typed(text: str) -> str:
    """What someone typed, without case, spaces or hyphens, with look-alike letters read as digits."""
    return _IGNORED.sub("", text).upper().translate(_READ_AS)


def normalise_reference(text: str) -> str:
    """A reference as stored ("FD-7K3M-Q9PX") from however it was typed: "fd 7k3m q9px",
    "7K3MQ9PX". Anything that is not the right length is returned as typed, upper case."""
    code = _typed(text)
    if len(code) == 10 and code.startswith("FD"):
        code = code[2:]
    if len(code) == 8:
        return f"FD-{code[:4]}-{code[4:]}"
    return text.strip().upper()


def normalise_status_code(text: str) -> str:
    """A status code as stored ("ABCDE-FGHJK") from however it was typed."""
    code = _typed(text)
    if len(code) == 10:
        return f"{code[:5]}-{code[5:]}"
    return text.strip().upper()


def new_reference() -> str:
    code = _code(8)
    return f"FD-{code[:4]}-{code[4:]}"


def status_secret_for(submission_key: uuid.UUID) -> str:
    """The status code of the contact sent with this submission key, derived from it with the
    secret key (HMAC-SHA256), so a browser that sends its journey again after losing the
    answer (a crash, a lost connection: SEC-4, INT-15) is shown the same code. Only the
    browser that holds the journey's random key can ask for it."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"status-secret:" + submission_key.bytes, hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    characters = []
    for _ in range(10):
        number, index = divmod(number, len(_ALPHABET))
        characters.append(_ALPHABET[index])
    code = "".join(characters)
    return f"{code[:5]}-{code[5:]}"


def derived_submission_key(purpose: str) -> uuid.UUID:
    """A contact's idempotency key made from a caller's own key (a partner's Idempotency-Key):
    keyed with the server's secret key (HMAC-SHA256), so nobody can work it out from what
    they know (the organisation, its Idempotency-Key, this source code)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"submission-key:" + purpose.encode(), hashlib.sha256).digest()
    return uuid.UUID(bytes=digest[:16], version=4)
