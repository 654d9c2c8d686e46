"""Checkpoints of the audit chain's head, kept outside the database.

The hash chain proves that no row was changed *if* the verifier knows where the chain should
end. Someone who can write the database can cut the newest rows and move the stored head back,
or delete every row and the head, and the chain alone still verifies. So the head (sequence
number, row count, head hash, time) is appended at least daily, after every export and at every
``herningmodel audit verify`` to a file the database cannot write, one signed line each, and
verification checks the chain against every checkpoint since the last restart.

Each line is JSON; ``mac`` is an HMAC-SHA256 over the rest of the line with a key kept outside
the database (``HERNINGMODEL_AUDIT_CHECKPOINT_KEY``, or a 0600 key file under ``var/``), and
``prev`` is the previous line's ``mac``, so a line edited, inserted, removed or reordered in
the middle of the file is detected. Lines are only ever appended. Optionally every line is
also sent to syslog, where a file-system attacker cannot take it back.

Format and threat model: docs/access-and-audit.md.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import hmac
import json
import logging
import logging.handlers
import os
import secrets
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from herningmodel.audit.chain import GENESIS, Anchor
from herningmodel.audit.models import AuditEvent, ChainHead

logger = logging.getLogger("herningmodel.audit")

VERSION = 1
CHECKPOINT = "checkpoint"
RESTART = "restart"
#: How much of the file's end is read to find the last line when appending.
_TAIL_BYTES = 64 * 1024


class CheckpointProblem(Exception):
    """The checkpoint file cannot be trusted: a line was altered, or the key is gone."""


@dataclass(frozen=True)
class Checkpoint:
    kind: str
    seq: int
    count: int
    head: str
    at: str
    reason: str
    line: int

    @property
    def label(self) -> str:
        return f"{self.at} ({self.reason}, line {self.line})"


def checkpoint_file() -> Path:
    return Path(settings.HERNINGMODEL_AUDIT_CHECKPOINT_FILE)


def _key_file() -> Path:
    return Path(settings.HERNINGMODEL_AUDIT_CHECKPOINT_KEY_FILE)


def _key(*, create: bool) -> bytes:
    """The signing key: the environment's, else the key file (made 0600 on the first write)."""
    configured: str = settings.HERNINGMODEL_AUDIT_CHECKPOINT_KEY
    if configured:
        return configured.encode()
    path = _key_file()
    if not path.exists():
        if not create:
            raise CheckpointProblem(
                f"the checkpoint file exists but its key {path} is missing: the checkpoints "
                "cannot be checked (was the key deleted, or moved to the environment?)"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def key_warnings() -> list[str]:
    """What weakens the checkpoints without breaking them: a key file others can read."""
    path = _key_file()
    if settings.HERNINGMODEL_AUDIT_CHECKPOINT_KEY or not path.exists():
        return []
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        return [f"the checkpoint key {path} is readable by others (mode {mode:o}): chmod 600 it"]
    return []


def _sign(key: bytes, record: dict[str, Any]) -> str:
    body = json.dumps(record, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def _parse(raw: str) -> dict[str, Any] | None:
    try:
        record = json.loads(raw)
    except ValueError:
        return None
    return record if isinstance(record, dict) and "mac" in record else None


def read() -> list[Checkpoint]:
    """Every checkpoint in the file, each line's signature and link to the line before checked.

    A line that is not JSON at all is skipped with a warning: it is what a write cut short by
    a crash leaves, and the next line links past it. Removing it is no more than truncating
    the file, which only the copies sent to syslog can reveal."""
    path = checkpoint_file()
    if not path.exists():
        if _key_file().exists() and not settings.HERNINGMODEL_AUDIT_CHECKPOINT_KEY:
            raise CheckpointProblem(
                f"the checkpoint file {path} is missing but its key exists: the file was "
                "deleted or moved"
            )
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not any(line.strip() for line in lines):
        return []
    key = _key(create=False)
    found: list[Checkpoint] = []
    prev = ""
    for number, raw in enumerate(lines, start=1):
        record = _parse(raw)
        if record is None:
            logger.warning("Audit checkpoint file %s: line %d is incomplete; skipped", path, number)
            continue
        mac = record.pop("mac")
        if not hmac.compare_digest(str(mac), _sign(key, record)):
            raise CheckpointProblem(
                f"checkpoint line {number}'s signature does not match: the line was edited "
                "or signed with another key"
            )
        if record.get("prev") != prev:
            raise CheckpointProblem(
                f"checkpoint line {number} does not follow the line before it: checkpoint "
                "lines were removed, inserted or reordered"
            )
        prev = str(mac)
        found.append(
            Checkpoint(
                kind=str(record["kind"]),
                seq=int(record["seq"]),
                count=int(record["count"]),
                head=str(record["head"]),
                at=str(record["at"]),
                reason=str(record["reason"]),
                line=number,
            )
        )
    return found


def current() -> list[Checkpoint]:
    """The checkpoints since the last restart (the restart itself included)."""
    found = read()
    starts = [i for i, checkpoint in enumerate(found) if checkpoint.kind == RESTART]
    return found[starts[-1] :] if starts else found


def anchors() -> list[Anchor]:
    """The current checkpoints as anchors for ``chain.first_break``."""
    return [
        Anchor(seq=c.seq, hash=c.head, count=c.count, label=c.label) for c in current() if c.seq > 0
    ]


def _head() -> tuple[int, int, str]:
    with transaction.atomic():
        head = ChainHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first()
        seq, digest = head or (0, GENESIS)
        count = AuditEvent.objects.filter(seq__lte=seq).count()
    return seq, count, digest


def _last_mac(handle: Any) -> str:
    """The ``mac`` of the file's last complete line ("" for an empty file)."""
    size = handle.seek(0, os.SEEK_END)
    handle.seek(max(0, size - _TAIL_BYTES))
    tail = handle.read().decode("utf-8", errors="replace").splitlines()
    if size > _TAIL_BYTES:
        tail = tail[1:]  # the first line of the tail may be cut
    for raw in reversed(tail):
        record = _parse(raw)
        if record is not None:
            return str(record["mac"])
    return ""


def write(reason: str, *, kind: str = CHECKPOINT) -> Checkpoint:
    """Append one signed checkpoint of the chain's current head (and send it to syslog)."""
    seq, count, digest = _head()
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = _key(create=True)
    at = timezone.now().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "r+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
        size = handle.seek(0, os.SEEK_END)
        if size:
            handle.seek(size - 1)
            if handle.read(1) != b"\n":
                handle.write(b"\n")  # end a line a crash cut short; reading skips it
        record: dict[str, Any] = {
            "v": VERSION,
            "kind": kind,
            "seq": seq,
            "count": count,
            "head": digest,
            "at": at,
            "reason": reason[:200],
            "prev": _last_mac(handle),
        }
        record["mac"] = _sign(key, record)
        line = json.dumps(record, sort_keys=True, separators=(",", ":"))
        handle.write(line.encode() + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    _last_written[path] = time.time()
    try:
        _to_syslog(line)
    except OSError:
        logger.exception("The audit checkpoint could not be sent to syslog")
    lines = path.read_bytes().count(b"\n")
    return Checkpoint(kind, seq, count, digest, at, record["reason"], lines)


def restart(reason: str) -> Checkpoint:
    """Start a new series of checkpoints from the database's chain as it is now.

    For a database that was legitimately recreated or restored from a backup: the earlier
    checkpoints stay in the file (and in syslog), but verification no longer holds the chain
    to them. The restart is itself a signed line, so it is as visible as any checkpoint."""
    return write(reason, kind=RESTART)


def restart_if_behind(reason: str) -> Checkpoint | None:
    """A restart if the database's chain is behind the newest checkpoint (a new database)."""
    newest = max((c.seq for c in current()), default=0)
    seq, _count, _digest = _head()
    return restart(reason) if newest > seq else None


# When each checkpoint file was last written by this process: ``due`` must cost nothing on the
# hot path of every audit event, so the file is read once per process.
_last_written: dict[Path, float] = {}


def due() -> bool:
    """Whether the newest checkpoint is older than the interval (daily by default)."""
    path = checkpoint_file()
    last = _last_written.get(path)
    if last is None:
        last = path.stat().st_mtime if path.exists() else 0.0
        _last_written[path] = last
    return time.time() - last >= settings.HERNINGMODEL_AUDIT_CHECKPOINT_HOURS * 3600


def write_after_commit(reason: str) -> None:
    """``write`` for an on-commit hook: the request that triggered it has already succeeded, so
    a checkpoint that cannot be written is logged loudly rather than raised."""
    _last_written[checkpoint_file()] = time.time()  # one attempt per interval, not per event
    try:
        write(reason)
    except (OSError, CheckpointProblem):
        logger.exception("The audit checkpoint (%s) could not be written", reason)


def _to_syslog(line: str) -> None:
    address: str = settings.HERNINGMODEL_AUDIT_CHECKPOINT_SYSLOG
    if not address:
        return
    target: str | tuple[str, int]
    if address.startswith("/"):
        target = address
    else:
        host, _, port = address.rpartition(":")
        target = (host or "localhost", int(port))
    handler = logging.handlers.SysLogHandler(
        address=target,
        facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV,
        socktype=socket.SOCK_DGRAM,
    )
    try:
        record = logging.LogRecord(
            "herningmodel.audit.checkpoint", logging.INFO, __file__, 0, "%s", (line,), None
        )
        handler.ident = "herningmodel-audit: "
        handler.emit(record)
    finally:
        handler.close()
