"""Budget against actual spending per step for one year: one computation for page and API."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from herningmodel.staircase.ledger import year_costs_by_step
from herningmodel.staircase.models import Budget, Step


@dataclass(frozen=True)
class BudgetRow:
    step: Step
    budget: Decimal | None
    actual: Decimal
    difference: Decimal | None  # budget − actual; None without a budget
    share: int | None  # actual as a whole percentage of the budget


def budget_rows(year: int) -> list[BudgetRow]:
    budgets = {b.step_id: b.amount for b in Budget.objects.filter(year=year)}
    actual = year_costs_by_step(year)
    rows = []
    for step in Step.objects.order_by("number"):
        planned = budgets.get(step.pk)
        spent = actual.get(step.number, Decimal("0.00"))
        rows.append(
            BudgetRow(
                step=step,
                budget=planned,
                actual=spent,
                difference=(planned - spent) if planned is not None else None,
                share=round(100 * spent / planned) if planned else None,
            )
        )
    return rows


def totals(rows: list[BudgetRow]) -> dict[str, Decimal]:
    return {
        "budget": sum((r.budget or Decimal(0) for r in rows), Decimal(0)),
        "actual": sum((r.actual for r in rows), Decimal(0)),
    }
