"""Benefit realisation: the adopted scenario's forecast against the cost ledger, quarter by quarter.

Pure (no Django): the figures come in as plain numbers, so the rule is tested on hand-built cases.

- **Quarters** are calendar quarters counted from the adoption's start (the first day of a
  quarter, the start of the scenario's year 1): quarter k = 1, 2, … falls in scenario year
  ``(k - 1) // 4 + 1``. Quarters after the horizon are not compared.
- **Apportioning**: each yearly forecast figure (savings, its band, spend and children per step)
  is spread evenly over its year's four quarters: a quarter's forecast spend is a quarter of the
  year's, and its forecast children (an average number on the step) equal the year's. No
  seasonality: the engine has none to offer.
- **Actual savings** in a quarter = the scenario's baseline cost / 4 − the ledger's spend on
  all six steps in the quarter (the same definition as the engine's savings: staircase cost
  avoided against the baseline; the investment is not in it).
- **Band**: the Monte Carlo's 5th and 95th percentiles of the yearly savings, / 4. Without
  uncertain parameters the band is the point forecast itself.
- **Early warning** ``savings_below_band``: a quarter whose actual savings are *strictly* below
  the band's lower edge (p5). Exactly on p5 does not warn: p5 is a value the forecast itself
  allows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from herningmodel.economics.model import evaluate
from herningmodel.economics.scenario import Scenario
from herningmodel.economics.uncertainty import monte_carlo
from herningmodel.economics.validation import STEPS
from herningmodel.monitoring.disclosure import grid_equations, protect

BAND = (5.0, 95.0)  # the Monte Carlo percentiles that make the band
QUARTERS_PER_YEAR = 4
QUARTER_START_MONTHS = (1, 4, 7, 10)
WARNING_CODE = "savings_below_band"


@dataclass(frozen=True)
class Forecast:
    """The adopted scenario's yearly forecast, year 1 first."""

    baseline_cost: float  # kr a year
    savings: Sequence[float]  # point forecast per year
    savings_low: Sequence[float]  # p5 per year
    savings_high: Sequence[float]  # p95 per year
    step_spend: Sequence[Sequence[float]]  # per year, per step (kr)
    step_children: Sequence[Sequence[float]]  # per year, per step (average children)

    @property
    def horizon(self) -> int:
        return len(self.savings)


@dataclass(frozen=True)
class QuarterActual:
    """What the ledger says for one quarter."""

    start: dt.date
    step_spend: Sequence[float]  # kr per step
    step_children: Sequence[float]  # average children per step (child-months / 3)


@dataclass(frozen=True)
class StepGap:
    step: int
    forecast_spend: float
    actual_spend: float
    forecast_children: float
    actual_children: float

    @property
    def spend_gap(self) -> float:
        """Actual − forecast: positive = more spent than forecast."""
        return self.actual_spend - self.forecast_spend

    @property
    def children_gap(self) -> float:
        return self.actual_children - self.forecast_children


@dataclass(frozen=True)
class QuarterRow:
    number: int  # 1 = the first quarter since adoption
    start: dt.date
    year: int  # the scenario year the quarter falls in
    forecast_savings: float
    band_low: float
    band_high: float
    actual_savings: float
    steps: tuple[StepGap, ...]

    @property
    def gap(self) -> float:
        """Actual − forecast savings: negative = savings behind the forecast."""
        return self.actual_savings - self.forecast_savings

    @property
    def below_band(self) -> bool:
        return self.actual_savings < self.band_low

    @property
    def label(self) -> str:
        return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class SavingsWarning:
    """The named early warning for one quarter below the band."""

    code: str
    quarter: QuarterRow

    @property
    def shortfall(self) -> float:
        """How far the actual savings are below the band's lower edge (kr, positive)."""
        return self.quarter.band_low - self.quarter.actual_savings


@dataclass(frozen=True)
class Realisation:
    rows: tuple[QuarterRow, ...]

    @property
    def warnings(self) -> list[SavingsWarning]:
        return [SavingsWarning(WARNING_CODE, row) for row in self.rows if row.below_band]

    @property
    def forecast_savings(self) -> float:
        return sum(r.forecast_savings for r in self.rows)

    @property
    def actual_savings(self) -> float:
        return sum(r.actual_savings for r in self.rows)

    @property
    def gap(self) -> float:
        return self.actual_savings - self.forecast_savings

    def step_totals(self) -> list[StepGap]:
        """Forecast and actual spend per step summed over the quarters; children averaged."""
        n = len(self.rows) or 1
        return [
            StepGap(
                step=s + 1,
                forecast_spend=sum(r.steps[s].forecast_spend for r in self.rows),
                actual_spend=sum(r.steps[s].actual_spend for r in self.rows),
                forecast_children=sum(r.steps[s].forecast_children for r in self.rows) / n,
                actual_children=sum(r.steps[s].actual_children for r in self.rows) / n,
            )
            for s in range(STEPS)
        ]


def is_quarter_start(day: dt.date) -> bool:
    return day.day == 1 and day.month in QUARTER_START_MONTHS


def add_quarters(start: dt.date, quarters: int) -> dt.date:
    months = start.year * 12 + start.month - 1 + 3 * quarters
    return dt.date(months // 12, months % 12 + 1, 1)


def closed_quarters(start: dt.date, today: dt.date, horizon: int) -> list[dt.date]:
    """The first days of the quarters from ``start`` that have ended before ``today``'s month,
    at most ``horizon`` years of them. A quarter is compared only once all its months are closed.
    """
    if not is_quarter_start(start):
        raise ValueError(f"{start} is not the first day of a quarter")
    current_month = dt.date(today.year, today.month, 1)
    out = []
    for k in range(horizon * QUARTERS_PER_YEAR):
        first = add_quarters(start, k)
        if add_quarters(first, 1) > current_month:
            break
        out.append(first)
    return out


def compare(forecast: Forecast, start: dt.date, actuals: Sequence[QuarterActual]) -> Realisation:
    """Forecast against actual for each quarter in ``actuals`` (those before ``start`` or after
    the horizon are ignored)."""
    rows = []
    for actual in sorted(actuals, key=lambda a: a.start):
        months = (actual.start.year - start.year) * 12 + actual.start.month - start.month
        k = months // 3
        if months < 0 or months % 3 or k >= forecast.horizon * QUARTERS_PER_YEAR:
            continue
        t = k // QUARTERS_PER_YEAR
        steps = tuple(
            StepGap(
                step=s + 1,
                forecast_spend=forecast.step_spend[t][s] / QUARTERS_PER_YEAR,
                actual_spend=float(actual.step_spend[s]),
                forecast_children=float(forecast.step_children[t][s]),
                actual_children=float(actual.step_children[s]),
            )
            for s in range(STEPS)
        )
        rows.append(
            QuarterRow(
                number=k + 1,
                start=actual.start,
                year=t + 1,
                forecast_savings=forecast.savings[t] / QUARTERS_PER_YEAR,
                band_low=forecast.savings_low[t] / QUARTERS_PER_YEAR,
                band_high=forecast.savings_high[t] / QUARTERS_PER_YEAR,
                actual_savings=forecast.baseline_cost / QUARTERS_PER_YEAR
                - sum(float(v) for v in actual.step_spend),
                steps=steps,
            )
        )
    return Realisation(tuple(rows))


def hidden_cells(children: Sequence[Sequence[int]]) -> set[tuple[int, int]]:
    """Disclosure control for the actual figures, for users without case access to every team.

    ``children`` is the grid of distinct children (``actuals.distinct_children``): one row per
    quarter and a total row, steps 1..6 and a total column. A (row, column) cell about 1–4
    children is hidden, and enough others that no hidden cell can be worked out from the shown
    rows and totals (``monitoring/disclosure.py``); the same cells of the spend and child-year
    figures are hidden with it.
    """
    n_rows, n_cols = len(children), len(children[0]) if children else 0
    if not n_rows:
        return set()
    flat = [n for row in children for n in row]
    equations = grid_equations(
        n_rows, n_cols, [(n_rows - 1, tuple(range(n_rows - 1)))], col_total=True
    )
    return {divmod(cell, n_cols) for cell in protect(flat, equations)}


def forecast_of(scenario: Scenario) -> Forecast:
    """The engine's yearly figures for ``scenario``, with the Monte Carlo's p5–p95 savings band
    (the point forecast itself when nothing is uncertain)."""
    result = evaluate(scenario.case)
    savings = [float(v) for v in result.savings[0]]
    low, high = savings, savings
    if scenario.distributions:
        mc = monte_carlo(
            scenario.case, scenario.distributions, draws=scenario.draws, seed=scenario.seed
        )
        low, high = mc.savings.band(BAND[0]), mc.savings.band(BAND[1])
    return Forecast(
        baseline_cost=float(result.baseline_step_cost[0].sum()),
        savings=savings,
        savings_low=low,
        savings_high=high,
        step_spend=result.step_cost[0].tolist(),
        step_children=result.step_children[0].tolist(),
    )
