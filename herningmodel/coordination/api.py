"""The coordination endpoints: the same services and need-to-know access as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field

from herningmodel.audit import services as audit
from herningmodel.coordination import movement, services
from herningmodel.coordination.access import (
    Sight,
    coordinations_for_user,
    get_sight_for_user,
    households_in_reach,
)
from herningmodel.coordination.api_common import (
    READ,
    WRITE,
    Id,
    Limit,
    Offset,
    Text,
    record_read,
)
from herningmodel.coordination.api_common import api_source as _source
from herningmodel.coordination.models import CoreTask, Department, MovementScore, OwnerKind
from herningmodel.coordination.movement_data import plan_scores

router = Router(tags=["coordination"])


class CoordinationOut(BaseModel):
    id: int
    household: str
    started_on: dt.date
    ended_on: dt.date | None
    is_coordinator: bool


class ActionOut(BaseModel):
    owner_kind: str
    department: str
    description: str
    due_on: dt.date | None


class GoalOut(BaseModel):
    id: int
    text: str
    core_task: str
    actions: list[ActionOut]


class CoordinationInterventionOut(BaseModel):
    id: int
    department: str
    description: str
    started_on: dt.date
    family_wants_ended: bool
    ended_on: dt.date | None
    end_reason: str


class CoordinationScoreOut(BaseModel):
    goal_id: int
    held_on: dt.date
    score: int


class CoreTaskPointOut(BaseModel):
    core_task: str
    held_on: dt.date
    mean: float = Field(description="Mean score (0–10) of the task's goals at the meeting.")


class CoordinationPlanOut(BaseModel):
    coordination: CoordinationOut
    dreams: str
    version: int
    goals: list[GoalOut]
    interventions: list[CoordinationInterventionOut]
    movement: list[CoordinationScoreOut]
    movement_by_core_task: list[CoreTaskPointOut]


def _coordination_out(sight: Sight) -> CoordinationOut:
    c = sight.coordination
    return CoordinationOut(
        id=c.pk,
        household=str(c.household),
        started_on=c.started_on,
        ended_on=c.ended_on,
        is_coordinator=sight.is_coordinator,
    )


class CoordinationPage(BaseModel):
    count: int
    items: list[CoordinationOut]


class CoordinationPageQuery(BaseModel):
    limit: Limit = 50
    offset: Offset = 0


@router.get("/coordination", response={200: CoordinationPage, **READ})
def list_coordinations(
    request: HttpRequest, page: Query[CoordinationPageQuery]
) -> CoordinationPage:
    qs = coordinations_for_user(request.user).order_by("pk")
    rows = list(
        qs.select_related("household").prefetch_related("household__children")[
            page.offset : page.offset + page.limit
        ]
    )
    children = [child.pk for c in rows for child in c.household.children.all()]
    audit.record_list_read(children, actor=request.user, source=_source(request))
    return CoordinationPage(
        count=qs.count(),
        items=[
            CoordinationOut(
                id=c.pk,
                household=str(c.household),
                started_on=c.started_on,
                ended_on=c.ended_on,
                is_coordinator=c.coordinator_id == request.user.pk,
            )
            for c in rows
        ],
    )


class StartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    household_id: Id
    started_on: dt.date


@router.post("/coordination", response={201: CoordinationOut, **WRITE})
def start_coordination(request: HttpRequest, payload: StartIn) -> Status:
    """Start a family's coordination with yourself as its family coordinator.

    A family outside your reach gets 404, like one that does not exist.
    """
    household = get_object_or_404(households_in_reach(request.user), pk=payload.household_id)
    coordination = services.start_coordination(
        actor=request.user,
        household=household,
        coordinator=request.user,
        started_on=payload.started_on,
        source=_source(request),
    )
    return Status(201, _coordination_out(get_sight_for_user(request.user, coordination.pk)))


def _plan_out(request: HttpRequest, sight: Sight) -> CoordinationPlanOut:
    coordination = sight.coordination
    plan = getattr(coordination, "plan", None)
    goals = (
        list(plan.goals.filter(dropped_on__isnull=True).prefetch_related("actions")) if plan else []
    )
    record_read(request, sight)
    return CoordinationPlanOut(
        coordination=_coordination_out(sight),
        dreams=plan.dreams if plan else "",
        version=plan.version if plan else 0,
        goals=[
            GoalOut(
                id=g.pk,
                text=g.text,
                core_task=g.core_task,
                actions=[
                    ActionOut(
                        owner_kind=a.owner_kind,
                        department=a.department,
                        description=a.description,
                        due_on=a.due_on,
                    )
                    for a in g.actions.all()
                    if a.ended_on is None and sight.sees_action(a)
                ],
            )
            for g in goals
        ],
        interventions=[
            CoordinationInterventionOut(
                id=i.pk,
                department=i.department,
                description=i.description,
                started_on=i.started_on,
                family_wants_ended=i.family_wants_ended,
                ended_on=i.ended_on,
                end_reason=i.end_reason,
            )
            for i in coordination.interventions.all()
            if sight.sees_intervention(i)
        ],
        movement=[
            CoordinationScoreOut(goal_id=s.goal_id, held_on=s.held_on, score=s.score)
            for s in MovementScore.objects.filter(goal__in=goals)
        ],
        movement_by_core_task=[
            CoreTaskPointOut(core_task=task, held_on=day, mean=mean)
            for task, points in movement.over_time(
                movement.Score(day, task, score) for _g, day, task, score in plan_scores(plan)
            ).items()
            for day, mean in points
        ],
    )


@router.get("/coordination/{coordination_id}", response={200: CoordinationPlanOut, **READ})
def coordination_detail(request: HttpRequest, coordination_id: Id) -> CoordinationPlanOut:
    return _plan_out(request, get_sight_for_user(request.user, coordination_id))


class ActionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    owner_kind: OwnerKind
    description: Text
    department: Department | None = None
    due_on: dt.date | None = None


class CoordinationGoalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Text
    core_task: CoreTask
    actions: list[ActionIn] = []


class CoordinationPlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dreams: Text = ""
    goals: list[CoordinationGoalIn]
    version: int = 0


@router.put("/coordination/{coordination_id}/plan", response={200: CoordinationPlanOut, **WRITE})
def save_plan(
    request: HttpRequest, coordination_id: Id, payload: CoordinationPlanIn
) -> CoordinationPlanOut:
    sight = get_sight_for_user(request.user, coordination_id, write=True)
    services.save_common_plan(
        actor=request.user,
        coordination=sight.coordination,
        data=services.CommonPlanData(
            dreams=payload.dreams,
            goals=[
                services.GoalData(
                    text=g.text,
                    core_task=g.core_task,
                    actions=[
                        services.ActionData(
                            owner_kind=a.owner_kind,
                            description=a.description,
                            department=a.department or "",
                            due_on=a.due_on,
                        )
                        for a in g.actions
                    ],
                )
                for g in payload.goals
            ],
        ),
        expected_version=payload.version,
        source=_source(request),
    )
    return _plan_out(request, sight)


class EndIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ended_on: dt.date
    reason: Text


@router.post(
    "/coordination/{coordination_id}/interventions/{intervention_id}/end",
    response={200: CoordinationPlanOut, **WRITE},
)
def end_intervention(
    request: HttpRequest, coordination_id: Id, intervention_id: Id, payload: EndIn
) -> CoordinationPlanOut:
    sight = get_sight_for_user(request.user, coordination_id)
    interventions = sight.coordination.interventions.filter(ended_on__isnull=True)
    if not sight.is_coordinator:
        interventions = interventions.filter(department__in=sight.departments)
    intervention = get_object_or_404(interventions, pk=intervention_id)
    services.end_intervention(
        actor=request.user,
        intervention=intervention,
        ended_on=payload.ended_on,
        reason=payload.reason,
        source=_source(request),
    )
    return _plan_out(request, sight)


@router.post(
    "/coordination/{coordination_id}/consents/{consent_id}/withdraw",
    response={200: CoordinationOut, **WRITE},
)
def withdraw_consent(request: HttpRequest, coordination_id: Id, consent_id: Id) -> CoordinationOut:
    sight = get_sight_for_user(request.user, coordination_id, write=True)
    consent = get_object_or_404(sight.coordination.consents, pk=consent_id)
    services.withdraw_consent(actor=request.user, consent=consent, source=_source(request))
    return _coordination_out(sight)


def _mount() -> None:
    from herningmodel.coordination.api_family import router as family
    from herningmodel.coordination.api_movement import router as movement_router
    from herningmodel.coordination.api_prototypes import router as prototypes

    router.add_router("", family)
    router.add_router("", prototypes)
    router.add_router("", movement_router)


_mount()
