"""One entry point for every import KIND, used by the command line (and later the upload page)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import Workbook

from herningmodel.access.policy import User
from herningmodel.audit.views import neutralise_formula
from herningmodel.interchange import children_import
from herningmodel.interchange.children_import import Progress
from herningmodel.interchange.csvfiles import RowError

Importer = Callable[..., children_import.Report]
KINDS: dict[str, Importer] = {"children": children_import.import_children}


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


def run(
    kind: str,
    path: Path | str,
    *,
    actor: User | None,
    dry_run: bool = False,
    source: str = "",
    progress: Progress | None = None,
) -> Result:
    importer = KINDS.get(kind)
    if importer is None:
        raise UnknownKind(kind)
    result = Result(kind, Path(path).name)
    try:
        report = importer(path, actor=actor, dry_run=dry_run, source=source, progress=progress)
    except children_import.ImportFailed as exc:
        result.errors = exc.errors
        if exc.detection is not None:
            result.lines.append(
                _("Read %(file)s: %(detected)s.")
                % {"file": result.file, "detected": exc.detection.describe()}
            )
        return result
    result.lines = report.lines()
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
