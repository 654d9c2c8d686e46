"""The data-protection officer's view of the audit trail. Using it is itself audited."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from herningmodel.access.policy import Perm, has_perm
from herningmodel.audit import search as audit_search
from herningmodel.audit import services
from herningmodel.audit.forms import AuditSearchForm
from herningmodel.audit.models import EventType


@login_required
def search(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.VIEW_AUDIT):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        criteria = audit_search.Criteria.of(form.cleaned_data)
        services.record(
            EventType.SEARCH,
            actor=request.user,
            source="page:audit:search",
            changes=criteria.as_changes(),
        )
        page = Paginator(audit_search.events(criteria), 100).get_page(request.GET.get("page"))
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
    criteria = audit_search.Criteria.of(form.cleaned_data)
    services.record(
        EventType.EXPORT,
        actor=request.user,
        source="page:audit:export",
        changes=criteria.as_changes(),
    )
    writer = csv.writer(_Echo())
    header = ["seq", "time", "actor", "event", "child_id", "object", "source", "changes"]

    def rows() -> Any:
        yield writer.writerow(header)
        for e in audit_search.events(criteria).iterator(chunk_size=2000):
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
