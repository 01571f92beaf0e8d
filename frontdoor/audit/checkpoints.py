"""Checkpoints of the audit chain's head, written outside the database (SEC-6).

An append-only file (`FRONTDOOR_AUDIT_CHECKPOINT_FILE`, var/audit-checkpoints.log by default;
make it append-only at the file system with `chattr +a`, or ship it to the council's log
store): one JSON line per checkpoint with the time, the database it is about, the chain's last
place and hash, and an HMAC of the line under the audit key. `verify_audit` checks the log
against every checkpoint of its database: a chain cut short (the head moved back) or rewritten
and re-sealed since a checkpoint is reported even when the database is consistent with itself.

Written by the sealer in the task worker (at most every FRONTDOOR_AUDIT_CHECKPOINT_SECONDS, when
the chain has moved), by `manage.py audit_checkpoint`, and emailed with it to the data protection
officers (`--email`, docs/operations.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from frontdoor.audit import keys
from frontdoor.audit.chain import Checkpoint


def database_identity() -> str:
    """Which database a checkpoint is about (a test or benchmark database must not be checked against the real one)."""
    params = connection.settings_dict
    return f"{connection.vendor}:{params.get('HOST') or ''}:{params.get('PORT') or ''}:{params.get('NAME')}"


def checkpoint_path() -> Path:
    return Path(settings.FRONTDOOR_AUDIT_CHECKPOINT_FILE)


def _line_mac(fields: dict[str, object], key: bytes) -> str:
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hmac.new(key, text.encode("ascii"), hashlib.sha256).hexdigest()


def write(seq: int, head_hash: str) -> Checkpoint:
    """Append one checkpoint of the head to the file and flush it to disk."""
    key_id, key = keys.current_key()
    fields: dict[str, object] = {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": database_identity(),
        "seq": seq,
        "hash": head_hash,
        "key_id": key_id,
    }
    line = json.dumps({**fields, "mac": _line_mac(fields, key)}, sort_keys=True) + "\n"
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line.encode("ascii"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return Checkpoint(at=str(fields["at"]), seq=seq, hash=head_hash)


@dataclass
class Read:
    checkpoints: list[Checkpoint]
    bad_lines: list[int]  # line numbers whose key does not match: written by someone without the key


def read() -> Read:
    """Every checkpoint of this database in the file (none if there is no file yet)."""
    path = checkpoint_path()
    result = Read([], [])
    if not path.exists():
        return result
    known, identity = keys.all_keys(), database_identity()
    with path.open(encoding="ascii", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                fields = {name: data[name] for name in ("at", "database", "seq", "hash", "key_id")}
                mac = str(data["mac"])
            except (ValueError, KeyError, TypeError):
                result.bad_lines.append(number)
                continue
            key = known.get(str(fields["key_id"]))
            if key is None or not hmac.compare_digest(_line_mac(fields, key), mac):
                result.bad_lines.append(number)
                continue
            if fields["database"] == identity:
                at, seq, digest = str(fields["at"]), int(str(fields["seq"])), str(fields["hash"])
                result.checkpoints.append(Checkpoint(at=at, seq=seq, hash=digest))
    return result
