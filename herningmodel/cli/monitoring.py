"""Indicators and the committee report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from herningmodel.cli.base import app, setup


def _board(period: str, district: list[str], age: str, indicator: str = "") -> object:
    from django.utils import timezone

    from herningmodel.monitoring import board, indicators
    from herningmodel.monitoring.scope import ScopeError, build_scope

    try:
        scope = build_scope(period, districts=district, age=age, today=timezone.localdate())
        if indicator:
            indicators.get(indicator)
    except ScopeError as exc:
        typer.secho(exc.message, fg="red", err=True)
        raise typer.Exit(2) from exc
    # The command line is an export: always with disclosure control.
    found = board.board(scope, costs=True, suppressed=True)
    if indicator:
        found.results = {indicator: found.results[indicator]}
    return found


@app.command()
def indicators(
    period: Annotated[str, typer.Option(help="2025, 2025Q3 or 2025-07.")] = "",
    fmt: Annotated[str, typer.Option("--format", help="json")] = "json",
    indicator: Annotated[str, typer.Option(help="Only this indicator id.")] = "",
    district: Annotated[list[str] | None, typer.Option(help="District id (repeatable).")] = None,
    age: Annotated[str, typer.Option(help="0-5, 6-11 or 12-17.")] = "",
    docs: Annotated[bool, typer.Option("--docs", help="Print docs/indicators.md.")] = False,
) -> None:
    """Print every indicator for a period (suppressed as in every export), or their docs."""
    setup()
    if docs:
        from herningmodel.monitoring import docs as indicator_docs

        typer.echo(indicator_docs.render(), nl=False)
        return
    if not period:
        typer.secho("Give --period (2025, 2025Q3 or 2025-07).", fg="red", err=True)
        raise typer.Exit(2)
    if fmt != "json":
        typer.secho("Only --format json is supported.", fg="red", err=True)
        raise typer.Exit(2)
    from herningmodel.monitoring import reports

    typer.echo(reports.to_json(_board(period, district or [], age, indicator)))  # type: ignore[arg-type]


@app.command()
def report(
    period: Annotated[str, typer.Option(help="2025, 2025Q3 or 2025-07.")],
    out: Annotated[Path, typer.Option(help="The file to write.")],
    fmt: Annotated[str, typer.Option("--format", help="pdf, xlsx or json.")] = "pdf",
    district: Annotated[list[str] | None, typer.Option(help="District id (repeatable).")] = None,
    age: Annotated[str, typer.Option(help="0-5, 6-11 or 12-17.")] = "",
) -> None:
    """Write the committee report (PDF), the Excel workbook or JSON of all indicators."""
    setup()
    from herningmodel.monitoring import reports

    if fmt not in reports.CONTENT_TYPES:
        typer.secho(f"Unknown format {fmt!r}: use pdf, xlsx or json.", fg="red", err=True)
        raise typer.Exit(2)
    body, _type = reports.render(_board(period, district or [], age), fmt)  # type: ignore[arg-type]
    out.write_bytes(body)
    typer.echo(f"Wrote {out}.")
