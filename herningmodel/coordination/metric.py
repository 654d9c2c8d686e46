"""A prototype's success metric, taken from monitoring and measured for trial vs comparison.

The metric is one of monitoring's share indicators (a percentage of children or cases), so it is
defined once and computed the same way as on the dashboards, or a share of coordinated families
that moved up on a core task (``MovementMetric``: the families scored at two or more network
meetings in the trial period, and of them those whose mean score on the task rose). The trial
group and the comparison group are sets of districts; the metric is evaluated for each over the
trial period, and the two shares are compared with ``effect.compare`` (Wilson intervals per
group, Newcombe's hybrid score interval for the difference).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import get_language

from herningmodel.coordination.effect import Comparison, compare
from herningmodel.coordination.models import CoreTask
from herningmodel.coordination.movement_data import families_in
from herningmodel.monitoring.disclosure import is_small
from herningmodel.monitoring.indicators import Good, Indicator, Unit, all_indicators, evaluate
from herningmodel.monitoring.scope import Period, Scope
from herningmodel.organisation.models import District

METHOD = "newcombe"


_TASK_NAMES = {
    CoreTask.LEISURE_COMMUNITY: ("fritid og fællesskab", "leisure & community"),
    CoreTask.LEARNING: ("læring", "learning"),
    CoreTask.EMPLOYMENT: ("beskæftigelse", "employment"),
    CoreTask.SOCIAL_CARE: ("omsorg", "social care"),
}


@dataclass(frozen=True)
class MovementMetric:
    """Share of coordinated families that moved up on one core task over the trial period."""

    task: str
    good: Good = Good.UP

    @property
    def id(self) -> str:
        return f"moved_up_{self.task}"

    @property
    def name(self) -> str:
        da, en = _TASK_NAMES[CoreTask(self.task)]
        if (get_language() or "da").startswith("da"):
            return f"Familier med bevægelse op på {da}"
        return f"Families moving up on {en}"

    @property
    def definition(self) -> str:
        if (get_language() or "da").startswith("da"):
            return (
                "Blandt familier i familiekoordinering scoret ved mindst to netværksmøder i "
                "perioden: andelen, hvis gennemsnitlige målscore på kerneopgaven steg."
            )
        return (
            "Among coordinated families scored at two or more network meetings in the period: "
            "the share whose mean goal score on the core task rose."
        )


SuccessMetric = Indicator | MovementMetric


def eligible() -> list[SuccessMetric]:
    """Monitoring's shares per district (a success rate), and movement up per core task."""
    shares: list[SuccessMetric] = [
        i
        for i in all_indicators()
        if i.unit == Unit.PERCENT and i.by_district and len(i.series) == 1 and not i.costs
    ]
    return shares + [MovementMetric(task.value) for task in CoreTask]


def metric(indicator_id: str) -> SuccessMetric | None:
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
    indicator: SuccessMetric, start: dt.date, end: dt.date, district_ids: Iterable[int]
) -> GroupCount:
    """The metric's numerator and denominator for the districts over the period."""
    if isinstance(indicator, MovementMetric):
        return _movement_count(indicator.task, start, end, district_ids)
    scope = Scope(Period(start, end, f"{start}–{end}"), district_ids=frozenset(district_ids))
    cell = evaluate(indicator, scope).total()
    return GroupCount(
        int(cell.numerator or 0),
        int(cell.denominator or 0),
        int(cell.children or 0),
    )


def _movement_count(
    task: str, start: dt.date, end: dt.date, district_ids: Iterable[int]
) -> GroupCount:
    names = set(District.objects.filter(pk__in=list(district_ids)).values_list("name", flat=True))
    moved = [f for f in families_in(start, end) if f.district in names and task in f.change]
    up = [f for f in moved if f.change[task] > 0]
    n, successes = len(moved), len(up)
    # As monitoring's share(): all or none describes everyone, otherwise the smaller part.
    children_up = sum(f.children for f in up)
    children_all = sum(f.children for f in moved)
    singled = children_all if successes in (0, n) else min(children_up, children_all - children_up)
    return GroupCount(successes, n, singled)


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
