"""The common plan, written with the family, and the movement it shows at network meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit.models import EventType
from herningmodel.cases.services.errors import ConflictError, Errors
from herningmodel.coordination.models import (
    CommonPlan,
    CoreTask,
    Department,
    FamilyCoordination,
    MovementScore,
    OwnerKind,
    PlanAction,
    PlanGoal,
)
from herningmodel.coordination.services.family import has_consent
from herningmodel.coordination.services.trail import family_event


@dataclass(frozen=True)
class ActionData:
    owner_kind: str
    description: str
    department: str = ""
    due_on: dt.date | None = None


@dataclass(frozen=True)
class GoalData:
    text: str
    core_task: str
    actions: list[ActionData] = field(default_factory=list)


@dataclass(frozen=True)
class CommonPlanData:
    dreams: str
    goals: list[GoalData]


def check_action(errors: Errors, prefix: str, action: ActionData, consented: set[str]) -> None:
    if not action.description.strip():
        errors.add(f"{prefix}.description", _("This field is required."), "required")
    if action.owner_kind not in OwnerKind.values:
        errors.add(f"{prefix}.owner_kind", _("Unknown owner."), "invalid_choice")
    elif action.owner_kind == OwnerKind.DEPARTMENT:
        if action.department not in Department.values:
            errors.add(f"{prefix}.department", _("Say which department."), "invalid_choice")
        elif action.department not in consented:
            # Giving a department an action shares the plan with it.
            errors.add(
                f"{prefix}.department",
                _("The family has not consented to sharing with %(department)s."),
                "no_consent",
                department=Department(action.department).label,
            )
    elif action.department:
        errors.add(
            f"{prefix}.department",
            _("Only a department's action names a department."),
            "department_not_owner",
        )


def _check_plan(errors: Errors, coordination: FamilyCoordination, data: CommonPlanData) -> None:
    if not coordination.is_open:
        errors.add("__all__", _("The coordination has ended."), "coordination_ended")
    if not data.goals:
        errors.add("goals", _("A plan needs at least one goal."), "required")
    today = timezone.localdate()
    consented = {d for d in Department.values if has_consent(coordination, d, today)}
    texts: set[str] = set()
    for g, goal in enumerate(data.goals):
        if not goal.text.strip():
            errors.add(f"goals.{g}.text", _("This field is required."), "required")
        if goal.text.strip() in texts:
            errors.add(f"goals.{g}.text", _("The same goal is there twice."), "duplicate")
        texts.add(goal.text.strip())
        if goal.core_task not in CoreTask.values:
            errors.add(f"goals.{g}.core_task", _("Unknown core task."), "invalid_choice")
        if not goal.actions:
            errors.add(
                f"goals.{g}.actions",
                _("The goal “%(goal)s” has no owner: add who does what."),
                "goal_without_owner",
                goal=goal.text.strip()[:60],
            )
        for a, action in enumerate(goal.actions):
            check_action(errors, f"goals.{g}.actions.{a}", action, consented)


def save_common_plan(
    *,
    actor: User,
    coordination: FamilyCoordination,
    data: CommonPlanData,
    expected_version: int | None = None,
    source: str,
) -> CommonPlan:
    """Create or replace the plan; a stale version means someone else saved in between.

    Goals are matched by their text: a kept goal keeps its movement scores; a goal left out is
    dropped with a date, not deleted. Each goal's actions are replaced as a whole.
    """
    errors = Errors()
    _check_plan(errors, coordination, data)
    errors.raise_if_any()
    today = timezone.localdate()
    with transaction.atomic():
        plan = CommonPlan.objects.select_for_update().filter(coordination=coordination).first()
        if plan is None:
            if expected_version not in (None, 0):
                raise ConflictError
            plan = CommonPlan(coordination=coordination)
            event = EventType.CREATE
        else:
            if expected_version is None or plan.version != expected_version:
                raise ConflictError
            plan.version += 1
            event = EventType.UPDATE
        plan.dreams = data.dreams.strip()
        plan.save()
        existing = {g.text: g for g in plan.goals.filter(dropped_on__isnull=True)}
        for goal_data in data.goals:
            goal = existing.pop(goal_data.text.strip(), None)
            if goal is None:
                goal = PlanGoal(plan=plan, text=goal_data.text.strip())
            goal.core_task = goal_data.core_task
            goal.save()
            # Actions ended at a network meeting stay, with their decision.
            goal.actions.filter(ended_on__isnull=True).delete()
            PlanAction.objects.bulk_create(
                PlanAction(
                    goal=goal,
                    owner_kind=a.owner_kind,
                    department=a.department if a.owner_kind == OwnerKind.DEPARTMENT else "",
                    description=a.description.strip(),
                    due_on=a.due_on,
                )
                for a in goal_data.actions
            )
        for dropped in existing.values():
            dropped.dropped_on = today
            dropped.save(update_fields=["dropped_on"])
        family_event(
            event,
            coordination,
            plan,
            actor=actor,
            source=source,
            version=plan.version,
            dreams=plan.dreams,
            goals=[
                {
                    "text": g.text,
                    "core_task": g.core_task,
                    "actions": [
                        [a.owner_kind, a.department, a.description, str(a.due_on or "")]
                        for a in g.actions
                    ],
                }
                for g in data.goals
            ],
        )
    return plan


def check_scores(
    errors: Errors, coordination: FamilyCoordination, held_on: dt.date, scores: dict[int, int]
) -> dict[int, PlanGoal]:
    """The plan's current goals, having checked the scores given for them at one meeting."""
    goals = {
        g.pk: g
        for g in PlanGoal.objects.filter(plan__coordination=coordination, dropped_on__isnull=True)
    }
    for goal_id, score in scores.items():
        if goal_id not in goals:
            errors.add(f"scores.{goal_id}", _("Unknown goal."), "unknown_goal")
        if not 0 <= score <= 10:
            errors.add(f"scores.{goal_id}", _("Score from 0 to 10."), "out_of_range")
    if MovementScore.objects.filter(goal_id__in=list(scores), held_on=held_on).exists():
        errors.add("held_on", _("Movement is already recorded for this meeting."), "duplicate")
    return goals


def check_meeting_date(errors: Errors, coordination: FamilyCoordination, held_on: dt.date) -> None:
    if not coordination.is_open:
        errors.add("__all__", _("The coordination has ended."), "coordination_ended")
    errors.not_future("held_on", held_on, _("The date cannot be in the future."))
    if held_on < coordination.started_on:
        errors.add(
            "held_on", _("The meeting cannot be before the coordination started."), "too_early"
        )


def record_movement(
    *,
    actor: User,
    coordination: FamilyCoordination,
    held_on: dt.date,
    scores: dict[int, int],
    source: str,
) -> list[MovementScore]:
    """Scores (0–10) per goal, given with the family at a network meeting."""
    errors = Errors()
    check_meeting_date(errors, coordination, held_on)
    if not scores:
        errors.add("scores", _("Score at least one goal."), "required")
    goals = check_scores(errors, coordination, held_on, scores)
    errors.raise_if_any()
    with transaction.atomic():
        rows = MovementScore.objects.bulk_create(
            MovementScore(goal=goals[goal_id], held_on=held_on, score=score)
            for goal_id, score in scores.items()
        )
        family_event(
            EventType.CREATE,
            coordination,
            rows[0],
            actor=actor,
            source=source,
            held_on=held_on,
            scores={str(k): v for k, v in scores.items()},
        )
    return rows
