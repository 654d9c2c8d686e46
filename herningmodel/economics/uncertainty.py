"""Uncertainty in the business case: distributions, a vectorised Monte Carlo and a tornado.

Pure numpy. Any scalar parameter of a ``BusinessCase`` (see ``BusinessCase.parameters``) may be
given a distribution; the Monte Carlo draws all of them at once from a seeded
``numpy.random.default_rng`` and runs the engine once over all draws.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from herningmodel.economics.model import Array, BusinessCase, InputError, evaluate

KINDS = ("point", "uniform", "triangular", "normal", "lognormal")
PERCENTILES = (5.0, 50.0, 95.0)
MAX_DRAWS = 200_000


@dataclass(frozen=True)
class Distribution:
    """One uncertain parameter.

    - point: ``value``
    - uniform: ``min``, ``max``
    - triangular: ``min``, ``mode``, ``max``
    - normal: ``mean``, ``sd``
    - lognormal: ``median`` and ``sd_log`` (the standard deviation of the logarithm)
    """

    kind: str
    value: float = 0.0
    min: float = 0.0
    max: float = 0.0
    mode: float = 0.0
    mean: float = 0.0
    sd: float = 0.0
    median: float = 0.0
    sd_log: float = 0.0
    name: str = "distribution"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InputError(self.name, f"unknown distribution {self.kind!r}; use one of {KINDS}")
        for attr in ("value", "min", "max", "mode", "mean", "sd", "median", "sd_log"):
            value = getattr(self, attr)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InputError(f"{self.name}.{attr}", "must be a number")
            if not math.isfinite(value):
                raise InputError(f"{self.name}.{attr}", "must be a finite number")
        if self.kind in ("uniform", "triangular") and self.min > self.max:
            raise InputError(
                f"{self.name}.min", f"min ({self.min:g}) is greater than max ({self.max:g})"
            )
        if self.kind == "triangular" and not self.min <= self.mode <= self.max:
            raise InputError(f"{self.name}.mode", "must lie between min and max")
        if self.kind == "normal" and self.sd < 0:
            raise InputError(f"{self.name}.sd", "must not be negative")
        if self.kind == "lognormal":
            if self.median <= 0:
                raise InputError(f"{self.name}.median", "must be positive")
            if self.sd_log < 0:
                raise InputError(f"{self.name}.sd_log", "must not be negative")

    def sample(self, rng: np.random.Generator, n: int) -> Array:
        if self.kind == "point":
            return np.full(n, self.value, dtype=np.float64)
        if self.kind == "uniform":
            return rng.uniform(self.min, self.max, n)
        if self.kind == "triangular":
            if self.min == self.max:
                return np.full(n, self.min, dtype=np.float64)
            return rng.triangular(self.min, self.mode, self.max, n)
        if self.kind == "normal":
            return rng.normal(self.mean, self.sd, n)
        return rng.lognormal(math.log(self.median), self.sd_log, n)

    def low_high(self) -> tuple[float, float]:
        """The 5th and 95th percentiles (the tornado swings each parameter between them)."""
        z = 1.6448536269514722
        if self.kind == "point":
            return self.value, self.value
        if self.kind == "uniform":
            width = self.max - self.min
            return self.min + 0.05 * width, self.max - 0.05 * width
        if self.kind == "triangular":
            return _triangular_quantile(self, 0.05), _triangular_quantile(self, 0.95)
        if self.kind == "normal":
            return self.mean - z * self.sd, self.mean + z * self.sd
        return self.median * math.exp(-z * self.sd_log), self.median * math.exp(z * self.sd_log)


def _triangular_quantile(d: Distribution, q: float) -> float:
    a, c, b = d.min, d.mode, d.max
    if a == b:
        return a
    split = (c - a) / (b - a)
    if q < split:
        return a + math.sqrt(q * (b - a) * (c - a))
    return b - math.sqrt((1 - q) * (b - a) * (b - c))


@dataclass(frozen=True)
class Bands:
    """Per-year percentiles (shape (len(PERCENTILES), T)) of one yearly quantity."""

    percentiles: tuple[float, ...]
    values: Array

    def band(self, p: float) -> list[float]:
        return [float(v) for v in self.values[self.percentiles.index(p)]]


@dataclass(frozen=True)
class MonteCarlo:
    draws: int
    seed: int
    net: Bands
    cumulative_net: Bands
    savings: Bands  # per year; benefit realisation compares actual savings with its band
    npv: tuple[float, ...]  # at PERCENTILES
    npv_mean: float
    # P(cumulative net ≥ 0 in year t or earlier), t = 1..T.
    break_even_probability: tuple[float, ...]

    def probability_by(self, year: int) -> float:
        return self.break_even_probability[year - 1]


def _check(case: BusinessCase, distributions: Mapping[str, Distribution]) -> None:
    known = case.parameters()
    for name in distributions:
        if name not in known:
            raise InputError(f"uncertainty.{name}", "is not a parameter of this business case")


def sample(
    case: BusinessCase, distributions: Mapping[str, Distribution], draws: int, seed: int
) -> dict[str, Array]:
    _check(case, distributions)
    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= MAX_DRAWS:
        raise InputError("uncertainty.draws", f"must be a whole number from 1 to {MAX_DRAWS}")
    rng = np.random.default_rng(seed)
    # Sorted names: the same seed gives the same draws whatever order the scenario lists them in.
    return {name: distributions[name].sample(rng, draws) for name in sorted(distributions)}


def _bands(values: Array) -> Bands:
    return Bands(PERCENTILES, np.percentile(values, PERCENTILES, axis=0))


def monte_carlo(
    case: BusinessCase,
    distributions: Mapping[str, Distribution],
    *,
    draws: int = 10_000,
    seed: int = 1,
) -> MonteCarlo:
    result = evaluate(case, sample(case, distributions, draws, seed))
    reached = np.maximum.accumulate(result.cumulative_net >= 0.0, axis=1)
    npv = np.percentile(result.npv, PERCENTILES)
    return MonteCarlo(
        draws=draws,
        seed=seed,
        net=_bands(result.net),
        cumulative_net=_bands(result.cumulative_net),
        savings=_bands(result.savings),
        npv=tuple(float(v) for v in npv),
        npv_mean=float(result.npv.mean()),
        break_even_probability=tuple(float(p) for p in reached.mean(axis=0)),
    )


@dataclass(frozen=True)
class TornadoBar:
    parameter: str
    low_value: float
    high_value: float
    npv_at_low: float
    npv_at_high: float

    @property
    def swing(self) -> float:
        return abs(self.npv_at_high - self.npv_at_low)


def tornado(
    case: BusinessCase, distributions: Mapping[str, Distribution]
) -> tuple[float, list[TornadoBar]]:
    """One-way sensitivity: each uncertain parameter alone at its 5th and 95th percentile.

    Returns the base NPV and the bars, largest swing first. All other parameters stay at the
    scenario's point values. One engine call evaluates every bar (two draws per parameter).
    """
    _check(case, distributions)
    names = sorted(n for n, d in distributions.items() if d.kind != "point")
    base = case.parameters()
    if not names:
        return float(evaluate(case).npv[0]), []
    n = 2 * len(names)
    columns = {name: np.full(n, base[name], dtype=np.float64) for name in names}
    lows_highs = []
    for i, name in enumerate(names):
        low, high = distributions[name].low_high()
        columns[name][2 * i] = low
        columns[name][2 * i + 1] = high
        lows_highs.append((low, high))
    npv = evaluate(case, columns).npv
    bars = [
        TornadoBar(name, low, high, float(npv[2 * i]), float(npv[2 * i + 1]))
        for i, (name, (low, high)) in enumerate(zip(names, lows_highs, strict=True))
    ]
    bars.sort(key=lambda b: (-b.swing, b.parameter))
    return float(evaluate(case).npv[0]), bars
