"""National comparison: other municipalities' aggregate exports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from herningmodel.cli.base import app, setup

benchmark_app = typer.Typer(
    help="National comparison: other municipalities' aggregate exports.", no_args_is_help=True
)
app.add_typer(benchmark_app, name="benchmark")


@benchmark_app.command("import")
def benchmark_import(
    files: Annotated[
        list[Path], typer.Argument(help="Aggregate exports (.json) of 'herningmodel export'.")
    ],
) -> None:
    """Verify each file's content hash and format, then store them all (or nothing)."""
    setup()
    from herningmodel.comparison import services as comparison

    named = []
    for file in files:
        try:
            named.append((file.name, file.read_bytes()))
        except OSError as exc:
            typer.secho(f"{file}: cannot be read ({exc.strerror}).", fg="red", err=True)
            raise typer.Exit(2) from exc
    result = comparison.import_files(named, actor=None, source="cli:benchmark import")
    for line in result.lines:
        typer.echo(line)
    if result.errors:
        for error in result.errors:
            typer.secho(str(error), fg="red", err=True)
        typer.secho(
            f"{len(result.errors)} files refused; nothing was imported.", fg="red", err=True
        )
        raise typer.Exit(1)
    for name, outcome in result.outcomes.items():
        typer.echo(f"{name}: {outcome}")
    for note in result.notes:
        typer.secho(note, fg="yellow")
    typer.echo("Imported; see /comparison/.")


@benchmark_app.command("demo-files")
def benchmark_demo_files(
    out: Annotated[Path, typer.Argument(help="Directory to write the .json exports into.")],
    period: Annotated[
        list[str] | None, typer.Option(help="Periods to export (default: the last two years).")
    ] = None,
    count: Annotated[int, typer.Option(min=1, max=3, help="How many municipalities.")] = 3,
) -> None:
    """Write aggregate exports of fictitious municipalities (each a small demo, rolled back)."""
    setup()
    from django.utils import timezone

    from herningmodel.comparison import fictitious
    from herningmodel.demo.seed import DemoRefused
    from herningmodel.monitoring.scope import ScopeError

    today = timezone.localdate()
    periods = period or [str(today.year - 2), str(today.year - 1)]
    try:
        paths = fictitious.write_files(out, periods=periods, today=today, count=count)
    except (DemoRefused, ScopeError) as exc:
        typer.secho(str(getattr(exc, "message", exc)), fg="red", err=True)
        raise typer.Exit(2) from exc
    for path in paths:
        typer.echo(f"Wrote {path}.")
