"""The coordination endpoints: the same services and need-to-know access as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from herningmodel.api import ErrorOut
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.coordination import services
from herningmodel.coordination.access import Sight, coordinations_for_user, get_sight_for_user
from herningmodel.coordination.models import CoreTask, Department, MovementScore, OwnerKind

router = Router(tags=["coordination"])

NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(max_length=10_000, pattern=NO_NUL)]
Id = Annotated[int, Field(ge=1, le=2**53)]
READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}  # 422: an id that is no number
WRITE = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _source(request: HttpRequest) -> str:
    return f"api:{request.method} {request.path}"


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


class InterventionOut(BaseModel):
    id: int
    department: str
    description: str
    started_on: dt.date
    family_wants_ended: bool
    ended_on: dt.date | None
    end_reason: str


class ScoreOut(BaseModel):
    goal_id: int
    held_on: dt.date
    score: int


class PlanOut(BaseModel):
    coordination: CoordinationOut
    dreams: str
    version: int
    goals: list[GoalOut]
    interventions: list[InterventionOut]
    movement: list[ScoreOut]


def _coordination_out(sight: Sight) -> CoordinationOut:
    c = sight.coordination
    return CoordinationOut(
        id=c.pk,
        household=str(c.household),
        started_on=c.started_on,
        ended_on=c.ended_on,
        is_coordinator=sight.is_coordinator,
    )


@router.get("/coordination", response={200: list[CoordinationOut], **READ})
def list_coordinations(request: HttpRequest) -> list[CoordinationOut]:
    return [
        CoordinationOut(
            id=c.pk,
            household=str(c.household),
            started_on=c.started_on,
            ended_on=c.ended_on,
            is_coordinator=c.coordinator_id == request.user.pk,
        )
        for c in coordinations_for_user(request.user).select_related("household")
    ]


def _plan_out(request: HttpRequest, sight: Sight) -> PlanOut:
    coordination = sight.coordination
    plan = getattr(coordination, "plan", None)
    goals = (
        list(plan.goals.filter(dropped_on__isnull=True).prefetch_related("actions")) if plan else []
    )
    for child_id in coordination.household.children.values_list("pk", flat=True):
        audit.record(
            EventType.READ,
            actor=request.user,
            child_id=child_id,
            obj=coordination,
            source=_source(request),
        )
    return PlanOut(
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
                    if sight.sees_action(a)
                ],
            )
            for g in goals
        ],
        interventions=[
            InterventionOut(
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
            ScoreOut(goal_id=s.goal_id, held_on=s.held_on, score=s.score)
            for s in MovementScore.objects.filter(goal__in=goals)
        ],
    )


@router.get("/coordination/{coordination_id}", response={200: PlanOut, **READ})
def coordination_detail(request: HttpRequest, coordination_id: Id) -> PlanOut:
    return _plan_out(request, get_sight_for_user(request.user, coordination_id))


class ActionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    owner_kind: OwnerKind
    description: Text
    department: Department | None = None
    due_on: dt.date | None = None


class GoalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Text
    core_task: CoreTask
    actions: list[ActionIn] = []


class PlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dreams: Text = ""
    goals: list[GoalIn]
    version: int = 0


@router.put("/coordination/{coordination_id}/plan", response={200: PlanOut, **WRITE})
def save_plan(request: HttpRequest, coordination_id: Id, payload: PlanIn) -> PlanOut:
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
    response={200: PlanOut, **WRITE},
)
def end_intervention(
    request: HttpRequest, coordination_id: Id, intervention_id: Id, payload: EndIn
) -> PlanOut:
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
