"""The coordination pages: the families a user coordinates or serves, and one family's plan."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from herningmodel.access.policy import role_of
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.cases.views import source
from herningmodel.coordination import movement
from herningmodel.coordination.access import Sight, coordinations_for_user, get_sight_for_user
from herningmodel.coordination.actions import ACTIONS
from herningmodel.coordination.models import (
    CoreTask,
    NetworkMeeting,
    PlanDecision,
    PlanGoal,
)
from herningmodel.coordination.movement_data import ScoreRow, plan_scores
from herningmodel.organisation.models import Role


@login_required
def my_coordinations(request: HttpRequest) -> HttpResponse:
    coordinations = list(
        coordinations_for_user(request.user).select_related("household", "coordinator")
    )
    return render(
        request,
        "coordination/list.html",
        {
            "coordinations": coordinations,
            "can_start": role_of(request.user) == Role.FAMILY_COORDINATOR,
        },
    )


def plan_by_core_task(
    sight: Sight, goals: list[PlanGoal], decisions: list[PlanDecision] | None = None
) -> list[dict[str, Any]]:
    """The goals under Hedensted's four core tasks, each with the actions this user may see
    and the network meetings' decisions about it."""
    by_goal: dict[int, list[PlanDecision]] = defaultdict(list)
    for decision in decisions or []:
        by_goal[decision.goal_id].append(decision)
    groups = []
    for task in CoreTask:
        rows = [
            {
                "goal": g,
                "actions": [
                    a for a in g.actions.all() if a.ended_on is None and sight.sees_action(a)
                ],
                "decisions": by_goal[g.pk],
            }
            for g in goals
            if g.core_task == task
        ]
        if rows:
            groups.append({"task": task.label, "goals": rows})
    return groups


def movement_table(goals: list[PlanGoal], scores: list[ScoreRow]) -> dict[str, Any]:
    """One row per goal, one column per network meeting: the family's movement over time."""
    by_goal: dict[int, dict[Any, int]] = defaultdict(dict)
    for goal_id, held_on, _task, score in scores:
        by_goal[goal_id][held_on] = score
    shown = {g.pk for g in goals}
    dates = sorted({day for pk, row in by_goal.items() if pk in shown for day in row})
    return {
        "dates": dates,
        "rows": [{"goal": g, "scores": [by_goal[g.pk].get(day) for day in dates]} for g in goals],
    }


def movement_by_core_task(scores: list[ScoreRow]) -> dict[str, Any]:
    """The mean score per core task at each meeting: a chart and the table behind it."""
    series = movement.over_time(movement.Score(day, task, score) for _g, day, task, score in scores)
    labels = {task.value: str(task.label) for task in CoreTask}
    dates = sorted({day for points in series.values() for day, _ in points})
    rows = [
        {"task": labels[task], "means": [dict(series[task]).get(day) for day in dates]}
        for task in labels
        if task in series
    ]
    return {
        "dates": dates,
        "rows": rows,
        "figures": {"core-tasks": movement.figure(series, labels)} if series else {},
    }


@login_required
def coordination_detail(request: HttpRequest, coordination_id: int) -> HttpResponse:
    sight = get_sight_for_user(request.user, coordination_id)
    coordination = sight.coordination
    plan = getattr(coordination, "plan", None)
    goals = (
        list(plan.goals.filter(dropped_on__isnull=True).prefetch_related("actions")) if plan else []
    )
    meetings = list(
        NetworkMeeting.objects.filter(coordination=coordination).prefetch_related(
            Prefetch("decisions", queryset=PlanDecision.objects.select_related("goal"))
        )
    )
    decisions = [d for m in meetings for d in m.decisions.all() if sight.sees_decision(d)]
    held = {m.pk: m for m in meetings}
    for d in decisions:
        d.meeting = held[d.meeting_id]  # no query per decision for its date
    interventions = [
        i
        for i in coordination.interventions.select_related("ended_by")
        if sight.sees_intervention(i)
    ]
    scores = plan_scores(plan)
    children = list(coordination.household.children.all())
    # Who saw this family's plan is logged for each of its children.
    for child in children:
        audit.record(
            EventType.READ,
            actor=request.user,
            child_id=child.pk,
            obj=coordination,
            source=source(request),
        )
    context = {
        "sight": sight,
        "coordination": coordination,
        "plan": plan,
        "groups": plan_by_core_task(sight, goals, decisions),
        "meetings": [
            {"meeting": m, "decisions": [d for d in decisions if d.meeting_id == m.pk]}
            for m in meetings
        ],
        "movement": movement_table(goals, scores),
        "by_core_task": movement_by_core_task(scores),
        "interventions": interventions,
        "contacts": coordination.contacts.select_related("staff") if sight.is_coordinator else [],
        "consents": coordination.consents.all() if sight.is_coordinator else [],
        "children": children if sight.is_coordinator else [],
        "action_links": [
            (name, ACTIONS[name].title)
            for name in ("plan", "meeting", "consent", "contact", "intervention", "movement")
        ],
    }
    return render(request, "coordination/detail.html", context)
