"""Liveness and readiness: what a load balancer and the monitoring ask before sending traffic.

Every check answers with a name, ok/not ok and a short reason that names no person and no
number from the data, because /readyz is answered without authentication.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return Check("database", False, f"unreachable ({type(exc).__name__})")
    return Check("database", True, "reachable")


def migrations() -> Check:
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return Check("migrations", False, f"cannot be read ({type(exc).__name__})")
    if pending:
        return Check("migrations", False, f"{len(pending)} not applied")
    return Check("migrations", True, "all applied")


NO_CHECKPOINT = "no checkpoint written yet"


def checkpoint_file() -> Path | None:
    """The audit checkpoint file, if this installation has checkpoints (branch auditread)."""
    configured = getattr(settings, "HERNINGMODEL_AUDIT_CHECKPOINT_FILE", None)
    return Path(configured) if configured else None


def last_checkpoint_at(path: Path) -> dt.datetime | None:
    """The time of the newest readable checkpoint line (a line a crash cut short is skipped)."""
    if not path.exists():
        return None
    for line in reversed(path.read_text(encoding="utf-8").splitlines()):
        try:
            at = dt.datetime.fromisoformat(str(json.loads(line)["at"]))
        except (ValueError, TypeError, KeyError):
            continue
        return at if timezone.is_aware(at) else timezone.make_aware(at, dt.UTC)
    return None


def audit_checkpoint(now: dt.datetime | None = None) -> Check | None:
    """Fresh when the last checkpoint is younger than HERNINGMODEL_CHECKPOINT_MAX_AGE_HOURS.

    None when checkpoints are not part of this installation (the setting does not exist)."""
    path = checkpoint_file()
    if path is None:
        return None
    at = last_checkpoint_at(path)
    if at is None:
        # A new installation has none until its first audit event; refusing traffic until then
        # would mean never getting one. `herningmodel check` warns about it instead.
        return Check("audit_checkpoint", True, NO_CHECKPOINT)
    max_age = dt.timedelta(hours=settings.HERNINGMODEL_CHECKPOINT_MAX_AGE_HOURS)
    age = (now or timezone.now()) - at
    hours = int(age.total_seconds() // 3600)
    if age > max_age:
        return Check("audit_checkpoint", False, f"last checkpoint {hours} h old")
    return Check("audit_checkpoint", True, f"last checkpoint {hours} h old")


def readiness() -> list[Check]:
    """Database first: when it is down, the other checks cannot be answered and say so."""
    checks = [database()]
    if checks[0].ok:
        checks.append(migrations())
    checkpoint = audit_checkpoint()
    if checkpoint is not None:
        checks.append(checkpoint)
    # There is no background job worker in Herningmodel yet (jobs run in the request or from
    # the `herningmodel` command, e.g. `retention run` from a systemd timer), so there is no
    # heartbeat to check; this reports that plainly instead of pretending.
    checks.append(Check("job_worker", True, "none in this version"))
    return checks
