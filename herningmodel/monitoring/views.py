"""Dashboards and report downloads: parse, authorize, compute through ``board``, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import Perm, has_perm
from herningmodel.audit import services as audit
from herningmodel.monitoring import behind, charts, drill, indicators, reports
from herningmodel.monitoring import board as boards
from herningmodel.monitoring.indicators import Theme
from herningmodel.monitoring.scope import AgeGroup, Scope, ScopeError, build_scope
from herningmodel.organisation.models import District

THEMES = {
    Theme.CASELOAD: _("Caseload and continuity"),
    Theme.DEADLINES: _("Deadlines"),
    Theme.INTAKE: _("Notifications and early intervention"),
    Theme.STAIRCASE: _("Staircase"),
    Theme.PLACEMENTS: _("Placements"),
    Theme.COSTS: _("Costs and budget"),
    Theme.OUTCOMES: _("Outcomes and progression"),
}
HEADLINES = [
    "open_cases_per_caseworker",
    "continuity",
    "deadlines_on_time",
    "notifications_per_1000",
    "placements_per_1000",
    "renotified_within_12_months",
    "cost_per_child",
    "step_downs_without_measurement",
]


def _authorize(request: HttpRequest, theme: Theme | None = None) -> None:
    if not boards.may_view(request.user):
        raise PermissionDenied
    if theme is Theme.COSTS and not has_perm(request.user, Perm.VIEW_COSTS):
        raise PermissionDenied


def _scope(request: HttpRequest) -> tuple[Scope | None, str]:
    period = request.GET.get("period", "").strip() or boards.default_period().label
    district = request.GET.get("district", "").strip()
    try:
        scope = build_scope(
            period[:20],
            districts=[district[:12]] if district else [],
            age=request.GET.get("age", "")[:10],
            today=timezone.localdate(),
        )
    except ScopeError as exc:
        return None, exc.message
    return scope, ""


def _context(request: HttpRequest, theme: Theme | None) -> dict[str, Any]:
    scope, error = _scope(request)
    context: dict[str, Any] = {
        "themes": [
            (t.value, label)
            for t, label in THEMES.items()
            if t is not Theme.COSTS or has_perm(request.user, Perm.VIEW_COSTS)
        ],
        "theme": theme.value if theme else "",
        "theme_label": THEMES[theme] if theme else _("Overview"),
        "districts": District.objects.order_by("name"),
        "ages": [a.value for a in AgeGroup],
        "period": request.GET.get("period", "") or boards.default_period().label,
        "district": request.GET.get("district", ""),
        "age": request.GET.get("age", ""),
        "error": error,
        "query": request.GET.urlencode(),
        "drill_down": behind.may_drill_down(request.user),
        "drillable": sorted(drill.DRILLS),
    }
    if scope is None:
        return context
    board = boards.for_user(scope, request.user, theme, with_warnings=theme is None)
    results = board.results
    if theme is None:
        results = {k: v for k, v in results.items() if k in HEADLINES}
    context.update(
        board=board,
        results=[
            (r, _cells_with_links(request, r, context["drill_down"])) for r in results.values()
        ],
        figures={k: charts.figure(r) for k, r in results.items()},
    )
    return context


def _cells_with_links(
    request: HttpRequest, result: indicators.Result, drill_down: bool
) -> list[tuple[indicators.Row, list[tuple[indicators.Cell, str]]]]:
    """Each row's cells with the address of the cases behind it ("" for none): only for roles
    with case access, case-based indicators, district and municipality rows and real series
    (not a computed total). The address holds ids and the period, never personal data."""
    base = reverse("monitoring:cases", args=[result.indicator.id])
    keys = [k for k, _label in result.columns]
    out = []
    for row in result.rows:
        cells = []
        for key, cell in zip(keys, row.cells, strict=True):
            url = ""
            if (
                drill_down
                and drill.drillable(result.indicator.id)
                and row.kind in ("district", "total")
                and key != indicators.TOTAL
            ):
                query = {k: request.GET[k] for k in ("period", "age") if request.GET.get(k)}
                query["period"] = query.get("period") or result.scope.period.label
                if row.kind == "district":
                    query["district"] = str(row.district_id)
                elif request.GET.get("district"):
                    query["district"] = request.GET["district"]
                if key:
                    query["series"] = key
                url = f"{base}?{urlencode(query)}"
            cells.append((cell, url))
        out.append((row, cells))
    return out


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    _authorize(request)
    return render(request, "monitoring/dashboard.html", _context(request, None))


@login_required
def theme_page(request: HttpRequest, theme: str) -> HttpResponse:
    try:
        chosen = Theme(theme)
    except ValueError as exc:
        raise Http404 from exc
    _authorize(request, chosen)
    return render(request, "monitoring/dashboard.html", _context(request, chosen))


@login_required
def report(request: HttpRequest, fmt: str) -> HttpResponse:
    _authorize(request)
    scope, error = _scope(request)
    if scope is None:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    try:
        report = reports.report_file(request.user, scope, fmt)
    except reports.UnknownFormat as exc:
        raise Http404 from exc
    response = HttpResponse(report.body, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    return response


@login_required
def cases_behind(request: HttpRequest, indicator_id: str) -> HttpResponse:
    """The cases behind one cell of a case-based indicator, limited to the cases the user may
    read, every case shown audited. Roles without case access get a 404, as for a case."""
    series = request.GET.get("series", "")[:20]
    known = behind.drillable_series(indicator_id)
    if not behind.may_drill_down(request.user) or known is None or series not in known:
        raise Http404
    indicator = indicators.get(indicator_id)
    scope, error = _scope(request)
    context: dict[str, Any] = {
        "indicator": indicator,
        "series_label": dict(indicator.all_series).get(series, ""),
        "error": error,
        "back": request.GET.urlencode(),
    }
    if scope is not None:
        rows = behind.cases_behind(request.user, indicator_id, scope, series)
        audit.record_list_read(
            {c.child_id for c, _note in rows}, actor=request.user, source="page:monitoring:cases"
        )
        context.update(
            scope=scope,
            rows=rows,
            district=next(iter(District.objects.filter(pk__in=scope.district_ids or [])), None),
        )
    return render(request, "monitoring/cases.html", context, status=400 if error else 200)
