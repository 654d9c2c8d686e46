"""The evaluation report as HTML and PDF (WeasyPrint, A4; charts as server-rendered SVG)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from herningmodel.evaluation.analysis import Analysis
from herningmodel.evaluation.charts import event_svg


def caveats() -> list[str]:
    """What the numbers do not say, in plain language (shown on the page and in every PDF)."""
    return [
        _(
            "The pilot districts were chosen, not drawn by lot. The estimates assume that, "
            "without the model, pilot and control districts would have moved in parallel. The "
            "pre-trend test and the periods before adoption in the chart are a check of that, "
            "not a proof."
        ),
        _(
            "With few districts the uncertainty is large and the standard errors themselves are "
            "uncertain. A confidence interval that includes zero means the data cannot tell the "
            "effect from chance."
        ),
        _(
            "Staggered adoption is estimated with Callaway–Sant'Anna group-time effects, which "
            "compare districts only with districts not yet under the model."
        ),
        _(
            "The fidelity index shows how closely the districts follow the model's core "
            "components. Its relation to the outcomes is an association, not a causal effect."
        ),
        _(
            "Outcomes recorded in the case system measure what the municipality does (placements, "
            "costs, steps), not directly the children's well-being."
        ),
    ]


@dataclass
class Report:
    title: str
    analyses: Sequence[Analysis]
    fidelity: list[dict[str, Any]] = field(default_factory=list)
    fidelity_columns: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    associations_title: str = ""
    associations: list[tuple[str, str]] = field(default_factory=list)


def context(report: Report) -> dict[str, Any]:
    sections = []
    for analysis in report.analyses:
        chart = None
        if analysis.event_study is not None:
            chart = mark_safe(  # noqa: S308 - built from escaped parts and numbers
                event_svg(analysis.event_study, _("Event study: %s") % analysis.outcome)
            )
        sections.append({"analysis": analysis, "chart": chart})
    return {
        "report": report,
        "sections": sections,
        "caveats": caveats(),
        "made": timezone.localtime(),
    }


def to_html(report: Report) -> str:
    return render_to_string("evaluation/report.html", context(report))


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=to_html(report), base_url=".").write_pdf()
    return pdf
