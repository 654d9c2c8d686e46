"""The reads behind the movement summaries (``coordination.movement`` is pure): one family's
scores, and every coordinated family's scores with its district and children."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from herningmodel.coordination import movement
from herningmodel.coordination.models import CoreTask, FamilyCoordination, MovementScore
from herningmodel.organisation.models import District
from herningmodel.people.models import Child

ScoreRow = tuple[int, Any, str, int]  # goal id, meeting date, core task, score


def plan_scores(plan: Any) -> list[ScoreRow]:
    """Every score of the plan's goals, dropped goals included (one query for table and chart)."""
    if plan is None:
        return []
    return list(
        MovementScore.objects.filter(goal__plan=plan).values_list(
            "goal_id", "held_on", "goal__core_task", "score"
        )
    )


def families_in(start: dt.date, end: dt.date) -> list[movement.Family]:
    """Every coordinated family with its district (its first child's), children and movement."""
    coordinations = dict(FamilyCoordination.objects.values_list("pk", "household_id"))
    scores: dict[int, list[movement.Score]] = defaultdict(list)
    for coordination_id, day, task, score in MovementScore.objects.filter(
        goal__plan__coordination_id__in=coordinations, held_on__lte=end
    ).values_list("goal__plan__coordination_id", "held_on", "goal__core_task", "score"):
        scores[coordination_id].append(movement.Score(day, task, score))
    households: dict[int, list[str]] = defaultdict(list)
    for household_id, district in (
        Child.objects.filter(household_id__in=coordinations.values())
        .order_by("pk")
        .values_list("household_id", "district__name")
    ):
        households[household_id].append(district)
    families = []
    for coordination_id, household_id in coordinations.items():
        children = households.get(household_id, [])
        if not children or coordination_id not in scores:
            continue
        change = movement.change_in_period(movement.over_time(scores[coordination_id]), start, end)
        families.append(movement.Family(children[0], len(children), change))
    return families


def year_table(year: int, total_label: str) -> list[movement.Row]:
    """Movement per core task by district over a calendar year, disclosure-controlled."""
    return movement.across_families(
        families_in(dt.date(year, 1, 1), dt.date(year, 12, 31)),
        list(District.objects.order_by("name").values_list("name", flat=True)),
        [t.value for t in CoreTask],
        total_label,
    )
