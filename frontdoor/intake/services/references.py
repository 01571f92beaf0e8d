"""Reference numbers, status codes and submission keys: made here, stored by the commands."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid

from django.conf import settings

# Crockford's base 32 without I, L, O, U: easy to read aloud and to type.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _code(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


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
    code = "".join(_ALPHABET[(number >> (5 * i)) & 31] for i in range(10))
    return f"{code[:5]}-{code[5:]}"


def derived_submission_key(purpose: str) -> uuid.UUID:
    """A contact's idempotency key made from a caller's own key (a partner's Idempotency-Key):
    keyed with the server's secret key (HMAC-SHA256), so nobody can work it out from what
    they know (the organisation, its Idempotency-Key, this source code)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"submission-key:" + purpose.encode(), hashlib.sha256).digest()
    return uuid.UUID(bytes=digest[:16], version=4)

