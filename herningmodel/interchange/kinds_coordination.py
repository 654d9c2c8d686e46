"""Import kinds for family coordination (Hedensted's "Familier på vej"): the coordination of a
family, its department contacts and consents, the interventions running across departments,
the common plan with its goals and actions, the network meetings with their decisions, and
the movement scored on each goal.

This is personal data a municipality must be able to migrate like the case work: every row
names its family (household), coordination, goal or meeting by external id and staff by
username. The import keeps history as it was: a consent since withdrawn or a department's
action decided while consent was given is read as it stands, so the checks here are the ones
that make the rows fit together (dates in order, one open coordination per family, a goal's
action and a meeting's decisions belong to the same family), not the checks a coordinator's
new entry goes through today.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.coordination.models import (
    CommonPlan,
    Consent,
    CoreTask,
    DecisionKind,
    Department,
    DepartmentContact,
    FamilyCoordination,
    MovementScore,
    NetworkMeeting,
    OwnerKind,
    PlanAction,
    PlanDecision,
    PlanGoal,
    RunningIntervention,
)
from herningmodel.interchange.cells import CellError
from herningmodel.interchange.kinds_casework import EXTERNAL_ID, LONG_TEXT
from herningmodel.interchange.kinds_organisation import (
    USER,
    Error,
    load_organisation,
    text_column,
)
from herningmodel.interchange.kinds_people import HOUSEHOLD, load_households
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
    integer,
    ref,
)

COORDINATION = ref(
    "coordinations",
    gettext_lazy("No family coordination has this external id; import the coordinations first."),
)
PLAN_GOAL = ref(
    "plan_goals", gettext_lazy("No plan goal has this external id; import the plan goals first.")
)
PLAN_ACTION = ref(
    "plan_actions",
    gettext_lazy("No plan action has this external id; import the plan actions first."),
)
FAMILY_MEETING = ref(
    "coordination_meetings",
    gettext_lazy(
        "No network meeting of a family coordination has this external id; "
        "import the coordination meetings first."
    ),
)
DEPARTMENT = choice(Department)


def _departments(value: str, ctx: Context) -> list[str]:
    """Departments separated by ``|``, e.g. ``family|job_centre``, each once."""
    found = [p.strip() for p in value.split("|") if p.strip()]
    unknown = [d for d in found if d not in Department.values]
    if unknown:
        raise CellError(
            _("%(value)s: not one of: %(values)s.")
            % {"value": unknown[0], "values": ", ".join(sorted(Department.values))}
        )
    if len(set(found)) != len(found):
        raise CellError(_("A department is named twice."))
    return found


def _not_before(
    values: dict[str, Any], later: str, earlier: str, error: Error, message: str
) -> bool:
    if values[later] is not None and values[earlier] is not None:
        if values[later] < values[earlier]:
            error(later, message)
            return False
    return True


def load_coordinations(ctx: Context) -> None:
    load_organisation(ctx)
    ctx["coordinations"] = external_ids(FamilyCoordination)
    ctx["coordination_plan"] = dict(CommonPlan.objects.values_list("coordination_id", "pk"))


# ---------------------------------------------------------------- coordinations


def _load_coordination_kind(ctx: Context) -> None:
    load_organisation(ctx)
    load_households(ctx)
    ctx["open_coordination"] = dict(
        FamilyCoordination.objects.filter(ended_on=None).values_list("household_id", "external_id")
    )
    ctx["open_in_file"] = {}


def _build_coordination(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if not _not_before(values, "ended_on", "started_on", error, _("Ended before it started.")):
        return None
    household = values["household"]
    if values["ended_on"] is None:
        other = ctx["open_coordination"].get(household, values["external_id"])
        if other != values["external_id"]:
            error("household", _("The family already has another open coordination."))
            return None
        if household in ctx["open_in_file"]:
            error(
                "household",
                _("The family has another open coordination in row %(row)s.")
                % {"row": ctx["open_in_file"][household]},
            )
            return None
        ctx["open_in_file"][household] = ctx["row"]
    return by_external_id(values, ("started_on", "ended_on"), ("household", "coordinator"))


COORDINATIONS = Kind(
    name="coordinations",
    model=FamilyCoordination,
    columns=(
        EXTERNAL_ID,
        Column("household", HOUSEHOLD, required=True),
        Column("coordinator", USER, required=True),
        Column("started_on", date, required=True),
        Column("ended_on", date),
    ),
    key=("external_id",),
    load=_load_coordination_kind,
    build=_build_coordination,
)


# ---------------------------------------------------------------- the common plan


COMMON_PLANS = Kind(
    name="common_plans",
    model=CommonPlan,
    columns=(
        Column("coordination", COORDINATION, required=True),
        text_column("dreams", LONG_TEXT),
        Column("version", integer(1, 1_000_000)),
    ),
    key=("coordination_id",),
    key_column="coordination",
    load=load_coordinations,
    build=lambda values, ctx, error: Built(
        {
            "coordination_id": values["coordination"],
            "dreams": values["dreams"],
            "version": values["version"] or 1,
        }
    ),
)


# ---------------------------------------------------------------- department contacts


def _build_contact(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    return Built(
        {
            "coordination_id": values["coordination"],
            "department": values["department"],
            "staff_id": values["staff"],
            "name": values["name"],
        }
    )


DEPARTMENT_CONTACTS = Kind(
    name="department_contacts",
    model=DepartmentContact,
    columns=(
        Column("coordination", COORDINATION, required=True),
        Column("department", DEPARTMENT, required=True, empty=""),
        text_column("name", 200, required=True),
        Column("staff", USER),
    ),
    key=("coordination_id", "department"),
    key_column="coordination",
    load=load_coordinations,
    build=_build_contact,
)


# ---------------------------------------------------------------- consents


def _build_consent(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if not values["what"].strip():
        error("what", _("Say what the family consents to sharing."))
        return None
    for later in ("until", "withdrawn_on"):
        if not _not_before(
            values, later, "given_on", error, _("The date is before the consent was given.")
        ):
            return None
    return by_external_id(
        values, ("department", "what", "given_on", "until", "withdrawn_on"), ("coordination",)
    )


CONSENTS = Kind(
    name="consents",
    model=Consent,
    columns=(
        EXTERNAL_ID,
        Column("coordination", COORDINATION, required=True),
        Column("department", DEPARTMENT, required=True, empty=""),
        text_column("what", LONG_TEXT, required=True),
        Column("given_on", date, required=True),
        Column("until", date),
        Column("withdrawn_on", date),
    ),
    key=("external_id",),
    load=load_coordinations,
    build=_build_consent,
)


# ---------------------------------------------------------------- running interventions


def _build_intervention(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if not _not_before(
        values, "ended_on", "started_on", error, _("It cannot end before it started.")
    ):
        return None
    ended = values["ended_on"] is not None
    if not ended and (values["end_reason"] or values["ended_by"] is not None):
        error("ended_on", _("Give the date it ended, or leave the reason and who ended it out."))
        return None
    if ended and not values["end_reason"].strip():
        error("end_reason", _("Give the reason for ending."))
        return None
    return by_external_id(
        values,
        ("department", "description", "started_on", "ended_on", "end_reason"),
        ("coordination", "ended_by"),
        family_wants_ended=bool(values["family_wants_ended"]),
    )


RUNNING_INTERVENTIONS = Kind(
    name="running_interventions",
    model=RunningIntervention,
    columns=(
        EXTERNAL_ID,
        Column("coordination", COORDINATION, required=True),
        Column("department", DEPARTMENT, required=True, empty=""),
        text_column("description", LONG_TEXT, required=True),
        Column("started_on", date, required=True),
        Column("family_wants_ended", boolean),
        Column("ended_on", date),
        text_column("end_reason", LONG_TEXT),
        Column("ended_by", USER),
    ),
    key=("external_id",),
    load=load_coordinations,
    build=_build_intervention,
)


# ---------------------------------------------------------------- plan goals and actions


def _build_goal(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    plan = ctx["coordination_plan"].get(values["coordination"])
    if plan is None:
        error(
            "coordination",
            _("The coordination has no common plan; import the common plans first."),
        )
        return None
    return by_external_id(values, ("text", "core_task", "dropped_on"), plan_id=plan)


PLAN_GOALS = Kind(
    name="plan_goals",
    model=PlanGoal,
    columns=(
        EXTERNAL_ID,
        Column("coordination", COORDINATION, required=True),
        text_column("text", LONG_TEXT, required=True),
        Column("core_task", choice(CoreTask), required=True, empty=""),
        Column("dropped_on", date),
    ),
    key=("external_id",),
    load=load_coordinations,
    build=_build_goal,
)


def load_goals(ctx: Context) -> None:
    load_coordinations(ctx)
    ctx["plan_goals"] = external_ids(PlanGoal)
    ctx["goal_coordination"] = dict(PlanGoal.objects.values_list("pk", "plan__coordination_id"))


def _owner(values: dict[str, Any], error: Error) -> bool:
    """A department's action names its department; the family's or network's names none."""
    if values["owner_kind"] == OwnerKind.DEPARTMENT and not values["department"]:
        error("department", _("Say which department."))
        return False
    if values["owner_kind"] != OwnerKind.DEPARTMENT and values["department"]:
        error("department", _("Only a department's action names a department."))
        return False
    return True


def _build_action(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if not _owner(values, error):
        return None
    return by_external_id(
        values, ("owner_kind", "department", "description", "due_on", "ended_on"), ("goal",)
    )


PLAN_ACTIONS = Kind(
    name="plan_actions",
    model=PlanAction,
    columns=(
        EXTERNAL_ID,
        Column("goal", PLAN_GOAL, required=True),
        Column("owner_kind", choice(OwnerKind), required=True, empty=""),
        Column("department", DEPARTMENT, empty=""),
        text_column("description", LONG_TEXT, required=True),
        Column("due_on", date),
        Column("ended_on", date),
    ),
    key=("external_id",),
    load=load_goals,
    build=_build_action,
)


# ---------------------------------------------------------------- network meetings


def _load_meeting_kind(ctx: Context) -> None:
    load_coordinations(ctx)
    ctx["meeting_days"] = {
        (coordination, day): external_id
        for coordination, day, external_id in NetworkMeeting.objects.values_list(
            "coordination_id", "held_on", "external_id"
        )
    }
    ctx["days_in_file"] = {}


def _build_meeting(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    day = (values["coordination"], values["held_on"])
    other = ctx["meeting_days"].get(day, values["external_id"])
    if other != values["external_id"]:
        error("held_on", _("A network meeting is already recorded that day."))
        return None
    if day in ctx["days_in_file"]:
        error(
            "held_on",
            _("The family has another network meeting that day in row %(row)s.")
            % {"row": ctx["days_in_file"][day]},
        )
        return None
    ctx["days_in_file"][day] = ctx["row"]
    return by_external_id(
        values,
        ("held_on", "family_attendees", "network_attendees"),
        ("coordination", "recorded_by"),
        departments=values["departments"] or [],
    )


COORDINATION_MEETINGS = Kind(
    name="coordination_meetings",
    model=NetworkMeeting,
    columns=(
        EXTERNAL_ID,
        Column("coordination", COORDINATION, required=True),
        Column("held_on", date, required=True),
        text_column("family_attendees", LONG_TEXT, required=True),
        text_column("network_attendees", LONG_TEXT),
        Column("departments", _departments),
        Column("recorded_by", USER, required=True),
    ),
    key=("external_id",),
    load=_load_meeting_kind,
    build=_build_meeting,
)


# ---------------------------------------------------------------- decisions and movement


def _load_decision_kind(ctx: Context) -> None:
    load_goals(ctx)
    ctx["plan_actions"] = external_ids(PlanAction)
    ctx["action_goal"] = dict(PlanAction.objects.values_list("pk", "goal_id"))
    ctx["coordination_meetings"] = external_ids(NetworkMeeting)
    ctx["meeting_coordination"] = dict(NetworkMeeting.objects.values_list("pk", "coordination_id"))


def _same_family(values: dict[str, Any], ctx: Context, error: Error) -> bool:
    meeting, goal = values["meeting"], values["goal"]
    if meeting is not None and (
        ctx["meeting_coordination"][meeting] != ctx["goal_coordination"][goal]
    ):
        error("goal", _("The goal is not of the meeting's family."))
        return False
    return True


def _build_decision(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if not _same_family(values, ctx, error):
        return None
    action = values["action"]
    if action is not None and ctx["action_goal"][action] != values["goal"]:
        error("action", _("The action is not of this goal."))
        return None
    if values["kind"] in (
        DecisionKind.NEW_ACTION,
        DecisionKind.CHANGE_ACTION,
        DecisionKind.END_ACTION,
    ):
        if action is None:
            error("action", _("A decision about an action names the action."))
            return None
    if values["owner_kind"] and not _owner(values, error):
        return None
    return by_external_id(
        values,
        ("kind", "owner_kind", "department", "core_task", "text"),
        ("meeting", "goal", "action"),
    )


PLAN_DECISIONS = Kind(
    name="plan_decisions",
    model=PlanDecision,
    columns=(
        EXTERNAL_ID,
        Column("meeting", FAMILY_MEETING, required=True),
        Column("kind", choice(DecisionKind), required=True, empty=""),
        Column("goal", PLAN_GOAL, required=True),
        Column("action", PLAN_ACTION),
        Column("owner_kind", choice(OwnerKind), empty=""),
        Column("department", DEPARTMENT, empty=""),
        Column("core_task", choice(CoreTask), required=True, empty=""),
        text_column("text", LONG_TEXT, required=True),
    ),
    key=("external_id",),
    load=_load_decision_kind,
    build=_build_decision,
)


def _build_score(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if not _same_family(values, ctx, error):
        return None
    return Built(
        {
            "goal_id": values["goal"],
            "held_on": values["held_on"],
            "meeting_id": values["meeting"],
            "score": values["score"],
        }
    )


MOVEMENT_SCORES = Kind(
    name="movement_scores",
    model=MovementScore,
    columns=(
        Column("goal", PLAN_GOAL, required=True),
        Column("held_on", date, required=True),
        Column("score", integer(0, 10), required=True),
        Column("meeting", FAMILY_MEETING),
    ),
    key=("goal_id", "held_on"),
    key_column="goal",
    load=_load_decision_kind,
    build=_build_score,
)

# In the order a complete set of files is imported: each names rows of the kinds before it.
KINDS: tuple[Kind, ...] = (
    COORDINATIONS,
    COMMON_PLANS,
    DEPARTMENT_CONTACTS,
    CONSENTS,
    RUNNING_INTERVENTIONS,
    PLAN_GOALS,
    PLAN_ACTIONS,
    COORDINATION_MEETINGS,
    PLAN_DECISIONS,
    MOVEMENT_SCORES,
)
