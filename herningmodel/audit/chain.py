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


@dataclass(frozen=True)
class Anchor:
    """A chain head recorded outside the database (a checkpoint): row ``seq`` had ``hash`` and
    the chain held ``count`` rows up to it. ``label`` names the checkpoint in messages."""

    seq: int
    hash: str
    count: int
    label: str


def first_break(
    rows: Iterable[tuple[dict[str, Any], str, str, int]],
    head: tuple[int, str],
    anchors: Iterable[Anchor] = (),
) -> Break | None:
    """Walk (fields, prev_hash, hash, row id) in sequence order; return the first thing wrong.

    A row fails if its hash does not match its content, if it does not point at the row
    before it, if a sequence number is missing, or if its id is not its sequence number (the
    id is the one column the hash does not cover). The stored head catches deletion of the
    last rows by someone who forgot the head; the anchors (checkpoints kept outside the
    database) catch what someone who also rewrote the head can do: cut the newest rows, delete
    every row, or rewrite the chain and recompute every hash after the change.
    """
    by_seq = {anchor.seq: anchor for anchor in anchors}
    expected_prev = GENESIS
    expected_seq = 1
    for fields, prev_hash, stored_hash, row_id in rows:
        seq = fields["seq"]
        if seq != expected_seq:
            return Break(expected_seq, "missing row (deleted, or its sequence number changed)")
        if row_id != seq:
            return Break(seq, f"its id was changed to {row_id} (a row's id is its sequence number)")
        if prev_hash != expected_prev:
            return Break(seq, "does not follow the previous row (rows reordered or removed)")
        if event_hash(prev_hash, fields) != stored_hash:
            return Break(seq, "content does not match its hash (a column was edited)")
        anchor = by_seq.get(seq)
        if anchor is not None and (anchor.hash != stored_hash or anchor.count != seq):
            return Break(
                seq,
                f"differs from the checkpoint of {anchor.label}: the chain up to this row "
                "was rewritten and its hashes recomputed",
            )
        expected_prev = stored_hash
        expected_seq += 1
    last = expected_seq - 1
    newest = max(by_seq.values(), key=lambda a: a.seq, default=None)
    if newest is not None and newest.seq > last:
        if last == 0:
            return Break(
                1,
                f"every row was deleted: the checkpoint of {newest.label} recorded "
                f"{newest.count} rows",
            )
        return Break(
            last + 1,
            f"the newest rows were deleted: the chain ends at row {last}, the checkpoint of "
            f"{newest.label} recorded {newest.count} rows",
        )
    last_seq, last_hash = head
    if last_seq != last or (last_seq and last_hash != expected_prev):
        return Break(expected_seq, "rows missing at the end of the chain")
    return None
