"""Typed results of the evaluation estimators and the input checks they share.

Pure: pandas/numpy only, no Django beyond its translation functions. Every estimator returns an
`Estimate` (or an `EventStudy`) that names the estimator and the standard-error type, so a number
never travels without the method that produced it and the warnings that qualify it.

Those names, warnings and error messages are shown on the (Danish) evaluation page, in its PDF
and by the API, so they are translated when they are made: `gettext`/`ngettext` here use
Django's catalogue for the active language once Django is configured, and give the English
source text in a plain Python process (the command line runs the estimators on a CSV without
setting Django up).
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


def gettext_noop(message: str) -> str:
    """Marks a text for the catalogue, translated later by `gettext` (Django's own marker
    needs configured settings, which the command line does not have)."""
    return message


#: What a column is for, as named in the input errors (`what=` below).
COLUMN_ROLES = {
    "outcome": gettext_noop("outcome"),
    "treated": gettext_noop("treated group"),
    "post": gettext_noop("after the start"),
    "treatment": gettext_noop("treatment"),
    "time": gettext_noop("period"),
    "first-treated": gettext_noop("first treated period"),
}


def _translation_ready() -> bool:
    from django.conf import settings

    return bool(settings.configured)


def gettext(message: str) -> str:
    """The message in the active language (English without Django: see the module doc)."""
    if not _translation_ready():
        return message
    from django.utils import translation

    return translation.gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    """Singular or plural by `number`, in the active language (English without Django)."""
    if not _translation_ready():
        return singular if number == 1 else plural
    from django.utils import translation

    return translation.ngettext(singular, plural, number)


def _role(what: str) -> str:
    return gettext(COLUMN_ROLES[what]) if what in COLUMN_ROLES else what


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
            ngettext(
                "Missing column: %(missing)s. The data has: %(columns)s.",
                "Missing columns: %(missing)s. The data has: %(columns)s.",
                len(missing),
            )
            % {"missing": ", ".join(missing), "columns": ", ".join(map(str, frame.columns))}
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
            gettext("The %(what)s column %(column)s must be numeric; found %(value)s.")
            % {"what": _role(what), "column": repr(column), "value": repr(str(bad.iloc[0]))}
        )
    return converted.astype(float)


def binary_column(frame: pd.DataFrame, column: str, *, what: str) -> pd.Series:
    values = numeric_column(frame, column, what=what)
    if not values.dropna().isin([0.0, 1.0]).all():
        raise EvaluationInputError(
            gettext("The %(what)s column %(column)s must be 0 or 1.")
            % {"what": _role(what), "column": repr(column)}
        )
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
        return gettext(
            "Only %(n)d clusters (fewer than %(limit)d): cluster-robust standard errors can be "
            "too small. Prefer the wild cluster bootstrap (--bootstrap)."
        ) % {"n": n_clusters, "limit": SMALL_CLUSTERS}
    return None
