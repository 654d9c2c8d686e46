"""The baseline from the municipality's own data: the last 12 closed months of the cost ledger.

For each step: child-years = distinct (child, month) pairs with a ledger entry on the step / 12
(a child with any cost on the step in a month counts as on the step that whole month), and cost
per child-year = the step's ledger total / its child-years. Steps with no entries get 0 children
and cost 0; the user can override them on the page or in the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone

from herningmodel.economics.model import STEPS, Baseline
from herningmodel.monitoring.disclosure import is_small
from herningmodel.staircase import costing
from herningmodel.staircase.models import LedgerEntry

MONTHS = 12


@dataclass(frozen=True)
class Calibration:
    first_month: dt.date
    last_month: dt.date
    children: tuple[float, ...]
    cost_per_child: tuple[float, ...]
    total_cost: tuple[float, ...]
    # Distinct children with a ledger entry on the step in the window: what disclosure control
    # judges (a cost per child-year over fewer than 5 children is close to one child's cost).
    distinct_children: tuple[int, ...] = ()

    @property
    def baseline(self) -> Baseline:
        return Baseline(children=self.children, cost_per_child=self.cost_per_child)


def window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first days of the first and last of the 12 months before the current month."""
    current = costing.month_start(today or timezone.localdate())
    last = costing.month_start(current - dt.timedelta(days=1))
    first = last
    for _ in range(MONTHS - 1):
        first = costing.month_start(first - dt.timedelta(days=1))
    return first, last


def calibrate(today: dt.date | None = None) -> Calibration:
    first, last = window(today)
    entries = LedgerEntry.objects.filter(month__gte=first, month__lte=last)
    totals = dict(
        entries.values("step__number")
        .annotate(total=Sum("amount"))
        .values_list("step__number", "total")
    )
    # Distinct children per step and month, summed over the months: child-months per step.
    child_months: dict[int, int] = {}
    per_month = (
        entries.values("step__number", "month")
        .annotate(n=Count("child_id", distinct=True))
        .values_list("step__number", "n")
    )
    for step, n in per_month:
        child_months[step] = child_months.get(step, 0) + n
    distinct = dict(
        entries.values("step__number")
        .annotate(n=Count("child_id", distinct=True))
        .values_list("step__number", "n")
    )
    children, costs, spent = [], [], []
    for step in range(1, STEPS + 1):
        years = child_months.get(step, 0) / MONTHS
        total = float(totals.get(step) or 0)
        children.append(years)
        spent.append(total)
        costs.append(max(total, 0.0) / years if years else 0.0)
    counted = tuple(int(distinct.get(step) or 0) for step in range(1, STEPS + 1))
    return Calibration(first, last, tuple(children), tuple(costs), tuple(spent), counted)


def small_steps(calibrated: Calibration) -> set[int]:
    """Indexes of the steps whose figures describe 1–4 children: hidden from roles without case
    access. No totals are shown next to them, so no secondary suppression is needed."""
    return {i for i, n in enumerate(calibrated.distinct_children) if is_small(n)}
