"""Import kinds for the talks with the child (børnesamtaler), network meetings with their
attendees, and the goals and tasks of the child's plan.

Every row names its case, meeting, plan or goal by external id; the checks the case-work
services make (a talk is held or its reason written down, nothing before the case opened, a
task's goal belongs to the same plan) are made here row by row before anything is written.
Decisions name their talk (``child_talk``) and plans their meeting (``meeting``) in their own
files, so talks come before decisions and meetings before plans.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.cases.models import (
    AttendeeKind,
    ChildTalk,
    Goal,
    MeetingAttendee,
    NetworkMeeting,
    Plan,
    Task,
)
from herningmodel.interchange.kinds_casework import (
    CASE,
    EXTERNAL_ID,
    LONG_TEXT,
    MEETING,
    load_cases,
    load_meetings,
)
from herningmodel.interchange.kinds_organisation import USER, Error, text_column
from herningmodel.interchange.kinds_people import PERSON, load_persons
from herningmodel.interchange.pipeline import (
    Built,
    Column,
    Context,
    Kind,
    boolean,
    by_external_id,
    choice,
    date,
    external_ids,
    ref,
)

PLAN = ref("plans", gettext_lazy("No plan has this external id; import the plans first."))
GOAL = ref("goals", gettext_lazy("No goal has this external id; import the goals first."))


def _before_opened(values: dict[str, Any], column: str, ctx: Context, error: Error) -> bool:
    if values[column] is not None and values[column] < ctx["case_opened"][values["case"]]:
        error(column, _("The date is before the case opened."))
        return True
    return False


# ---------------------------------------------------------------- talks with the child


def _build_talk(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    held, not_held = values["held_on"], values["not_held_on"]
    if (held is None) == (not_held is None):
        error(
            "held_on",
            _("Give either the date of the talk or the date it was decided not to hold it."),
        )
        return None
    if not_held is not None and not values["not_held_reason"].strip():
        error("not_held_reason", _("Write why the talk with the child was not held."))
        return None
    if _before_opened(values, "held_on" if held is not None else "not_held_on", ctx, error):
        return None
    return by_external_id(
        values,
        ("held_on", "not_held_on", "not_held_reason", "child_views"),
        ("case", "recorded_by"),
    )


CHILD_TALKS = Kind(
    name="child_talks",
    model=ChildTalk,
    columns=(
        EXTERNAL_ID,
        Column("case", CASE, required=True),
        Column("held_on", date),
        Column("not_held_on", date),
        text_column("not_held_reason", LONG_TEXT),
        text_column("child_views", LONG_TEXT),
        Column("recorded_by", USER, required=True),
    ),
    key=("external_id",),
    load=load_cases,
    build=_build_talk,
)


# ---------------------------------------------------------------- network meetings


def _build_meeting(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if _before_opened(values, "held_on", ctx, error):
        return None
    return by_external_id(
        values,
        ("held_on", "summary"),
        ("case", "recorded_by"),
        family_chaired=values["family_chaired"] is not False,
    )


NETWORK_MEETINGS = Kind(
    name="network_meetings",
    model=NetworkMeeting,
    columns=(
        EXTERNAL_ID,
        Column("case", CASE, required=True),
        Column("held_on", date, required=True),
        Column("family_chaired", boolean),
        text_column("summary", LONG_TEXT),
        Column("recorded_by", USER, required=True),
    ),
    key=("external_id",),
    load=load_cases,
    build=_build_meeting,
)


# ---------------------------------------------------------------- meeting attendees


def _load_attendees(ctx: Context) -> None:
    load_meetings(ctx)
    load_persons(ctx)


MEETING_ATTENDEES = Kind(
    name="meeting_attendees",
    model=MeetingAttendee,
    columns=(
        EXTERNAL_ID,
        Column("meeting", MEETING, required=True),
        Column("kind", choice(AttendeeKind), required=True, empty=""),
        text_column("name", 200, required=True),
        text_column("role", 100),
        Column("person", PERSON),
    ),
    key=("external_id",),
    load=_load_attendees,
    build=lambda values, ctx, error: by_external_id(
        values, ("kind", "name", "role"), ("meeting", "person")
    ),
)


# ---------------------------------------------------------------- goals and tasks


def load_plans(ctx: Context) -> None:
    ctx["plans"] = external_ids(Plan)


def _load_tasks(ctx: Context) -> None:
    load_plans(ctx)
    ctx["goals"] = external_ids(Goal)
    ctx["goal_plan"] = dict(Goal.objects.values_list("pk", "plan_id"))


def _build_goal(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if values["text"].strip() == "":
        error("text", _("A value is required."))
        return None
    return by_external_id(values, ("text", "target_on", "achieved_on"), ("plan",))


GOALS = Kind(
    name="goals",
    model=Goal,
    columns=(
        EXTERNAL_ID,
        Column("plan", PLAN, required=True),
        text_column("text", LONG_TEXT, required=True),
        Column("target_on", date),
        Column("achieved_on", date),
    ),
    key=("external_id",),
    load=load_plans,
    build=_build_goal,
)


def _build_task(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    goal = values["goal"]
    if goal is not None and ctx["goal_plan"][goal] != values["plan"]:
        error("goal", _("The goal is not of this plan."))
        return None
    return by_external_id(
        values,
        ("description", "responsible_kind", "responsible_name", "due_on", "done_on"),
        ("plan", "goal"),
    )


TASKS = Kind(
    name="tasks",
    model=Task,
    columns=(
        EXTERNAL_ID,
        Column("plan", PLAN, required=True),
        Column("goal", GOAL),
        text_column("description", LONG_TEXT, required=True),
        Column("responsible_kind", choice(AttendeeKind), required=True, empty=""),
        text_column("responsible_name", 200, required=True),
        Column("due_on", date),
        Column("done_on", date),
    ),
    key=("external_id",),
    load=_load_tasks,
    build=_build_task,
)
