"""Who pays: the staircase costs and savings split between municipality, region and state.

Pure numpy. A scenario may say, per step, which share of the step's cost the region and the state
pay (SØM splits its results the same way, DOMAIN §5); the municipality pays the rest and the
whole investment (the extra social workers are its own staff). Without a ``[payers]`` table the
municipality pays everything. The split only divides the engine's figures: summed over the
payers it gives back the engine's savings and net exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from herningmodel.economics.model import BusinessCase, evaluate
from herningmodel.economics.validation import STEPS, InputError, _share

PAYERS = ("municipality", "region", "state")
NO_SHARE = (0.0,) * STEPS


@dataclass(frozen=True)
class Payers:
    """Shares of each step's cost (steps 1..6) paid by the region and by the state."""

    region: tuple[float, ...] = NO_SHARE
    state: tuple[float, ...] = NO_SHARE

    def __post_init__(self) -> None:
        for name in ("region", "state"):
            values = tuple(getattr(self, name))
            if len(values) != STEPS:
                raise InputError(f"payers.{name}", f"needs one share for each of the {STEPS} steps")
            shares = tuple(_share(f"payers.{name}[{i + 1}]", v) for i, v in enumerate(values))
            object.__setattr__(self, name, shares)
        for i in range(STEPS):
            total = self.region[i] + self.state[i]
            if total > 1.0 + 1e-12:
                raise InputError(
                    "payers.state",
                    f"the region's and the state's shares of step {i + 1} add up to {total:g}, "
                    "more than 1",
                )

    @property
    def municipality(self) -> tuple[float, ...]:
        return tuple(1.0 - r - s for r, s in zip(self.region, self.state, strict=True))

    @property
    def shared(self) -> bool:
        """Whether anyone but the municipality pays anything."""
        return any(self.region) or any(self.state)


@dataclass(frozen=True)
class PayerYear:
    year: int
    payer: str
    staircase_cost: float  # the payer's share of the scenario's staircase cost
    savings: float  # the payer's share of the savings against the baseline
    investment: float  # the municipality's alone
    net: float  # savings − investment


def split(case: BusinessCase, payers: Payers) -> list[PayerYear]:
    """Per year and payer (municipality, region, state, in that order within a year)."""
    result = evaluate(case)
    shares = {
        "municipality": np.asarray(payers.municipality),
        "region": np.asarray(payers.region),
        "state": np.asarray(payers.state),
    }
    rows = []
    for t in range(case.horizon):
        cost = result.step_cost[0, t]
        saved = result.baseline_step_cost[0] - cost
        for payer in PAYERS:
            investment = float(result.gross_cost[0, t]) if payer == "municipality" else 0.0
            savings = float(saved @ shares[payer])
            rows.append(
                PayerYear(
                    year=t + 1,
                    payer=payer,
                    staircase_cost=float(cost @ shares[payer]),
                    savings=savings,
                    investment=investment,
                    net=savings - investment,
                )
            )
    return rows
