"""A prototype's success metric, taken from monitoring and measured for trial vs comparison.

The metric is one of monitoring's share indicators (a percentage of children or cases), so it is
defined once and computed the same way as on the dashboards. The trial group and the comparison
group are sets of districts; the indicator is evaluated for each over the trial period, and the
two shares are compared with ``effect.compare`` (Wilson intervals per group, Newcombe's hybrid
score interval for the difference).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from herningmodel.coordination.effect import Comparison, compare
from herningmodel.monitoring.disclosure import is_small
from herningmodel.monitoring.indicators import Indicator, Unit, all_indicators, evaluate
from herningmodel.monitoring.scope import Period, Scope

METHOD = "newcombe"


def eligible() -> list[Indicator]:
    """Indicators that are a share of children or cases per district: a success rate."""
    return [
        i
        for i in all_indicators()
        if i.unit == Unit.PERCENT and i.by_district and len(i.series) == 1 and not i.costs
    ]


def metric(indicator_id: str) -> Indicator | None:
    return next((i for i in eligible() if i.id == indicator_id), None)


def metric_choices() -> list[tuple[str, str]]:
    return [(i.id, i.name) for i in eligible()]


@dataclass(frozen=True)
class GroupCount:
    successes: int
    n: int
    children: int  # how many children the share singles out (disclosure control)

    @property
    def small(self) -> bool:
        return is_small(self.children)


def count(
    indicator: Indicator, start: dt.date, end: dt.date, district_ids: Iterable[int]
) -> GroupCount:
    """The indicator's numerator and denominator for the districts over the period."""
    scope = Scope(Period(start, end, f"{start}–{end}"), district_ids=frozenset(district_ids))
    cell = evaluate(indicator, scope).total()
    return GroupCount(
        int(cell.numerator or 0),
        int(cell.denominator or 0),
        int(cell.children or 0),
    )


@dataclass(frozen=True)
class Measured:
    trial: GroupCount
    comparison: GroupCount

    @property
    def comparison_result(self) -> Comparison | None:
        if self.trial.n < 1 or self.comparison.n < 1:
            return None
        return compare(
            self.trial.successes, self.trial.n, self.comparison.successes, self.comparison.n
        )

    @property
    def suppressed(self) -> bool:
        """Prototype pages are aggregates: a group about 1–4 children is not shown."""
        return self.trial.small or self.comparison.small
