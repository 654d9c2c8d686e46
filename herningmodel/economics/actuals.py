"""Actual spend and children per step and quarter, read from the cost ledger.

Per quarter and step: spend = the ledger's total; children = distinct (child, month) pairs with
an entry on the step / 3, the average number of children on the step over the quarter (the same
counting as the calibration, ``calibration.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, Sum
from django.db.models.functions import TruncQuarter

from herningmodel.economics.realisation import QuarterActual, add_quarters
from herningmodel.economics.validation import STEPS
from herningmodel.staircase.models import LedgerEntry

MONTHS_PER_QUARTER = 3


def ledger_quarters(quarters: Sequence[dt.date]) -> list[QuarterActual]:
    """One ``QuarterActual`` for each quarter start in ``quarters`` (one query)."""
    if not quarters:
        return []
    first, last = min(quarters), add_quarters(max(quarters), 1)
    rows = (
        LedgerEntry.objects.filter(month__gte=first, month__lt=last)
        .values("month", "step__number")
        .annotate(total=Sum("amount"), children=Count("child_id", distinct=True))
        .values_list("month", "step__number", "total", "children")
    )
    spend = {q: [0.0] * STEPS for q in quarters}
    child_months = {q: [0] * STEPS for q in quarters}
    for month, step, total, children in rows:
        quarter = dt.date(month.year, (month.month - 1) // 3 * 3 + 1, 1)
        if quarter not in spend or not 1 <= step <= STEPS:
            continue
        spend[quarter][step - 1] += float(total or 0)
        child_months[quarter][step - 1] += children
    return [
        QuarterActual(
            start=q,
            step_spend=tuple(spend[q]),
            step_children=tuple(n / MONTHS_PER_QUARTER for n in child_months[q]),
        )
        for q in sorted(quarters)
    ]


def distinct_children(quarters: Sequence[dt.date]) -> list[list[int]]:
    """Distinct children with a ledger entry: one row per quarter (in order) and a last row for
    all the quarters; columns steps 1..6 and a last column for any step. What disclosure
    control counts (``realisation.hidden_cells``)."""
    ordered = sorted(quarters)
    grid = [[0] * (STEPS + 1) for _ in range(len(ordered) + 1)]
    if not ordered:
        return grid
    first, last = ordered[0], add_quarters(ordered[-1], 1)
    entries = LedgerEntry.objects.filter(month__gte=first, month__lt=last)
    index = {q: i for i, q in enumerate(ordered)}
    by_quarter_step = (
        entries.annotate(quarter=TruncQuarter("month"))
        .values("quarter", "step__number")
        .annotate(n=Count("child_id", distinct=True))
        .values_list("quarter", "step__number", "n")
    )
    for quarter, step, n in by_quarter_step:
        row = index.get(_as_date(quarter))
        if row is not None and 1 <= step <= STEPS:
            grid[row][step - 1] = n
    by_quarter = (
        entries.annotate(quarter=TruncQuarter("month"))
        .values("quarter")
        .annotate(n=Count("child_id", distinct=True))
        .values_list("quarter", "n")
    )
    for quarter, n in by_quarter:
        row = index.get(_as_date(quarter))
        if row is not None:
            grid[row][STEPS] = n
    by_step = entries.values("step__number").annotate(n=Count("child_id", distinct=True))
    for step, n in by_step.values_list("step__number", "n"):
        if 1 <= step <= STEPS:
            grid[-1][step - 1] = n
    grid[-1][STEPS] = entries.aggregate(n=Count("child_id", distinct=True))["n"] or 0
    return grid


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
