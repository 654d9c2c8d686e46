"""The business case."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from herningmodel.cli.base import app, setup


@app.command()
def businesscase(
    scenario: Annotated[Path, typer.Argument(help="The scenario file (TOML).")],
    out: Annotated[Path, typer.Option(help="The file to write.")],
    fmt: Annotated[str, typer.Option("--format", help="json, xlsx or pdf.")] = "json",
) -> None:
    """Run a business-case scenario (docs/business-case.md) and write JSON, Excel or PDF."""
    setup()
    from herningmodel.economics import reports
    from herningmodel.economics.model import InputError
    from herningmodel.economics.scenario import parse

    if fmt not in reports.CONTENT_TYPES:
        typer.secho(f"Unknown format {fmt!r}: use json, xlsx or pdf.", fg="red", err=True)
        raise typer.Exit(2)
    try:
        text = scenario.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.secho(f"Cannot read {scenario}: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc
    try:
        analysis = reports.analyse(parse(text))
    except InputError as exc:
        typer.secho(f"{scenario}: {exc}", fg="red", err=True)
        raise typer.Exit(1) from exc
    out.write_bytes(reports.render(analysis, fmt))
    summary = analysis.summary
    typer.echo(
        f"Wrote {out}. NPV {summary.npv:,.0f} kr; break-even year "
        f"{summary.break_even_year or 'never'}."
    )
    if analysis.cut is not None:  # the file's [cut] table (docs/business-case.md)
        typer.echo(
            f"Budget cut: saves {analysis.cut.short_run_saving:,.0f} kr in its first year; "
            f"cut net negative from year {analysis.cut.net_negative_year or 'never'}."
        )
