"""Network meetings and the child's plan, written with the family."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit.models import EventType
from herningmodel.cases.models import (
    AttendeeKind,
    Case,
    Goal,
    MeetingAttendee,
    NetworkMeeting,
    Plan,
    Task,
)
from herningmodel.cases.services.errors import ConflictError, Errors, audit_change, user_id


@dataclass(frozen=True)
class AttendeeData:
    kind: str
    name: str
    role: str = ""


def hold_network_meeting(
    *,
    actor: User,
    case: Case,
    held_on: dt.date,
    attendees: list[AttendeeData],
    family_chaired: bool = True,
    summary: str = "",
    source: str,
) -> NetworkMeeting:
    errors = Errors()
    if not case.is_open:
        errors.add("__all__", _("The case is closed."), "case_closed")
    if held_on < case.opened_on:
        errors.add(
            "held_on", _("The meeting cannot be before the case was opened."), "before_opened"
        )
    errors.not_future("held_on", held_on, _("The date cannot be in the future."))
    if not any(a.kind in (AttendeeKind.FAMILY, AttendeeKind.CHILD) for a in attendees):
        errors.add(
            "attendees",
            _("A network meeting is held with the family: add the family or the child."),
            "family_missing",
        )
    for index, attendee in enumerate(attendees):
        if attendee.kind not in AttendeeKind.values:
            errors.add(f"attendees.{index}.kind", _("Unknown kind of attendee."), "invalid_choice")
        if not attendee.name.strip():
            errors.add(f"attendees.{index}.name", _("This field is required."), "required")
    errors.raise_if_any()
    with transaction.atomic():
        meeting = NetworkMeeting.objects.create(
            case=case,
            held_on=held_on,
            family_chaired=family_chaired,
            summary=summary,
            recorded_by_id=user_id(actor),
        )
        MeetingAttendee.objects.bulk_create(
            MeetingAttendee(meeting=meeting, kind=a.kind, name=a.name, role=a.role)
            for a in attendees
        )
        audit_change(
            EventType.CREATE,
            meeting,
            case.child_id,
            actor=actor,
            source=source,
            held_on=held_on,
            attendees=len(attendees),
            family_chaired=family_chaired,
        )
    return meeting


@dataclass(frozen=True)
class TaskData:
    description: str
    responsible_kind: str
    responsible_name: str
    due_on: dt.date | None = None
    done_on: dt.date | None = None


@dataclass(frozen=True)
class GoalData:
    text: str
    target_on: dt.date | None = None
    achieved_on: dt.date | None = None
    tasks: list[TaskData] = field(default_factory=list)


@dataclass(frozen=True)
class PlanData:
    goals: list[GoalData]
    childs_words: str = ""
    familys_words: str = ""
    approved_on: dt.date | None = None
    meeting_id: int | None = None
    is_youth_plan: bool = False


def _check_plan(errors: Errors, case: Case, data: PlanData) -> None:
    if not data.goals:
        errors.add("goals", _("A plan needs at least one goal."), "required")
    if data.approved_on is not None:
        errors.not_future("approved_on", data.approved_on, _("The date cannot be in the future."))
    if (
        data.meeting_id is not None
        and not case.network_meetings.filter(pk=data.meeting_id).exists()
    ):
        errors.add("meeting_id", _("Unknown network meeting."), "unknown_meeting")
    for g, goal in enumerate(data.goals):
        if not goal.text.strip():
            errors.add(f"goals.{g}.text", _("This field is required."), "required")
        for t, task in enumerate(goal.tasks):
            prefix = f"goals.{g}.tasks.{t}"
            if not task.description.strip():
                errors.add(f"{prefix}.description", _("This field is required."), "required")
            if not task.responsible_name.strip():
                errors.add(f"{prefix}.responsible_name", _("Say who does it."), "required")
            if task.responsible_kind not in AttendeeKind.values:
                errors.add(f"{prefix}.responsible_kind", _("Unknown kind."), "invalid_choice")


def save_plan(
    *,
    actor: User,
    case: Case,
    data: PlanData,
    plan: Plan | None = None,
    expected_version: int | None = None,
    source: str,
) -> Plan:
    """Create or replace the plan's content; a stale version means someone saved in between.

    The goals and tasks are replaced as a whole: the plan is one document that the family
    reads and agrees to, and the audit trail keeps each saved version's content.
    """
    errors = Errors()
    if not case.is_open:
        errors.add("__all__", _("The case is closed."), "case_closed")
    _check_plan(errors, case, data)
    errors.raise_if_any()
    with transaction.atomic():
        if plan is None:
            plan = Plan(case=case, updated_by_id=user_id(actor))
            event = EventType.CREATE
        else:
            current = Plan.objects.select_for_update().filter(pk=plan.pk).values("version").first()
            expected = plan.version if expected_version is None else expected_version
            if current is None or current["version"] != expected:
                raise ConflictError
            plan.version = expected + 1
            plan.updated_by_id = user_id(actor)
            event = EventType.UPDATE
        plan.childs_words = data.childs_words
        plan.familys_words = data.familys_words
        plan.approved_on = data.approved_on
        plan.meeting_id = data.meeting_id
        plan.is_youth_plan = data.is_youth_plan
        plan.save()
        plan.goals.all().delete()
        for goal_data in data.goals:
            goal = Goal.objects.create(
                plan=plan,
                text=goal_data.text,
                target_on=goal_data.target_on,
                achieved_on=goal_data.achieved_on,
            )
            Task.objects.bulk_create(
                Task(
                    plan=plan,
                    goal=goal,
                    description=t.description,
                    responsible_kind=t.responsible_kind,
                    responsible_name=t.responsible_name,
                    due_on=t.due_on,
                    done_on=t.done_on,
                )
                for t in goal_data.tasks
            )
        audit_change(
            event,
            plan,
            case.child_id,
            actor=actor,
            source=source,
            version=plan.version,
            approved_on=data.approved_on,
            goals=[g.text for g in data.goals],
        )
    return plan
