"""Network meetings: the family at the head of the table, minutes written as plan decisions.

A meeting's minutes are decisions that change the plan itself – a new goal, a changed or ended
goal, a new, changed or ended action – so the plan shows what was decided, when and where.
The movement scored with the family at the meeting is recorded with it, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit.models import EventType
from herningmodel.cases.services.errors import Errors, user_id
from herningmodel.coordination.access import consented_departments
from herningmodel.coordination.models import (
    CommonPlan,
    CoreTask,
    DecisionKind,
    Department,
    FamilyCoordination,
    MovementScore,
    NetworkMeeting,
    OwnerKind,
    PlanAction,
    PlanDecision,
    PlanGoal,
)
from herningmodel.coordination.services.plan import (
    ActionData,
    check_action,
    check_meeting_date,
    check_scores,
)
from herningmodel.coordination.services.trail import family_event


@dataclass(frozen=True)
class DecisionData:
    """One decision. ``text`` is the new goal or action, the new wording, or why it ends."""

    kind: str
    text: str
    goal_id: int | None = None
    action_id: int | None = None
    core_task: str = ""
    # The action that a new goal starts with, or a new action's owner and date.
    action_text: str = ""
    owner_kind: str = ""
    department: str = ""
    due_on: dt.date | None = None


@dataclass(frozen=True)
class MeetingData:
    held_on: dt.date
    family_attendees: str
    network_attendees: str = ""
    departments: list[str] = field(default_factory=list)
    decisions: list[DecisionData] = field(default_factory=list)
    scores: dict[int, int] = field(default_factory=dict)


_GOAL_KINDS = {DecisionKind.CHANGE_GOAL, DecisionKind.END_GOAL, DecisionKind.NEW_ACTION}
_ACTION_KINDS = {DecisionKind.CHANGE_ACTION, DecisionKind.END_ACTION}


def _check_decisions(
    errors: Errors,
    data: MeetingData,
    goals: dict[int, PlanGoal],
    actions: dict[int, PlanAction],
    consented: set[str],
) -> None:
    # How many running actions each goal keeps once the decisions are applied: a goal that
    # stays must still have someone who does something (no goal without an owner).
    owners = Counter(a.goal_id for a in actions.values())
    ended_goals: set[int] = set()
    for i, d in enumerate(data.decisions):
        at = f"decisions.{i}"
        if d.kind not in DecisionKind.values:
            errors.add(f"{at}.kind", _("Unknown decision."), "invalid_choice")
            continue
        if not d.text.strip():
            errors.add(
                f"{at}.text",
                _("Decision %(n)s: write what was decided."),
                "required",
                n=i + 1,
            )
        if d.kind in _GOAL_KINDS and d.goal_id not in goals:
            errors.add(f"{at}.goal", _("Decision %(n)s: choose a goal."), "unknown_goal", n=i + 1)
        if d.kind in _ACTION_KINDS and d.action_id not in actions:
            errors.add(
                f"{at}.action", _("Decision %(n)s: choose an action."), "unknown_action", n=i + 1
            )
        if d.kind == DecisionKind.NEW_GOAL:
            if d.core_task not in CoreTask.values:
                errors.add(
                    f"{at}.core_task",
                    _("Decision %(n)s: choose the core task."),
                    "invalid_choice",
                    n=i + 1,
                )
            if not d.action_text.strip():
                errors.add(
                    f"{at}.action_text",
                    _("The goal “%(goal)s” has no owner: add who does what."),
                    "goal_without_owner",
                    goal=d.text.strip()[:60],
                )
        if (
            d.kind == DecisionKind.CHANGE_GOAL
            and d.core_task
            and d.core_task not in CoreTask.values
        ):
            errors.add(f"{at}.core_task", _("Unknown core task."), "invalid_choice")
        if d.kind in (DecisionKind.NEW_GOAL, DecisionKind.NEW_ACTION):
            description = d.action_text if d.kind == DecisionKind.NEW_GOAL else d.text
            check_action(
                errors,
                at,
                ActionData(d.owner_kind, description or "-", d.department, d.due_on),
                consented,
            )
            if d.kind == DecisionKind.NEW_ACTION and d.goal_id is not None:
                owners[d.goal_id] += 1
        if d.kind == DecisionKind.END_ACTION and d.action_id in actions:
            owners[actions[d.action_id].goal_id] -= 1
        if d.kind == DecisionKind.END_GOAL and d.goal_id is not None:
            ended_goals.add(d.goal_id)
    for goal_id, count in owners.items():
        if count < 1 and goal_id not in ended_goals and goal_id in goals:
            errors.add(
                "decisions",
                _("The goal “%(goal)s” has no owner: add who does what."),
                "goal_without_owner",
                goal=goals[goal_id].text[:60],
            )


def record_network_meeting(
    *, actor: User, coordination: FamilyCoordination, data: MeetingData, source: str
) -> NetworkMeeting:
    """Record who met, what they decided about the plan, and the movement they scaled."""
    errors = Errors()
    check_meeting_date(errors, coordination, data.held_on)
    if not data.family_attendees.strip():
        errors.add(
            "family_attendees",
            _("The family sits at the head of the table: say who from the family took part."),
            "family_absent",
        )
    # The minutes are shared with the departments now: the family's consent must hold today.
    consented = consented_departments(coordination, timezone.localdate())
    for department in data.departments:
        if department not in Department.values:
            errors.add("departments", _("Unknown department."), "invalid_choice")
        elif department not in consented:
            errors.add(
                "departments",
                _("The family has not consented to sharing with %(department)s."),
                "no_consent",
                department=Department(department).label,
            )
    if NetworkMeeting.objects.filter(coordination=coordination, held_on=data.held_on).exists():
        errors.add("held_on", _("A network meeting is already recorded that day."), "duplicate")
    plan = CommonPlan.objects.filter(coordination=coordination).first()
    if plan is None and (data.decisions or data.scores):
        errors.add("decisions", _("Write the common plan with the family first."), "no_plan")
    goals = check_scores(errors, coordination, data.held_on, data.scores)
    actions = {
        a.pk: a
        for a in PlanAction.objects.filter(goal__in=list(goals.values()), ended_on__isnull=True)
    }
    _check_decisions(errors, data, goals, actions, consented)
    errors.raise_if_any()
    with transaction.atomic():
        meeting = NetworkMeeting.objects.create(
            coordination=coordination,
            held_on=data.held_on,
            family_attendees=data.family_attendees.strip(),
            network_attendees=data.network_attendees.strip(),
            departments=sorted(set(data.departments)),
            recorded_by_id=user_id(actor),
        )
        decisions = [_apply(meeting, plan, d, goals, actions) for d in data.decisions]
        if plan is not None and decisions:
            # The plan changed: a plan form opened before the meeting must not overwrite it.
            CommonPlan.objects.filter(pk=plan.pk).update(version=plan.version + 1)
        MovementScore.objects.bulk_create(
            MovementScore(goal=goals[g], held_on=data.held_on, score=s, meeting=meeting)
            for g, s in data.scores.items()
        )
        family_event(
            EventType.CREATE,
            coordination,
            meeting,
            actor=actor,
            source=source,
            held_on=data.held_on,
            family_attendees=meeting.family_attendees,
            network_attendees=meeting.network_attendees,
            departments=meeting.departments,
            decisions=[[d.kind, d.goal_id, d.action_id, d.text] for ds in decisions for d in ds],
            scores={str(k): v for k, v in data.scores.items()},
        )
    return meeting


def _apply(
    meeting: NetworkMeeting,
    plan: CommonPlan | None,
    d: DecisionData,
    goals: dict[int, PlanGoal],
    actions: dict[int, PlanAction],
) -> list[PlanDecision]:
    """Change the plan as decided, and write the decision (two for a new goal and its action)."""
    text = d.text.strip()
    kind = DecisionKind(d.kind)
    if kind == DecisionKind.NEW_GOAL:
        assert plan is not None  # checked: decisions need a plan
        goal = PlanGoal.objects.create(plan=plan, text=text, core_task=d.core_task)
        goals[goal.pk] = goal
        first = _new_action(goal, d, d.action_text.strip())
        return [
            _decision(meeting, kind, goal, None, text),
            _decision(meeting, DecisionKind.NEW_ACTION, goal, first, first.description),
        ]
    if kind in _ACTION_KINDS:
        action = actions[d.action_id or 0]
        if kind == DecisionKind.END_ACTION:
            action.ended_on = meeting.held_on
            action.save(update_fields=["ended_on"])
        else:
            action.description = text
            action.due_on = d.due_on or action.due_on
            action.save(update_fields=["description", "due_on"])
        return [_decision(meeting, kind, goals[action.goal_id], action, text)]
    goal = goals[d.goal_id or 0]
    if kind == DecisionKind.NEW_ACTION:
        action = _new_action(goal, d, text)
        return [_decision(meeting, kind, goal, action, text)]
    if kind == DecisionKind.END_GOAL:
        goal.dropped_on = meeting.held_on
        goal.save(update_fields=["dropped_on"])
    else:
        goal.text = text
        goal.core_task = d.core_task or goal.core_task
        goal.save(update_fields=["text", "core_task"])
    return [_decision(meeting, kind, goal, None, text)]


def _new_action(goal: PlanGoal, d: DecisionData, description: str) -> PlanAction:
    return PlanAction.objects.create(
        goal=goal,
        owner_kind=d.owner_kind,
        department=d.department if d.owner_kind == OwnerKind.DEPARTMENT else "",
        description=description,
        due_on=d.due_on,
    )


def _decision(
    meeting: NetworkMeeting,
    kind: DecisionKind,
    goal: PlanGoal,
    action: PlanAction | None,
    text: str,
) -> PlanDecision:
    return PlanDecision.objects.create(
        meeting=meeting,
        kind=kind,
        goal=goal,
        action=action,
        owner_kind=action.owner_kind if action else "",
        department=action.department if action else "",
        core_task=goal.core_task,
        text=text,
    )
