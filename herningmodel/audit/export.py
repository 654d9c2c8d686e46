"""The CSV export of an audit search: one writer for the audit page's download and
``POST /api/audit/export``, so both neutralise spreadsheet formulas alike and both record the
export (an EXPORT event with the criteria) the same way. The caller checks ``audit.view``."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.utils import timezone

from herningmodel.access.policy import User
from herningmodel.audit import search, services
from herningmodel.audit.models import EventType

HEADER = ["seq", "time", "actor", "event", "child_id", "person_id", "object", "source", "changes"]
FILENAME = "audit.csv"
CONTENT_TYPE = "text/csv; charset=utf-8"


def neutralise_formula(text: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection)."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(criteria: search.Criteria) -> Iterator[str]:
    """The header and one line per matching event, the newest first, read in chunks so a long
    export streams instead of loading the whole trail."""
    writer = csv.writer(_Echo())
    yield writer.writerow(HEADER)
    for e in search.events(criteria).iterator(chunk_size=2000):
        yield writer.writerow(
            [
                e.seq,
                timezone.localtime(e.at).isoformat(),
                neutralise_formula(e.actor_label),
                e.event_type,
                e.child_id or "",
                e.person_id or "",
                f"{e.object_type}:{e.object_id}" if e.object_type else "",
                neutralise_formula(e.source),
                neutralise_formula(str(e.changes)),
            ]
        )


def export(criteria: search.Criteria, *, actor: User, source: str) -> Iterator[str]:
    """Record the export with its criteria, then the CSV lines: who took the trail out of the
    system is itself in the trail, before a single line leaves."""
    services.record(EventType.EXPORT, actor=actor, source=source, changes=criteria.as_changes())
    return csv_lines(criteria)
