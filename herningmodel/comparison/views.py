"""The national comparison page and its Excel download: authorize, read the imports, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.comparison import table, workbook
from herningmodel.monitoring import board as boards
from herningmodel.monitoring.reports import CONTENT_TYPES


def _authorize(request: HttpRequest) -> None:
    # The same readers as the monitoring board: aggregates only, never a child.
    if not boards.may_view(request.user):
        raise PermissionDenied


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _authorize(request)
    comparisons = table.comparisons(costs=boards.sees_costs(request.user))
    return render(
        request,
        "comparison/dashboard.html",
        {
            "comparisons": comparisons,
            "sources": table.sources(),
            "figures": {c.indicator_id: c.figure() for c in comparisons},
        },
    )


FILENAME = "herningmodel-comparison.xlsx"


def workbook_file(user: Any, *, source: str) -> bytes:
    """The comparison as the Excel workbook the page and the API send (costs only for roles
    that see costs), recorded as an EXPORT with the municipalities and the indicator count."""
    comparisons = table.comparisons(costs=boards.sees_costs(user))
    sources = table.sources()
    body = workbook.to_xlsx(comparisons, sources)
    audit.record(
        EventType.EXPORT,
        actor=user,
        source=source,
        changes={
            "kind": "comparison",
            "municipalities": sorted({s.municipality_code for s in sources}),
            "indicators": len(comparisons),
        },
    )
    return body


@login_required
def download(request: HttpRequest) -> HttpResponse:
    _authorize(request)
    body = workbook_file(request.user, source=request.path)
    response = HttpResponse(body, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    return response
