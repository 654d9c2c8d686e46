"""The `herningmodel` command. These command names are a public interface: keep them stable.

herningmodel demo [--size S] [--seed N] [--start-year Y] [--reset] [--no-serve]
                                   generate/load the demo and serve it
herningmodel demo-report [--write FILE]   calibration targets against the demo's values
herningmodel serve                 serve with gunicorn
herningmodel check                 system checks, pending migrations, audit chain
herningmodel audit verify          verify the audit hash chain (exit 1 on a break)
herningmodel token create --user NAME
herningmodel token revoke PREFIX
herningmodel catalogue export FILE.xlsx
herningmodel catalogue import FILE.xlsx [--dry-run]
herningmodel indicators --period P [--format json|table] [--indicator ID] | --docs
herningmodel report --period P --format pdf|xlsx|json --out FILE
herningmodel businesscase SCENARIO.toml --format json|xlsx|pdf --out FILE
herningmodel evaluate did --csv FILE --outcome COL
        (--treated COL --post COL | --first-treated COL --time COL) [--unit COL] [--covariates A,B]
        [--se classical|robust|cluster] [--cluster COL] [--bootstrap N] [--format text|json|pdf]
        [--out FILE]
herningmodel evaluate extract --user NAME --purpose TEXT --out DIR   (DPO-approved users only)
herningmodel import KIND FILE [--dry-run] [--report out.xlsx]
herningmodel export aggregates --period P --out FILE.json|FILE.csv
herningmodel import all DIR|FILE.zip [--dry-run]    every kind's file, in dependency order
herningmodel export full --out DIR|FILE.zip         every kind, in the formats import reads
herningmodel benchmark import AGG_FILE.json...   other municipalities' aggregate exports
herningmodel benchmark demo-files DIR [--period P]... [--count N]   fictitious ones
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Herningmodel: case work and monitoring for the Herning model.", no_args_is_help=True
)
audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)
token_app = typer.Typer(help="Personal API tokens.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")
app.add_typer(token_app, name="token")
catalogue_app = typer.Typer(
    help="The intervention catalogue and price list as Excel.", no_args_is_help=True
)
app.add_typer(catalogue_app, name="catalogue")
evaluate_app = typer.Typer(help="Evaluation of the model's effects.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")
export_app = typer.Typer(help="Exports for other systems and comparison.", no_args_is_help=True)
app.add_typer(export_app, name="export")
benchmark_app = typer.Typer(
    help="National comparison: other municipalities' aggregate exports.", no_args_is_help=True
)
app.add_typer(benchmark_app, name="benchmark")


def _setup(mode: str | None = None) -> None:
    if mode is not None:
        os.environ["HERNINGMODEL_MODE"] = mode
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herningmodel.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        typer.secho(f"Configuration error: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc


def _gunicorn(host: str, port: int, workers: int) -> None:
    args = [sys.executable, "-m", "gunicorn", "herningmodel.wsgi", "--bind", f"{host}:{port}"]
    args += ["--workers", str(workers), "--access-logfile", "-"]
    os.execv(sys.executable, args)  # noqa: S606 - replaces this process with the server


@app.command()
def demo(
    size: Annotated[
        str, typer.Option(help="small (tests), default (≈ Herning) or large (≈ Copenhagen).")
    ] = "default",
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same data.")] = 1,
    start_year: Annotated[
        int | None, typer.Option(help="First year of the history (default: 8 years ago).")
    ] = None,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Load the demo, do not serve.")
    ] = False,
    reset: Annotated[
        bool, typer.Option("--reset", help="Replace a loaded demo (never real data).")
    ] = False,
    host: str = "127.0.0.1",
    port: int = 8000,
) -> None:
    """Generate the demo municipality (SQLite in var/ unless DATABASE_URL is set) and serve it."""
    _setup("demo")
    from django.core.management import call_command
    from django.utils import timezone

    from herningmodel.demo import seed as demo_seed
    from herningmodel.demo.generator import params_for

    try:
        # Check the arguments before anything (even the migration) touches the database.
        params_for(size, seed=seed, start_year=start_year, today=timezone.localdate())
        call_command("migrate", verbosity=0, interactive=False)
        with _progress() as progress:
            logins = demo_seed.load(
                size=size, seed=seed, start_year=start_year, reset=reset, progress=progress
            )
    except (demo_seed.DemoRefused, demo_seed.BadDemoInput) as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(1) from exc
    typer.echo(
        f"Demo log-ins (all fictitious; password for every user: {demo_seed.DEMO_PASSWORD}):"
    )
    for login in logins:
        teams = f" – {login.teams}" if login.teams else ""
        typer.echo(f"  {login.username:<24} {login.role}{teams}")
    if not no_serve:
        typer.echo(f"Serving the demo on http://{host}:{port}/ (Ctrl+C stops it)")
        _gunicorn(host, port, workers=2)


@contextlib.contextmanager
def _progress(
    label: str = "demo", *, plain: bool = True
) -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar on a terminal; plain lines (one per stage) otherwise, or none."""
    if sys.stdout.isatty():
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("{task.description:<20}"), BarColumn(), TimeElapsedColumn()
        ) as bar:
            task = bar.add_task(label, total=1)

            def update(stage: str, done: int, total: int) -> None:
                bar.update(task, description=stage, completed=done, total=max(total, 1))

            yield update
        return

    def lines(stage: str, done: int, total: int) -> None:
        if plain:
            typer.echo(f"{label}: {stage} ({done}/{total})")

    yield lines


@app.command("demo-report")
def demo_report(
    write: Annotated[
        Path | None, typer.Option(help="Also write the table into this Markdown file.")
    ] = None,
) -> None:
    """Print each calibration target of the demo data next to the value the data produces."""
    _setup()
    from herningmodel.demo.generator import calibration

    table = calibration.markdown()
    typer.echo(table)
    if write is not None:
        calibration.write_into(write, table)
        typer.echo(f"Wrote the table into {write}.")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 3) -> None:
    """Serve Herningmodel with gunicorn (set HERNINGMODEL_MODE=production in production)."""
    _setup()
    _gunicorn(host, port, workers)


@app.command()
def check() -> None:
    """Run Django's system checks (with --deploy in production), pending migrations, audit chain."""
    _setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=settings.PRODUCTION, fail_level="WARNING")
        call_command("migrate", check=True, plan=True, verbosity=0)
    except SystemCheckError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(1) from exc
    except SystemExit as exc:
        typer.secho("There are unapplied migrations: run `manage.py migrate`.", fg="red", err=True)
        raise typer.Exit(1) from exc
    _verify_audit()


def _verify_audit() -> None:
    from herningmodel.audit import services

    broken = services.verify()
    if broken is not None:
        typer.secho(f"Audit chain broken at row {broken.seq}: {broken.reason}", fg="red", err=True)
        raise typer.Exit(1)
    typer.echo("Audit chain intact.")


@audit_app.command("verify")
def audit_verify() -> None:
    """Verify the audit trail's hash chain; exit 1 and name the first broken row."""
    _setup()
    _verify_audit()


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Option("--user", help="User name the token acts as.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "integration",
) -> None:
    """Create a personal API token; it is printed once and stored only as a hash."""
    _setup()
    from django.contrib.auth import get_user_model

    from herningmodel.access import tokens

    account = get_user_model().objects.filter(username=user).first()
    if account is None:
        typer.secho(f"No user named {user!r}.", fg="red", err=True)
        raise typer.Exit(1)
    try:
        _, raw = tokens.create_token(account, name, actor=account)
    except tokens.TokenNotAllowed as exc:
        typer.secho(f"The role of {user!r} does not use the API.", fg="red", err=True)
        raise typer.Exit(1) from exc
    typer.echo(raw)


@token_app.command("revoke")
def token_revoke(
    prefix: Annotated[str, typer.Argument(help="The token's first 10 characters.")],
) -> None:
    """Revoke a token by its prefix (as shown when it was created)."""
    _setup()
    from herningmodel.access import tokens
    from herningmodel.access.models import ApiToken

    found = list(ApiToken.objects.filter(prefix=prefix[:10], revoked_at__isnull=True))
    if len(found) != 1:
        typer.secho(
            f"{len(found)} active tokens match {prefix!r}; give a longer prefix.",
            fg="red",
            err=True,
        )
        raise typer.Exit(1)
    tokens.revoke_token(found[0], actor=None, source="cli:token revoke")
    typer.echo("Revoked.")


@catalogue_app.command("export")
def catalogue_export(
    file: Annotated[Path, typer.Argument(help="The .xlsx file to write.")],
) -> None:
    """Write the catalogue (sheets types, providers) and the price list (sheet prices)."""
    _setup()
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
    _setup()
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
    _setup()
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
    _setup()
    from herningmodel.monitoring import reports

    if fmt not in reports.CONTENT_TYPES:
        typer.secho(f"Unknown format {fmt!r}: use pdf, xlsx or json.", fg="red", err=True)
        raise typer.Exit(2)
    body, _type = reports.render(_board(period, district or [], age), fmt)  # type: ignore[arg-type]
    out.write_bytes(body)
    typer.echo(f"Wrote {out}.")


@app.command()
def businesscase(
    scenario: Annotated[Path, typer.Argument(help="The scenario file (TOML).")],
    out: Annotated[Path, typer.Option(help="The file to write.")],
    fmt: Annotated[str, typer.Option("--format", help="json, xlsx or pdf.")] = "json",
) -> None:
    """Run a business-case scenario (docs/business-case.md) and write JSON, Excel or PDF."""
    _setup()
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


@evaluate_app.command("did")
def evaluate_did(
    csv: Annotated[Path, typer.Option(help="The data: one row per observation.")],
    outcome: Annotated[str, typer.Option(help="The outcome column.")],
    treated: Annotated[str | None, typer.Option(help="0/1: in the treated group.")] = None,
    post: Annotated[str | None, typer.Option(help="0/1: after the start.")] = None,
    first_treated: Annotated[
        str | None, typer.Option(help="Period the unit adopted (0 or empty: never).")
    ] = None,
    time: Annotated[str | None, typer.Option(help="The period column.")] = None,
    unit: Annotated[str | None, typer.Option(help="The unit column (adds fixed effects).")] = None,
    covariates: Annotated[str, typer.Option(help="Comma-separated covariate columns.")] = "",
    se: Annotated[str | None, typer.Option(help="classical, robust or cluster.")] = None,
    cluster: Annotated[str | None, typer.Option(help="Cluster column.")] = None,
    bootstrap: Annotated[int, typer.Option(help="Wild cluster bootstrap draws (0: off).")] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap.")] = 0,
    fmt: Annotated[str, typer.Option("--format", help="text, json or pdf.")] = "text",
    out: Annotated[Path | None, typer.Option(help="The PDF file to write.")] = None,
) -> None:
    """Difference-in-differences on any CSV: estimate, SE, confidence interval, p-value and n."""
    if fmt not in ("text", "json", "pdf") or (fmt == "pdf" and out is None):
        typer.secho("Use --format text, json, or pdf with --out FILE.", fg="red", err=True)
        raise typer.Exit(2)
    if fmt == "pdf":
        _setup()
    # A researcher's tool, like its help and text output: the estimator's names, warnings and
    # errors in English in every format, whatever the site's language (without Django set up,
    # for text and JSON, they are the English source texts anyway).
    with _english():
        _evaluate_did(
            csv,
            outcome=outcome,
            treated=treated,
            post=post,
            first_treated=first_treated,
            time=time,
            unit=unit,
            covariates=covariates,
            se=se,
            cluster=cluster,
            bootstrap=bootstrap,
            seed=seed,
            fmt=fmt,
            out=out,
        )


def _english() -> contextlib.AbstractContextManager[None]:
    from django.conf import settings

    if not settings.configured:
        return contextlib.nullcontext()
    from django.utils import translation

    return translation.override("en")


def _evaluate_did(
    csv: Path,
    *,
    outcome: str,
    treated: str | None,
    post: str | None,
    first_treated: str | None,
    time: str | None,
    unit: str | None,
    covariates: str,
    se: str | None,
    cluster: str | None,
    bootstrap: int,
    seed: int,
    fmt: str,
    out: Path | None,
) -> None:
    import json

    import pandas as pd

    from herningmodel.evaluation import analysis
    from herningmodel.evaluation.results import EvaluationInputError

    try:
        frame = pd.read_csv(csv)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        typer.secho(f"Cannot read {csv}: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc
    try:
        result = analysis.run(
            frame,
            outcome=outcome,
            treated=treated,
            post=post,
            first_treated=first_treated,
            time=time,
            unit=unit,
            covariates=[c.strip() for c in covariates.split(",") if c.strip()],
            se=se,
            cluster=cluster,
            bootstrap=bootstrap,
            seed=seed,
        )
    except EvaluationInputError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from exc
    if fmt == "json":
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    for line in analysis.summary_lines(result):
        typer.echo(line)
    if fmt == "pdf":
        assert out is not None  # noqa: S101 - checked above, for mypy
        from herningmodel.evaluation import reports

        out.write_bytes(
            reports.to_pdf(reports.Report(title=f"Evaluation: {csv.name}", analyses=[result]))
        )
        typer.echo(f"Wrote {out}.")


@evaluate_app.command("extract")
def evaluate_extract(
    user: Annotated[str, typer.Option("--user", help="The DPO-approved user it is made for.")],
    purpose: Annotated[str, typer.Option(help="The approved study (kept in the audit trail).")],
    out: Annotated[Path, typer.Option(help="Directory for extract.csv and data-dictionary.md.")],
) -> None:
    """Pseudonymised child-level research extract with its data dictionary (audited)."""
    _setup()
    from django.contrib.auth import get_user_model

    from herningmodel.evaluation import extract

    found = get_user_model().objects.filter(username=user).first()
    if found is None:
        typer.secho(f"No user named {user!r}.", fg="red", err=True)
        raise typer.Exit(1)
    try:
        made = extract.research_extract(actor=found, purpose=purpose)
    except (extract.ExtractRefused, ValueError) as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(1) from exc
    out.mkdir(parents=True, exist_ok=True)
    (out / "extract.csv").write_text(made.csv, encoding="utf-8")
    (out / "data-dictionary.md").write_text(made.dictionary, encoding="utf-8")
    typer.echo(f"Wrote {made.rows} rows about {made.children} children to {out}.")


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
    _setup()
    from herningmodel.interchange import importing

    if kind == "all":
        _import_all(file, dry_run)
        return
    try:
        with _progress("import", plain=False) as progress:
            result = importing.run(
                kind,
                file,
                actor=None,
                dry_run=dry_run,
                source=f"cli:import {kind}",
                progress=progress,
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
        typer.secho(f"{len(result.errors)} errors; nothing was imported.", fg="red", err=True)
        raise typer.Exit(1)
    for line in result.lines:
        typer.echo(line)
    typer.echo("Dry run: nothing was written." if dry_run else "Imported.")


def _import_all(source: Path, dry_run: bool) -> None:
    from herningmodel.interchange import full_import

    with _progress("import", plain=False) as progress:
        outcome = full_import.import_all(
            source, actor=None, dry_run=dry_run, origin="cli:import all", progress=progress
        )
    for result in outcome.results:
        typer.echo(f"[{result.kind}]")
        for line in result.lines:
            typer.echo(f"  {line}")
        for error in result.errors:
            typer.secho(f"  {error}", fg="red", err=True)
    if not outcome.ok:
        typer.secho("Errors; nothing of any file was imported.", fg="red", err=True)
        raise typer.Exit(1)
    typer.echo("Dry run: nothing was written." if dry_run else "Imported.")


@export_app.command("full")
def export_full(
    out: Annotated[Path, typer.Option(help="A folder, or a file ending in .zip.")],
) -> None:
    """Every kind the importer reads, in its formats (migration, archiving); audited."""
    _setup()
    from herningmodel.interchange import full_export

    summary = full_export.export_full(out, actor=None, actor_label="cli", source="cli:export full")
    total = sum(summary.counts.values())
    typer.echo(f"Wrote {total} rows in {len(summary.counts)} files and the catalogue to {out}.")


@export_app.command("aggregates")
def export_aggregates(
    period: Annotated[str, typer.Option(help="2025, 2025Q3 or 2025-07.")],
    out: Annotated[Path, typer.Option(help="The file to write: .json or .csv.")],
) -> None:
    """Indicators by district for national comparison: suppressed, no personal data, hashed."""
    _setup()
    from django.utils import timezone

    from herningmodel.interchange import aggregates
    from herningmodel.monitoring.scope import ScopeError

    try:
        body = aggregates.export(period, out.suffix.lower(), today=timezone.localdate())
    except (ScopeError, aggregates.UnknownFormat) as exc:
        typer.secho(str(getattr(exc, "message", exc)), fg="red", err=True)
        raise typer.Exit(2) from exc
    out.write_bytes(body)
    typer.echo(f"Wrote {out}.")


@benchmark_app.command("import")
def benchmark_import(
    files: Annotated[
        list[Path], typer.Argument(help="Aggregate exports (.json) of 'herningmodel export'.")
    ],
) -> None:
    """Verify each file's content hash and format, then store them all (or nothing)."""
    _setup()
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
    _setup()
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


def main() -> None:
    app()
