"""Dashboards and report downloads: parse, authorize, compute through ``board``, render."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import Perm, has_perm
from herningmodel.monitoring import board as boards
from herningmodel.monitoring import charts, reports
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
        "drill_down": has_perm(request.user, Perm.VIEW_TEAM_CASELOAD),
    }
    if scope is None:
        return context
    board = boards.for_user(scope, request.user, theme, with_warnings=theme is None)
    results = board.results
    if theme is None:
        results = {k: v for k, v in results.items() if k in HEADLINES}
    context.update(
        board=board,
        results=list(results.values()),
        figures={k: charts.figure(r) for k, r in results.items()},
    )
    return context


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
    # Every export is suppressed, whoever asks: files travel further than screens.
    board = boards.board(scope, costs=boards.sees_costs(request.user), suppressed=True)
    try:
        body, content_type = reports.render(board, fmt)
    except reports.UnknownFormat as exc:
        raise Http404 from exc
    response = HttpResponse(body, content_type=content_type)
    name = f"herningmodel-{scope.period.label}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
