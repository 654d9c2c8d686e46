"""Read-side questions about cases, shared by the pages, the API and the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Min, QuerySet

from herningmodel.cases import deadlines
from herningmodel.cases.models import Case, CaseStatus, Notification
from herningmodel.staircase.models import Episode


def open_episodes(case: Case) -> QuerySet[Episode]:
    """The child's interventions still running; any of them blocks closing the case."""
    return Episode.objects.filter(child_id=case.child_id, end__isnull=True)


def first_intervention_start(case: Case) -> dt.date | None:
    start: dt.date | None = Episode.objects.filter(decisions__case=case).aggregate(
        first=Min("start")
    )["first"]
    return start


def case_facts(case: Case) -> deadlines.CaseFacts:
    """Everything the deadline rules need, in a fixed number of queries."""
    return deadlines.CaseFacts(
        notifications=[
            deadlines.NotificationFacts(
                id=n.pk,
                received_at=n.received_at,
                assessed_at=n.assessed_at,
                professional_notifier=n.is_professional,
                receipt_sent_on=n.receipt_sent_on,
            )
            for n in case.notifications.all()
        ],
        assessments=[
            deadlines.AssessmentFacts(
                id=a.pk,
                need_known_on=a.need_known_on,
                finished_on=a.finished_on,
                preliminary_on=a.preliminary_on,
            )
            for a in case.assessments.all()
        ],
        decisions=[
            deadlines.DecisionFacts(
                id=d.pk,
                legal_basis=d.legal_basis,
                decided_on=d.decided_on,
                acute=d.acute,
                plan_choice=d.plan_choice,
                plan_choice_on=d.plan_choice_on,
            )
            for d in case.decisions.all()
        ],
        plans=[deadlines.PlanFacts(id=p.pk, approved_on=p.approved_on) for p in case.plans.all()],
        follow_ups=[
            deadlines.FollowUpFacts(id=f.pk, held_on=f.held_on) for f in case.follow_ups.all()
        ],
        first_intervention_start=(
            case.first_start if hasattr(case, "first_start") else first_intervention_start(case)
        ),
        follow_up_interval_months=case.follow_up_interval_months,
        closed_on=case.closed_on,
    )


def with_deadline_facts(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Prefetch what ``case_facts`` reads, so a list of cases costs a fixed number of queries."""
    return (
        cases.select_related("child", "area_team")
        .prefetch_related("notifications", "assessments", "decisions", "plans", "follow_ups")
        .annotate(first_start=Min("decisions__episodes__start"))
    )


def case_deadlines(case: Case, today: dt.date) -> list[deadlines.Deadline]:
    return deadlines.case_deadlines(case_facts(case), today=today)


def caseloads(team_ids: set[int] | None) -> QuerySet[Case, dict[str, Any]]:
    """Open cases per responsible caseworker, optionally restricted to teams."""
    cases = Case.objects.filter(status=CaseStatus.OPEN)
    if team_ids is not None:
        cases = cases.filter(area_team_id__in=team_ids)
    return (
        cases.values("caseworker_id", "caseworker__first_name", "caseworker__last_name")
        .annotate(open_cases=Count("pk"))
        .order_by("-open_cases")
    )


def notifications_of(child_id: int, *, pending: bool = False) -> QuerySet[Notification]:
    """The child's notifications, the newest first; ``pending``: those not yet on a case."""
    qs = Notification.objects.filter(child_id=child_id).order_by("-received_at", "-pk")
    return qs.filter(case__isnull=True) if pending else qs
