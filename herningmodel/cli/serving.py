"""Demo, serving and the system check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from herningmodel.cli.audit_trail import verify_audit
from herningmodel.cli.base import app, progress, run_gunicorn, setup
from herningmodel.cli.operations import report_operations


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
    setup("demo")
    from django.core.management import call_command
    from django.utils import timezone

    from herningmodel.demo import seed as demo_seed
    from herningmodel.demo.generator import params_for

    try:
        # Check the arguments before anything (even the migration) touches the database.
        params_for(size, seed=seed, start_year=start_year, today=timezone.localdate())
        call_command("migrate", verbosity=0, interactive=False)
        with progress() as report_progress:
            logins = demo_seed.load(
                size=size, seed=seed, start_year=start_year, reset=reset, progress=report_progress
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
        run_gunicorn(host, port, workers=2)


@app.command("demo-report")
def demo_report(
    write: Annotated[
        Path | None, typer.Option(help="Also write the table into this Markdown file.")
    ] = None,
) -> None:
    """Print each calibration target of the demo data next to the value the data produces."""
    setup()
    from herningmodel.demo.generator import calibration

    table = calibration.markdown()
    typer.echo(table)
    if write is not None:
        calibration.write_into(write, table)
        typer.echo(f"Wrote the table into {write}.")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 3) -> None:
    """Serve Herningmodel with gunicorn (set HERNINGMODEL_MODE=production in production)."""
    setup()
    run_gunicorn(host, port, workers)


@app.command()
def check() -> None:
    """System checks (--deploy in production), migrations, single sign-on (configured? issuer,
    provider and group mapping right?), audit chain; in production also warns when the
    backup, the retention job or the audit checkpoint is not recent."""
    setup()
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
    check_sso()
    verify_audit("check")
    report_operations(settings.PRODUCTION)


def check_sso() -> None:
    from herningmodel.access.sso import readiness

    sso = readiness.report()
    typer.echo(sso.summary)
    for problem in sso.problems:
        typer.secho(problem, fg="red", err=True)
    if sso.problems:
        raise typer.Exit(1)
