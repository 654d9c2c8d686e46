"""Typed results of the evaluation estimators and the input checks they share.

Pure: pandas/numpy only, no Django. Every estimator returns an `Estimate` (or an `EventStudy`)
that names the estimator and the standard-error type, so a number never travels without the
method that produced it and the warnings that qualify it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

#: Fewer clusters than this and cluster-robust standard errors are too small and tests
#: over-reject (Cameron, Gelbach & Miller 2008; Cameron & Miller 2015 put the danger zone at
#: "fewer than 20–50"). We warn below 30 and offer the wild cluster bootstrap.
SMALL_CLUSTERS = 30

SE_TYPES = ("classical", "robust", "cluster")


class EvaluationInputError(ValueError):
    """The data cannot answer the question asked: the message says why, in plain words."""


@dataclass(frozen=True)
class Estimate:
    """One effect estimate with its uncertainty."""

    estimator: str
    se_type: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    n: int
    n_clusters: int | None = None
    confidence: float = 0.95
    warnings: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["warnings"] = list(self.warnings)
        return {key: _plain(value) for key, value in data.items()}


@dataclass(frozen=True)
class EventTime:
    """The effect `relative` periods after adoption (negative: before; −1 is the reference)."""

    relative: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    n_groups: int
    reference: bool = False


@dataclass(frozen=True)
class EventStudy:
    estimator: str
    se_type: str
    coefficients: tuple[EventTime, ...]
    pretrend_wald: float
    pretrend_df: int
    pretrend_p: float
    n: int
    n_clusters: int | None
    confidence: float = 0.95
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["coefficients"] = [
            {k: _plain(v) for k, v in asdict(c).items()} for c in self.coefficients
        ]
        data["warnings"] = list(self.warnings)
        return {key: _plain(value) for key, value in data.items()}


def _plain(value: Any) -> Any:
    """JSON-safe: numpy scalars to Python, NaN/inf to None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def require_columns(frame: pd.DataFrame, columns: Iterable[str | None]) -> None:
    wanted = [c for c in columns if c]
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise EvaluationInputError(
            f"Missing column(s): {', '.join(missing)}. "
            f"The data has: {', '.join(map(str, frame.columns))}."
        )


def numeric_column(frame: pd.DataFrame, column: str, *, what: str) -> pd.Series:
    """The column as floats, or an error naming the first value that is not a number."""
    series = frame[column]
    if pd.api.types.is_bool_dtype(series):
        return series.astype(float)
    converted = pd.to_numeric(series, errors="coerce")
    bad = series[converted.isna() & series.notna()]
    if len(bad):
        raise EvaluationInputError(
            f"The {what} column {column!r} must be numeric; found {str(bad.iloc[0])!r}."
        )
    return converted.astype(float)


def binary_column(frame: pd.DataFrame, column: str, *, what: str) -> pd.Series:
    values = numeric_column(frame, column, what=what)
    if not values.dropna().isin([0.0, 1.0]).all():
        raise EvaluationInputError(f"The {what} column {column!r} must be 0 or 1.")
    return values


def design_covariates(frame: pd.DataFrame, covariates: Sequence[str]) -> pd.DataFrame:
    """Numeric covariates as they are; text covariates as dummies (first level dropped)."""
    parts: list[pd.DataFrame] = []
    for name in covariates:
        series = frame[name]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            parts.append(series.astype(float).to_frame(name))
        else:
            dummies = pd.get_dummies(series.astype(str), prefix=name, drop_first=True, dtype=float)
            parts.append(dummies)
    if not parts:
        return pd.DataFrame(index=frame.index)
    return pd.concat(parts, axis=1)


def small_cluster_warning(n_clusters: int) -> str | None:
    if n_clusters < SMALL_CLUSTERS:
        return (
            f"Only {n_clusters} clusters (fewer than {SMALL_CLUSTERS}): cluster-robust standard "
            "errors can be too small. Prefer the wild cluster bootstrap (--bootstrap)."
        )
    return None
