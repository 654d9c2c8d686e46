"""Case pages: the caseworker's work list, the team overview and the case itself."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from herningmodel.access.lookups import cases_for_user, get_case_for_user, with_reach
from herningmodel.access.policy import Perm, has_perm, team_ids_query
from herningmodel.audit import services as audit
from herningmodel.cases import deadlines, team
from herningmodel.cases.models import CaseStatus
from herningmodel.cases.queries import case_facts
from herningmodel.cases.record import case_record
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
        cases_for_user(user)
        .filter(caseworker_id=user.pk, status=CaseStatus.OPEN)
        .select_related("child", "area_team")
        .order_by("child__last_name", "child__first_name")
    )
    rows = deadline_rows(cases, today)
    # The lowest target of the worker's current teams, with the teams as a subquery.
    target = AreaTeam.objects.filter(pk__in=team_ids_query(user, today)).aggregate(
        target=Min("caseload_target")
    )["target"]
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
    entries = case_record(case)
    can_change = has_perm(request.user, Perm.CHANGE_CHILD)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "can_change": can_change,
            "deadlines": deadlines.case_deadlines(case_facts(case), today=today),
            "notifications": entries.notifications,
            "assessments": entries.assessments,
            "talks": entries.talks,
            "decisions": entries.decisions,
            "meetings": entries.meetings,
            "plans": entries.plans,
            "follow_ups": entries.follow_ups,
            "handovers": entries.handovers,
            "charts": progression_charts(case.child_id),
            "instruments": Instrument.objects.filter(active=True).order_by("code"),
            "earlier_cases": with_reach(
                entries.earlier_cases.select_related("area_team").order_by("-opened_on"),
                request.user,
            ),
        },
    )
