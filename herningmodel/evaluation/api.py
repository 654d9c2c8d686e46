"""The evaluation in the API: pilot against control per outcome, as on the evaluation page.

The same permission (aggregates; the cost outcome only for roles that see costs) and the same
computation (``views.build_report``: Callaway–Sant'Anna on district panels with event study).
"""

from __future__ import annotations

import math
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field

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
