"""One entry point for every import KIND, used by the command line (and later the upload page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import Workbook

from herningmodel.access.policy import User
from herningmodel.audit.views import neutralise_formula
from herningmodel.interchange import (
    children_import,
    kinds_casework,
    kinds_coordination,
    kinds_economics,
    kinds_figures,
    kinds_organisation,
    kinds_oversight,
    kinds_people,
    kinds_plans,
    kinds_progress,
    kinds_staircase,
)
from herningmodel.interchange.pipeline import ImportFailed, Kind, Progress, Report, import_kind
from herningmodel.interchange.tables import Detection, RowError

Importer = Callable[..., Report]

# Every kind, in the order a complete set of files must be imported (each names rows of the
# kinds before it). The catalogue (types, providers, prices) comes before the episodes.
GENERIC: tuple[Kind, ...] = (
    kinds_organisation.DISTRICTS,
    kinds_organisation.AREA_TEAMS,
    kinds_organisation.STAFF,
    kinds_organisation.MEMBERSHIPS,
    kinds_organisation.TRAINING,
    kinds_figures.POPULATION,
    kinds_figures.BUDGETS,
    kinds_people.HOUSEHOLDS,
    kinds_people.PERSONS,
)
AFTER_CHILDREN: tuple[Kind, ...] = (
    kinds_people.RELATIONS,
    kinds_casework.CASES,
    kinds_casework.HANDOVERS,
    kinds_casework.NOTIFICATIONS,
    kinds_casework.ASSESSMENTS,
    kinds_plans.CHILD_TALKS,
    kinds_casework.DECISIONS,
    kinds_plans.NETWORK_MEETINGS,
    kinds_plans.MEETING_ATTENDEES,
    kinds_casework.PLANS,
    kinds_plans.GOALS,
    kinds_plans.TASKS,
    kinds_casework.FOLLOW_UPS,
    kinds_staircase.EPISODES,
    kinds_staircase.PAYMENTS,
    kinds_progress.MEASUREMENTS,
    *kinds_coordination.KINDS,
    *kinds_economics.KINDS,
    *kinds_oversight.KINDS,
)
KIND_OBJECTS: dict[str, Kind] = {k.name: k for k in (*GENERIC, *AFTER_CHILDREN)}


def _importer(kind: Kind) -> Importer:
    def run(path: Path | str, **options: object) -> Report:
        return import_kind(kind, path, **options)  # type: ignore[arg-type]

    return run


KINDS: dict[str, Importer] = {
    **{k.name: _importer(k) for k in GENERIC},
    "children": children_import.import_children,
    **{k.name: _importer(k) for k in AFTER_CHILDREN},
}
# The order the full export writes and a complete import reads the files in.
ORDER: tuple[str, ...] = tuple(KINDS)


class UnknownKind(ValueError):
    def __init__(self, kind: str) -> None:
        super().__init__(
            _("Unknown import kind %(kind)r; known kinds: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )


@dataclass
class Result:
    kind: str
    file: str
    lines: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # What was read and counted, for the API's report (the page and the CLI show ``lines``).
    detection: Detection | None = None
    report: Report | None = None


def run(
    kind: str,
    path: Path | str,
    *,
    actor: User | None,
    dry_run: bool = False,
    source: str = "",
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> Result:
    importer = KINDS.get(kind)
    if importer is None:
        raise UnknownKind(kind)
    result = Result(kind, Path(path).name)
    try:
        report = importer(
            path, actor=actor, dry_run=dry_run, source=source, progress=progress, today=today
        )
    except ImportFailed as exc:
        result.errors = exc.errors
        result.detection = exc.detection
        if exc.detection is not None:
            result.lines.append(
                _("Read %(file)s: %(detected)s.")
                % {"file": result.file, "detected": exc.detection.describe()}
            )
        return result
    result.lines = report.lines()
    result.detection = report.detection
    result.report = report
    return result


def write_report(path: Path | str, result: Result) -> None:
    """The result as a workbook: a summary sheet and one row per error (formulas neutralised)."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "summary"
    summary.append([_("kind"), result.kind])
    summary.append([_("file"), neutralise_formula(result.file)])
    for line in result.lines:
        summary.append([neutralise_formula(line)])
    summary.append([_("errors"), len(result.errors)])
    errors = book.create_sheet("errors")
    errors.append(["file", "row", "column", "value", "message"])
    for e in result.errors:
        errors.append(
            [
                neutralise_formula(e.file),
                e.row,
                neutralise_formula(e.column),
                neutralise_formula(e.value),
                neutralise_formula(e.message),
            ]
        )
    errors.freeze_panes = "A2"
    book.save(path)
