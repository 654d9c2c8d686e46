"""The hash of an audit event: pure, so that writing and verifying can never disagree."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> Any:
    """JSON-native form, so a value hashes the same before and after a database round trip."""
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def event_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    payload = json.dumps(
        {"prev": prev_hash, **canonical(dict(fields))}, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def hashed_fields(
    *,
    seq: int,
    at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    event_type: str,
    child_id: int | None,
    person_id: int | None,
    object_type: str,
    object_id: str,
    source: str,
    changes: Mapping[str, Any],
) -> dict[str, Any]:
    return {
        "seq": seq,
        "at": at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "event_type": event_type,
        "child_id": child_id,
        "person_id": person_id,
        "object_type": object_type,
        "object_id": object_id,
        "source": source,
        "changes": changes,
    }


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def first_break(
    rows: Iterable[tuple[dict[str, Any], str, str]], head: tuple[int, str]
) -> Break | None:
    """Walk (fields, prev_hash, hash) in sequence order; return the first row that fails.

    A row fails if its hash does not match its content, if it does not point at the row
    before it, or if a sequence number is missing. The head catches deletion of the last rows.
    """
    expected_prev = GENESIS
    expected_seq = 1
    for fields, prev_hash, stored_hash in rows:
        seq = fields["seq"]
        if seq != expected_seq:
            return Break(expected_seq, "missing row")
        if prev_hash != expected_prev:
            return Break(seq, "does not follow the previous row")
        if event_hash(prev_hash, fields) != stored_hash:
            return Break(seq, "content does not match its hash")
        expected_prev = stored_hash
        expected_seq += 1
    last_seq, last_hash = head
    if last_seq != expected_seq - 1 or (last_seq and last_hash != expected_prev):
        return Break(expected_seq, "rows missing at the end of the chain")
    return None
