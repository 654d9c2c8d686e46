"""The audit trail: verifying the chain and anchoring its head outside the database."""

from __future__ import annotations

from typing import Annotated

import typer

from herningmodel.cli.base import app, setup

audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


def verify_audit(reason: str = "verify") -> None:
    """Verify the chain against its checkpoints; if intact, write a checkpoint of it.

    A broken chain is never checkpointed: that would make the tampered state the new
    reference."""
    from herningmodel.audit import checkpoints, services

    broken = services.verify()
    if broken is not None:
        where = f"row {broken.seq}" if broken.seq else "its checkpoints"
        typer.secho(f"Audit chain broken at {where}: {broken.reason}", fg="red", err=True)
        raise typer.Exit(1)
    for warning in checkpoints.key_warnings():
        typer.secho(f"Warning: {warning}", fg="yellow", err=True)
    try:
        written = checkpoints.write(reason)
    except (OSError, checkpoints.CheckpointProblem) as exc:
        typer.secho(f"Audit chain intact, but no checkpoint was written: {exc}", fg="red", err=True)
        raise typer.Exit(1) from exc
    typer.echo(
        f"Audit chain intact: {written.count} rows, head {written.head[:16]}…; checkpoint "
        f"written to {checkpoints.checkpoint_file()}."
    )


@audit_app.command("verify")
def audit_verify() -> None:
    """Verify the audit trail's hash chain against its checkpoints, then checkpoint its head;
    exit 1 and name what is wrong (edited, reordered or deleted rows, a cut-off end)."""
    setup()
    verify_audit()


@audit_app.command("restart-checkpoints")
def audit_restart(
    reason: Annotated[str, typer.Option(help="Why: e.g. 'restored the backup of 2026-12-01'.")],
) -> None:
    """Start a new series of checkpoints from the chain as it is now, after the database was
    restored from a backup or recreated. The earlier checkpoints stay in the file."""
    setup()
    from herningmodel.audit import checkpoints, services

    if not reason.strip():
        typer.secho("Give a reason with --reason.", fg="red", err=True)
        raise typer.Exit(2)
    broken = services.verify()
    if broken is not None:
        typer.echo(f"The chain does not match the earlier checkpoints: {broken.reason}")
    written = checkpoints.restart(reason.strip())
    typer.echo(
        f"New checkpoint series from row {written.seq} ({written.count} rows), line "
        f"{written.line} of {checkpoints.checkpoint_file()}."
    )
