"""The audit log's keyed hash chain (SEC-2, SEC-6): how an entry is keyed and sealed, and how the chain is checked.

Two steps, so that no audited transaction waits for another (docs/decisions/0018):

1. **Written.** `audit.services.record` inserts the entry in the caller's transaction with
   its MAC: HMAC-SHA-256, under a key held outside the database (`keys.py`), over a
   canonical JSON serialisation (sorted keys, no spaces, ASCII) of its fields. The id of the
   key is stored with the entry (`key_id`) so keys can be rotated. No lock, no shared row.
2. **Sealed.** The sealer (`audit.services.seal`: the task worker every few seconds, and
   `verify_audit`) takes the committed entries not yet sealed, in id order, and gives each its
   place in the chain (`seq`: 1, 2, 3...), the previous entry's chain hash and its own chain
   hash = HMAC under the entry's key over (seq, previous hash, MAC). It moves the chain head on,
   all in one short transaction.

So an edit shows as a wrong MAC, at once (before sealing too); a deletion as a gap in `seq`;
an insertion as a broken link or a wrong MAC; rewriting and re-hashing needs the key. A cut at
the end, with the head moved back, and a rewrite by someone who has the key, are caught
against the checkpoints of the head written outside the database (`checkpoints.py`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64
# The fields an entry's MAC covers (everything but its place in the chain, which the seal covers).
KEYED_FIELDS = ("at", "actor_id", "actor_label", "action", "object_type", "object_id", "reason", "detail")
# The unkeyed chain of audit migration 0003 also hashed the place.
HASHED_FIELDS = ("seq", *KEYED_FIELDS)


def canonical_time(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical_detail(detail: Any) -> Any:
    """The detail as the database gives it back (JSON round trip: tuples become lists)."""
    return json.loads(json.dumps(detail))


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    """The unkeyed SHA-256 chain hash of audit migration 0003 (kept for that migration and its re-keying)."""
    payload = {name: fields[name] for name in HASHED_FIELDS}
    payload["at"] = canonical_time(payload["at"])
    payload["detail"] = canonical_detail(payload["detail"])
    payload["prev_hash"] = prev_hash
    return hashlib.sha256(_canonical(payload)).hexdigest()


def entry_mac(fields: Mapping[str, Any], key: bytes) -> str:
    """HMAC-SHA-256 of an entry's fields under `key`: what is checked before and after sealing."""
    payload = {name: fields[name] for name in KEYED_FIELDS}
    payload["at"] = canonical_time(payload["at"])
    payload["detail"] = canonical_detail(payload["detail"])
    return hmac.new(key, _canonical(payload), hashlib.sha256).hexdigest()


def seal_hash(seq: int, prev_hash: str, mac: str, key: bytes) -> str:
    """The chain hash of the entry at place `seq`: keyed, so the chain cannot be re-hashed without the key."""
    return hmac.new(key, f"{seq}:{prev_hash}:{mac}".encode("ascii"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Problem:
    seq: int | None
    entry_id: int | None
    kind: str  # "edited", "deleted", "inserted", "cut short", "rewritten", "unknown key"
    message: str


@dataclass(frozen=True)
class Checkpoint:
    """The chain head as it was written outside the database at `at` (see checkpoints.py)."""

    at: str
    seq: int
    hash: str


@dataclass
class Report:
    checked: int = 0
    unsealed: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS
    checkpoints: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_mac(row: Mapping[str, Any], keys: Mapping[str, bytes], problems: list[Problem]) -> bytes | None:
    """The entry's key if its MAC is right under it; None (and the problem noted) if not."""
    seq, entry_id = row["seq"], row["id"]
    where = f"Entry {seq} (id {entry_id})" if seq is not None else f"Entry id {entry_id} (not yet sealed)"
    key = keys.get(row["key_id"])
    if key is None:
        problems.append(
            Problem(
                seq,
                entry_id,
                "unknown key",
                f"{where} is keyed with key '{row['key_id']}', which this server does not "
                "have: it was not written by Front Door, or an old key was removed too soon.",
            )
        )
        return None
    if not hmac.compare_digest(entry_mac(row, key), row["mac"]):
        problems.append(
            Problem(
                seq, entry_id, "edited", f"{where} was changed after it was written: its contents do not match its key."
            )
        )
        return None
    return key


def verify(
    sealed: Iterable[Mapping[str, Any]],
    unsealed: Iterable[Mapping[str, Any]],
    head_seq: int,
    head_hash: str,
    keys: Mapping[str, bytes],
    checkpoints: Iterable[Checkpoint] = (),
) -> Report:
    """Walk the sealed entries in chain order, then the unsealed ones; compare with the head and the checkpoints.

    Each row is a dict of KEYED_FIELDS with id, seq, key_id, mac, prev_hash and hash.
    """
    report = Report()
    problems = report.problems
    wanted: dict[int, list[Checkpoint]] = {}
    for checkpoint in checkpoints:
        report.checkpoints += 1
        wanted.setdefault(checkpoint.seq, []).append(checkpoint)
    found: dict[int, str] = {}
    prev_seq, prev_hash = 0, GENESIS
    for row in sealed:
        report.checked += 1
        seq, entry_id = row["seq"], row["id"]
        key = _check_mac(row, keys, problems)
        if key is not None and not hmac.compare_digest(seal_hash(seq, row["prev_hash"], row["mac"], key), row["hash"]):
            problems.append(
                Problem(
                    seq,
                    entry_id,
                    "edited",
                    f"Entry {seq} (id {entry_id}) was moved or re-sealed: its place in the "
                    "chain does not match its key.",
                )
            )
        if seq > prev_seq + 1:
            missing = f"{prev_seq + 1}" if seq == prev_seq + 2 else f"{prev_seq + 1} to {seq - 1}"
            text = f"Entries {missing} are missing (deleted) before entry {seq} (id {entry_id})."
            problems.append(Problem(seq, entry_id, "deleted", text))
        elif row["prev_hash"] != prev_hash:
            problems.append(
                Problem(
                    seq,
                    entry_id,
                    "inserted",
                    f"Entry {seq} (id {entry_id}) does not follow entry {prev_seq}: an entry was "
                    "inserted, or the one before it replaced.",
                )
            )
        if seq in wanted:
            found[seq] = row["hash"]
        prev_seq, prev_hash = seq, row["hash"]
    report.last_seq, report.last_hash = prev_seq, prev_hash
    for row in unsealed:
        report.unsealed += 1
        _check_mac(row, keys, problems)
    if head_seq > prev_seq:
        missing = f"{prev_seq + 1}" if head_seq == prev_seq + 1 else f"{prev_seq + 1} to {head_seq}"
        problems.append(
            Problem(None, None, "cut short", f"Entries {missing} are missing (deleted) at the end of the log.")
        )
    elif head_seq < prev_seq or (head_seq and head_hash != prev_hash):
        problems.append(
            Problem(
                prev_seq,
                None,
                "inserted",
                f"The log ends at entry {prev_seq} but the chain head records entry {head_seq}: "
                "entries were added outside Front Door.",
            )
        )
    for seq in sorted(wanted):
        for checkpoint in wanted[seq]:
            if seq > prev_seq:
                gone = f"entry {seq} was" if seq == prev_seq + 1 else f"entries {prev_seq + 1} to {seq} were"
                problems.append(
                    Problem(
                        seq,
                        None,
                        "cut short",
                        f"The log ends at entry {prev_seq}, but the checkpoint written at "
                        f"{checkpoint.at} recorded entry {seq}: {gone} removed from the end "
                        "(the log was cut short).",
                    )
                )
            elif seq in found and found[seq] != checkpoint.hash:
                problems.append(
                    Problem(
                        seq,
                        None,
                        "rewritten",
                        f"Entry {seq} is not the one the checkpoint written at {checkpoint.at} "
                        "recorded: the log was rewritten and re-sealed since.",
                    )
                )
    return report


ROW_FIELDS = ("id", "seq", "key_id", "mac", "prev_hash", "hash", *KEYED_FIELDS)


def iter_sealed(queryset: Any) -> Iterator[dict[str, Any]]:
    yield from queryset.filter(seq__isnull=False).order_by("seq").values(*ROW_FIELDS).iterator(chunk_size=2000)


def iter_unsealed(queryset: Any) -> Iterator[dict[str, Any]]:
    yield from queryset.filter(seq__isnull=True).order_by("id").values(*ROW_FIELDS).iterator(chunk_size=2000)
