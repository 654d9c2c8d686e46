"""Charts drawn from an indicator result: plotly figure data for the browser (drawn by the
static ``monitoring/charts.js`` from a JSON data island, so the strict CSP needs no inline
script), and a small server-rendered SVG for the PDF report (WeasyPrint runs no JavaScript).
Both plot exactly the cells of the result's table: a hidden cell is a gap, never a bar."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from herningmodel.monitoring.indicators import TOTAL, Result

PALETTE = ("#1f5f8b", "#d9822b", "#3a8d4f", "#8e44ad", "#b03a2e", "#6c7a89")


def _series(result: Result) -> list[tuple[str, list[str], list[float | None]]]:
    rows = [r for r in result.rows if r.kind != "total"] or list(result.rows)
    out = []
    for j, (key, label) in enumerate(result.columns):
        if key == TOTAL:
            continue
        out.append(
            (
                label or result.indicator.name,
                [r.label for r in rows],
                [r.cells[j].value for r in rows],
            )
        )
    return out


def figure(result: Result) -> dict[str, Any]:
    """Plotly data and layout for a grouped bar chart (districts, then pilot and control)."""
    traces = [
        {
            "type": "bar",
            "name": name,
            "x": labels,
            "y": values,
            "marker": {"color": PALETTE[i % len(PALETTE)]},
        }
        for i, (name, labels, values) in enumerate(_series(result))
    ]
    return {
        "data": traces,
        "layout": {
            "barmode": "group",
            "margin": {"l": 50, "r": 10, "t": 10, "b": 60},
            "height": 300,
            "showlegend": len(traces) > 1,
            "yaxis": {"title": {"text": result.indicator.unit.symbol}},
        },
    }


def svg(result: Result, width: int = 640, height: int = 220) -> str:
    """A grouped bar chart as standalone SVG markup."""
    series = _series(result)
    labels = series[0][1] if series else []
    values = [v for _n, _l, vs in series for v in vs if v is not None]
    top = max(values, default=0) or 1.0
    bottom = min(0.0, min(values, default=0))
    span = top - bottom
    left, base = 40, height - 40
    plot_h = base - 10
    group_w = (width - left - 10) / max(len(labels), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" class="chart">',
        f"<title>{escape(result.indicator.name)}</title>",
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#444"/>',
        f'<text x="2" y="14" font-size="10">{top:,.1f}</text>',
    ]
    zero = base - (0 - bottom) / span * plot_h
    for i, label in enumerate(labels):
        x0 = left + i * group_w + group_w * 0.1
        for j, (_name, _labels, vals) in enumerate(series):
            v = vals[i]
            if v is None:
                continue
            h = abs(v) / span * plot_h
            y = zero - h if v >= 0 else zero
            parts.append(
                f'<rect x="{x0 + j * bar_w:.1f}" y="{y:.1f}" width="{bar_w * 0.95:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[j % len(PALETTE)]}"/>'
            )
        parts.append(
            f'<text x="{x0:.1f}" y="{base + 14}" font-size="9">{escape(label[:14])}</text>'
        )
    if len(series) > 1:
        for j, (name, _l, _v) in enumerate(series):
            x = left + j * 100
            parts.append(
                f'<rect x="{x}" y="{height - 12}" width="8" height="8" '
                f'fill="{PALETTE[j % len(PALETTE)]}"/>'
                f'<text x="{x + 11}" y="{height - 4}" font-size="9">{escape(name[:16])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
