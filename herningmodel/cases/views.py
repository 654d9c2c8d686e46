"""Case pages: the caseworker's work list, the team overview and the case itself."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from herningmodel.access.lookups import cases_for_user, get_case_for_user
from herningmodel.access.policy import Perm, has_perm, team_ids
from herningmodel.audit import services as audit
from herningmodel.cases import deadlines, team
from herningmodel.cases.models import Case, CaseStatus
from herningmodel.cases.queries import case_facts, with_deadline_facts
from herningmodel.cases.team import deadline_rows
from herningmodel.organisation.models import AreaTeam
from herningmodel.progress.chart import progression_charts
from herningmodel.progress.models import Instrument


def source(request: HttpRequest) -> str:
    match = request.resolver_match
    return f"page:{match.view_name if match else request.path}"


def work_list(user: Any, today: Any) -> dict[str, Any]:
    """The caseworker's open cases with their open deadlines and caseload against the target.

    Shared by the front page and the work-list page; a fixed number of queries however many
    cases the worker carries.
    """
    cases = list(
        with_deadline_facts(
            cases_for_user(user).filter(caseworker_id=user.pk, status=CaseStatus.OPEN)
        ).order_by("child__last_name", "child__first_name")
    )
    rows = deadline_rows(cases, today)
    teams = AreaTeam.objects.filter(pk__in=team_ids(user)).order_by("name")
    target = min((t.caseload_target for t in teams), default=None)
    return {
        "cases": cases,
        "overdue": [r for r in rows if r[0].state == deadlines.State.OVERDUE],
        "upcoming": [r for r in rows if r[0].state != deadlines.State.OVERDUE],
        "caseload": len(cases),
        "target": target,
        "over_target": target is not None and len(cases) > target,
    }


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    """The caseworker's work list: what is overdue, what is next, and the caseload."""
    if not has_perm(request.user, Perm.VIEW_CHILD):
        raise PermissionDenied
    context = work_list(request.user, timezone.localdate())
    audit.record_list_read(
        {c.child_id for c in context["cases"]}, actor=request.user, source=source(request)
    )
    return render(request, "cases/my_work.html", context)


@login_required
def team_overview(request: HttpRequest) -> HttpResponse:
    """The team leader's page: the team's deadlines and who carries how many cases."""
    if not has_perm(request.user, Perm.VIEW_TEAM_CASELOAD):
        raise PermissionDenied
    overview = team.team_overview(request.user, timezone.localdate())
    audit.record_list_read(
        {c.child_id for c in overview.cases}, actor=request.user, source=source(request)
    )
    return render(
        request,
        "cases/team.html",
        {
            "teams": overview.teams,
            "loads": overview.loads,
            "target": overview.target,
            "overdue": overview.overdue,
            "upcoming": overview.upcoming[:50],
            "open_cases": len(overview.cases),
        },
    )


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request.user, case_id)
    audit.record(
        audit.EventType.READ,
        actor=request.user,
        child_id=case.child_id,
        obj=case,
        source=source(request),
    )
    today = timezone.localdate()
    case = (
        with_deadline_facts(Case.objects.filter(pk=case.pk))
        .select_related("caseworker", "district")
        .get()
    )
    decisions = case.decisions.prefetch_related(
        "episodes__intervention_type", "episodes__provider", "episodes__step"
    ).select_related("child_talk")
    plans = case.plans.prefetch_related("goals", "tasks")
    can_change = has_perm(request.user, Perm.CHANGE_CHILD)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "can_change": can_change,
            "deadlines": deadlines.case_deadlines(case_facts(case), today=today),
            "notifications": case.notifications.all(),
            "assessments": case.assessments.all(),
            "talks": case.child_talks.all(),
            "decisions": decisions,
            "meetings": case.network_meetings.prefetch_related("attendees"),
            "plans": plans,
            "follow_ups": case.follow_ups.all(),
            "handovers": case.handovers.select_related("from_worker", "to_worker"),
            "charts": progression_charts(case.child_id),
            "instruments": Instrument.objects.filter(active=True).order_by("code"),
            "earlier_cases": Case.objects.filter(child_id=case.child_id)
            .exclude(pk=case.pk)
            .filter(Q(status=CaseStatus.CLOSED)),
        },
    )
