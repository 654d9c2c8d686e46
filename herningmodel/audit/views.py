"""The data-protection officer's view of the audit trail. Using it is itself audited.

``neutralise_formula`` is imported from here by the other spreadsheet and CSV writers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from herningmodel.access.policy import Perm, has_perm
from herningmodel.audit import export as audit_export
from herningmodel.audit import search as audit_search
from herningmodel.audit import services
from herningmodel.audit.export import neutralise_formula as neutralise_formula
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


@login_required
def export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    if not has_perm(request.user, Perm.VIEW_AUDIT):
        raise PermissionDenied
    form = AuditSearchForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/search.html", {"form": form, "page": None}, status=400)
    criteria = audit_search.Criteria.of(form.cleaned_data)
    lines = audit_export.export(criteria, actor=request.user, source="page:audit:export")
    response = StreamingHttpResponse(lines, content_type=audit_export.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{audit_export.FILENAME}"'
    return response
