"""Import kinds for case work: cases, caseworker history (handovers), notifications, child
assessments, decisions, child's plans and follow-ups.

Each row names its child or case by the external id it was imported with, and staff by
username; the checks the case-work services make (dates in order, the case is the child's, one
open case per child) are made here row by row before anything is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.cases.models import (
    Assessment,
    Case,
    CaseStatus,
    ChildTalk,
    ClosureReason,
    Decision,
    FollowUp,
    FollowUpDecision,
    GoalMovement,
    Handover,
    HandoverReason,
    LegalBasis,
    NetworkMeeting,
    Notification,
    NotificationOutcome,
    NotificationSource,
    Plan,
)
from herningmodel.cases.models.assessment import Recommendation
from herningmodel.interchange.kinds_organisation import (
    DISTRICT,
    TEAM,
    USER,
    Error,
    load_organisation,
    text_column,
)
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
    moment,
    ref,
)
from herningmodel.people.models import Child
from herningmodel.validation import childhood_problem

LONG_TEXT = 100_000
EXTERNAL_ID = text_column("external_id", 64, required=True)
CHILD = ref("children", gettext_lazy("No child has this external id; import the children first."))
CASE = ref("cases", gettext_lazy("No case has this external id; import the cases first."))
TALK = ref(
    "child_talks",
    gettext_lazy("No talk with the child has this external id; import the child talks first."),
)
MEETING = ref(
    "meetings",
    gettext_lazy("No network meeting has this external id; import the network meetings first."),
)


def load_children(ctx: Context) -> None:
    load_organisation(ctx)
    ctx["children"] = external_ids(Child)
    # Born (or, unborn, expected) on: what every dated row about the child is checked against.
    ctx["child_born"] = {
        pk: birth or expected
        for pk, birth, expected in Child.objects.values_list(
            "pk", "birth_date", "expected_birth_date"
        )
    }


def in_childhood(
    day: dt.date,
    child: int,
    column: str,
    ctx: Context,
    error: Error,
    *,
    before_birth: bool = False,
) -> bool:
    """Whether ``day`` lies in the child's life as a child's case (``validation``), else an
    error on ``column``: not before birth (up to ten months before for what can concern an
    unborn child: a notification, a case, a decision, support to the expectant parents, a
    measurement of the family's situation), not from the 23rd birthday."""
    problem = childhood_problem(day, born=ctx["child_born"].get(child), before_birth=before_birth)
    if problem is not None:
        error(column, problem[1])
        return False
    return True


def load_cases(ctx: Context) -> None:
    load_children(ctx)
    ctx["cases"] = external_ids(Case)
    ctx["case_child"] = dict(Case.objects.values_list("pk", "child_id"))
    ctx["case_opened"] = dict(Case.objects.values_list("pk", "opened_on"))


def load_talks(ctx: Context) -> None:
    load_cases(ctx)
    ctx["child_talks"] = external_ids(ChildTalk)
    ctx["talk_case"] = dict(ChildTalk.objects.values_list("pk", "case_id"))


def load_meetings(ctx: Context) -> None:
    load_cases(ctx)
    ctx["meetings"] = external_ids(NetworkMeeting)
    ctx["meeting_case"] = dict(NetworkMeeting.objects.values_list("pk", "case_id"))


def _not_before(
    values: dict[str, Any], later: str, earlier: str, error: Error, message: str
) -> bool:
    if values[later] is not None and values[earlier] is not None:
        if values[later] < values[earlier]:
            error(later, message)
            return False
    return True


def _case_of_child(values: dict[str, Any], ctx: Context, error: Error) -> bool:
    if values.get("case") is not None and ctx["case_child"][values["case"]] != values["child"]:
        error("case", _("The case is not this child's."))
        return False
    return True


# ---------------------------------------------------------------- cases


def _load_case_kind(ctx: Context) -> None:
    load_cases(ctx)
    ctx["child_place"] = {
        pk: (d, t) for pk, d, t in Child.objects.values_list("pk", "district_id", "area_team_id")
    }
    ctx["open_case"] = {
        child: external_id
        for child, external_id in Case.objects.filter(status=CaseStatus.OPEN).values_list(
            "child_id", "external_id"
        )
    }
    ctx["open_in_file"] = {}


def _build_case(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    child = values["child"]
    if not in_childhood(values["opened_on"], child, "opened_on", ctx, error, before_birth=True):
        return None
    district, team = ctx["child_place"][child]
    district = values["district"] or district
    team = values["area_team"] or team
    if ctx["team_district"][team] != district:
        error("area_team", _("The area team does not serve this district."))
        return None
    if not _not_before(values, "closed_on", "opened_on", error, _("Closed before it opened.")):
        return None
    closed = values["closed_on"] is not None
    if closed and not values["closure_reason"]:
        error("closure_reason", _("A closed case needs a reason for closure."))
        return None
    if not closed and values["closure_reason"]:
        error("closure_reason", _("Only a closed case has a reason for closure."))
        return None
    if not closed:
        other = ctx["open_case"].get(child, values["external_id"])
        if other != values["external_id"]:
            error("child", _("The child already has another open case."))
            return None
        if child in ctx["open_in_file"]:
            error(
                "child",
                _("The child has another open case in row %(row)s.")
                % {"row": ctx["open_in_file"][child]},
            )
            return None
        ctx["open_in_file"][child] = ctx["row"]
    return by_external_id(
        values,
        ("opened_on", "closed_on", "closure_reason", "closure_note"),
        ("child", "caseworker"),
        extras=values["reopens"] or "",
        district_id=district,
        area_team_id=team,
        status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
        follow_up_interval_months=values["follow_up_interval_months"] or 3,
    )


def _read_reopens(pks: list[int]) -> dict[int, Any]:
    return {
        pk: external_id or ""
        for pk, external_id in Case.objects.filter(pk__in=pks).values_list(
            "pk", "reopens__external_id"
        )
    }


def _write_reopens(rows: list[tuple[int, Any]], ctx: Context, fresh: bool) -> None:
    wanted = {ext for _pk, ext in rows if ext}
    ids = dict(Case.objects.filter(external_id__in=wanted).values_list("external_id", "pk"))
    missing = wanted - set(ids)
    if missing:
        raise IntegrityError(
            _("reopens names unknown cases: %(ids)s") % {"ids": ", ".join(sorted(missing))}
        )
    changed = [Case(pk=pk, reopens_id=ids.get(ext)) for pk, ext in rows]
    Case.objects.bulk_update(changed, ["reopens"], batch_size=500)


CASES = Kind(
    name="cases",
    model=Case,
    columns=(
        EXTERNAL_ID,
        Column("child", CHILD, required=True),
        Column("district", DISTRICT),
        Column("area_team", TEAM),
        Column("caseworker", USER, required=True),
        Column("opened_on", date, required=True),
        Column("closed_on", date),
        Column("closure_reason", choice(ClosureReason), empty=""),
        text_column("closure_note", LONG_TEXT),
        Column("follow_up_interval_months", integer(1, 12)),
        text_column("reopens", 64),
    ),
    key=("external_id",),
    load=_load_case_kind,
    build=_build_case,
    read_extras=_read_reopens,
    write_extras=_write_reopens,
)


# ---------------------------------------------------------------- handovers


def _build_handover(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if values["from_worker"] == values["to_worker"]:
        error("to_worker", _("The case must go to another caseworker."))
        return None
    if values["on"] < ctx["case_opened"][values["case"]]:
        error("on", _("The handover is before the case opened."))
        return None
    return Built(
        {
            "case_id": values["case"],
            "on": values["on"],
            "to_worker_id": values["to_worker"],
            "from_worker_id": values["from_worker"],
            "reason": values["reason"],
            "note": values["note"],
        }
    )


HANDOVERS = Kind(
    name="handovers",
    model=Handover,
    columns=(
        Column("case", CASE, required=True),
        Column("on", date, required=True),
        Column("from_worker", USER, required=True),
        Column("to_worker", USER, required=True),
        Column("reason", choice(HandoverReason), required=True, empty=""),
        text_column("note", LONG_TEXT),
    ),
    key=("case_id", "on", "to_worker_id"),
    key_column="case",
    load=load_cases,
    build=_build_handover,
)


# ---------------------------------------------------------------- notifications


def _build_notification(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    values["received_on"] = timezone.localdate(values["received_at"])
    if not _case_of_child(values, ctx, error):
        return None
    if not in_childhood(
        values["received_on"], values["child"], "received_at", ctx, error, before_birth=True
    ):
        return None
    if not _not_before(
        values, "assessed_at", "received_at", error, _("Assessed before it was received.")
    ):
        return None
    if not _not_before(
        values, "outcome_on", "received_on", error, _("Decided before it was received.")
    ):
        return None
    return by_external_id(
        values,
        (
            "source",
            "notifier",
            "received_at",
            "content",
            "assessed_at",
            "in_danger",
            "acute_measures",
            "assessment_note",
            "receipt_sent_on",
            "outcome",
            "outcome_on",
        ),
        ("child", "case", "assessed_by"),
    )


NOTIFICATIONS = Kind(
    name="notifications",
    model=Notification,
    columns=(
        EXTERNAL_ID,
        Column("child", CHILD, required=True),
        Column("case", CASE),
        Column("source", choice(NotificationSource), required=True, empty=""),
        text_column("notifier", 200),
        Column("received_at", moment, required=True),
        text_column("content", LONG_TEXT, required=True),
        Column("assessed_at", moment),
        Column("assessed_by", USER),
        Column("in_danger", boolean),
        Column("acute_measures", boolean),
        text_column("assessment_note", LONG_TEXT),
        Column("receipt_sent_on", date),
        Column("outcome", choice(NotificationOutcome), empty=""),
        Column("outcome_on", date),
    ),
    key=("external_id",),
    load=load_cases,
    build=_build_notification,
)


# ---------------------------------------------------------------- assessments


def _build_assessment(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    order = [
        ("started_on", "need_known_on", _("Started before the need was known.")),
        ("finished_on", "started_on", _("Finished before it started.")),
    ]
    for later, earlier, message in order:
        if not _not_before(values, later, earlier, error, message):
            return None
    return by_external_id(
        values,
        (
            "need_known_on",
            "started_on",
            "preliminary_on",
            "finished_on",
            "recommendation",
            "child_development",
            "parenting_capacity",
            "family_and_network",
            "preliminary_text",
            "conclusion",
        ),
        ("case",),
    )


ASSESSMENTS = Kind(
    name="assessments",
    model=Assessment,
    columns=(
        EXTERNAL_ID,
        Column("case", CASE, required=True),
        Column("need_known_on", date, required=True),
        Column("started_on", date, required=True),
        Column("preliminary_on", date),
        Column("finished_on", date),
        Column("recommendation", choice(Recommendation), empty=""),
        text_column("child_development", LONG_TEXT),
        text_column("parenting_capacity", LONG_TEXT),
        text_column("family_and_network", LONG_TEXT),
        text_column("preliminary_text", LONG_TEXT),
        text_column("conclusion", LONG_TEXT),
    ),
    key=("external_id",),
    load=load_cases,
    build=_build_assessment,
)


# ---------------------------------------------------------------- decisions


def _build_decision(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if values["decided_on"] < ctx["case_opened"][values["case"]]:
        error("decided_on", _("The decision is before the case opened."))
        return None
    child = ctx["case_child"][values["case"]]
    # A case opened before birth (a notification about an unborn child) may decide before it.
    if not in_childhood(values["decided_on"], child, "decided_on", ctx, error, before_birth=True):
        return None
    talk = values["child_talk"]
    if talk is not None and ctx["talk_case"][talk] != values["case"]:
        error("child_talk", _("The talk with the child is not of this case."))
        return None
    return by_external_id(
        values,
        (
            "legal_basis",
            "legal_item",
            "decided_on",
            "purpose",
            "expected_duration_months",
            "consent",
            "plan_choice",
            "plan_choice_on",
        ),
        ("case", "decided_by", "child_talk"),
        acute=bool(values["acute"]),
    )


DECISIONS = Kind(
    name="decisions",
    model=Decision,
    columns=(
        EXTERNAL_ID,
        Column("case", CASE, required=True),
        Column("legal_basis", choice(LegalBasis), required=True, empty=""),
        text_column("legal_item", 40),
        Column("decided_on", date, required=True),
        text_column("purpose", LONG_TEXT, required=True),
        Column("expected_duration_months", integer(1, 240), required=True),
        Column("acute", boolean),
        Column("consent", boolean),
        Column("plan_choice", boolean),
        Column("plan_choice_on", date),
        Column("decided_by", USER, required=True),
        Column("child_talk", TALK),
    ),
    key=("external_id",),
    load=load_talks,
    build=_build_decision,
)


# ---------------------------------------------------------------- plans


def _build_plan(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    meeting = values["meeting"]
    if meeting is not None and ctx["meeting_case"][meeting] != values["case"]:
        error("meeting", _("The network meeting is not of this case."))
        return None
    return by_external_id(
        values,
        ("childs_words", "familys_words", "approved_on"),
        ("case", "meeting", "updated_by"),
        is_youth_plan=bool(values["is_youth_plan"]),
    )


PLANS = Kind(
    name="plans",
    model=Plan,
    columns=(
        EXTERNAL_ID,
        Column("case", CASE, required=True),
        Column("is_youth_plan", boolean),
        text_column("childs_words", LONG_TEXT),
        text_column("familys_words", LONG_TEXT),
        Column("approved_on", date),
        Column("updated_by", USER, required=True),
        Column("meeting", MEETING),
    ),
    key=("external_id",),
    load=load_meetings,
    build=_build_plan,
)


# ---------------------------------------------------------------- follow-ups


def _build_follow_up(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if values["held_on"] < ctx["case_opened"][values["case"]]:
        error("held_on", _("The follow-up is before the case opened."))
        return None
    return by_external_id(
        values, ("held_on", "goals_moved", "decision", "note"), ("case", "recorded_by")
    )


FOLLOW_UPS = Kind(
    name="follow_ups",
    model=FollowUp,
    columns=(
        EXTERNAL_ID,
        Column("case", CASE, required=True),
        Column("held_on", date, required=True),
        Column("goals_moved", choice(GoalMovement), required=True, empty=""),
        Column("decision", choice(FollowUpDecision), required=True, empty=""),
        text_column("note", LONG_TEXT),
        Column("recorded_by", USER, required=True),
    ),
    key=("external_id",),
    load=load_cases,
    build=_build_follow_up,
)
