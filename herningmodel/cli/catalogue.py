"""The intervention catalogue and price list as Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from herningmodel.cli.base import app, setup

catalogue_app = typer.Typer(
    help="The intervention catalogue and price list as Excel.", no_args_is_help=True
)
app.add_typer(catalogue_app, name="catalogue")


@catalogue_app.command("export")
def catalogue_export(
    file: Annotated[Path, typer.Argument(help="The .xlsx file to write.")],
) -> None:
    """Write the catalogue (sheets types, providers) and the price list (sheet prices)."""
    setup()
    from herningmodel.staircase import catalogue_io

    catalogue_io.export_catalogue(file)
    typer.echo(f"Wrote {file}.")


@catalogue_app.command("import")
def catalogue_import(
    file: Annotated[Path, typer.Argument(help="The .xlsx file to read.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report what would change; write nothing.")
    ] = False,
) -> None:
    """Check every row, then import (nothing is written if any row has an error)."""
    setup()
    from herningmodel.staircase import catalogue_io

    try:
        report = catalogue_io.import_catalogue(
            file, actor=None, dry_run=dry_run, source="cli:catalogue import"
        )
    except catalogue_io.ImportFailed as exc:
        for error in exc.errors:
            typer.secho(str(error), fg="red", err=True)
        typer.secho(f"{len(exc.errors)} errors; nothing was imported.", fg="red", err=True)
        raise typer.Exit(1) from exc
    for line in report.lines():
        typer.echo(line)
    typer.echo("Dry run: nothing was written." if dry_run else "Imported.")
