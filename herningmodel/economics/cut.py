"""A budget cut on the early steps, as the engine applies it (pure numpy, no Django).

"Cut X kroner a year from steps 1–3 from year Y": from year Y on, X kroner less is spent on the
cut steps, taken from each step in proportion to its spend, so the step loses ``X_s / c_s``
child-years of help. Less early help is not free: of the children who lose it, the share
``escalation_share`` need a higher step ``delay_years`` later, and each of them stays there for
``stay_years`` years, spread over steps 4–6 by ``destination`` weights. Every default is an
assumption, stated with its rationale in ``docs/business-case.md``; a scenario can override each.
The projection (with and without the cut) is in ``whatif.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from herningmodel.economics.validation import STEPS, Array, InputError, _non_negative, _share

CUT_STEPS = (1, 2, 3)
DESTINATION_STEPS = (4, 5, 6)
# Defaults: see docs/business-case.md, "What-if for cuts", for why each value.
DEFAULT_ESCALATION_SHARE = 0.10
DEFAULT_DELAY_YEARS = 1
DEFAULT_STAY_YEARS = 2
DEFAULT_DESTINATION = (0.2, 0.5, 0.3)


@dataclass(frozen=True)
class Cut:
    """``amount`` kroner a year less on ``steps`` (a subset of 1–3) from year ``from_year``."""

    amount: float
    from_year: int
    steps: tuple[int, ...] = CUT_STEPS
    escalation_share: float = DEFAULT_ESCALATION_SHARE
    delay_years: int = DEFAULT_DELAY_YEARS
    stay_years: int = DEFAULT_STAY_YEARS
    destination: tuple[float, ...] = DEFAULT_DESTINATION  # weights on steps 4, 5, 6

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _non_negative("cut.amount", self.amount))
        for name, low in (("from_year", 1), ("delay_years", 0), ("stay_years", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise InputError(f"cut.{name}", f"must be a whole number ≥ {low}")
        steps = tuple(self.steps)
        if not steps:
            raise InputError("cut.steps", "needs at least one step")
        for step in steps:
            if isinstance(step, bool) or not isinstance(step, int) or step not in CUT_STEPS:
                raise InputError("cut.steps", "may only name the early steps 1, 2 and 3")
        if len(set(steps)) != len(steps):
            raise InputError("cut.steps", "names a step twice")
        object.__setattr__(self, "steps", tuple(sorted(steps)))
        object.__setattr__(
            self, "escalation_share", _share("cut.escalation_share", self.escalation_share)
        )
        if len(self.destination) != len(DESTINATION_STEPS):
            raise InputError("cut.destination", "needs one weight for each of steps 4, 5 and 6")
        weights = tuple(
            _share(f"cut.destination[{i + 4}]", w) for i, w in enumerate(self.destination)
        )
        if abs(sum(weights) - 1.0) > 1e-9:
            raise InputError(
                "cut.destination", f"the weights must add up to 1 (got {sum(weights):g})"
            )
        object.__setattr__(self, "destination", weights)

    def check_horizon(self, horizon: int) -> None:
        if self.from_year > horizon:
            raise InputError(
                "cut.from_year", f"year {self.from_year} is after the horizon of {horizon} years"
            )


def apply_cut(cut: Cut, scenario: Array, cost: Array) -> None:
    """Change ``scenario`` (children per step, shape (D, T, 6)) in place for ``cut``.

    ``cost`` is the cost per child-year, shape (D, 6). In year t ≥ Y the cut steps lose
    ``min(X, spend) / spend`` of their children (spend = their cost that year; steps that cost
    nothing lose none); ``escalation_share`` of the children lost in year t arrive on steps 4–6
    in years t + delay … t + delay + stay − 1.
    """
    n, horizon, _steps = scenario.shape
    cols = [s - 1 for s in cut.steps]
    priced = cost[:, None, cols] > 0  # (D, 1, k)
    spend = (scenario[:, :, cols] * cost[:, None, cols]).sum(axis=2)  # (D, T)
    active = np.arange(horizon) >= cut.from_year - 1
    taken = np.where(active[None, :], np.minimum(cut.amount, spend), 0.0)
    fraction = np.divide(taken, spend, out=np.zeros_like(spend), where=spend > 0)
    removed = np.where(priced, scenario[:, :, cols] * fraction[:, :, None], 0.0)
    scenario[:, :, cols] -= removed
    lost = removed.sum(axis=2)  # child-years of early help lost, (D, T)
    arriving = np.zeros((n, horizon))
    for t in range(horizon):
        first = t + cut.delay_years
        arriving[:, first : min(first + cut.stay_years, horizon)] += (
            cut.escalation_share * lost[:, t : t + 1]
        )
    weights = np.asarray(cut.destination, dtype=np.float64)
    first_dest = DESTINATION_STEPS[0] - 1
    scenario[:, :, first_dest:STEPS] += arriving[:, :, None] * weights[None, None, :]
