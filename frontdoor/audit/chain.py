"""The audit log's hash chain (SEC-2): how an entry is hashed, and how the chain is checked.

An entry's hash is SHA-256 over a canonical JSON serialisation (sorted keys, no spaces,
ASCII) of its fields, its place in the chain and the previous entry's hash. The first
entry's previous hash is GENESIS. Changing any field of an entry, deleting one, or
inserting one breaks the chain where it happened; `verify` says where.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "at", "actor_id", "actor_label", "action", "object_type", "object_id", "reason", "detail")


def canonical_time(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical_detail(detail: Any) -> Any:
    """The detail as the database gives it back (JSON round trip: tuples become lists)."""
    return json.loads(json.dumps(detail))


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    payload = {name: fields[name] for name in HASHED_FIELDS}
    payload["at"] = canonical_time(payload["at"])
    payload["detail"] = canonical_detail(payload["detail"])
    payload["prev_hash"] = prev_hash
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Problem:
    seq: int | None
    entry_id: int | None
    kind: str  # "edited", "deleted", "inserted", "cut short"
    message: str


@dataclass
class Report:
    checked: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS
    problems: list[Problem] | None = None

    def __post_init__(self) -> None:
        self.problems = []

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(rows: Iterable[dict[str, Any]], head_seq: int, head_hash: str) -> Report:
    """Walk entries in chain order (each a dict of HASHED_FIELDS, id, prev_hash, hash)."""
    report = Report()
    problems = report.problems
    assert problems is not None  # noqa: S101 - set in __post_init__
    prev_seq, prev_hash, prev_id = 0, GENESIS, 0
    for row in rows:
        report.checked += 1
        seq, entry_id = row["seq"], row["id"]
        if entry_hash(row, row["prev_hash"]) != row["hash"]:
            problems.append(Problem(seq, entry_id, "edited",
                                    f"Entry {seq} (id {entry_id}) was changed after it was written: "
                                    "its contents do not match its hash."))  # fmt: skip
        if seq > prev_seq + 1:
            missing = f"{prev_seq + 1}" if seq == prev_seq + 2 else f"{prev_seq + 1} to {seq - 1}"
            text = f"Entries {missing} are missing (deleted) before entry {seq} (id {entry_id})."
            problems.append(Problem(seq, entry_id, "deleted", text))
        elif row["prev_hash"] != prev_hash:
            problems.append(Problem(seq, entry_id, "inserted",
                                    f"Entry {seq} (id {entry_id}) does not follow entry {prev_seq}: an entry was "
                                    "inserted, or the one before it replaced."))  # fmt: skip
        elif entry_id < prev_id:
            text = f"Entry {seq} (id {entry_id}) was stored out of order: it was inserted later."
            problems.append(Problem(seq, entry_id, "inserted", text))
        prev_seq, prev_hash, prev_id = seq, row["hash"], entry_id
    report.last_seq, report.last_hash = prev_seq, prev_hash
    if head_seq > prev_seq:
        missing = f"{prev_seq + 1}" if head_seq == prev_seq + 1 else f"{prev_seq + 1} to {head_seq}"
        problems.append(Problem(None, None, "cut short",
                                f"Entries {missing} are missing (deleted) at the end of the log."))  # fmt: skip
    elif head_seq < prev_seq or (head_seq and head_hash != prev_hash):
        problems.append(Problem(prev_seq, prev_id, "inserted",
                                f"The log ends at entry {prev_seq} but the chain head records entry {head_seq}: "
                                "entries were added outside Front Door."))  # fmt: skip
    return report


def iter_rows(queryset: Any) -> Iterator[dict[str, Any]]:
    fields = ("id", "prev_hash", "hash", *HASHED_FIELDS)
    yield from queryset.order_by("seq").values(*fields).iterator(chunk_size=2000)
