"""Setting prices and reading budget against actual: the controller's staircase pages in the API.

The same services and permissions as the pages: ``services.set_price`` (audited, recomputes the
ledger's open months) for those who may change prices, the budget for those who see costs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field

from herningmodel.access.policy import Perm, has_perm
from herningmodel.api import ErrorOut
from herningmodel.staircase import services
from herningmodel.staircase.api import Code, Id, PriceOut, router
from herningmodel.staircase.budget import budget_rows, totals
from herningmodel.staircase.models import InterventionType, Provider

# The staircase router itself: POST /prices must share its path with GET /prices.

Amount = Annotated[Decimal, Field(ge=0, le=Decimal("99999999.99"), max_digits=10, decimal_places=2)]


class PriceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Code
    provider_id: Id
    valid_from: dt.date
    amount: Amount = Field(description="Kroner per unit of the type (e.g. per week, per hour).")


class BudgetFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    year: Annotated[int, Field(ge=2000, le=2100)] | None = Field(
        None, description="The budget year (default: this year)."
    )


class BudgetRowOut(BaseModel):
    step: int
    budget: Decimal | None
    actual: Decimal
    difference: Decimal | None = Field(description="Budget minus actual; null without a budget.")
    share: int | None = Field(description="Actual as a percentage of the budget.")


class BudgetOut(BaseModel):
    year: int
    rows: list[BudgetRowOut]
    budget: Decimal
    actual: Decimal


def _forbidden(message: str) -> Status:
    return Status(403, ErrorOut(code="forbidden", message=message))


@router.post(
    "/prices",
    response={201: PriceOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def set_price(request: HttpRequest, payload: PriceIn) -> Status:
    """A price from a date on; the ledger's open months are recomputed, closed ones kept."""
    if not has_perm(request.user, Perm.CHANGE_PRICES):
        return _forbidden(_("Your role cannot change prices."))
    kind = InterventionType.objects.filter(code=payload.type).first()
    provider = Provider.objects.filter(pk=payload.provider_id).first()
    if kind is None or provider is None:
        field, message = (
            ("type", _("Unknown intervention type."))
            if kind is None
            else ("provider_id", _("Unknown provider."))
        )
        raise ValidationError({field: ValidationError(message, code="unknown")})
    price = services.set_price(
        actor=request.user,
        provider=provider,
        intervention_type=kind,
        valid_from=payload.valid_from,
        amount=payload.amount,
        source=f"api:{request.method} {request.path}",
    )
    return Status(
        201,
        PriceOut(
            type=kind.code,
            provider_id=provider.pk,
            provider=provider.name,
            valid_from=price.valid_from,
            amount=price.amount,
        ),
    )


@router.get("/budget", response={200: BudgetOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut})
def read_budget(request: HttpRequest, filters: Query[BudgetFilters]) -> BudgetOut | Status:
    """Budget against actual (the cost ledger's sum) per step for one year."""
    if not has_perm(request.user, Perm.VIEW_COSTS):
        return _forbidden(_("Your role cannot see costs."))
    year = filters.year or timezone.localdate().year
    rows = budget_rows(year)
    sums = totals(rows)
    return BudgetOut(
        year=year,
        rows=[
            BudgetRowOut(
                step=r.step.number,
                budget=r.budget,
                actual=r.actual,
                difference=r.difference,
                share=r.share,
            )
            for r in rows
        ],
        budget=sums["budget"],
        actual=sums["actual"],
    )
