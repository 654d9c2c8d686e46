"""Costs and budget, from the cost ledger: one aggregate query per indicator."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from herningmodel.monitoring.indicators import Good, Indicator, Key, Part, Theme, Unit, register
from herningmodel.monitoring.population import population, within
from herningmodel.monitoring.scope import Scope
from herningmodel.monitoring.shared import once
from herningmodel.monitoring.themes.steps import STEPS
from herningmodel.staircase.models import Budget, LedgerEntry


def ledger(scope: Scope) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(within(scope, "month"), scope.place_q(), scope.age_q())


@once
def _by_district_step(scope: Scope) -> list[dict[str, Any]]:
    return list(
        ledger(scope)
        .values("district_id", "step__number")
        .annotate(amount=Sum("amount"), kids=Count("child_id", distinct=True), months=Count("pk"))
        .order_by()
    )


def _per_child(scope: Scope) -> dict[Key, Part]:
    pop = population(scope)
    out: dict[Key, Part] = {}
    for r in _by_district_step(scope):
        district = int(r["district_id"])
        out[(district, str(r["step__number"]))] = Part(
            r["amount"],
            pop.get(district, 0),
            int(r["kids"]),
        )
    for district, n in pop.items():
        for key, _label in STEPS:
            out.setdefault((district, key), Part(Decimal(0), n, 0))
    return out


def _unit_cost(scope: Scope) -> dict[Key, Part]:
    return {
        (int(r["district_id"]), str(r["step__number"])): Part(
            r["amount"],
            r["months"],
            int(r["kids"]),
        )
        for r in _by_district_step(scope)
    }


def _vs_budget(scope: Scope) -> dict[Key, Part]:
    p = scope.period
    budgets = {
        b["step__number"]: b["amount"]
        for b in Budget.objects.filter(year=p.start.year).values("step__number", "amount")
    }
    spent = {
        r["step__number"]: r
        for r in ledger(scope)
        .values("step__number")
        .annotate(amount=Sum("amount"), kids=Count("child_id", distinct=True))
        .order_by()
    }
    out = {}
    for key, _label in STEPS:
        n = int(key)
        row = spent.get(n, {"amount": Decimal(0), "kids": 0})
        budget = budgets.get(n)
        share_of_year = Decimal(p.months) / 12
        out[(0, key)] = Part(
            row["amount"], 0 if budget is None else budget * share_of_year, row["kids"]
        )
    return out


register(
    Indicator(
        id="cost_per_child",
        theme=Theme.COSTS,
        name_da="Udgift pr. barn 0–17 år",
        name_en="Cost per child aged 0–17",
        definition_da="Udgifter i kostregistret (indsatsernes månedlige pris) i perioden divideret "
        "med antallet af børn 0–17 år i distriktet, pr. trin og i alt.",
        definition_en="Spending in the cost ledger (each intervention's monthly cost) in the "
        "period divided by the number of children aged 0–17 living in the district, per step "
        "and in total.",
        unit=Unit.KR,
        good=Good.DOWN,
        compute=_per_child,
        series=STEPS,
        additive=True,
        common_denominator=True,
        costs=True,
    )
)
register(
    Indicator(
        id="unit_cost_by_step",
        theme=Theme.COSTS,
        name_da="Enhedspris pr. barnemåned",
        name_en="Unit cost per child-month",
        definition_da="Udgifter i perioden pr. trin divideret med antallet af indsatsmåneder "
        "(en indsats i én kalendermåned), dvs. den gennemsnitlige månedspris på trinnet.",
        definition_en="Spending in the period per step divided by the number of "
        "intervention-months (one intervention in one calendar month): the mean monthly price "
        "on the step.",
        unit=Unit.KR,
        good=Good.DOWN,
        compute=_unit_cost,
        series=STEPS,
        costs=True,
    )
)
register(
    Indicator(
        id="spend_vs_budget",
        theme=Theme.COSTS,
        name_da="Forbrug i forhold til budget",
        name_en="Spending against budget",
        definition_da="Udgifter i perioden i procent af årets budget for trinnet, forholdsmæssigt "
        "for periodens antal måneder (et kvartal = 3/12 af årsbudgettet). Kun for hele kommunen: "
        "budgettet er ikke fordelt på distrikter.",
        definition_en="Spending in the period as a percentage of the year's budget for the "
        "step, pro rata for the period's months (a quarter = 3/12 of the year's budget). For "
        "the whole municipality only: the budget is not split by district.",
        unit=Unit.PERCENT,
        good=Good.NEITHER,
        compute=_vs_budget,
        series=STEPS,
        additive=True,
        by_district=False,
        costs=True,
        counts=(),  # kroner against kroner: the children with spending are judged
        share=False,
    )
)
