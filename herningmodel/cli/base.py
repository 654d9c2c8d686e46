"""The root command and what every command group shares: Django set-up and progress."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator

import typer

app = typer.Typer(
    help="Herningmodel: case work and monitoring for the Herning model.", no_args_is_help=True
)


def setup(mode: str | None = None) -> None:
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


def run_gunicorn(host: str, port: int, workers: int) -> None:
    args = [sys.executable, "-m", "gunicorn", "herningmodel.wsgi", "--bind", f"{host}:{port}"]
    args += ["--workers", str(workers), "--access-logfile", "-"]
    from django.conf import settings

    # gunicorn believes X-Forwarded-Proto only from the TLS proxy, as Django does
    # (operations/proxy.py); the default would also trust any local process.
    args += ["--forwarded-allow-ips", ",".join(settings.HERNINGMODEL_TRUSTED_PROXIES)]
    os.execv(sys.executable, args)  # noqa: S606 - replaces this process with the server


@contextlib.contextmanager
def progress(
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
