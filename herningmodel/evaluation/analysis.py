"""Which estimator a request means, decided once for the command line, the page and the PDF.

Pure. `--treated/--post` without a unit is the classic 2×2 on pooled cross-sections; with a
unit it is two-way fixed effects (treatment = treated × post; periods from `time`, else
`post`); `--first-treated/--time` is the staggered-adoption estimator with its event study.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from herningmodel.evaluation import did, staggered
from herningmodel.evaluation.results import (
    Estimate,
    EvaluationInputError,
    EventStudy,
    binary_column,
    gettext,
)


@dataclass(frozen=True)
class Analysis:
    outcome: str
    estimate: Estimate
    event_study: EventStudy | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"outcome": self.outcome, **self.estimate.to_dict()}
        if self.event_study is not None:
            data["event_study"] = self.event_study.to_dict()
        return data


def run(
    frame: pd.DataFrame,
    *,
    outcome: str,
    treated: str | None = None,
    post: str | None = None,
    first_treated: str | None = None,
    time: str | None = None,
    unit: str | None = None,
    covariates: Sequence[str] = (),
    se: str | None = None,
    cluster: str | None = None,
    bootstrap: int = 0,
    seed: int = 0,
    control: str = "not_yet_treated",
) -> Analysis:
    if first_treated:
        if treated or post:
            raise EvaluationInputError(
                gettext("Give either --treated/--post or --first-treated/--time.")
            )
        if not (time and unit):
            raise EvaluationInputError(gettext("--first-treated needs --time and --unit."))
        if covariates:
            raise EvaluationInputError(
                gettext(
                    "Covariates are not supported with --first-treated (unconditional parallel "
                    "trends only)."
                )
            )
        if se not in (None, "cluster") or (cluster and cluster != unit) or bootstrap:
            raise EvaluationInputError(
                gettext("With --first-treated the standard errors are always clustered by unit.")
            )
        result = staggered.callaway_santanna(
            frame,
            outcome=outcome,
            unit=unit,
            time=time,
            first_treated=first_treated,
            control=control,
        )
        return Analysis(outcome, result.overall, result.event_study)
    if not (treated and post):
        raise EvaluationInputError(
            gettext("Give --treated and --post, or --first-treated and --time.")
        )
    if unit is None:
        if bootstrap:
            raise EvaluationInputError(gettext("The wild cluster bootstrap needs --unit."))
        estimate = did.did_2x2(
            frame,
            outcome=outcome,
            treated=treated,
            post=post,
            covariates=covariates,
            se=se or ("cluster" if cluster else "robust"),
            cluster=cluster,
        )
        return Analysis(outcome, estimate)
    did_frame = frame.copy()
    for column in (treated, post):
        if column not in did_frame.columns:
            raise EvaluationInputError(
                gettext("Missing column: %(missing)s.") % {"missing": column}
            )
    did_frame["__treatment"] = binary_column(did_frame, treated, what="treated") * binary_column(
        did_frame, post, what="post"
    )
    estimate = did.twfe(
        did_frame,
        outcome=outcome,
        unit=unit,
        time=time or post,
        treatment="__treatment",
        covariates=covariates,
        se=se or "cluster",
        cluster=cluster,
        bootstrap=bootstrap,
        seed=seed,
    )
    return Analysis(outcome, estimate)


def summary_lines(analysis: Analysis) -> list[str]:
    """The command line's plain-text result; its labels are English, as is the whole
    `evaluate did` command (the estimator's texts too: see `herningmodel.cli`)."""
    e = analysis.estimate
    level = round(e.confidence * 100)
    lines = [
        f"Outcome:   {analysis.outcome}",
        f"Estimator: {e.estimator}",
        f"SE type:   {e.se_type}",
        f"Estimate:  {e.estimate:.6g}",
        f"SE:        {e.se:.6g}",
        f"{level}% CI:    [{e.ci_low:.6g}, {e.ci_high:.6g}]",
        f"p-value:   {e.p_value:.4g}",
        f"n:         {e.n}" + (f" ({e.n_clusters} clusters)" if e.n_clusters else ""),
    ]
    if analysis.event_study is not None:
        s = analysis.event_study
        lines.append(
            f"Pre-trend test: Wald = {s.pretrend_wald:.4g}, df = {s.pretrend_df}, "
            f"p = {s.pretrend_p:.4g}"
        )
    lines += [f"Warning:   {w}" for w in e.warnings]
    return lines
