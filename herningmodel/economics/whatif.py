"""What-if for a budget cut: the same scenario run by the same engine with and without the cut.

Pure numpy. The cut model itself (which children lose early help, who escalates, when and for
how long) is in ``cut.py``; here the two runs are set side by side: the short-run saving, the
long-run cost and the year the cut turns net negative (its cumulative effect below 0).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from herningmodel.economics.cut import Cut
from herningmodel.economics.model import BusinessCase, evaluate


@dataclass(frozen=True)
class CutYear:
    year: int
    children_without: tuple[float, ...]  # per step
    children_with: tuple[float, ...]
    cost_without: float  # staircase cost, all steps
    cost_with: float
    cut_saving: float  # less spent on the cut steps
    extra_cost: float  # more spent on the higher steps
    effect: float  # cost_without − cost_with: positive = the cut saves this year
    cumulative_effect: float


@dataclass(frozen=True)
class CutProjection:
    cut: Cut
    rows: tuple[CutYear, ...]
    npv_without: float
    npv_with: float
    break_even_without: int | None
    break_even_with: int | None

    @property
    def short_run_saving(self) -> float:
        """The cut's effect in its first year: what next year's budget sees."""
        return self.rows[self.cut.from_year - 1].effect

    @property
    def long_run_cost(self) -> float:
        """The extra cost on the higher steps over the horizon: the price paid later."""
        return sum(r.extra_cost for r in self.rows)

    @property
    def total_effect(self) -> float:
        """Savings minus later costs over the horizon (negative = the cut costs money)."""
        return self.rows[-1].cumulative_effect

    @property
    def net_negative_year(self) -> int | None:
        """The first year the cut's cumulative effect is below 0 (it has cost more than it
        saved), or None if it does not happen within the horizon."""
        for row in self.rows:
            if row.cumulative_effect < 0:
                return row.year
        return None


def project_cut(case: BusinessCase, cut: Cut) -> CutProjection:
    """Run ``case`` without a cut and with ``cut``; the difference is the cut's effect."""
    cut.check_horizon(case.horizon)
    without = evaluate(dataclasses.replace(case, cut=None))
    with_cut = evaluate(dataclasses.replace(case, cut=cut))
    cut_cols = [s - 1 for s in cut.steps]
    rows = []
    cumulative = 0.0
    for t in range(case.horizon):
        cost0, cost1 = without.step_cost[0, t], with_cut.step_cost[0, t]
        effect = float(cost0.sum() - cost1.sum())
        cumulative += effect
        cut_saving = float(cost0[cut_cols].sum() - cost1[cut_cols].sum())
        rows.append(
            CutYear(
                year=t + 1,
                children_without=tuple(float(v) for v in without.step_children[0, t]),
                children_with=tuple(float(v) for v in with_cut.step_children[0, t]),
                cost_without=float(cost0.sum()),
                cost_with=float(cost1.sum()),
                cut_saving=cut_saving,
                extra_cost=cut_saving - effect,
                effect=effect,
                cumulative_effect=cumulative,
            )
        )
    return CutProjection(
        cut=cut,
        rows=tuple(rows),
        npv_without=float(without.npv[0]),
        npv_with=float(with_cut.npv[0]),
        break_even_without=without.break_even_year(0),
        break_even_with=with_cut.break_even_year(0),
    )
