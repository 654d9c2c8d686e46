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
import datetime as dt
import hashlib
import hmac
import io
import secrets
import zipfile
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q

from herningmodel.access.policy import RESEARCH_GROUP, Perm, User, role_of
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.staircase.models import Episode

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


FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Extract:
    header: tuple[str, ...]
    records: list[list[object]]
    dictionary: str
    rows: int
    children: int

    @property
    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.header)
        writer.writerows(self.records)
        return out.getvalue()

    def xlsx(self) -> bytes:
        """The extract on one sheet and the data dictionary on another."""
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "extract"
        sheet.append(list(self.header))
        for record in self.records:
            sheet.append(record)
        sheet.freeze_panes = "A2"
        words = book.create_sheet("data dictionary")
        words.append(["column", "type", "meaning"])
        for name, kind, meaning in COLUMNS:
            if name in self.header:
                words.append([name, kind, meaning])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def archive(self, file_format: str) -> bytes:
        """A zip with the extract (CSV or Excel) and data-dictionary.md, as the page sends it."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
            if file_format == "xlsx":
                bundle.writestr("extract.xlsx", self.xlsx())
            else:
                bundle.writestr("extract.csv", self.csv)
            bundle.writestr("data-dictionary.md", self.dictionary)
        return out.getvalue()


def may_extract(user: User) -> bool:
    if role_of(user) is None or user.pk is None:
        return False
    return Group.objects.filter(name=RESEARCH_GROUP, user__pk=user.pk).exists()


def pseudonym(key: bytes, child_id: int) -> str:
    return hmac.new(key, str(child_id).encode(), hashlib.sha256).hexdigest()


def _month(day: object) -> str:
    return "" if day is None else f"{day:%Y-%m}"


def dictionary(
    columns: tuple[str, ...] | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> str:
    chosen = columns or tuple(name for name, _kind, _meaning in COLUMNS)
    lines = [
        "# Data dictionary: Herningmodel research extract",
        "",
        "One row per intervention episode. Pseudonymised: no names, CPR numbers or free text; "
        "dates coarsened to year and month.",
    ]
    if period is not None:
        lines += [
            "",
            f"Episodes running at some time from {period[0]:%Y-%m} to {period[1]:%Y-%m}.",
        ]
    lines += ["", "| Column | Type | Meaning |", "|---|---|---|"]
    lines += [
        f"| {name} | {kind} | {meaning} |" for name, kind, meaning in COLUMNS if name in chosen
    ]
    return "\n".join(lines) + "\n"


def research_extract(
    *,
    actor: User,
    purpose: str,
    key: bytes | None = None,
    columns: tuple[str, ...] | None = None,
    period: tuple[dt.date, dt.date] | None = None,
    file_format: str = "csv",
    source: str = "research extract",
) -> Extract:
    """Make the extract and write its audit event; refuse users without the grant.

    `columns` chooses among `COLUMNS` (all by default, in their order); `period` keeps the
    episodes running at some time between its two dates. The audit event records who, what
    (columns, period, format, purpose) and how many rows — never the key.
    """
    if not may_extract(actor):
        raise ExtractRefused("Only users approved by the DPO for research extracts.")
    if not purpose.strip():
        raise ValueError("Give the approved study's purpose.")
    known = [name for name, _kind, _meaning in COLUMNS]
    if columns is not None:
        unknown = sorted(set(columns) - set(known))
        if unknown or not columns:
            raise ValueError(f"Unknown or no columns: {', '.join(unknown) or '(none)'}.")
    if file_format not in FORMATS:
        raise ValueError(f"Unknown format {file_format!r}: use csv or xlsx.")
    header = tuple(name for name in known if columns is None or name in columns)
    positions = [known.index(name) for name in header]
    key = key or secrets.token_bytes(32)
    records: list[list[object]] = []
    children: set[int] = set()
    episodes = Episode.objects.select_related("child", "district", "step", "intervention_type")
    if period is not None:
        episodes = episodes.filter(start__lte=period[1]).filter(
            Q(end__isnull=True) | Q(end__gte=period[0])
        )
    for e in episodes.order_by("child_id", "start", "pk").iterator(chunk_size=2000):
        children.add(e.child_id)
        full: list[object] = [
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
        records.append([full[i] for i in positions])
    with transaction.atomic():
        audit.record(
            EventType.EXPORT,
            actor=actor,
            source=source,
            changes={
                "purpose": purpose[:500],
                "rows": len(records),
                "children": len(children),
                "columns": list(header),
                "period": None
                if period is None
                else [period[0].isoformat(), period[1].isoformat()],
                "format": file_format,
            },
        )
    return Extract(header, records, dictionary(header, period), len(records), len(children))
