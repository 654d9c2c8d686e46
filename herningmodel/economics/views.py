"""The business-case page: edit or choose a scenario, run it, save versions, compare two.

Parse, authorize, call ``reports.analyse`` / ``services.save_scenario``, render. Charts use the
monitoring pattern: a JSON data island read by the static ``monitoring/charts.js``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from herningmodel.access.policy import Perm, has_perm
from herningmodel.economics import calibration, forms, reports, services
from herningmodel.economics.models import Scenario
from herningmodel.economics.scenario import MAX_TOML, ScenarioError, parse
from herningmodel.economics.validation import STEPS
from herningmodel.monitoring.board import sees_small_cells

EXAMPLE = Path(__file__).resolve().parent / "example.toml"


def _authorize(request: HttpRequest) -> None:
    if not has_perm(request.user, Perm.VIEW_COSTS):
        raise PermissionDenied


def _scenario(pk: str) -> Scenario:
    try:
        return Scenario.objects.get(pk=int(pk))
    except (ValueError, Scenario.DoesNotExist) as exc:
        raise Http404 from exc


def fan_figure(analysis: reports.Analysis) -> dict[str, Any]:
    years = [r.year for r in analysis.summary.rows]
    point = [r.cumulative_net for r in analysis.summary.rows]
    data: list[dict[str, Any]] = []
    mc = analysis.monte_carlo
    if mc is not None:
        data += [
            {
                "x": years,
                "y": mc.cumulative_net.band(5.0),
                "mode": "lines",
                "name": "p5",
                "line": {"width": 0},
                "showlegend": False,
            },
            {
                "x": years,
                "y": mc.cumulative_net.band(95.0),
                "mode": "lines",
                "name": "p5–p95",
                "fill": "tonexty",
                "line": {"width": 0},
                "fillcolor": "rgba(158,202,225,0.6)",
            },
            {"x": years, "y": mc.cumulative_net.band(50.0), "mode": "lines", "name": "p50"},
        ]
    data.append(
        {
            "x": years,
            "y": point,
            "mode": "lines+markers",
            "name": _("Point estimate"),
            "line": {"dash": "dash"},
        }
    )
    layout = {
        "title": {"text": _("Cumulative net result (kr)")},
        "xaxis": {"title": {"text": _("Year")}, "dtick": 1},
        "height": 320,
        "margin": {"t": 40, "r": 10, "b": 40, "l": 80},
    }
    return {"data": data, "layout": layout}


def _context(request: HttpRequest) -> dict[str, Any]:
    latest: dict[str, Scenario] = {}
    for s in Scenario.objects.order_by("name", "-version")[:500]:
        latest.setdefault(s.name, s)
    calibrated = calibration.calibrate()
    return {
        "headers": reports.year_headers(),
        "calibration": calibrated,
        "calibration_rows": list(zip(calibrated.children, calibrated.cost_per_child, strict=True)),
        "calibration_hidden": (
            set() if sees_small_cells(request.user) else calibration.small_steps(calibrated)
        ),
        "saved": Scenario.objects.order_by("name", "-version")[:200],
        "latest": list(latest.values()),
        "max_toml": MAX_TOML,
        "following": services.follow_adopted(suppress=not sees_small_cells(request.user)),
    }


@login_required
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest) -> HttpResponse:
    _authorize(request)
    context = _context(request)
    text = ""
    if request.method == "POST":
        text = request.POST.get("toml", "")[: MAX_TOML + 1]
    elif request.GET.get("scenario"):
        text = _scenario(request.GET["scenario"]).toml
    else:
        text = EXAMPLE.read_text(encoding="utf-8")
    context["toml"] = text
    status = 200
    cut_form = forms.CutForm.for_request(request.POST if request.method == "POST" else None)
    context["cut_form"] = cut_form
    if request.method == "POST" or request.GET.get("scenario"):
        try:
            if request.method == "POST" and request.POST.get("action") == "save":
                saved, parsed = services.save_scenario(text, actor=request.user)  # type: ignore[arg-type]
                context["saved_now"] = saved
            else:
                parsed = parse(text)
            cut = None
            if cut_form.is_bound:
                if cut_form.is_valid():
                    cut = cut_form.to_cut(parsed.case.horizon)
                if cut_form.errors:
                    status = 400
            analysis = reports.analyse(parsed, cut)
        except ScenarioError as exc:
            context["error"] = str(exc)
            status = 400
        else:
            context["analysis"] = analysis
            context["figures"] = {"fan": fan_figure(analysis)}
            base = analysis.scenario.case.baseline
            context["calibration_rows"] = list(
                zip(
                    context["calibration"].children,
                    context["calibration"].cost_per_child,
                    base.children,
                    base.cost_per_child,
                    strict=True,
                )
            )
            context["payer_headers"] = reports.payer_headers()
            context["payer_rows"] = [reports.payer_row(r) for r in analysis.by_payer]
            if analysis.cut is not None:
                context["cut_headers"] = reports.cut_headers()
                context["cut_description"] = reports.describe_cut(analysis.cut.cut)
                context["cut_children"] = [
                    (r.year, list(zip(r.children_without, r.children_with, strict=True)))
                    for r in analysis.cut.rows
                ]
            mc = analysis.monte_carlo
            if mc is not None:
                context["bands"] = list(
                    zip(
                        range(1, len(mc.break_even_probability) + 1),
                        mc.cumulative_net.band(5.0),
                        mc.cumulative_net.band(50.0),
                        mc.cumulative_net.band(95.0),
                        mc.break_even_probability,
                        strict=True,
                    )
                )
    return render(request, "economics/page.html", context, status=status)


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    _authorize(request)
    chosen = [_scenario(request.GET.get(key, "")) for key in ("a", "b")]
    columns = []
    for scenario in chosen:
        try:
            columns.append((scenario, reports.analyse(parse(scenario.toml))))
        except (
            ScenarioError
        ) as exc:  # a saved file was valid when saved; a schema change may not be
            raise Http404(str(exc)) from exc
    horizon = max(a.scenario.case.horizon for _s, a in columns)
    rows = []
    for t in range(horizon):
        cells = []
        for _s, a in columns:
            r = a.summary.rows[t] if t < len(a.summary.rows) else None
            cells.append(r)
        rows.append((t + 1, cells))
    return render(request, "economics/compare.html", {"columns": columns, "rows": rows})


def realisation_figure(following: services.Following) -> dict[str, Any]:
    result = following.result
    assert result is not None  # only called with a comparison
    labels = [r.label for r in result.rows]
    actual = [
        r.actual_savings if following.shows(i, STEPS) else None for i, r in enumerate(result.rows)
    ]
    data = [
        {
            "x": labels,
            "y": [r.band_low for r in result.rows],
            "mode": "lines",
            "name": "p5",
            "line": {"width": 0},
            "showlegend": False,
        },
        {
            "x": labels,
            "y": [r.band_high for r in result.rows],
            "mode": "lines",
            "name": _("Forecast band p5–p95"),
            "fill": "tonexty",
            "line": {"width": 0},
            "fillcolor": "rgba(158,202,225,0.6)",
        },
        {
            "x": labels,
            "y": [r.forecast_savings for r in result.rows],
            "mode": "lines",
            "name": _("Forecast savings"),
            "line": {"dash": "dash"},
        },
        {
            "x": labels,
            "y": actual,
            "mode": "lines+markers",
            "name": _("Actual savings"),
        },
    ]
    layout = {
        "title": {"text": _("Savings per quarter, forecast and actual (kr)")},
        "xaxis": {"title": {"text": _("Quarter")}, "type": "category"},
        "height": 320,
        "margin": {"t": 40, "r": 10, "b": 40, "l": 80},
    }
    return {"data": data, "layout": layout}


@login_required
@require_http_methods(["GET", "POST"])
def realisation_page(request: HttpRequest) -> HttpResponse:
    """The adopted scenario's forecast against the ledger, and the form to adopt a version."""
    _authorize(request)
    status = 200
    if request.method == "POST":
        form = forms.AdoptForm(request.POST)
        if form.is_valid():
            try:
                services.adopt_scenario(
                    form.cleaned_data["scenario"],
                    starts_on=form.cleaned_data["starts_on"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except ScenarioError as exc:
                form.add_error("scenario", str(exc))
            else:
                return redirect("economics:realisation")
        status = 400
    else:
        form = forms.AdoptForm(initial={"scenario": request.GET.get("scenario")})
    following = services.follow_adopted(suppress=not sees_small_cells(request.user))
    context: dict[str, Any] = {"form": form, "following": following}
    if following is not None and following.result is not None:
        result = following.result
        total_row = len(result.rows)
        context.update(
            adoption=following.adoption,
            result=result,
            banded=bool(following.scenario and following.scenario.distributions),
            quarter_rows=[
                (
                    r,
                    following.shows(i, STEPS),
                    [(g, following.shows(i, g.step - 1)) for g in r.steps],
                )
                for i, r in enumerate(result.rows)
            ],
            step_totals=[(g, following.shows(total_row, g.step - 1)) for g in result.step_totals()],
            total_shown=following.shows(total_row, STEPS),
            shown_quarters={
                r.number for i, r in enumerate(result.rows) if following.shows(i, STEPS)
            },
            suppressed=bool(following.hidden),
            figures={"realisation": realisation_figure(following)},
        )
    elif following is not None:
        context.update(adoption=following.adoption, error=following.error)
    return render(request, "economics/realisation.html", context, status=status)
