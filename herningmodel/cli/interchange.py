"""Import and export of personal data and figures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from herningmodel.cli.base import app, progress, setup

export_app = typer.Typer(help="Exports for other systems and comparison.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@app.command("import")
def import_(
    kind: Annotated[
        str,
        typer.Argument(
            help="What the file holds: districts, area_teams, staff, memberships, population, "
            "budgets, children, cases, handovers, notifications, assessments, decisions, plans, "
            "follow_ups, episodes, payments, measurements, or another kind of "
            "docs/import-formats.md (family coordination, scenarios, supervision, handbook, "
            "training); or all (FILE is then a folder or zip of such files, e.g. a full export)."
        ),
    ],
    file: Annotated[Path, typer.Argument(help="The CSV or .xlsx file (docs/import-formats.md).")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report what would change; write nothing.")
    ] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="Also write the result/errors as .xlsx.")
    ] = None,
) -> None:
    """Check every row, then import (nothing is written if any row has an error)."""
    setup()
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from herningmodel.interchange import importing

    if kind == "all":
        _import_all(file, dry_run)
        return
    try:
        with progress("import", plain=False) as report_progress:
            result = importing.run(
                kind,
                file,
                actor=None,
                dry_run=dry_run,
                source=f"cli:import {kind}",
                progress=_translated(report_progress),
            )
    except importing.UnknownKind as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from exc
    if report is not None:
        importing.write_report(report, result)
    if result.errors:
        for line in result.lines:
            typer.echo(line)
        for error in result.errors:
            typer.secho(str(error), fg="red", err=True)
        count = len(result.errors)
        typer.secho(
            ngettext(
                "%(count)s error; nothing was imported.",
                "%(count)s errors; nothing was imported.",
                count,
            )
            % {"count": count},
            fg="red",
            err=True,
        )
        raise typer.Exit(1)
    for line in result.lines:
        typer.echo(line)
    typer.echo(_("Dry run: nothing was written.") if dry_run else _("Imported."))


def _translated(report: Callable[[str, int, int], None]) -> Callable[[str, int, int], None]:
    """The progress bar's stage names in the installation's language, as every other line."""
    from django.utils.translation import gettext as _

    names = {"checking": _("checking"), "writing": _("writing")}

    def update(stage: str, done: int, total: int) -> None:
        report(names.get(stage, stage), done, total)

    return update


def _import_all(source: Path, dry_run: bool) -> None:
    from django.utils.translation import gettext as _

    from herningmodel.interchange import full_import

    with progress("import", plain=False) as report_progress:
        outcome = full_import.import_all(
            source,
            actor=None,
            dry_run=dry_run,
            origin="cli:import all",
            progress=_translated(report_progress),
        )
    for result in outcome.results:
        typer.echo(f"[{result.kind}]")
        for line in result.lines:
            typer.echo(f"  {line}")
        for error in result.errors:
            typer.secho(f"  {error}", fg="red", err=True)
    if not outcome.ok:
        typer.secho(_("Errors; nothing of any file was imported."), fg="red", err=True)
        raise typer.Exit(1)
    typer.echo(_("Dry run: nothing was written.") if dry_run else _("Imported."))


@export_app.command("full")
def export_full(
    out: Annotated[Path, typer.Option(help="A folder, or a file ending in .zip.")],
) -> None:
    """Every kind the importer reads, in its formats (migration, archiving); audited."""
    setup()
    from django.utils.translation import gettext as _

    from herningmodel.interchange import full_export

    summary = full_export.export_full(out, actor=None, actor_label="cli", source="cli:export full")
    total = sum(summary.counts.values())
    typer.echo(
        _("Wrote %(rows)s rows in %(files)s files and the catalogue to %(target)s.")
        % {"rows": total, "files": len(summary.counts), "target": out}
    )


@export_app.command("aggregates")
def export_aggregates(
    period: Annotated[str, typer.Option(help="2025, 2025Q3 or 2025-07.")],
    out: Annotated[Path, typer.Option(help="The file to write: .json or .csv.")],
) -> None:
    """Indicators by district for national comparison: suppressed, no personal data, hashed."""
    setup()
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from herningmodel.interchange import aggregates
    from herningmodel.monitoring.scope import ScopeError

    try:
        body = aggregates.export(period, out.suffix.lower(), today=timezone.localdate())
    except (ScopeError, aggregates.UnknownFormat) as exc:
        typer.secho(str(getattr(exc, "message", exc)), fg="red", err=True)
        raise typer.Exit(2) from exc
    out.write_bytes(body)
    typer.echo(_("Wrote %(target)s.") % {"target": out})
