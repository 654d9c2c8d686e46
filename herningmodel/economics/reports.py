"""Run a scenario; render the result as JSON, Excel or PDF (with a server-rendered SVG fan chart).

The same ``analyse`` feeds the web page and the ``herningmodel businesscase`` command.
"""

from __future__ import annotations

import html
import io
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from herningmodel.economics.cut import Cut
from herningmodel.economics.model import Summary, summarise
from herningmodel.economics.payers import PayerYear, split
from herningmodel.economics.scenario import Scenario
from herningmodel.economics.uncertainty import MonteCarlo, TornadoBar, monte_carlo, tornado
from herningmodel.economics.whatif import CutProjection, CutYear, project_cut

CONTENT_TYPES = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Analysis:
    scenario: Scenario
    summary: Summary
    monte_carlo: MonteCarlo | None
    tornado: list[TornadoBar]
    cut: CutProjection | None = None
    by_payer: list[PayerYear] = field(default_factory=list)


def analyse(scenario: Scenario, cut: Cut | None = None) -> Analysis:
    """Run ``scenario``; project ``cut`` (or else the scenario's own ``[cut]``) if there is one."""
    mc = None
    bars: list[TornadoBar] = []
    if scenario.distributions:
        mc = monte_carlo(
            scenario.case, scenario.distributions, draws=scenario.draws, seed=scenario.seed
        )
        _base, bars = tornado(scenario.case, scenario.distributions)
    cut = cut or scenario.cut
    projection = project_cut(scenario.case, cut) if cut is not None else None
    return Analysis(
        scenario,
        summarise(scenario.case),
        mc,
        bars,
        projection,
        split(scenario.case, scenario.payers),
    )


def as_dict(analysis: Analysis) -> dict[str, Any]:
    s = analysis.summary
    out: dict[str, Any] = {
        "scenario": analysis.scenario.name,
        "description": analysis.scenario.description,
        "horizon_years": analysis.scenario.case.horizon,
        "discount_rate": analysis.scenario.case.discount_rate,
        "npv": s.npv,
        "break_even_year": s.break_even_year,
        "total_net": s.total_net,
        "years": [asdict(r) for r in s.rows],
        "monte_carlo": None,
        "tornado": [{**asdict(b), "swing": b.swing} for b in analysis.tornado],
    }
    mc = analysis.monte_carlo
    if mc is not None:
        out["monte_carlo"] = {
            "draws": mc.draws,
            "seed": mc.seed,
            "npv_p5_p50_p95": list(mc.npv),
            "npv_mean": mc.npv_mean,
            "break_even_probability_by_year": list(mc.break_even_probability),
            "cumulative_net": {f"p{p:g}": mc.cumulative_net.band(p) for p in (5.0, 50.0, 95.0)},
            "net": {f"p{p:g}": mc.net.band(p) for p in (5.0, 50.0, 95.0)},
        }
    if analysis.cut is not None:
        out["cut"] = cut_dict(analysis.cut)
    out["by_payer"] = [asdict(r) for r in analysis.by_payer]
    return out


def payer_headers() -> list[str]:
    return [
        _("Year"),
        _("Payer"),
        _("Staircase cost (kr)"),
        _("Savings (kr)"),
        _("Investment (kr)"),
        _("Net (kr)"),
    ]


def payer_names() -> dict[str, str]:
    return {
        "municipality": pgettext("payer", "Municipality"),
        "region": pgettext("payer", "Region"),
        "state": pgettext("payer", "State"),
    }


def payer_row(r: PayerYear) -> list[float | int | str]:
    return [
        r.year,
        payer_names()[r.payer],
        r.staircase_cost,
        r.savings,
        r.investment,
        r.net,
    ]


def cut_dict(projection: CutProjection) -> dict[str, Any]:
    return {
        "assumptions": asdict(projection.cut),
        "short_run_saving": projection.short_run_saving,
        "long_run_cost": projection.long_run_cost,
        "total_effect": projection.total_effect,
        "net_negative_year": projection.net_negative_year,
        "npv_without": projection.npv_without,
        "npv_with": projection.npv_with,
        "break_even_without": projection.break_even_without,
        "break_even_with": projection.break_even_with,
        "years": [asdict(r) for r in projection.rows],
    }


def cut_headers() -> list[str]:
    return [
        _("Year"),
        _("Cost without the cut (kr)"),
        _("Cost with the cut (kr)"),
        _("Saved on the cut steps (kr)"),
        _("Extra cost on higher steps (kr)"),
        _("Effect (kr)"),
        _("Cumulative effect (kr)"),
    ]


def cut_row(r: CutYear) -> list[float | int]:
    return [
        r.year,
        r.cost_without,
        r.cost_with,
        r.cut_saving,
        r.extra_cost,
        r.effect,
        r.cumulative_effect,
    ]


def to_json(analysis: Analysis) -> str:
    return json.dumps(as_dict(analysis), indent=2, ensure_ascii=False)


def year_headers() -> list[str]:
    return [
        _("Year"),
        _("Gross cost (kr)"),
        _("Savings (kr)"),
        _("Net (kr)"),
        _("Cumulative net (kr)"),
        _("Discount factor"),
        _("Present value (kr)"),
        _("Cumulative present value (kr)"),
    ]


def _row(r: Any) -> list[float | int]:
    return [
        r.year,
        r.gross_cost,
        r.savings,
        r.net,
        r.cumulative_net,
        r.discount_factor,
        r.present_value,
        r.cumulative_present_value,
    ]


def to_xlsx(analysis: Analysis) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = _("Business case")[:31]
    sheet.append([analysis.scenario.name])
    sheet.append([_("NPV (kr)"), analysis.summary.npv])
    sheet.append([_("Break-even year"), analysis.summary.break_even_year or _("never")])
    sheet.append([])
    sheet.append(year_headers())
    for r in analysis.summary.rows:
        sheet.append(_row(r))
    sheet.freeze_panes = "A6"
    mc = analysis.monte_carlo
    if mc is not None:
        bands = book.create_sheet(_("Uncertainty")[:31])
        bands.append([_("Draws"), mc.draws, _("Seed"), mc.seed])
        bands.append(
            [
                _("Year"),
                _("Cumulative net p5"),
                _("Cumulative net p50"),
                _("Cumulative net p95"),
                _("P(break-even by year)"),
            ]
        )
        for t in range(analysis.scenario.case.horizon):
            bands.append(
                [
                    t + 1,
                    mc.cumulative_net.band(5.0)[t],
                    mc.cumulative_net.band(50.0)[t],
                    mc.cumulative_net.band(95.0)[t],
                    mc.break_even_probability[t],
                ]
            )
        bars = book.create_sheet(_("Tornado")[:31])
        bars.append(
            [_("Parameter"), _("Low"), _("High"), _("NPV at low"), _("NPV at high"), _("Swing")]
        )
        for b in analysis.tornado:
            bars.append(
                [b.parameter, b.low_value, b.high_value, b.npv_at_low, b.npv_at_high, b.swing]
            )
    payers = book.create_sheet(_("By payer")[:31])
    payers.append(payer_headers())
    for row in analysis.by_payer:
        payers.append(payer_row(row))
    if analysis.cut is not None:
        c = analysis.cut
        cuts = book.create_sheet(_("Budget cut")[:31])
        cuts.append([_("Short-run saving (kr)"), c.short_run_saving])
        cuts.append([_("Long-run extra cost (kr)"), c.long_run_cost])
        cuts.append([_("Effect over the horizon (kr)"), c.total_effect])
        cuts.append([_("Net negative from year"), c.net_negative_year or _("never")])
        cuts.append([])
        steps = [_("Children on step %(step)s") % {"step": n} for n in range(1, 7)]
        cuts.append(cut_headers() + steps)
        for year in c.rows:
            cuts.append(cut_row(year) + list(year.children_with))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def fan_svg(analysis: Analysis, width: int = 640, height: int = 240) -> str:
    """The cumulative net as an SVG: the p5–p95 band, the p50 line and the point estimate."""
    rows = analysis.summary.rows
    point = [r.cumulative_net for r in rows]
    mc = analysis.monte_carlo
    low = mc.cumulative_net.band(5.0) if mc else point
    mid = mc.cumulative_net.band(50.0) if mc else point
    high = mc.cumulative_net.band(95.0) if mc else point
    values = low + high + point + [0.0]
    top, bottom = max(values), min(values)
    span = (top - bottom) or 1.0
    pad = 30
    n = len(rows)

    def x(t: int) -> float:
        return pad + (width - 2 * pad) * (t / max(n - 1, 1))

    def y(v: float) -> float:
        return pad + (height - 2 * pad) * (top - v) / span

    def line(vs: list[float]) -> str:
        return " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in enumerate(vs))

    band = (
        line(high)
        + " "
        + " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in reversed(list(enumerate(low))))
    )
    title = html.escape(_("Cumulative net result (kr), p5–p95 band"))
    labels = "".join(
        f'<text x="{x(t):.1f}" y="{height - 8}" font-size="10" text-anchor="middle">{t + 1}</text>'
        for t in range(n)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{title}"><title>{title}</title>'
        f'<line x1="{pad}" x2="{width - pad}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#888"/>'
        f'<polygon points="{band}" fill="#9ecae1" opacity="0.6"/>'
        f'<polyline points="{line(mid)}" fill="none" stroke="#08519c" stroke-width="2"/>'
        f'<polyline points="{line(point)}" fill="none" stroke="#d94801" stroke-dasharray="4 3"/>'
        f"{labels}</svg>"
    )


def _money(v: float) -> str:
    return f"{v:,.0f}".replace(",", " ")


def to_html(analysis: Analysis) -> str:
    e = html.escape
    s = analysis.summary
    head = "".join(f"<th>{e(h)}</th>" for h in year_headers())
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{c}</td>"
            for c in [
                r.year,
                _money(r.gross_cost),
                _money(r.savings),
                _money(r.net),
                _money(r.cumulative_net),
                f"{r.discount_factor:.4f}",
                _money(r.present_value),
                _money(r.cumulative_present_value),
            ]
        )
        + "</tr>"
        for r in s.rows
    )
    never = _("never within the horizon")
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        "body{font-family:'DejaVu Sans',sans-serif;font-size:10pt}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 4px;"
        "text-align:right}@page{size:A4 landscape;margin:15mm}</style></head><body>",
        f"<h1>{e(_('Business case'))}: {e(analysis.scenario.name)}</h1>",
        f"<p>{e(analysis.scenario.description)}</p>",
        f"<p>{e(_('Net present value'))}: {_money(s.npv)} kr. "
        f"{e(_('Break-even year'))}: {s.break_even_year or e(never)}.</p>",
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>",
        fan_svg(analysis),
    ]
    mc = analysis.monte_carlo
    if mc is not None:
        probs = ", ".join(f"{t + 1}: {p:.0%}" for t, p in enumerate(mc.break_even_probability))
        parts.append(f"<p>{e(_('Probability of break-even by year'))}: {e(probs)}</p>")
        rows = "".join(
            f"<tr><td style='text-align:left'>{e(b.parameter)}</td><td>{b.low_value:g}</td>"
            f"<td>{b.high_value:g}</td><td>{_money(b.npv_at_low)}</td>"
            f"<td>{_money(b.npv_at_high)}</td></tr>"
            for b in analysis.tornado
        )
        parts.append(
            f"<h2>{e(_('Sensitivity (tornado)'))}</h2><table><thead><tr>"
            f"<th>{e(_('Parameter'))}</th><th>{e(_('Low (p5)'))}</th><th>{e(_('High (p95)'))}</th>"
            f"<th>{e(_('NPV at low'))}</th><th>{e(_('NPV at high'))}</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    if analysis.scenario.payers.shared:
        parts.append(payer_html(analysis.by_payer))
    if analysis.cut is not None:
        parts.append(cut_html(analysis.cut))
    parts.append("</body></html>")
    return "".join(parts)


def payer_html(rows: list[PayerYear]) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in payer_headers())
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{_money(v) if isinstance(v, float) else e(str(v))}</td>" for v in payer_row(r)
        )
        + "</tr>"
        for r in rows
    )
    return (
        f"<h2>{e(_('By payer'))}</h2>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def cut_html(c: CutProjection) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in cut_headers())
    body = "".join(
        "<tr>"
        + "".join(f"<td>{_money(v) if i else v}</td>" for i, v in enumerate(cut_row(r)))
        + "</tr>"
        for r in c.rows
    )
    never = _("never within the horizon")
    return (
        f"<h2>{e(_('What-if: a budget cut'))}</h2>"
        f"<p>{e(describe_cut(c.cut))}</p>"
        f"<p>{e(_('Short-run saving (kr)'))}: {_money(c.short_run_saving)}. "
        f"{e(_('Long-run extra cost (kr)'))}: {_money(c.long_run_cost)}. "
        f"{e(_('Effect over the horizon (kr)'))}: {_money(c.total_effect)}. "
        f"{e(_('Net negative from year'))}: {c.net_negative_year or e(never)}.</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def describe_cut(cut: Cut) -> str:
    return _(
        "%(amount)s kr a year less on steps %(steps)s from year %(year)s; %(share)s %% of the "
        "children who lose the help reach steps 4–6 after %(delay)s year(s) and stay "
        "%(stay)s year(s) (weights %(weights)s)."
    ) % {
        "amount": _money(cut.amount),
        "steps": ", ".join(str(s) for s in cut.steps),
        "year": cut.from_year,
        "share": f"{cut.escalation_share * 100:g}",
        "delay": cut.delay_years,
        "stay": cut.stay_years,
        "weights": " / ".join(f"{w:g}" for w in cut.destination),
    }


def to_pdf(analysis: Analysis) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=to_html(analysis), base_url=".").write_pdf()
    return pdf


def render(analysis: Analysis, fmt: str) -> bytes:
    if fmt == "json":
        return to_json(analysis).encode()
    if fmt == "xlsx":
        return to_xlsx(analysis)
    if fmt == "pdf":
        return to_pdf(analysis)
    raise ValueError(fmt)
