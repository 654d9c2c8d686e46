"""The data-protection officer's view of the audit trail. Using it is itself audited."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from herningmodel.access.policy import Perm, has_perm
from herningmodel.audit import services
from herningmodel.audit.forms import AuditSearchForm
from herningmodel.audit.models import AuditEvent, EventType


def _filtered(data: dict[str, Any]) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.order_by("-seq")
    if data.get("child_id"):
        qs = qs.filter(child_id=data["child_id"])
    if data.get("username"):
        qs = qs.filter(actor_label=data["username"])
    if data.get("event_type"):
        qs = qs.filter(event_type=data["event_type"])
    tz = timezone.get_current_timezone()
    if data.get("date_from"):
        qs = qs.filter(at__gte=dt.datetime.combine(data["date_from"], dt.time.min, tz))
    if data.get("date_to"):
        qs = qs.filter(
            at__lt=dt.datetime.combine(data["date_to"] + dt.timedelta(days=1), dt.time.min, tz)
        )
    return qs


def _criteria(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items() if v}


@login_required
def search(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.VIEW_AUDIT):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        criteria = _criteria(form.cleaned_data)
        services.record(
            EventType.SEARCH, actor=request.user, source="page:audit:search", changes=criteria
        )
        page = Paginator(_filtered(form.cleaned_data), 100).get_page(request.GET.get("page"))
    return render(request, "audit/search.html", {"form": form, "page": page})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    if not has_perm(request.user, Perm.VIEW_AUDIT):
        raise PermissionDenied
    form = AuditSearchForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/search.html", {"form": form, "page": None}, status=400)
    services.record(
        EventType.EXPORT,
        actor=request.user,
        source="page:audit:export",
        changes=_criteria(form.cleaned_data),
    )
    writer = csv.writer(_Echo())
    header = ["seq", "time", "actor", "event", "child_id", "object", "source", "changes"]

    def rows() -> Any:
        yield writer.writerow(header)
        for e in _filtered(form.cleaned_data).iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.seq,
                    timezone.localtime(e.at).isoformat(),
                    neutralise_formula(e.actor_label),
                    e.event_type,
                    e.child_id or "",
                    f"{e.object_type}:{e.object_id}" if e.object_type else "",
                    neutralise_formula(e.source),
                    neutralise_formula(str(e.changes)),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response


def neutralise_formula(text: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection)."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text
