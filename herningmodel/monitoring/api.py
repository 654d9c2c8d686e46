"""``GET /api/monitoring/indicators``: the indicators for a period, as the caller may see them."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, StringConstraints

from herningmodel.access.policy import Perm, has_perm
from herningmodel.api import ErrorOut
from herningmodel.monitoring import board as boards
from herningmodel.monitoring import indicators
from herningmodel.monitoring.scope import ScopeError, build_scope

router = Router(tags=["monitoring"])
Short = Annotated[str, StringConstraints(max_length=20, pattern=r"^[^\x00]*$")]


class IndicatorFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period: Short
    indicator: Short = ""
    district: Short = ""
    age: Short = ""


class IndicatorsOut(BaseModel):
    period: str
    suppressed: bool
    indicators: list[dict[str, Any]]


@router.get(
    "/indicators",
    response={200: IndicatorsOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def list_indicators(
    request: HttpRequest, filters: Query[IndicatorFilters]
) -> IndicatorsOut | Status:
    if not boards.may_view(request.user):
        return Status(
            403, ErrorOut(code="forbidden", message=_("Your role cannot see aggregate figures."))
        )
    try:
        scope = build_scope(
            filters.period,
            districts=[filters.district] if filters.district else [],
            age=filters.age,
            today=timezone.localdate(),
        )
        chosen = [indicators.get(filters.indicator)] if filters.indicator else None
    except ScopeError as exc:
        return Status(400, ErrorOut(code=exc.code, message=exc.message))
    if chosen and chosen[0].costs and not has_perm(request.user, Perm.VIEW_COSTS):
        return Status(403, ErrorOut(code="forbidden", message=_("Your role cannot see costs.")))
    suppressed = not boards.sees_small_cells(request.user)
    results = boards.compute(
        scope,
        chosen or boards.indicators_for(boards.sees_costs(request.user)),
        suppressed=suppressed,
    )
    return IndicatorsOut(
        period=scope.period.label,
        suppressed=suppressed,
        indicators=[indicators.as_dict(r) for r in results.values()],
    )
