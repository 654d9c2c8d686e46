"""Staggered adoption: Callaway & Sant'Anna (2021) group-time effects, without covariates.

When districts adopt the model at different times, a two-way fixed-effects regression uses
districts that adopted earlier as controls for those adopting later; with effects that grow
over time this biases it, even to the wrong sign (Goodman-Bacon 2021). Here each effect
ATT(g, t) of the units first treated in period g, at period t, compares their change since
g − 1 (the last period before adoption; a "universal" base period) with the same change in
units not yet treated at max(t, g − 1) (or only never-treated units). The cells are then
averaged with weights proportional to group size: overall (the "simple" aggregation) and by
time since adoption (the event study, reference period −1).

Standard errors come from the influence functions, clustered by unit, including the
uncertainty of the estimated weights. Inference is asymptotic in the number of units.
Pure (pandas/numpy/scipy; no Django).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from herningmodel.evaluation.results import (
    SMALL_CLUSTERS,
    Estimate,
    EvaluationInputError,
    EventStudy,
    EventTime,
    gettext,
    gettext_noop,
    ngettext,
    numeric_column,
    require_columns,
)

#: Estimator names (English; shown translated, with the comparison group, when estimated).
ESTIMATOR_CS = gettext_noop(
    "Callaway–Sant'Anna group-time ATT, simple aggregation (%(comparison)s comparisons)"
)
ESTIMATOR_CS_EVENT = gettext_noop(
    "Callaway–Sant'Anna group-time ATT, dynamic (event-study) aggregation "
    "(%(comparison)s comparisons)"
)
SE_CS = gettext_noop("analytic (influence function), clustered by unit")
CONTROLS = ("not_yet_treated", "never_treated")
#: The comparison groups as named inside the estimator's name.
COMPARISON_NAMES = {
    "not_yet_treated": gettext_noop("not-yet-treated"),
    "never_treated": gettext_noop("never-treated"),
}


@dataclass(frozen=True)
class GroupTime:
    group: float
    time: float
    att: float
    se: float
    n_treated: int
    n_control: int


@dataclass(frozen=True)
class Staggered:
    overall: Estimate
    event_study: EventStudy
    cells: tuple[GroupTime, ...]


@dataclass
class _Cells:
    keys: list[tuple[float, float]]
    att: np.ndarray
    influence: np.ndarray  # cells × units
    sizes: list[tuple[int, int]]


def _panel(
    frame: pd.DataFrame, outcome: str, unit: str, time: str, first_treated: str, warnings: list[str]
) -> tuple[pd.DataFrame, pd.Series]:
    require_columns(frame, [outcome, unit, time, first_treated])
    data = frame.loc[:, [outcome, unit, time, first_treated]].copy()
    data[outcome] = numeric_column(data, outcome, what="outcome")
    data[time] = numeric_column(data, time, what="time")
    data[first_treated] = numeric_column(data, first_treated, what="first-treated")
    if data[time].isna().any():
        raise EvaluationInputError(
            gettext("The time column %(column)s has missing values.") % {"column": repr(time)}
        )
    if data.duplicated([unit, time]).any():
        raise EvaluationInputError(
            gettext("More than one row per %(unit)s and %(time)s: give a panel.")
            % {"unit": unit, "time": time}
        )
    cohorts = data.groupby(unit)[first_treated].agg(lambda s: s.fillna(0).nunique())
    if (cohorts > 1).any():
        raise EvaluationInputError(
            gettext("%(column)s must be the same in every row of a unit (differs for %(unit)s).")
            % {"column": repr(first_treated), "unit": repr(cohorts[cohorts > 1].index[0])}
        )
    wide = data.pivot(index=unit, columns=time, values=outcome)
    complete = wide.dropna()
    if len(complete) < len(wide):
        dropped = len(wide) - len(complete)
        warnings.append(
            ngettext(
                "%(n)d unit without an outcome in every period was left out (the estimator "
                "needs a balanced panel).",
                "%(n)d units without an outcome in every period were left out (the estimator "
                "needs a balanced panel).",
                dropped,
            )
            % {"n": dropped}
        )
    first = data.groupby(unit)[first_treated].first().reindex(complete.index)
    # 0, empty or infinite: never treated (the convention of R's `did`).
    first = first.where(first.notna() & (first != 0) & np.isfinite(first), np.inf)
    return complete, first


def _cells(wide: pd.DataFrame, first: pd.Series, control: str, warnings: list[str]) -> _Cells:
    periods = np.array(wide.columns, dtype=float)
    values = wide.to_numpy(dtype=float)
    g_all = first.to_numpy(dtype=float)
    n_units = len(g_all)
    early = np.isfinite(g_all) & (g_all <= periods[0])
    if early.any():
        n_early = int(early.sum())
        warnings.append(
            ngettext(
                "%(n)d unit already treated in the first period was left out (no period before "
                "adoption to compare with).",
                "%(n)d units already treated in the first period were left out (no period "
                "before adoption to compare with).",
                n_early,
            )
            % {"n": n_early}
        )
    groups = sorted(set(g_all[np.isfinite(g_all) & ~early & (g_all <= periods[-1])]))
    if not groups:
        raise EvaluationInputError(
            gettext("The treatment never varies: no unit adopts within the data.")
        )
    cells = _Cells([], np.zeros(0), np.zeros((0, n_units)), [])
    att: list[float] = []
    influence: list[np.ndarray] = []
    skipped = 0
    for g in groups:
        if g not in periods:
            raise EvaluationInputError(
                gettext("Adoption period %(period)s is not one of the periods.")
                % {"period": f"{g:g}"}
            )
        base_pos = int(np.searchsorted(periods, g)) - 1
        treated = g_all == g
        if treated.sum() < 2:
            warnings.append(
                gettext("Only 1 unit adopts in period %(period)s: its effects rest on one unit.")
                % {"period": f"{g:g}"}
            )
        for pos, t in enumerate(periods):
            if pos == base_pos:
                continue
            horizon = max(t, periods[base_pos])
            never = ~np.isfinite(g_all) | (g_all > periods[-1])
            if control == "never_treated":
                comparison = never & ~early
            else:
                comparison = (never | (g_all > horizon)) & ~early & ~treated
            if comparison.sum() < 2:
                skipped += 1
                continue
            change = values[:, pos] - values[:, base_pos]
            m1 = change[treated].mean()
            m0 = change[comparison].mean()
            inf = np.zeros(n_units)
            inf[treated] = n_units / treated.sum() * (change[treated] - m1)
            inf[comparison] = -n_units / comparison.sum() * (change[comparison] - m0)
            cells.keys.append((g, float(t)))
            cells.sizes.append((int(treated.sum()), int(comparison.sum())))
            att.append(m1 - m0)
            influence.append(inf)
    if skipped:
        warnings.append(
            ngettext(
                "%(n)d group-period cell had fewer than 2 comparison units and was left out.",
                "%(n)d group-period cells had fewer than 2 comparison units and were left out.",
                skipped,
            )
            % {"n": skipped}
        )
    if not any(t >= g for g, t in cells.keys):
        raise EvaluationInputError(
            gettext(
                "No comparison units after adoption: all units are treated at once (or too "
                "close together) and none is left untreated."
            )
        )
    cells.att = np.array(att)
    cells.influence = np.vstack(influence)
    return cells


def _aggregate(cells: _Cells, chosen: list[int], first: np.ndarray) -> tuple[float, np.ndarray]:
    """Group-size weighted average of the chosen cells and its influence function."""
    n_units = len(first)
    share = np.array([np.mean(first == cells.keys[k][0]) for k in chosen])
    total = share.sum()
    weights = share / total
    estimate = float(weights @ cells.att[chosen])
    # Influence of the estimated weights w_k = π_g(k) / Σ π.
    indicators = np.array([(first == cells.keys[k][0]).astype(float) for k in chosen])
    d_share = indicators - share[:, None]
    d_weights = d_share / total - share[:, None] * d_share.sum(axis=0) / total**2
    influence = weights @ cells.influence[chosen] + cells.att[chosen] @ d_weights
    assert influence.shape == (n_units,)  # noqa: S101
    return estimate, influence


def callaway_santanna(
    frame: pd.DataFrame,
    *,
    outcome: str,
    unit: str,
    time: str,
    first_treated: str,
    control: str = "not_yet_treated",
    confidence: float = 0.95,
) -> Staggered:
    """Group-time ATTs aggregated overall and by event time, with a pre-trend test."""
    if control not in CONTROLS:
        raise EvaluationInputError(
            gettext("Unknown comparison group %(control)s: use %(choices)s.")
            % {"control": repr(control), "choices": ", ".join(CONTROLS)}
        )
    warnings: list[str] = []
    wide, first_series = _panel(frame, outcome, unit, time, first_treated, warnings)
    cells = _cells(wide, first_series, control, warnings)
    first = first_series.to_numpy(dtype=float)
    n_units = len(first)
    if n_units < SMALL_CLUSTERS:
        warnings.append(
            gettext(
                "Only %(n)d units (fewer than %(limit)d): the standard errors are asymptotic "
                "and may be too small."
            )
            % {"n": n_units, "limit": SMALL_CLUSTERS}
        )
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    comparison = control.replace("_", "-")  # the code kept in `extra`, for the API and CLI
    named = {"comparison": gettext(COMPARISON_NAMES[control])}

    post = [k for k, (g, t) in enumerate(cells.keys) if t >= g]
    estimate, influence = _aggregate(cells, post, first)
    se = float(np.sqrt((influence**2).sum()) / n_units)
    overall = Estimate(
        estimator=gettext(ESTIMATOR_CS) % named,
        se_type=gettext(SE_CS),
        estimate=estimate,
        se=se,
        ci_low=estimate - z * se,
        ci_high=estimate + z * se,
        p_value=float(2 * stats.norm.sf(abs(estimate / se))) if se > 0 else math.nan,
        n=int(wide.size),
        n_clusters=n_units,
        confidence=confidence,
        warnings=tuple(warnings),
        extra={"units": n_units, "periods": wide.shape[1], "comparison": comparison},
    )

    periods = np.array(wide.columns, dtype=float)
    position = {float(p): i for i, p in enumerate(periods)}
    relative = [position[t] - position[g] for g, t in cells.keys]
    coefficients: list[EventTime] = []
    pre_estimates: list[float] = []
    pre_influence: list[np.ndarray] = []
    for e in sorted(set(relative) | {-1}):
        if e == -1:
            coefficients.append(EventTime(-1, 0.0, 0.0, 0.0, 0.0, 0, reference=True))
            continue
        chosen = [k for k, r in enumerate(relative) if r == e]
        est, inf = _aggregate(cells, chosen, first)
        se_e = float(np.sqrt((inf**2).sum()) / n_units)
        coefficients.append(
            EventTime(e, est, se_e, est - z * se_e, est + z * se_e, n_groups=len(chosen))
        )
        if e < -1:
            pre_estimates.append(est)
            pre_influence.append(inf)
    chi2, df, p_pre = _wald(pre_estimates, pre_influence, n_units)
    event_warnings = list(warnings)
    if df == 0:
        event_warnings.append(
            gettext("No periods before adoption besides the reference: no pre-trend test.")
        )
    event = EventStudy(
        estimator=gettext(ESTIMATOR_CS_EVENT) % named,
        se_type=gettext(SE_CS),
        coefficients=tuple(coefficients),
        pretrend_wald=chi2,
        pretrend_df=df,
        pretrend_p=p_pre,
        n=int(wide.size),
        n_clusters=n_units,
        confidence=confidence,
        warnings=tuple(event_warnings),
    )
    group_time = tuple(
        GroupTime(
            g,
            t,
            float(cells.att[k]),
            float(np.sqrt((cells.influence[k] ** 2).sum()) / n_units),
            *cells.sizes[k],
        )
        for k, (g, t) in enumerate(cells.keys)
    )
    return Staggered(overall=overall, event_study=event, cells=group_time)


def _wald(
    estimates: list[float], influence: list[np.ndarray], n_units: int
) -> tuple[float, int, float]:
    """Joint test that every pre-adoption effect is zero: the Wald statistic W on the
    pseudo-inverse of the covariance, with p from F(df, units − 1) for W / df — the usual
    small-sample version of a cluster-robust Wald test (chi²(df) rejected a true null 10.5 % of
    the time at 5 % in 200 simulated panels of 40 units; the F version 7 %)."""
    if not estimates:
        return math.nan, 0, math.nan
    theta = np.array(estimates)
    matrix = np.vstack(influence)
    covariance = matrix @ matrix.T / n_units**2
    df = int(np.linalg.matrix_rank(covariance))
    if df == 0:
        return math.nan, 0, math.nan
    chi2 = float(theta @ np.linalg.pinv(covariance) @ theta)
    return chi2, df, float(stats.f.sf(chi2 / df, df, max(n_units - 1, 1)))


def event_study(
    frame: pd.DataFrame,
    *,
    outcome: str,
    unit: str,
    time: str,
    first_treated: str,
    control: str = "not_yet_treated",
    confidence: float = 0.95,
) -> EventStudy:
    """Leads and lags around adoption (reference −1), with a joint pre-trend Wald test."""
    return callaway_santanna(
        frame,
        outcome=outcome,
        unit=unit,
        time=time,
        first_treated=first_treated,
        control=control,
        confidence=confidence,
    ).event_study
