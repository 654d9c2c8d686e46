"""The disclosure-control self-audit (``docs/disclosure.md``)."""

from __future__ import annotations

from typing import Annotated

import typer

from herningmodel.cli.base import app, setup

disclosure_app = typer.Typer(
    help="Disclosure control of the published figures.", no_args_is_help=True
)
app.add_typer(disclosure_app, name="disclosure")


@disclosure_app.command("audit")
def audit(
    period: Annotated[str, typer.Option(help="2025, 2025Q3 or 2025-07.")],
) -> None:
    """Protect and audit everything published for a period; exit 1 on a breach.

    Prints what was checked: tables, cells, hidden cells, the sensitive hidden counts whose
    interval was computed, the narrowest interval, withheld tables and the audit's own time."""
    setup()
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from herningmodel.monitoring import attacker, publication
    from herningmodel.monitoring.scope import ScopeError, parse_period

    try:
        parsed = parse_period(period, today=timezone.localdate())
    except ScopeError as exc:
        typer.secho(exc.message, fg="red", err=True)
        raise typer.Exit(2) from exc
    found = publication.pattern_for(parsed, fresh=True).audit
    narrowest = "–" if found.narrowest is None else f"{found.narrowest:g} ({found.narrowest_at})"
    lines = [
        (_("Period"), found.period),
        (_("Tables"), str(found.tables)),
        (_("Cells"), str(found.cells)),
        (_("Hidden cells"), str(found.hidden)),
        (_("Hidden counts of 1–4 audited"), str(found.sensitive)),
        (_("Narrowest interval"), narrowest),
        (_("Protection level"), f"{attacker.PROTECTION:g}"),
        (_("Withheld tables"), ", ".join(found.withheld) or "–"),
        (_("Rounds"), str(found.rounds)),
        (_("Computing the tables"), f"{found.compute_seconds:.3f} s"),
        (_("Protection and audit"), f"{found.seconds:.3f} s"),
    ]
    for label, value in lines:
        typer.echo(f"{label}: {value}")
    if not found.passed:
        typer.secho(
            _("Breach: %(n)d hidden counts can be narrowed below the protection level.")
            % {"n": len(found.breaches)},
            fg="red",
            err=True,
        )
        for breach in found.breaches:
            typer.echo(f"  {breach}", err=True)
        raise typer.Exit(1)
    typer.echo(
        _("Passed: every hidden count of 1–4 has an interval at least the protection level wide.")
    )
