"""Difference-in-differences as regressions: the classic 2×2 and two-way fixed effects.

Pure (pandas, numpy, statsmodels; no Django), so the CLI runs it on any CSV and the tests can
compare it with statsmodels fitted directly. Staggered adoption, where a two-way fixed-effects
regression uses already-treated units as controls, is handled in `staggered.py`; `twfe` warns
when it sees staggered timing.

Inference: t-distributions throughout (with cluster-robust errors: G − 1 degrees of freedom, as
statsmodels does with `use_t=True`), because evaluations of a few districts are small.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import sparse

from herningmodel.evaluation.results import (
    SE_TYPES,
    Estimate,
    EvaluationInputError,
    binary_column,
    design_covariates,
    gettext,
    gettext_noop,
    ngettext,
    numeric_column,
    require_columns,
    small_cluster_warning,
)
from herningmodel.evaluation.staggered import callaway_santanna, event_study  # noqa: F401

#: Estimator names (English; shown translated by `gettext` when an estimate is made).
ESTIMATOR_2X2 = gettext_noop("2x2 difference-in-differences (OLS on pooled cross-sections)")
ESTIMATOR_TWFE = gettext_noop(
    "two-way fixed effects difference-in-differences (unit and period fixed effects)"
)
SE_NAMES = {
    "classical": gettext_noop("classical (homoskedastic)"),
    "robust": gettext_noop("robust (HC1)"),
    "cluster": gettext_noop("cluster-robust (CR1)"),
}
EFFECT = "treated:post"


def _fit(
    y: pd.Series, x: pd.DataFrame, se: str, groups: np.ndarray | None
) -> Any:  # statsmodels results object
    if se not in SE_TYPES:
        raise EvaluationInputError(
            gettext("Unknown standard-error type %(se)s: use %(choices)s.")
            % {"se": repr(se), "choices": ", ".join(SE_TYPES)}
        )
    model = sm.OLS(y, x)
    if se == "classical":
        return model.fit()
    if se == "robust":
        return model.fit(cov_type="HC1", use_t=True)
    return model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)


def _check_rank(x: pd.DataFrame, why: str) -> None:
    if np.linalg.matrix_rank(x.to_numpy()) < x.shape[1]:
        raise EvaluationInputError(why)


def _clean(frame: pd.DataFrame, columns: Sequence[str], warnings: list[str]) -> pd.DataFrame:
    used = frame.loc[:, list(dict.fromkeys(columns))]
    kept = used.dropna()
    if len(kept) < len(used):
        dropped = len(used) - len(kept)
        warnings.append(
            ngettext(
                "%(n)d row with missing values was left out.",
                "%(n)d rows with missing values were left out.",
                dropped,
            )
            % {"n": dropped}
        )
    return kept


def _groups(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.factorize(frame[column].astype(str))[0]


def did_2x2(
    frame: pd.DataFrame,
    *,
    outcome: str,
    treated: str,
    post: str,
    covariates: Sequence[str] = (),
    se: str = "robust",
    cluster: str | None = None,
    confidence: float = 0.95,
) -> Estimate:
    """outcome ~ treated + post + treated:post + covariates, on pooled cross-sections."""
    require_columns(frame, [outcome, treated, post, cluster, *covariates])
    if se == "cluster" and not cluster:
        raise EvaluationInputError(gettext("Cluster-robust standard errors need a cluster column."))
    warnings: list[str] = []
    data = _clean(
        frame, [outcome, treated, post, *covariates, *([cluster] if cluster else [])], warnings
    )
    y = numeric_column(data, outcome, what="outcome")
    d_treated = binary_column(data, treated, what="treated")
    d_post = binary_column(data, post, what="post")
    for series, name in ((d_treated, treated), (d_post, post)):
        if series.nunique() < 2:
            raise EvaluationInputError(
                _never_varies(name, series.iloc[0])
                if len(series)
                else gettext("There are no complete rows.")
            )
    for t in (0.0, 1.0):
        for p in (0.0, 1.0):
            cell = int(((d_treated == t) & (d_post == p)).sum())
            if cell < 2:
                raise EvaluationInputError(
                    gettext(
                        "Fewer than 2 observations with %(treated)s = %(t)s and %(post)s = %(p)s "
                        "(%(n)d)."
                    )
                    % {"treated": treated, "t": f"{t:g}", "post": post, "p": f"{p:g}", "n": cell}
                )
    x = pd.DataFrame(
        {"const": 1.0, "treated": d_treated, "post": d_post, EFFECT: d_treated * d_post},
        index=data.index,
    )
    x = pd.concat([x, design_covariates(data, covariates)], axis=1)
    _check_rank(x, gettext("The covariates are collinear with the treatment or with each other."))
    groups = None
    n_clusters = None
    if se == "cluster":
        assert cluster is not None  # noqa: S101 - checked above, for mypy
        groups = _groups(data, cluster)
        n_clusters = int(groups.max()) + 1
        for arm in (0.0, 1.0):
            arm_clusters = data.loc[d_treated == arm, cluster].nunique()
            if arm_clusters < 2:
                raise EvaluationInputError(
                    gettext(
                        "Fewer than 2 clusters with %(treated)s = %(arm)s (%(n)d): "
                        "cluster-robust standard errors are impossible."
                    )
                    % {"treated": treated, "arm": f"{arm:g}", "n": arm_clusters}
                )
        if (msg := small_cluster_warning(n_clusters)) is not None:
            warnings.append(msg)
    result = _fit(y, x, se, groups)
    return _estimate(result, EFFECT, ESTIMATOR_2X2, se, len(y), n_clusters, confidence, warnings)


def _never_varies(column: str, value: float) -> str:
    return gettext("The treatment never varies: every row has %(column)s = %(value)s.") % {
        "column": column,
        "value": f"{value:g}",
    }


def _estimate(
    result: Any,
    name: str,
    estimator: str,
    se: str,
    n: int,
    n_clusters: int | None,
    confidence: float,
    warnings: list[str],
) -> Estimate:
    low, high = result.conf_int(alpha=1 - confidence).loc[name]
    return Estimate(
        estimator=gettext(estimator),
        se_type=gettext(SE_NAMES[se]),
        estimate=float(result.params[name]),
        se=float(result.bse[name]),
        ci_low=float(low),
        ci_high=float(high),
        p_value=float(result.pvalues[name]),
        n=n,
        n_clusters=n_clusters,
        confidence=confidence,
        warnings=tuple(warnings),
    )


def twfe_design(
    data: pd.DataFrame, *, unit: str, time: str, treatment: pd.Series, covariates: Sequence[str]
) -> pd.DataFrame:
    """const, the treatment, covariates, and unit and period dummies (first level dropped)."""
    x = pd.DataFrame({"const": 1.0, EFFECT: treatment}, index=data.index)
    unit_fe = pd.get_dummies(data[unit].astype(str), prefix="unit", drop_first=True, dtype=float)
    time_fe = pd.get_dummies(data[time].astype(str), prefix="period", drop_first=True, dtype=float)
    return pd.concat([x, design_covariates(data, covariates), unit_fe, time_fe], axis=1)


def twfe(
    frame: pd.DataFrame,
    *,
    outcome: str,
    unit: str,
    time: str,
    treatment: str,
    covariates: Sequence[str] = (),
    se: str = "cluster",
    cluster: str | None = None,
    bootstrap: int = 0,
    seed: int = 0,
    confidence: float = 0.95,
) -> Estimate:
    """outcome ~ treatment + covariates + unit FE + period FE; clustered by unit by default.

    `treatment` is the 0/1 indicator "this unit is under the model in this period". With
    `bootstrap` > 0 the p-value comes from a wild cluster bootstrap with the null imposed (WCR)
    and the confidence interval from the unrestricted bootstrap-t (WCU), Rademacher weights,
    seeded; the standard error stays the analytic CR1 one.
    """
    cluster = cluster or unit
    require_columns(frame, [outcome, unit, time, treatment, cluster, *covariates])
    warnings: list[str] = []
    data = _clean(frame, [outcome, unit, time, treatment, cluster, *covariates], warnings)
    y = numeric_column(data, outcome, what="outcome")
    d = binary_column(data, treatment, what="treatment")
    if d.empty:  # e.g. a child outcome with no value in any month of a monthly panel
        raise EvaluationInputError(
            gettext("No row has a value in every column needed (%(outcome)s, …).")
            % {"outcome": outcome}
        )
    if d.nunique() < 2:
        raise EvaluationInputError(_never_varies(treatment, d.iloc[0]))
    ever = d.groupby(data[unit]).max()
    if (ever == 1).sum() < 2 or (ever == 0).sum() + _switchers(d, data, unit) < 2:
        raise EvaluationInputError(
            gettext("Fewer than 2 units per group: %(treated)d treated, %(never)d never treated.")
            % {"treated": int((ever == 1).sum()), "never": int((ever == 0).sum())}
        )
    starts = data.loc[d == 1].groupby(data[unit])[time].min()
    if starts.nunique() > 1:
        warnings.append(
            gettext(
                "Staggered adoption: two-way fixed effects compare later adopters with units "
                "already treated, which biases the estimate when effects change over time. Use "
                "the Callaway–Sant'Anna estimator (--first-treated)."
            )
        )
    x = twfe_design(data, unit=unit, time=time, treatment=d, covariates=covariates)
    _check_rank(
        x,
        gettext(
            "The treatment cannot be separated from the period effects: all units are treated "
            "at once, or the covariates are collinear."
        ),
    )
    groups = _groups(data, cluster) if se == "cluster" else None
    n_clusters = int(groups.max()) + 1 if groups is not None else None
    if n_clusters is not None and (msg := small_cluster_warning(n_clusters)) is not None:
        warnings.append(msg)
    result = _fit(y, x, se, groups)
    estimate = _estimate(
        result, EFFECT, ESTIMATOR_TWFE, se, len(y), n_clusters, confidence, warnings
    )
    if bootstrap <= 0:
        return estimate
    if groups is None:
        raise EvaluationInputError(
            gettext("The wild cluster bootstrap needs cluster-robust errors.")
        )
    return wild_cluster_bootstrap(estimate, y, x, groups, reps=bootstrap, seed=seed)


def _switchers(d: pd.Series, data: pd.DataFrame, unit: str) -> int:
    """Units that are untreated in some periods count as comparisons then (not yet treated)."""
    by_unit = d.groupby(data[unit])
    return int(((by_unit.max() == 1) & (by_unit.min() == 0)).sum())


def wild_cluster_bootstrap(
    estimate: Estimate,
    y: pd.Series,
    x: pd.DataFrame,
    groups: np.ndarray,
    *,
    reps: int = 999,
    seed: int = 0,
) -> Estimate:
    """Wild cluster bootstrap-t for the EFFECT column (Cameron, Gelbach & Miller 2008)."""
    xm = x.to_numpy(dtype=float)
    yv = y.to_numpy(dtype=float)
    j = list(x.columns).index(EFFECT)
    n, k = xm.shape
    n_clusters = int(groups.max()) + 1
    a_all = np.linalg.pinv(xm.T @ xm) @ xm.T  # k × n: beta = a_all @ y
    a = a_all[j]
    correction = n_clusters / (n_clusters - 1) * (n - 1) / (n - k)
    rng = np.random.default_rng(seed)
    weights = rng.choice(np.array([-1.0, 1.0]), size=(n_clusters, reps))  # clusters × reps
    members = sparse.csr_matrix((np.ones(n), (groups, np.arange(n))), shape=(n_clusters, n))

    def beta_and_se(fitted: np.ndarray, resid0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every draw y* = fitted + resid0 · w[cluster] at once, in cluster space: the weights
        are constant within a cluster, so the draws' coefficients and cluster scores are
        linear in the clusters × reps weight matrix and no n × reps matrix is ever formed
        (child-level panels have ~10^5 rows)."""
        b0 = a_all @ fitted  # k
        c = np.asarray((members @ (a_all * resid0).T).T)  # k × clusters
        coefs = b0[:, None] + c @ weights  # k × reps
        base = members @ (a * (fitted - xm @ b0))  # clusters
        direct = members @ (a * resid0)  # clusters
        cross = np.asarray(members @ (a[:, None] * (xm @ c)))  # clusters × clusters
        scores = base[:, None] + direct[:, None] * weights - cross @ weights
        return coefs[j], np.sqrt(correction * (scores**2).sum(axis=0))

    # Restricted (null imposed) for the p-value.
    x0 = np.delete(xm, j, axis=1)
    fitted0 = x0 @ np.linalg.lstsq(x0, yv, rcond=None)[0]
    b_r, se_r = beta_and_se(fitted0, yv - fitted0)
    t_hat = estimate.estimate / estimate.se
    with np.errstate(divide="ignore", invalid="ignore"):
        t_r = np.where(se_r > 0, b_r / se_r, 0.0)
    p_value = float(np.mean(np.abs(t_r) >= abs(t_hat)))
    # Unrestricted for the percentile-t interval.
    fitted = xm @ (a_all @ yv)
    b_u, se_u = beta_and_se(fitted, yv - fitted)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_u = np.where(se_u > 0, (b_u - estimate.estimate) / se_u, 0.0)
    alpha = 1 - estimate.confidence
    q_low, q_high = np.quantile(t_u, [alpha / 2, 1 - alpha / 2])
    # The bootstrap answers the small-cluster warning (made in the same language just before).
    answered = small_cluster_warning(n_clusters)
    warnings = [w for w in estimate.warnings if w != answered]
    if 2**n_clusters < reps:
        warnings.append(
            gettext(
                "With %(n)d clusters, Rademacher weights give only %(draws)d distinct bootstrap "
                "draws: p-values are coarse."
            )
            % {"n": n_clusters, "draws": 2**n_clusters}
        )
    return Estimate(
        estimator=estimate.estimator,
        se_type=gettext(
            "wild cluster bootstrap-t (Rademacher, %(reps)d draws, seed %(seed)d; SE is CR1)"
        )
        % {"reps": reps, "seed": seed},
        estimate=estimate.estimate,
        se=estimate.se,
        ci_low=float(estimate.estimate - q_high * estimate.se),
        ci_high=float(estimate.estimate - q_low * estimate.se),
        p_value=p_value,
        n=estimate.n,
        n_clusters=n_clusters,
        confidence=estimate.confidence,
        warnings=tuple(warnings),
    )
