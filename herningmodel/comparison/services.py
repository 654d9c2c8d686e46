"""Importing other municipalities' aggregate exports: every file checked, then one transaction.

Like the data imports, it is all or nothing: if any file is refused (tampered, wrong format
version, not an export, unsuppressed small cells) or two files claim the same municipality and
period, nothing is written. A file already imported (same municipality, period and hash) changes
nothing; a newer export for the same municipality and period replaces the older one. The import
is audited with each file's municipality, period, hash and outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.comparison.files import AggregateFile, BenchmarkFileError, read
from herningmodel.comparison.models import ImportedAggregates, ImportedFigure
from herningmodel.comparison.periods import length_of


@dataclass
class ImportReport:
    """What was read and what it did; ``errors`` non-empty means nothing was written."""

    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[BenchmarkFileError] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)  # file name → imported/unchanged/…


def _describe(f: AggregateFile) -> str:
    c = f.content
    return _(
        "%(file)s: %(name)s (%(code)s), period %(period)s (%(start)s to %(end)s), "
        "format version %(version)d, SHA-256 %(hash)s…"
    ) % {
        "file": f.name,
        "name": c.municipality.name,
        "code": c.municipality.code,
        "period": c.period,
        "start": c.start.isoformat(),
        "end": c.end.isoformat(),
        "version": c.version,
        "hash": f.sha256[:12],
    }


def _period_notes(files: Sequence[AggregateFile]) -> list[str]:
    """Warn when the files mix years, quarters and months: they do not compare like with like."""
    by_length: dict[str, set[str]] = {}
    for f in files:
        by_length.setdefault(length_of(f.content.start, f.content.end), set()).add(f.content.period)
    stored = ImportedAggregates.objects.values_list("start", "end", "period")
    for start, end, period in stored:
        by_length.setdefault(length_of(start, end), set()).add(period)
    if len(by_length) < 2:
        return []
    parts = "; ".join(f"{kind}: {', '.join(sorted(p))}" for kind, p in sorted(by_length.items()))
    return [
        _(
            "The periods have different lengths (%(parts)s). Compare a year with a year: "
            "the comparison shows each period as its own column."
        )
        % {"parts": parts}
    ]


def read_all(named: Sequence[tuple[str, bytes]]) -> tuple[list[AggregateFile], ImportReport]:
    report = ImportReport()
    files: list[AggregateFile] = []
    seen: dict[tuple[str, str], str] = {}
    for name, data in named:
        try:
            f = read(name, data)
        except BenchmarkFileError as exc:
            report.errors.append(exc)
            continue
        if f.key in seen:
            report.errors.append(
                BenchmarkFileError(
                    name,
                    _("%(other)s holds the same municipality and period (%(code)s, %(period)s).")
                    % {"other": seen[f.key], "code": f.key[0], "period": f.key[1]},
                )
            )
            continue
        seen[f.key] = name
        files.append(f)
        report.lines.append(_describe(f))
    return files, report


def _figures(source: ImportedAggregates, f: AggregateFile) -> list[ImportedFigure]:
    figures = []
    for indicator in f.content.indicators:
        headline = f.headline(indicator)
        for row in indicator.rows:
            for column, cell in zip(indicator.columns, row.cells, strict=True):
                figures.append(
                    ImportedFigure(
                        source=source,
                        indicator=indicator.id,
                        unit=indicator.unit,
                        column=column,
                        headline=column == headline,
                        district=row.district,
                        kind=row.kind,
                        suppressed=cell.suppressed,
                        # A suppressed cell keeps no numbers (the model's constraint agrees).
                        value=None if cell.suppressed else cell.value,
                        numerator=None if cell.suppressed else cell.numerator,
                        denominator=None if cell.suppressed else cell.denominator,
                        children=None if cell.suppressed else cell.children,
                    )
                )
    return figures


def import_files(
    named: Sequence[tuple[str, bytes]], *, actor: User | None, source: str
) -> ImportReport:
    """Check every file, then store them all in one transaction (or nothing on any error)."""
    files, report = read_all(named)
    if report.errors:
        return report
    report.notes = _period_notes(files)
    label = actor.get_username() if actor is not None and actor.is_authenticated else "cli"
    with transaction.atomic():
        for f in files:
            c = f.content
            existing = ImportedAggregates.objects.filter(
                municipality_code=c.municipality.code, period=c.period
            ).first()
            if existing is not None and existing.sha256 == f.sha256:
                report.outcomes[f.name] = "unchanged"
                continue
            if existing is not None:
                existing.delete()
            stored = ImportedAggregates.objects.create(
                municipality_code=c.municipality.code,
                municipality_name=c.municipality.name,
                period=c.period,
                start=c.start,
                end=c.end,
                format_version=c.version,
                sha256=f.sha256,
                file_name=f.name[:255],
                imported_at=timezone.now(),
                imported_by=label,
            )
            ImportedFigure.objects.bulk_create(_figures(stored, f), batch_size=2000)
            report.outcomes[f.name] = "replaced" if existing is not None else "imported"
        audit.record(
            EventType.DATA_IMPORTED,
            actor=actor,
            actor_label=None if actor is not None else "cli",
            source=source,
            changes={
                "kind": "aggregates",
                "files": [
                    {
                        "file": f.name,
                        "municipality": f.content.municipality.code,
                        "period": f.content.period,
                        "sha256": f.sha256,
                        "outcome": report.outcomes[f.name],
                    }
                    for f in files
                ],
            },
        )
    return report
