"""Import kinds for the figures monitoring reads besides case work: the child population by
district, year and age (the denominator of "per 1,000 children"), and the yearly budget per
step of the staircase. Both are keyed by what they describe, so a corrected file updates.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from herningmodel.interchange.kinds_organisation import DISTRICT, Error, load_organisation
from herningmodel.interchange.pipeline import (
    Built,
    Column,
    Context,
    Kind,
    amount,
    integer,
    ref,
)
from herningmodel.monitoring.models import ChildPopulation
from herningmodel.staircase.models import Budget, Step

POPULATION = Kind(
    name="population",
    model=ChildPopulation,
    columns=(
        Column("district", DISTRICT, required=True),
        Column("year", integer(2000, 2100), required=True),
        Column("age", integer(0, 22), required=True),
        Column("count", integer(0, 10_000_000), required=True),
    ),
    key=("district_id", "year", "age"),
    key_column="district",
    load=load_organisation,
    build=lambda values, ctx, error: Built(
        {
            "district_id": values["district"],
            "year": values["year"],
            "age": values["age"],
            "count": values["count"],
        }
    ),
)


def _load_steps(ctx: Context) -> None:
    ctx["steps"] = {str(n): pk for n, pk in Step.objects.values_list("number", "pk")}


def _build_budget(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    return Built({"step_id": values["step"], "year": values["year"], "amount": values["amount"]})


BUDGETS = Kind(
    name="budgets",
    model=Budget,
    columns=(
        Column(
            "step", ref("steps", gettext_lazy("The step is a number from 1 to 6.")), required=True
        ),
        Column("year", integer(2000, 2100), required=True),
        Column("amount", amount(Decimal(0), digits=14), required=True),
    ),
    key=("step_id", "year"),
    key_column="step",
    load=_load_steps,
    build=_build_budget,
)
