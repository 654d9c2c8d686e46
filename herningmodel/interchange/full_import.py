"""Importing a complete set of files — a full export, or a migration's extracts — in one go.

The files are named after their kind (``cases.csv`` or ``cases.xlsx``) in a folder or a zip
file (one file per kind: ``cases.csv`` beside ``cases.xlsx``, or two ``cases.csv`` in different
folders of a zip, is refused, naming them); ``catalogue.xlsx`` (intervention types,
providers, prices) comes first, then every kind in ``importing.ORDER``, so each file finds
the rows it names. All of it is one transaction: if any file has an error, nothing of any
file is written, and the results say which file.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from herningmodel.access.policy import User
from herningmodel.interchange import archives, bulk, importing
from herningmodel.interchange.full_export import CATALOGUE
from herningmodel.interchange.pipeline import Progress
from herningmodel.interchange.tables import RowError
from herningmodel.staircase import catalogue_io
from herningmodel.staircase.catalogue_rows import ImportFailed as CatalogueFailed


@dataclass
class Outcome:
    results: list[importing.Result]

    @property
    def ok(self) -> bool:
        return bool(self.results) and not any(r.errors for r in self.results)


def _files(folder: Path) -> tuple[dict[str, Path], list[RowError]]:
    """Each kind's file by kind, and an error for every kind given by more than one file."""
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in (".csv", ".xlsx") and path.name != CATALOGUE:
            found.setdefault(path.stem, []).append(path)
    errors = [
        RowError(
            ", ".join(p.name for p in paths),
            0,
            "",
            "",
            _("Several files for the kind %(kind)s; give one.") % {"kind": kind},
        )
        for kind, paths in found.items()
        if len(paths) > 1
    ]
    return {kind: paths[0] for kind, paths in found.items()}, errors


def import_all(
    source: Path | str,
    *,
    actor: User | None,
    dry_run: bool = False,
    origin: str = "",
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> Outcome:
    """Import every kind's file found in the folder or zip; ``today`` dates the cost ledger."""
    source = Path(source)
    if source.is_dir():
        return _import_folder(source, actor, dry_run, origin, progress, today)
    with tempfile.TemporaryDirectory() as folder:
        try:
            with zipfile.ZipFile(source) as archive:
                errors = archives.unpack(archive, Path(folder), source.name)
        except (zipfile.BadZipFile, OSError):
            errors = [
                RowError(source.name, 0, "", "", _("Give a folder or a zip file of the files."))
            ]
        if errors:
            result = importing.Result("all", source.name)
            result.errors = errors
            return Outcome([result])
        return _import_folder(Path(folder), actor, dry_run, origin, progress, today)


def _import_folder(
    folder: Path,
    actor: User | None,
    dry_run: bool,
    origin: str,
    progress: Progress | None,
    today: dt.date | None,
) -> Outcome:
    files, several = _files(folder)
    unknown = sorted(set(files) - set(importing.KINDS))
    outcome = Outcome([])
    if several:
        result = importing.Result("all", folder.name)
        result.errors = several
        outcome.results.append(result)
        return outcome
    if unknown:
        result = importing.Result("all", folder.name)
        result.errors = [
            RowError(
                f"{name}{files[name].suffix}",
                0,
                "",
                "",
                _("No import kind has this name; the kinds are: %(kinds)s.")
                % {"kinds": ", ".join(importing.ORDER)},
            )
            for name in unknown
        ]
        outcome.results.append(result)
        return outcome
    with transaction.atomic():
        catalogue = folder / CATALOGUE
        if catalogue.exists():
            result = importing.Result("catalogue", CATALOGUE)
            try:
                report = catalogue_io.import_catalogue(catalogue, actor=actor, source=origin)
                result.lines = list(report.lines())
            except CatalogueFailed as exc:
                result.errors = [
                    RowError(CATALOGUE, e.row, e.column, "", f"{e.sheet}: {e.message}")
                    for e in exc.errors
                ]
            outcome.results.append(result)
        for kind in importing.ORDER:
            if kind not in files or any(r.errors for r in outcome.results):
                continue
            outcome.results.append(
                importing.run(
                    kind, files[kind], actor=actor, source=origin, progress=progress, today=today
                )
            )
        if dry_run or not outcome.ok:
            transaction.set_rollback(True)
        else:
            bulk.refresh_planner_statistics()
    return outcome
