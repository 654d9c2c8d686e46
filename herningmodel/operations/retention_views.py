"""The DPO's page: what the retention job will erase or anonymise next, and what it did.

Child ids only, never names: the DPO has no case access, and the page must not teach anyone
who a child is. Viewing it is audited like any search of the audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import Perm, has_perm
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.operations import erasure
from herningmodel.operations.models import Erasure, JobRun, LegalHold
from herningmodel.operations.retention import ACTIONS, MINIMUM_MONTHS, Action, Kind

SHOWN = 200
KIND_LABELS = {
    Kind.CASE_RECORDS: _("Case records"),
    Kind.UNFOUNDED_NOTIFICATIONS: _("Notifications that led to no case"),
    Kind.AUDIT_EVENTS: _("Audit events"),
    Kind.RESEARCH_EXTRACTS: _("Research extracts"),
}
ACTION_LABELS = {
    Action.ANONYMISE: _("anonymise"),
    Action.ERASE: _("erase"),
    Action.REPORT: _("report only"),
}


@login_required
def retention(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.VIEW_AUDIT):
        raise PermissionDenied
    periods = settings.HERNINGMODEL_RETENTION_MONTHS
    upcoming = erasure.plan(timezone.localdate(), periods)
    audit.record(
        EventType.SEARCH,
        actor=request.user,
        source="page:operations:retention",
        changes={"retention_plan": upcoming.summary()["due"]},
    )
    kinds = [
        {
            "kind": KIND_LABELS[kind],
            "months": periods[kind],
            "minimum": MINIMUM_MONTHS[kind],
            "action": ACTION_LABELS[ACTIONS[kind]],
            "cutoff": upcoming.cutoffs[kind],
            "count": upcoming.count(kind),
        }
        for kind in Kind
    ]
    erasable = [
        {"item": item, "kind": KIND_LABELS[item.kind], "action": ACTION_LABELS[item.action]}
        for item in upcoming.due
        if item.action is not Action.REPORT
    ]
    context = {
        "kinds": kinds,
        "items": erasable[:SHOWN],
        "more": max(0, len(erasable) - SHOWN),
        "held": LegalHold.objects.filter(lifted_at__isnull=True).order_by("placed_at"),
        "last_run": JobRun.objects.filter(job=JobRun.Job.RETENTION).first(),
        "recent": Erasure.objects.order_by("-at")[:50],
    }
    return render(request, "operations/retention.html", context)
