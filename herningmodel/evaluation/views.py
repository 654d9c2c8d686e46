"""The evaluation page and its PDF: parse, authorize, compute through the services, render."""

from __future__ import annotations

import math
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.access.policy import Perm, has_perm
from herningmodel.evaluation import child_panels, extract, fidelity, panels, staggered
from herningmodel.evaluation.analysis import Analysis
from herningmodel.evaluation.forms import ExtractForm
from herningmodel.evaluation.reports import Report, context, to_pdf
from herningmodel.evaluation.results import EvaluationInputError
from herningmodel.monitoring.scope import Period
from herningmodel.organisation.models import District


def _authorize(request: HttpRequest) -> None:
    if not has_perm(request.user, Perm.VIEW_AGGREGATES):
        raise PermissionDenied


def build_report(user: Any, kind: str = "year") -> Report:
    """Every outcome the user may see, estimated with Callaway–Sant'Anna on district panels."""
    report = Report(title=_("Evaluation: the Herning model, pilot against control"), analyses=[])
    starts = [d.model_start for d in District.objects.all() if d.model_start is not None]
    if not starts:
        report.messages.append(_("No district has started working by the model yet."))
        return report
    first = min(starts)
    chosen = panels.periods(first.replace(year=first.year - 2, day=1), timezone.localdate(), kind)
    outcomes = tuple(
        o for o in panels.OUTCOMES if o.key != "cost_per_child" or has_perm(user, Perm.VIEW_COSTS)
    )
    results = panels.IndicatorResults()  # shared by the district panel and the fidelity table
    panel = panels.district_panel(outcomes, chosen, results)
    analyses = []
    for outcome in outcomes:
        try:
            result = staggered.callaway_santanna(
                panel,
                outcome=outcome.key,
                unit="district",
                time="time",
                first_treated="first_treated",
            )
        except EvaluationInputError as exc:
            report.messages.append(f"{outcome.label}: {exc}")
            continue
        analyses.append(Analysis(str(outcome.label), result.overall, result.event_study))
    analyses += _child_level(chosen, report)
    report.analyses = analyses
    # Correlations show no district cell, so they may use the unsuppressed components.
    table, full = fidelity.fidelity_panels(chosen, results)
    main = outcomes[0]
    if table["index"].notna().any():
        correlations = fidelity.associations(full, panel, main.key)
        labels = {c.key: c.label for c in fidelity.COMPONENTS} | {"index": _("Fidelity index")}
        report.associations_title = str(main.label)
        report.associations = [
            (str(labels[key]), _shown_r(value)) for key, value in correlations.items()
        ]
    periods = [p.label for p in chosen]
    report.fidelity_columns = [_("District"), *periods]
    for name, rows in table.groupby("district", sort=True):
        by_period = dict(zip(rows["period"], rows["index"], strict=True))
        cells = [str(name)] + [_shown(by_period.get(p)) for p in periods]
        report.fidelity.append({"cells": cells})
    return report


#: Child-level estimates shown on the page: the main outcome, weighted by children, and an
#: outcome only a child-level panel has.
CHILD_LEVEL = ("institution", "progression_change")


def _child_level(chosen: list[Period], report: Report) -> list[Analysis]:
    """Child × period DiD with district and period fixed effects, clustered by district."""
    panel = child_panels.build(child_panels.load_records(), chosen)
    out = []
    for spec in child_panels.CHILD_OUTCOMES:
        if spec.key not in CHILD_LEVEL:
            continue
        label = _("%(outcome)s — child level") % {"outcome": spec.label}
        try:
            estimate = child_panels.child_did(panel, spec)
        except EvaluationInputError as exc:
            report.messages.append(f"{label}: {exc}")
            continue
        out.append(Analysis(label, estimate))
    return out


def _shown_r(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:+.2f}"


def _shown(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.0f}"


#: The links to the other period lengths on the page.
_KIND_LABELS = (
    ("year", gettext_lazy("By year")),
    ("quarter", gettext_lazy("By quarter")),
    ("month", gettext_lazy("By month")),
)


def _period_kind(request: HttpRequest) -> str:
    """`?by=year|quarter|month`; anything else gives the default, years."""
    by = request.GET.get("by", "")
    return by if by in panels.PERIOD_KINDS else "year"


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    _authorize(request)
    kind = _period_kind(request)
    report = build_report(request.user, kind)
    return render(
        request,
        "evaluation/page.html",
        {
            **context(report),
            "by": kind,
            "other_kinds": [(k, label) for k, label in _KIND_LABELS if k != kind],
            "may_extract": extract.may_extract(request.user),
        },
    )


REPORT_FILENAME = "herningmodel-evaluation.pdf"
EXTRACT_FILENAME = "herningmodel-research-extract.zip"


def report_file(user: Any, kind: str) -> bytes:
    """The evaluation as a PDF, for the page's download and the API: what the user may see."""
    return to_pdf(build_report(user, kind))


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    _authorize(request)
    kind = _period_kind(request)
    response = HttpResponse(report_file(request.user, kind), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{REPORT_FILENAME}"'
    return response


def extract_file(user: Any, form: ExtractForm, *, source: str) -> bytes:
    """The research extract chosen in a valid form, as the zip the page and the API send;
    ``extract.research_extract`` refuses users without the grant and writes the audit event."""
    data = form.cleaned_data
    made = extract.research_extract(
        actor=user,
        purpose=data["purpose"],
        columns=tuple(data["columns"]),
        period=data["period"],
        file_format=data["file_format"],
        source=source,
    )
    return made.archive(data["file_format"])


@login_required
def research_extract(request: HttpRequest) -> HttpResponse:
    """The research extract for DPO-approved users: choose, download a zip, audited once."""
    if not extract.may_extract(request.user):
        raise PermissionDenied
    form = ExtractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        archive = extract_file(request.user, form, source="page:/evaluation/extract/")
        response = HttpResponse(archive, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{EXTRACT_FILENAME}"'
        return response
    return render(request, "evaluation/extract.html", {"form": form})
