"""The business-case engine: investment in the Herning model against the staircase costs it saves.

Pure numpy, no Django: the same engine serves the web page, the command line, the Monte Carlo
(``uncertainty``) and the benchmark. Every formula is written out in ``docs/business-case.md``.

The engine is vectorised over *draws*: each scalar parameter is an array of shape ``(D,)`` and the
yearly results have shape ``(D, T)``. A deterministic run is the case ``D = 1``.

Conventions (see the docs for why):
- years are numbered 1..T; year 1 is the base year and is not discounted, year t is discounted by
  ``(1 + r) ** (t - 1)``;
- *savings* are the staircase costs avoided against the baseline (negative when costs rise);
- *net* = savings − gross cost (the investment); *break-even* is the first year whose cumulative
  (undiscounted) net is ≥ 0, or ``None`` if none within the horizon.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from herningmodel.economics.cut import Cut, apply_cut
from herningmodel.economics.validation import (
    STEPS,
    Array,
    InputError,
    _finite,
    _non_negative,
    _share,
)

__all__ = ["STEPS", "Array", "Cut", "InputError"]

MAX_HORIZON = 15
DEFAULT_DISCOUNT_RATE = 0.035  # Finansministeriet's social discount rate from 2021 (DOMAIN §5)
MAX_DISCOUNT_RATE = 0.25


def _per_step(name: str, values: Sequence[float]) -> tuple[float, ...]:
    if len(values) != STEPS:
        raise InputError(name, f"needs one value for each of the {STEPS} steps (got {len(values)})")
    return tuple(_non_negative(f"{name}[{i + 1}]", v) for i, v in enumerate(values))


@dataclass(frozen=True)
class Investment:
    """What the restructuring costs each year (kroner, in year-1 prices)."""

    extra_workers: float = 0.0
    cost_per_worker: float = 0.0  # yearly salary incl. overhead
    training: float = 0.0  # per year
    premises: float = 0.0  # per year
    one_off: tuple[float, ...] = ()  # by year: one_off[0] falls in year 1

    def __post_init__(self) -> None:
        for name in ("extra_workers", "cost_per_worker", "training", "premises"):
            object.__setattr__(self, name, _non_negative(f"investment.{name}", getattr(self, name)))
        object.__setattr__(
            self,
            "one_off",
            tuple(
                _non_negative(f"investment.one_off[{i + 1}]", v) for i, v in enumerate(self.one_off)
            ),
        )


@dataclass(frozen=True)
class Baseline:
    """Children per step 1..6 in a year without the restructuring, and cost per child-year."""

    children: tuple[float, ...]
    cost_per_child: tuple[float, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "children", _per_step("baseline.children", self.children))
        object.__setattr__(
            self, "cost_per_child", _per_step("baseline.cost_per_child", self.cost_per_child)
        )


@dataclass(frozen=True)
class Shift:
    """At full effect, ``share`` of the baseline children on ``from_step`` are on ``to_step``."""

    from_step: int
    to_step: int
    share: float

    @property
    def key(self) -> str:
        return f"{self.from_step}-{self.to_step}"

    def __post_init__(self) -> None:
        for name in ("from_step", "to_step"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= STEPS:
                raise InputError(f"effects.shift.{name}", f"must be a step 1..{STEPS}")
        if self.from_step == self.to_step:
            raise InputError(f"effects.shift.{self.key}", "moves children to the same step")
        object.__setattr__(self, "share", _share(f"effects.shift.{self.key}", self.share))


@dataclass(frozen=True)
class Effects:
    """The expected effect at full strength, its success rate and its ramp-up."""

    shifts: tuple[Shift, ...] = ()
    # Relative change in the time children spend on each step: -0.2 = 20 % shorter.
    duration_change: tuple[float, ...] = (0.0,) * STEPS
    success_rate: float = 1.0
    # Share of the full effect reached in year 1, 2, …; the last value holds afterwards.
    ramp_up: tuple[float, ...] = (1.0,)

    def __post_init__(self) -> None:
        object.__setattr__(self, "shifts", tuple(self.shifts))
        object.__setattr__(self, "success_rate", _share("effects.success_rate", self.success_rate))
        if not self.ramp_up:
            raise InputError("effects.ramp_up", "needs at least one value")
        object.__setattr__(
            self,
            "ramp_up",
            tuple(_share(f"effects.ramp_up[{i + 1}]", v) for i, v in enumerate(self.ramp_up)),
        )
        if len(self.duration_change) != STEPS:
            raise InputError(
                "effects.duration_change", f"needs one value for each of the {STEPS} steps"
            )
        changes = []
        for i, v in enumerate(self.duration_change):
            name = f"effects.duration_change[{i + 1}]"
            v = _finite(name, v)
            if v < -1.0:
                raise InputError(name, f"cannot shorten a stay by more than 100 % (got {v:g})")
            changes.append(v)
        object.__setattr__(self, "duration_change", tuple(changes))
        seen: set[str] = set()
        out = [0.0] * STEPS
        for shift in self.shifts:
            if shift.key in seen:
                raise InputError(f"effects.shift.{shift.key}", "is given twice")
            seen.add(shift.key)
            out[shift.from_step - 1] += shift.share
        for i, total in enumerate(out):
            if total > 1.0 + 1e-12:
                raise InputError(
                    f"effects.shift.from_{i + 1}",
                    f"the shares moved off step {i + 1} add up to {total:g}, more than 1",
                )


@dataclass(frozen=True)
class BusinessCase:
    horizon: int
    investment: Investment
    baseline: Baseline
    effects: Effects = field(default_factory=Effects)
    discount_rate: float = DEFAULT_DISCOUNT_RATE
    # A budget cut on the early steps (``cut.py``); None = no cut.
    cut: Cut | None = None

    def __post_init__(self) -> None:
        if (
            isinstance(self.horizon, bool)
            or not isinstance(self.horizon, int)
            or not 1 <= self.horizon <= MAX_HORIZON
        ):
            raise InputError("horizon", f"must be a whole number of years from 1 to {MAX_HORIZON}")
        rate = _finite("discount_rate", self.discount_rate)
        if not 0.0 <= rate <= MAX_DISCOUNT_RATE:
            raise InputError(
                "discount_rate", f"must be between 0 and {MAX_DISCOUNT_RATE:g} (got {rate:g})"
            )
        object.__setattr__(self, "discount_rate", rate)
        if len(self.investment.one_off) > self.horizon:
            raise InputError("investment.one_off", "has more years than the horizon")
        if self.cut is not None:
            self.cut.check_horizon(self.horizon)

    def parameters(self) -> dict[str, float]:
        """Every scalar input by name: the names the uncertainty module varies."""
        inv = self.investment
        params = {
            "investment.extra_workers": inv.extra_workers,
            "investment.cost_per_worker": inv.cost_per_worker,
            "investment.training": inv.training,
            "investment.premises": inv.premises,
            "effects.success_rate": self.effects.success_rate,
            "discount_rate": self.discount_rate,
        }
        for i in range(STEPS):
            params[f"baseline.children.{i + 1}"] = self.baseline.children[i]
            params[f"baseline.cost_per_child.{i + 1}"] = self.baseline.cost_per_child[i]
            params[f"effects.duration_change.{i + 1}"] = self.effects.duration_change[i]
        for shift in self.effects.shifts:
            params[f"effects.shift.{shift.key}"] = shift.share
        return params


@dataclass(frozen=True)
class Result:
    """Yearly results, each an array of shape (D, T); scalars per draw of shape (D,)."""

    years: npt.NDArray[np.int64]
    gross_cost: Array
    savings: Array
    net: Array
    cumulative_net: Array
    discount_factor: Array
    present_value: Array
    cumulative_present_value: Array
    npv: Array
    break_even_index: npt.NDArray[np.int64]  # 0-based year index, -1 = never
    # Children (child-years) and cost on each step in the scenario, shape (D, T, 6), and the
    # baseline's cost on each step, shape (D, 6): what benefit realisation, the cut what-if
    # and the payer split read per step.
    step_children: Array
    step_cost: Array
    baseline_step_cost: Array

    def break_even_year(self, draw: int = 0) -> int | None:
        index = int(self.break_even_index[draw])
        return None if index < 0 else index + 1


def _ramp(effects: Effects, horizon: int) -> Array:
    ramp = list(effects.ramp_up[:horizon])
    ramp += [effects.ramp_up[-1]] * (horizon - len(ramp))
    return np.asarray(ramp, dtype=np.float64)


def evaluate(case: BusinessCase, draws: Mapping[str, Array] | None = None) -> Result:
    """Run the case; ``draws`` replaces named parameters by arrays of equal length D.

    Sampled values are clipped into each parameter's valid range (shares to [0, 1], costs to
    ≥ 0, duration changes to ≥ -1), and a step whose sampled outgoing shares add up to more
    than 1 has them scaled down to 1: a sample cannot move more children than there are.
    """
    draws = dict(draws or {})
    base = case.parameters()
    unknown = set(draws) - set(base)
    if unknown:
        raise InputError(sorted(unknown)[0], "is not a parameter of this business case")
    sizes = {len(v) for v in draws.values()}
    if len(sizes) > 1:
        raise InputError("draws", "all sampled parameters need the same number of draws")
    n = sizes.pop() if sizes else 1

    def param(name: str, low: float | None = 0.0, high: float | None = None) -> Array:
        if name in draws:
            value = np.asarray(draws[name], dtype=np.float64)
            if low is not None or high is not None:
                value = np.clip(value, low, high)
            return value
        return np.full(n, base[name], dtype=np.float64)

    horizon = case.horizon
    children = np.stack([param(f"baseline.children.{s}") for s in range(1, STEPS + 1)], axis=1)
    cost = np.stack([param(f"baseline.cost_per_child.{s}") for s in range(1, STEPS + 1)], axis=1)
    duration = np.stack(
        [param(f"effects.duration_change.{s}", -1.0) for s in range(1, STEPS + 1)], axis=1
    )
    shifts = case.effects.shifts
    shares = (
        np.stack([param(f"effects.shift.{s.key}", 0.0, 1.0) for s in shifts], axis=1)
        if shifts
        else np.zeros((n, 0))
    )
    # A sample cannot move more than all the children off a step.
    for step in range(1, STEPS + 1):
        cols = [k for k, s in enumerate(shifts) if s.from_step == step]
        if len(cols) > 1:
            total = shares[:, cols].sum(axis=1, keepdims=True)
            shares[:, cols] /= np.maximum(total, 1.0)

    # Effect strength per draw and year: success rate × ramp-up.
    strength = param("effects.success_rate", 0.0, 1.0)[:, None] * _ramp(case.effects, horizon)

    # Children per step in the scenario, shape (D, T, 6).
    scenario = np.repeat(children[:, None, :], horizon, axis=1)
    for k, shift in enumerate(shifts):
        moved = strength * (shares[:, k] * children[:, shift.from_step - 1])[:, None]
        scenario[:, :, shift.from_step - 1] -= moved
        scenario[:, :, shift.to_step - 1] += moved
    scenario *= 1.0 + strength[:, :, None] * duration[:, None, :]

    if case.cut is not None:
        apply_cut(case.cut, scenario, cost)

    baseline_step_cost = children * cost
    baseline_cost = baseline_step_cost.sum(axis=1)[:, None]
    step_cost = scenario * cost[:, None, :]
    scenario_cost = step_cost.sum(axis=2)
    savings = baseline_cost - scenario_cost

    one_off = np.zeros(horizon)
    one_off[: len(case.investment.one_off)] = case.investment.one_off
    running = (
        param("investment.extra_workers") * param("investment.cost_per_worker")
        + param("investment.training")
        + param("investment.premises")
    )
    gross = running[:, None] + one_off[None, :]
    net = savings - gross
    cumulative = np.cumsum(net, axis=1)

    rate = param("discount_rate", 0.0, MAX_DISCOUNT_RATE)
    exponent = np.arange(horizon, dtype=np.float64)
    factor = (1.0 + rate)[:, None] ** -exponent[None, :]
    pv = net * factor

    reached = cumulative >= 0.0
    index = np.where(reached.any(axis=1), reached.argmax(axis=1), -1).astype(np.int64)
    return Result(
        years=np.arange(1, horizon + 1, dtype=np.int64),
        gross_cost=gross,
        savings=savings,
        net=net,
        cumulative_net=cumulative,
        discount_factor=factor,
        present_value=pv,
        cumulative_present_value=np.cumsum(pv, axis=1),
        npv=pv.sum(axis=1),
        break_even_index=index,
        step_children=scenario,
        step_cost=step_cost,
        baseline_step_cost=baseline_step_cost,
    )


@dataclass(frozen=True)
class YearRow:
    year: int
    gross_cost: float
    savings: float
    net: float
    cumulative_net: float
    discount_factor: float
    present_value: float
    cumulative_present_value: float


@dataclass(frozen=True)
class Summary:
    """The deterministic result as plain numbers: what tables, JSON and Excel show."""

    rows: tuple[YearRow, ...]
    npv: float
    break_even_year: int | None
    total_net: float


def summarise(case: BusinessCase) -> Summary:
    result = evaluate(case)
    rows = tuple(
        YearRow(
            year=int(result.years[t]),
            gross_cost=float(result.gross_cost[0, t]),
            savings=float(result.savings[0, t]),
            net=float(result.net[0, t]),
            cumulative_net=float(result.cumulative_net[0, t]),
            discount_factor=float(result.discount_factor[0, t]),
            present_value=float(result.present_value[0, t]),
            cumulative_present_value=float(result.cumulative_present_value[0, t]),
        )
        for t in range(case.horizon)
    )
    return Summary(
        rows=rows,
        npv=float(result.npv[0]),
        break_even_year=result.break_even_year(0),
        total_net=float(result.cumulative_net[0, -1]),
    )
