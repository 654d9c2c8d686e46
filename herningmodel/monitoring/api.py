"""The monitoring endpoints: indicators, definitions, early warnings and the cases behind a
figure, as the caller may see them, and the committee report as a file."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from herningmodel.access.policy import Perm, has_perm
from herningmodel.api import ErrorOut
from herningmodel.audit import services as audit
from herningmodel.monitoring import behind, hidden, indicators, reports
from herningmodel.monitoring import board as boards
from herningmodel.monitoring.scope import Scope, ScopeError, build_scope

router = Router(tags=["monitoring"])
Short = Annotated[str, StringConstraints(max_length=20, pattern=r"^[^\x00]*$")]


class IndicatorFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period: Short
    indicator: Short = ""
    district: Short = ""
    age: Short = ""


class TableCellOut(BaseModel):
    value: float | None
    numerator: float | None
    denominator: float | None
    shown: str = Field(
        description='As the pages print it: "<5" for a hidden count, "–" for a '
        "hidden amount of money."
    )
    suppressed: bool
    suppressed_reason: hidden.Reason | None = Field(
        description="Why the cell is hidden (its numbers are then null); null when shown."
    )


class TableColumnOut(BaseModel):
    key: str
    label: str


class TableRowOut(BaseModel):
    label: str
    kind: Literal["district", "group", "total"]
    district_id: int | None
    group: str
    cells: list[TableCellOut]


class IndicatorTableOut(BaseModel):
    id: str
    name: str
    unit: str
    good: str
    suppressed: bool
    columns: list[TableColumnOut]
    rows: list[TableRowOut]


class IndicatorsOut(BaseModel):
    period: str
    suppressed: bool
    indicators: list[IndicatorTableOut]


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
        indicators=[IndicatorTableOut(**indicators.as_dict(r)) for r in results.values()],
    )


class ScopeFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period: Short = Field("", description="Default: the last complete quarter.")
    district: Short = ""
    age: Short = ""


def _scope(filters: ScopeFilters) -> Scope:
    return build_scope(
        filters.period or boards.default_period().label,
        districts=[filters.district] if filters.district else [],
        age=filters.age,
        today=timezone.localdate(),
    )


class WarningNumberOut(BaseModel):
    label: str
    value: str


class EarlyWarningOut(BaseModel):
    code: str
    title: str
    explanation: str
    numbers: list[WarningNumberOut]


class WarningsOut(BaseModel):
    period: str
    suppressed: bool
    warnings: list[EarlyWarningOut]
    messages: list[str]


@router.get(
    "/warnings",
    response={200: WarningsOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def list_warnings(request: HttpRequest, filters: Query[ScopeFilters]) -> WarningsOut | Status:
    """The early warnings of the overview, read from the figures as your role may see them (a
    rule whose numbers are suppressed for you stays silent)."""
    if not boards.may_view(request.user):
        return Status(
            403, ErrorOut(code="forbidden", message=_("Your role cannot see aggregate figures."))
        )
    try:
        scope = _scope(filters)
    except ScopeError as exc:
        return Status(400, ErrorOut(code=exc.code, message=exc.message))
    board = boards.for_user(scope, request.user, with_warnings=True)
    return WarningsOut(
        period=scope.period.label,
        suppressed=board.suppressed,
        warnings=[
            EarlyWarningOut(
                code=w.code,
                title=str(w.title),
                explanation=str(w.explanation),
                numbers=[WarningNumberOut(label=str(k), value=v) for k, v in w.numbers],
            )
            for w in board.warnings
        ],
        messages=[str(m) for m in board.messages],
    )


class DrillFilters(ScopeFilters):
    indicator: Short = Field(description="A case-based indicator, e.g. deadlines_on_time.")
    series: Short = Field("", description="One of the indicator's series; '' for the first.")
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Annotated[int, Field(ge=0, le=10**9)] = 0


class CaseBehindOut(BaseModel):
    case_id: int
    child_id: int
    district_id: int
    caseworker_id: int
    opened_on: dt.date
    contribution: str


class CasesBehindOut(BaseModel):
    indicator: str
    series: str
    period: str
    count: int
    items: list[CaseBehindOut]


@router.get(
    "/cases",
    response={
        200: CasesBehindOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
)
def cases_behind(request: HttpRequest, filters: Query[DrillFilters]) -> CasesBehindOut | Status:
    """The cases behind one cell of a case-based indicator, limited to the cases you may read,
    every case returned audited. Roles without case access get 404, as on the page."""
    known = behind.drillable_series(filters.indicator)
    if not behind.may_drill_down(request.user) or known is None or filters.series not in known:
        raise Http404
    try:
        scope = _scope(filters)
    except ScopeError as exc:
        return Status(400, ErrorOut(code=exc.code, message=exc.message))
    rows = behind.cases_behind(request.user, filters.indicator, scope, filters.series)
    page = rows[filters.offset : filters.offset + filters.limit]
    audit.record_list_read(
        {c.child_id for c, _note in page},
        actor=request.user,
        source=f"api:{request.method} {request.path}",
    )
    return CasesBehindOut(
        indicator=filters.indicator,
        series=filters.series,
        period=scope.period.label,
        count=len(rows),
        items=[
            CaseBehindOut(
                case_id=c.pk,
                child_id=c.child_id,
                district_id=c.district_id,
                caseworker_id=c.caseworker_id,
                opened_on=c.opened_on,
                contribution=str(note),
            )
            for c, note in page
        ],
    )


class SeriesOut(BaseModel):
    key: str
    label: str


class IndicatorDefinitionOut(BaseModel):
    id: str
    theme: str
    name: str
    definition: str
    unit: str
    good: str
    series: list[SeriesOut]
    costs: bool
    small_cells: bool
    drillable: bool


class ThemeFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    theme: indicators.Theme | None = None


@router.get(
    "/definitions",
    response={200: list[IndicatorDefinitionOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def list_definitions(
    request: HttpRequest, filters: Query[ThemeFilter]
) -> list[IndicatorDefinitionOut] | Status:
    """The indicators your role may see, with their definitions (Danish or English by the
    request's language), series and whether one can drill down to the cases behind them."""
    if not boards.may_view(request.user):
        return Status(
            403, ErrorOut(code="forbidden", message=_("Your role cannot see aggregate figures."))
        )
    return [
        IndicatorDefinitionOut(
            id=i.id,
            theme=i.theme,
            name=i.name,
            definition=i.definition,
            unit=i.unit,
            good=i.good,
            series=[SeriesOut(key=k, label=str(label)) for k, label in i.all_series],
            costs=i.costs,
            small_cells=i.small_cells,
            drillable=behind.drillable_series(i.id) is not None,
        )
        for i in boards.indicators_for(boards.sees_costs(request.user), filters.theme)
    ]


class ReportFilters(ScopeFilters):
    format: Literal["pdf", "xlsx", "json"] = Field(
        description="pdf: the committee report (A4); xlsx: one sheet per indicator; json."
    )


_BINARY = {"schema": {"type": "string", "format": "binary"}}
REPORT_CONTENT = {
    "description": "The report file, as an attachment named after the period.",
    "content": {
        reports.CONTENT_TYPES["pdf"]: _BINARY,
        reports.CONTENT_TYPES["xlsx"]: _BINARY,
        reports.CONTENT_TYPES["json"]: {"schema": {"type": "object"}},
    },
}


@router.get(
    "/report",
    response={400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    openapi_extra={"responses": {200: REPORT_CONTENT}},
)
def report(request: HttpRequest, filters: Query[ReportFilters]) -> HttpResponse | Status:
    """The committee report for a period, district and age group: the same file as the
    monitoring page's download, always with small cells suppressed (files travel further than
    screens) and costs only for roles that see costs."""
    if not boards.may_view(request.user):
        return Status(
            403, ErrorOut(code="forbidden", message=_("Your role cannot see aggregate figures."))
        )
    try:
        scope = _scope(filters)
    except ScopeError as exc:
        return Status(400, ErrorOut(code=exc.code, message=exc.message))
    file = reports.report_file(request.user, scope, filters.format)
    response = HttpResponse(file.body, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response
