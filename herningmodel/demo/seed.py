"""Loading the demo municipality: checks, the generator run, its one audit event, the log-ins.

Idempotent: a second run leaves a loaded demo as it is (``reset=True`` replaces it). It refuses
to touch a database that holds a real (non-demo) municipality.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils import timezone

from herningmodel import validation
from herningmodel.audit import checkpoints
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.demo import generator
from herningmodel.demo.generator.params import BadDemoInput
from herningmodel.demo.generator.writer import DEMO_PASSWORD, Progress
from herningmodel.demo.reset import remove_demo
from herningmodel.interchange.bulk import refresh_planner_statistics
from herningmodel.organisation.models import Municipality, StaffMember

__all__ = ["DEMO_PASSWORD", "BadDemoInput", "DemoLogin", "DemoRefused", "load", "logins"]


class DemoRefused(Exception):
    """The database holds real data; the demo never overwrites it."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    teams: str


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def load(
    today: dt.date | None = None,
    *,
    size: str = "default",
    seed: int = 1,
    start_year: int | None = None,
    reset: bool = False,
    progress: Progress = _quiet,
) -> list[DemoLogin]:
    """Generate the demo unless one is loaded; BadDemoInput/DemoRefused before any write."""
    today = today or timezone.localdate()
    params = generator.params_for(size, seed=seed, start_year=start_year, today=today)
    existing = Municipality.objects.first()
    if existing is not None and not existing.is_demo:
        raise DemoRefused(
            f"The database holds the municipality {existing.name!r}, which is not a demo. "
            "The demo never overwrites real data: point DATABASE_URL elsewhere."
        )
    if existing is not None:
        if not reset:
            return logins()
        remove_demo()
    else:
        # A demo loaded into a new database (the old one deleted): its empty chain is not a
        # truncation of the old one's, so the checkpoints start a new, visible series.
        checkpoints.restart_if_behind("demo loaded into a new database")
    # The models' date rules (a child's plausible birth and expected dates) as on the demo's
    # day, so a demo generated for a past day validates as it did on that day.
    with validation.as_of(today):
        result = generator.generate(
            params, validate="all" if size == "small" else "sample", progress=progress
        )
    refresh_planner_statistics()
    audit.record(
        EventType.CREATE,
        actor=None,
        actor_label="demo generator",
        obj=Municipality.objects.get(),
        source="cli:demo",
        changes={
            "generated": {
                "size": size,
                "seed": seed,
                "start": params.start.isoformat(),
                "today": today.isoformat(),
                "rows": result.rows,
                "ledger_entries": result.ledger_entries,
                "seconds": round(result.seconds, 1),
            },
            "note": "One event for the whole generated history (docs/demo-data.md).",
        },
    )
    return logins()


def logins() -> list[DemoLogin]:
    """The demo users that can log in (generated colleagues have no usable password)."""
    result = []
    staff = (
        StaffMember.objects.filter(is_demo_account=True, user__is_active=True)
        .exclude(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .select_related("user")
        .prefetch_related("memberships__team")
    )
    for member in staff:
        teams = ", ".join(m.team.name for m in member.memberships.all())
        result.append(DemoLogin(member.user.get_username(), member.get_role_display(), teams))
    return sorted(result, key=lambda d: d.username)
