"""The national comparison in the API: the same tables as /comparison/, for the same roles."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status
from pydantic import BaseModel, Field

from herningmodel.api import ErrorOut
from herningmodel.comparison import table
from herningmodel.monitoring import board as boards
from herningmodel.monitoring import hidden
from herningmodel.monitoring.reports import CONTENT_TYPES

router = Router(tags=["comparison"])


class FigureOut(BaseModel):
    value: float | None
    suppressed: bool = Field(description="Hidden by the exporting municipality (<5 children).")
    suppressed_reason: hidden.Reason | None = Field(
        description="Why the figure is hidden (its value is then null); null when shown."
    )


class RowOut(BaseModel):
    municipality: str
    figures: list[FigureOut] = Field(description="One per period, in the order of `periods`.")


class IndicatorOut(BaseModel):
    id: str
    name: str
    unit: str
    periods: list[str]
    rows: list[RowOut]


class SourceOut(BaseModel):
    municipality_code: str
    municipality_name: str
    period: str
    start: dt.date
    end: dt.date
    sha256: str
    imported_at: dt.datetime


class ComparisonOut(BaseModel):
    sources: list[SourceOut]
    indicators: list[IndicatorOut]


@router.get("", response={200: ComparisonOut, 401: ErrorOut, 403: ErrorOut})
def read_comparison(request: HttpRequest) -> ComparisonOut | Status:
    if not boards.may_view(request.user):
        return Status(
            403, ErrorOut(code="forbidden", message=_("Your role cannot see aggregate figures."))
        )
    return ComparisonOut(
        sources=[
            SourceOut(
                municipality_code=s.municipality_code,
                municipality_name=s.municipality_name,
                period=s.period,
                start=s.start,
                end=s.end,
                sha256=s.sha256,
                imported_at=s.imported_at,
            )
            for s in table.sources()
        ],
        indicators=[
            IndicatorOut(
                id=c.indicator_id,
                name=c.name,
                unit=c.unit,
                periods=list(c.periods),
                rows=[
                    RowOut(
                        municipality=m,
                        figures=[
                            FigureOut(
                                value=f.value,
                                suppressed=f.suppressed,
                                suppressed_reason=hidden.reason(f.suppressed),
                            )
                            for f in fs
                        ],
                    )
                    for m, fs in c.rows
                ],
            )
            for c in table.comparisons(costs=boards.sees_costs(request.user))
        ],
    )


XLSX_CONTENT = {
    "description": "The page's workbook (comparison.xlsx), as an attachment: a sheet of "
    'sources and one per indicator, suppressed cells as "<5" (money as "–*" with a footnote).',
    "content": {CONTENT_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}}},
}


@router.get(
    "/workbook",
    response={401: ErrorOut, 403: ErrorOut},
    openapi_extra={"responses": {200: XLSX_CONTENT}},
)
def comparison_workbook(request: HttpRequest) -> HttpResponse | Status:
    """The comparison as the page's Excel download (``views.workbook_file``): the same roles,
    the same file, audited as an EXPORT as on the page."""
    if not boards.may_view(request.user):
        return Status(
            403, ErrorOut(code="forbidden", message=_("Your role cannot see aggregate figures."))
        )
    from herningmodel.comparison import views

    body = views.workbook_file(request.user, source=f"api:GET {request.path}")
    response = HttpResponse(body, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{views.FILENAME}"'
    return response
