"""The research extract: child-level, pseudonymised, with a generated data dictionary.

Who: the permission ``research.extract`` belongs to no role. A user gets it only as a member
of the group ``RESEARCH_GROUP``, which an administrator fills after the DPO has approved the
study (a group, not a role, because approval is per person and per study and ends with it).
Every extract is an audit event (EXPORT) naming the actor, the purpose and what was written.

Pseudonyms are HMAC-SHA256 of the child's internal id under a key made for the extract (or
given, to link a follow-up extract to an earlier one): stable within an extract, unlinkable
across extracts with different keys. The key is not written into the extract. Birth dates and
episode dates are coarsened to year and month; no names, CPR numbers, addresses or free text
(justifications, notes) leave the system.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from herningmodel.access.policy import Perm, User, role_of
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.staircase.models import Episode

RESEARCH_GROUP = "Research extract (DPO-approved)"
PERMISSION = Perm.RESEARCH_EXTRACT

#: (column, type, meaning): the data dictionary is generated from this, so it cannot drift.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("child", "text (64 hex)", "Pseudonym of the child: HMAC-SHA256 under this extract's key."),
    ("birth_month", "YYYY-MM", "The child's birth year and month (empty if unborn/unknown)."),
    ("district", "text", "School district of the intervention."),
    ("district_status", "pilot | control", "The district's status in the evaluation."),
    ("district_model_start", "YYYY-MM", "Month the district started working by the model."),
    ("step", "1–6", "Step on the staircase (1 least, 6 most intrusive)."),
    ("intervention_type", "code", "Code of the intervention type in the catalogue."),
    ("start_month", "YYYY-MM", "Month the intervention started."),
    ("end_month", "YYYY-MM", "Month it ended (empty if ongoing)."),
    ("end_reason", "code", "Why it ended (empty if ongoing)."),
)


class ExtractRefused(PermissionError):
    pass


@dataclass(frozen=True)
class Extract:
    csv: str
    dictionary: str
    rows: int
    children: int


def may_extract(user: User) -> bool:
    if role_of(user) is None or user.pk is None:
        return False
    return Group.objects.filter(name=RESEARCH_GROUP, user__pk=user.pk).exists()


def pseudonym(key: bytes, child_id: int) -> str:
    return hmac.new(key, str(child_id).encode(), hashlib.sha256).hexdigest()


def _month(day: object) -> str:
    return "" if day is None else f"{day:%Y-%m}"


def dictionary() -> str:
    lines = [
        "# Data dictionary: Herningmodel research extract",
        "",
        "One row per intervention episode. Pseudonymised: no names, CPR numbers or free text; "
        "dates coarsened to year and month.",
        "",
        "| Column | Type | Meaning |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {kind} | {meaning} |" for name, kind, meaning in COLUMNS]
    return "\n".join(lines) + "\n"


def research_extract(*, actor: User, purpose: str, key: bytes | None = None) -> Extract:
    """Write the extract and its audit event together; refuse users without the grant."""
    if not may_extract(actor):
        raise ExtractRefused("Only users approved by the DPO for research extracts.")
    if not purpose.strip():
        raise ValueError("Give the approved study's purpose.")
    key = key or secrets.token_bytes(32)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _kind, _meaning in COLUMNS])
    children: set[int] = set()
    rows = 0
    episodes = (
        Episode.objects.select_related("child", "district", "step", "intervention_type")
        .order_by("child_id", "start", "pk")
        .iterator(chunk_size=2000)
    )
    for e in episodes:
        children.add(e.child_id)
        rows += 1
        writer.writerow(
            [
                pseudonym(key, e.child_id),
                _month(e.child.birth_date),
                e.district.name,
                e.district.model_status,
                _month(e.district.model_start),
                e.step.number,
                e.intervention_type.code,
                _month(e.start),
                _month(e.end),
                e.end_reason or "",
            ]
        )
    with transaction.atomic():
        audit.record(
            EventType.EXPORT,
            actor=actor,
            source="research extract",
            changes={
                "purpose": purpose[:500],
                "rows": rows,
                "children": len(children),
                "columns": [name for name, _kind, _meaning in COLUMNS],
            },
        )
    return Extract(out.getvalue(), dictionary(), rows, len(children))
