"""Backups, restores and the retention job (docs/deployment.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from herningmodel.cli.base import app, setup

retention_app = typer.Typer(
    help="Retention periods, erasure and legal holds.", no_args_is_help=True
)
app.add_typer(retention_app, name="retention")


def _refuse(message: str) -> typer.Exit:
    typer.secho(message, fg="red", err=True)
    return typer.Exit(1)


@app.command()
def backup(
    out: Annotated[Path, typer.Option("--out", help="A new, empty directory for this backup.")],
) -> None:
    """Back up the database (online), the audit checkpoints and a manifest with checksums."""
    setup()
    from herningmodel.operations.backup import BackupRefused, write_backup

    try:
        manifest = write_backup(out)
    except BackupRefused as exc:
        raise _refuse(str(exc)) from exc
    rows = sum(manifest["row_counts"].values())
    typer.echo(f"Backed up {rows} rows and {len(manifest['files'])} files into {out}.")


@app.command()
def restore(
    directory: Annotated[Path, typer.Argument(help="A directory written by `backup`.")],
) -> None:
    """Restore a backup into an empty database; refuse another version or a bad checksum."""
    setup()
    from herningmodel.operations.backup import BackupRefused
    from herningmodel.operations.backup import restore as restore_backup

    try:
        restored = restore_backup(directory)
    except BackupRefused as exc:
        raise _refuse(str(exc)) from exc
    expected = restored.manifest["row_counts"]
    differ = sorted(t for t, n in expected.items() if restored.row_counts.get(t) != n)
    if differ:
        raise _refuse(f"Restored, but row counts differ from the manifest: {', '.join(differ)}.")
    typer.echo(f"Restored {sum(expected.values())} rows; row counts match the manifest.")


@retention_app.command("run")
def retention_run(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what is due; change nothing.")
    ] = False,
) -> None:
    """Anonymise or erase what is past its retention period (never an open case or a hold)."""
    setup()
    from django.conf import settings
    from django.utils import timezone

    from herningmodel.operations import erasure

    outcome = erasure.run(
        timezone.localdate(), settings.HERNINGMODEL_RETENTION_MONTHS, dry_run=dry_run
    )
    summary = outcome.plan.summary()
    for kind, count in summary["due"].items():  # type: ignore[attr-defined]
        cut = summary["cutoffs"][kind]  # type: ignore[index]
        typer.echo(f"{kind:<24} due: {count:>6}   (dated before {cut})")
    typer.echo(f"kept under a legal hold: {summary['kept_on_hold']}")
    if dry_run:
        typer.echo("Dry run: nothing was changed.")
    else:
        typer.echo(f"Anonymised or erased {outcome.done} records (each one audited).")


@retention_app.command("hold")
def retention_hold(
    child: Annotated[int, typer.Argument(help="The child's number.")],
    by: Annotated[str, typer.Option("--by", help="The DPO's user name.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the data must be kept.")],
) -> None:
    """Place a legal hold: the child's data is kept past every retention period."""
    setup()
    _hold(child, by, reason)


@retention_app.command("release")
def retention_release(
    child: Annotated[int, typer.Argument(help="The child's number.")],
    by: Annotated[str, typer.Option("--by", help="The DPO's user name.")],
) -> None:
    """Lift a child's legal hold."""
    setup()
    _hold(child, by, None)


def _hold(child: int, by: str, reason: str | None) -> None:
    from django.contrib.auth import get_user_model

    from herningmodel.operations import holds

    actor = get_user_model().objects.filter(username=by).first()
    if actor is None:
        raise _refuse(f"No user named {by!r}.")
    try:
        if reason is None:
            holds.lift_hold(child, actor=actor)
            typer.echo(f"Legal hold on child {child} lifted.")
        else:
            holds.place_hold(child, reason=reason, actor=actor)
            typer.echo(f"Legal hold placed on child {child}.")
    except holds.HoldRefused as exc:
        raise _refuse(str(exc)) from exc


def report_operations(production: bool) -> None:
    """Part of `herningmodel check`: warnings (not failures) about backups, retention and the
    audit checkpoints; in production only, where the timers are expected to run."""
    if not production:
        return
    from herningmodel.operations import status

    found = status.warnings()
    for warning in found:
        typer.secho(f"Warning: {warning}", fg="yellow", err=True)
    if not found:
        typer.echo("Backups, retention and audit checkpoints are recent.")
