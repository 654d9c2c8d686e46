"""The evaluation in the API: pilot against control per outcome, as on the evaluation page.

The same permission (aggregates; the cost outcome only for roles that see costs) and the same
computation (``views.build_report``: Callaway–Sant'Anna on district panels with event study).
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from herningmodel.access.policy import Perm, has_perm
from herningmodel.api import ErrorOut

router = Router(tags=["evaluation"])


class EvaluationFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    by: Literal["year", "quarter", "month"] = Field("year", description="Panel periods.")


class AssociationOut(BaseModel):
    component: str
    r: str = Field(description="The correlation as shown on the page, e.g. '+0.42' or '–'.")


class EvaluationOut(BaseModel):
    title: str
    by: str
    analyses: list[dict[str, Any]] = Field(
        description="Per outcome: the overall estimate with CI and p-value, and the event study."
    )
    fidelity_columns: list[str] = Field(description="District, then one column per period.")
    fidelity: list[list[str]] = Field(
        description="The fidelity index (0–100) per district and period, as shown on the page "
        "(suppressed components give '–')."
    )
    associations_title: str
    associations: list[AssociationOut] = Field(
        description="Correlation of each fidelity component with the main outcome."
    )
    messages: list[str]


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


@router.get("", response={200: EvaluationOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut})
def read_evaluation(
    request: HttpRequest, filters: Query[EvaluationFilters]
) -> EvaluationOut | Status:
    if not has_perm(request.user, Perm.VIEW_AGGREGATES):
        return Status(
            403, ErrorOut(code="forbidden", message=_("Your role cannot see aggregate figures."))
        )
    from herningmodel.evaluation.views import build_report

    report = build_report(request.user, filters.by)
    return EvaluationOut(
        title=report.title,
        by=filters.by,
        analyses=[_finite(a.to_dict()) for a in report.analyses],
        fidelity_columns=[str(c) for c in report.fidelity_columns],
        fidelity=[[str(c) for c in row["cells"]] for row in report.fidelity],
        associations_title=report.associations_title,
        associations=[AssociationOut(component=str(a), r=str(b)) for a, b in report.associations],
        messages=[str(m) for m in report.messages],
    )


_BINARY = {"schema": {"type": "string", "format": "binary"}}
PDF_CONTENT = {
    "description": "The evaluation page's PDF (the page's download), as an attachment.",
    "content": {"application/pdf": _BINARY},
}


@router.get(
    "/report",
    response={401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    openapi_extra={"responses": {200: PDF_CONTENT}},
)
def evaluation_report(
    request: HttpRequest, filters: Query[EvaluationFilters]
) -> HttpResponse | Status:
    """The evaluation as the page's PDF (``views.report_file``): the outcomes the role may see,
    for the roles that see aggregates, as the page."""
    if not has_perm(request.user, Perm.VIEW_AGGREGATES):
        return Status(
            403, ErrorOut(code="forbidden", message=_("Your role cannot see aggregate figures."))
        )
    from herningmodel.evaluation import views

    response = HttpResponse(
        views.report_file(request.user, filters.by), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{views.REPORT_FILENAME}"'
    return response


Text = Annotated[str, StringConstraints(max_length=500)]


class ResearchExtractIn(BaseModel):
    """The extract page's choices; checked by the page's form, so the rules are the page's."""

    model_config = ConfigDict(extra="forbid")
    purpose: Text = Field(description="The study the DPO approved; kept in the audit trail.")
    first_month: Annotated[str, StringConstraints(max_length=7)] = Field(description="YYYY-MM")
    last_month: Annotated[str, StringConstraints(max_length=7)] = Field(description="YYYY-MM")
    columns: Annotated[list[Annotated[str, StringConstraints(max_length=40)]], Field(max_length=20)]
    file_format: Literal["csv", "xlsx"] = "csv"


ZIP_CONTENT = {
    "description": "A zip with the extract (extract.csv or extract.xlsx) and "
    "data-dictionary.md, as the page sends it.",
    "content": {"application/zip": _BINARY},
}


@router.post(
    "/extract",
    response={400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    openapi_extra={"responses": {200: ZIP_CONTENT}},
)
def research_extract(request: HttpRequest, payload: ResearchExtractIn) -> HttpResponse | Status:
    """The research extract for users the DPO approved (the page's group): pseudonymised, one
    row per intervention episode running in the period, audited once as an EXPORT with the
    purpose, columns, period and row count. 422 names the fields the page's form refuses."""
    from herningmodel.evaluation import extract, views
    from herningmodel.evaluation.forms import ExtractForm

    if not extract.may_extract(request.user):
        return Status(
            403,
            ErrorOut(
                code="forbidden",
                message=_("Only users approved by the DPO may make research extracts."),
            ),
        )
    form = ExtractForm(payload.model_dump())
    if not form.is_valid():
        raise DjangoValidationError(form.errors.as_data())
    archive = views.extract_file(request.user, form, source=f"api:{request.method} {request.path}")
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{views.EXTRACT_FILENAME}"'
    return response
