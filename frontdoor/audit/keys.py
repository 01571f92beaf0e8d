"""The audit log's keys (SEC-6): held outside the database, named, and rotatable.

- `FRONTDOOR_AUDIT_KEY`: the key new entries are written with (at least 32 characters;
  `python -c "import secrets; print(secrets.token_urlsafe(48))"` makes one).
- `FRONTDOOR_AUDIT_KEY_ID`: its name, stored with every entry (default "k1").
- `FRONTDOOR_AUDIT_OLD_KEYS`: earlier keys, still needed to check the entries written with
  them, as `id=key,id=key`.

Without `FRONTDOOR_AUDIT_KEY` a development key is derived from the secret key (id "dev");
`manage.py check --deploy` warns about it (frontdoor/audit/checks.py). Rotation:
docs/operations.md.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from django.conf import settings

DEVELOPMENT_KEY_ID = "dev"
MIN_KEY_LENGTH = 32


def _development_key() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), b"frontdoor audit chain (development)", hashlib.sha256).digest()


@cache
def _keys(current: str, current_id: str, old: str, secret_key: str) -> tuple[str, dict[str, bytes]]:
    keys: dict[str, bytes] = {}
    for item in filter(None, (part.strip() for part in old.split(","))):
        key_id, _, value = item.partition("=")
        if key_id.strip() and value.strip():
            keys[key_id.strip()] = value.strip().encode()
    if current:
        keys[current_id] = current.strip().encode()
        return current_id, keys
    keys[DEVELOPMENT_KEY_ID] = _development_key()
    return DEVELOPMENT_KEY_ID, keys


def _settings() -> tuple[str, str, str, str]:
    return (
        getattr(settings, "FRONTDOOR_AUDIT_KEY", ""),
        getattr(settings, "FRONTDOOR_AUDIT_KEY_ID", "k1") or "k1",
        getattr(settings, "FRONTDOOR_AUDIT_OLD_KEYS", ""),
        settings.SECRET_KEY,
    )


def current_key() -> tuple[str, bytes]:
    """(key id, key) that new entries are written with."""
    key_id, keys = _keys(*_settings())
    return key_id, keys[key_id]


def all_keys() -> dict[str, bytes]:
    """Every key this server knows, by id: the current one and the old ones."""
    return dict(_keys(*_settings())[1])


def is_development_key() -> bool:
    return not getattr(settings, "FRONTDOOR_AUDIT_KEY", "")
