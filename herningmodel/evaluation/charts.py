"""The event-study chart as server-rendered SVG: for the page (no script needed, so the strict
CSP is untouched) and for the PDF (WeasyPrint runs no JavaScript). Pure."""

from __future__ import annotations

from xml.sax.saxutils import escape

from herningmodel.evaluation.results import EventStudy


def event_svg(study: EventStudy, title: str, width: int = 640, height: int = 240) -> str:
    """Estimates with confidence whiskers by period since adoption; the reference period −1 is
    an open circle at zero, and a dashed line marks adoption."""
    coefs = study.coefficients
    lows = [c.ci_low for c in coefs] + [0.0]
    highs = [c.ci_high for c in coefs] + [0.0]
    bottom, top = min(lows), max(highs)
    span = (top - bottom) or 1.0
    left, right, upper, base = 50, width - 10, 10, height - 30
    step = (right - left) / max(len(coefs), 1)

    def y(value: float) -> float:
        return base - (value - bottom) / span * (base - upper)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" class="chart">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{right}" y2="{y(0):.1f}" stroke="#444"/>',
        f'<text x="2" y="{y(top) + 4:.1f}" font-size="10">{top:,.2f}</text>',
        f'<text x="2" y="{y(bottom) + 4:.1f}" font-size="10">{bottom:,.2f}</text>',
    ]
    for i, c in enumerate(coefs):
        x = left + (i + 0.5) * step
        if c.relative == 0:
            parts.append(
                f'<line x1="{x - step / 2:.1f}" y1="{upper}" x2="{x - step / 2:.1f}" y2="{base}" '
                'stroke="#999" stroke-dasharray="4 3"/>'
            )
        if c.reference:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y(0):.1f}" r="3.5" fill="white" stroke="#1f5f8b"/>'
            )
        else:
            colour = "#d9822b" if c.relative < 0 else "#1f5f8b"
            parts.append(
                f'<line x1="{x:.1f}" y1="{y(c.ci_low):.1f}" x2="{x:.1f}" y2="{y(c.ci_high):.1f}" '
                f'stroke="{colour}" stroke-width="1.5"/>'
                f'<circle cx="{x:.1f}" cy="{y(c.estimate):.1f}" r="3.5" fill="{colour}"/>'
            )
        parts.append(f'<text x="{x - 6:.1f}" y="{base + 14}" font-size="9">{c.relative:+d}</text>')
    parts.append("</svg>")
    return "".join(parts)
