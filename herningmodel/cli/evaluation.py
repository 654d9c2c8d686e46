"""Evaluation: difference-in-differences on any CSV and the research extract."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer

from herningmodel.cli.base import app, setup

evaluate_app = typer.Typer(help="Evaluation of the model's effects.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")


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
        setup()
    # A researcher's tool, like its help and text output: the estimator's names, warnings and
    # errors in English in every format, whatever the site's language (without Django set up,
    # for text and JSON, they are the English source texts anyway).
    with english():
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


def english() -> contextlib.AbstractContextManager[None]:
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
    setup()
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
