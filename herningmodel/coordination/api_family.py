"""The family's coordination in the API: consent, contacts, interventions, movement, meetings.

Each endpoint looks the coordination up with the same need-to-know rule as the pages
(``get_sight_for_user``; only the coordinator writes, except that a department's contact records
the family's wish about, and ends, their own department's interventions), calls the same
service, and so writes the same audit events.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field

from herningmodel.coordination import services
from herningmodel.coordination.access import Sight, get_sight_for_user
from herningmodel.coordination.api_common import (
    READ,
    WRITE,
    Id,
    Limit,
    Offset,
    Short,
    Text,
    api_source,
    record_read,
)
from herningmodel.coordination.models import (
    Consent,
    CoreTask,
    DecisionKind,
    Department,
    DepartmentContact,
    MovementScore,
    NetworkMeeting,
    OwnerKind,
    PlanDecision,
    RunningIntervention,
)

router = Router(tags=["coordination"])
Score = Annotated[int, Field(ge=-1000, le=1000)]  # 0–10 is the service's rule (out_of_range)


class ConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    department: Department
    what: Text
    given_on: dt.date
    until: dt.date | None = None


class ConsentOut(BaseModel):
    id: int
    department: str
    what: str
    given_on: dt.date
    until: dt.date | None
    withdrawn_on: dt.date | None
    active: bool


def _consent_out(c: Consent) -> ConsentOut:
    return ConsentOut(
        id=c.pk,
        department=c.department,
        what=c.what,
        given_on=c.given_on,
        until=c.until,
        withdrawn_on=c.withdrawn_on,
        active=c.is_active(timezone.localdate()),
    )


@router.get("/coordination/{coordination_id}/consents", response={200: list[ConsentOut], **READ})
def list_consents(request: HttpRequest, coordination_id: Id) -> list[ConsentOut]:
    sight = get_sight_for_user(request.user, coordination_id, write=True)
    record_read(request, sight)
    return [_consent_out(c) for c in sight.coordination.consents.all()]


@router.post("/coordination/{coordination_id}/consents", response={201: ConsentOut, **WRITE})
def give_consent(request: HttpRequest, coordination_id: Id, payload: ConsentIn) -> Status:
    sight = get_sight_for_user(request.user, coordination_id, write=True)
    consent = services.give_consent(
        actor=request.user,
        coordination=sight.coordination,
        department=payload.department,
        what=payload.what,
        given_on=payload.given_on,
        until=payload.until,
        source=api_source(request),
    )
    return Status(201, _consent_out(consent))


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    department: Department
    name: Short
    staff_id: Id | None = None


class ContactOut(BaseModel):
    id: int
    department: str
    name: str
    staff_id: int | None


def _contact_out(c: DepartmentContact) -> ContactOut:
    return ContactOut(id=c.pk, department=c.department, name=c.name, staff_id=c.staff_id)


@router.get("/coordination/{coordination_id}/contacts", response={200: list[ContactOut], **READ})
def list_contacts(request: HttpRequest, coordination_id: Id) -> list[ContactOut]:
    sight = get_sight_for_user(request.user, coordination_id, write=True)
    record_read(request, sight)
    return [_contact_out(c) for c in sight.coordination.contacts.all()]


@router.post("/coordination/{coordination_id}/contacts", response={201: ContactOut, **WRITE})
def add_contact(request: HttpRequest, coordination_id: Id, payload: ContactIn) -> Status:
    sight = get_sight_for_user(request.user, coordination_id, write=True)
    staff = None
    if payload.staff_id is not None:
        staff = get_object_or_404(
            get_user_model().objects.filter(staff__isnull=False, is_active=True),
            pk=payload.staff_id,
        )
    contact = services.add_department_contact(
        actor=request.user,
        coordination=sight.coordination,
        department=payload.department,
        name=payload.name,
        staff=staff,
        source=api_source(request),
    )
    return Status(201, _contact_out(contact))


class InterventionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    department: Department
    description: Text
    started_on: dt.date


class FamilyInterventionOut(BaseModel):
    id: int
    department: str
    description: str
    started_on: dt.date
    family_wants_ended: bool
    ended_on: dt.date | None
    end_reason: str


def _intervention_out(i: RunningIntervention) -> FamilyInterventionOut:
    return FamilyInterventionOut(
        id=i.pk,
        department=i.department,
        description=i.description,
        started_on=i.started_on,
        family_wants_ended=i.family_wants_ended,
        ended_on=i.ended_on,
        end_reason=i.end_reason,
    )


@router.post(
    "/coordination/{coordination_id}/interventions", response={201: FamilyInterventionOut, **WRITE}
)
def register_intervention(
    request: HttpRequest, coordination_id: Id, payload: InterventionIn
) -> Status:
    sight = get_sight_for_user(request.user, coordination_id, write=True)
    intervention = services.register_intervention(
        actor=request.user,
        coordination=sight.coordination,
        department=payload.department,
        description=payload.description,
        started_on=payload.started_on,
        source=api_source(request),
    )
    return Status(201, _intervention_out(intervention))


def _running(sight: Sight, intervention_id: int) -> RunningIntervention:
    interventions = sight.coordination.interventions.filter(ended_on__isnull=True)
    if not sight.is_coordinator:
        interventions = interventions.filter(department__in=sight.departments)
    return get_object_or_404(interventions, pk=intervention_id)


@router.post(
    "/coordination/{coordination_id}/interventions/{intervention_id}/wish",
    response={200: FamilyInterventionOut, **WRITE},
)
def record_wish(
    request: HttpRequest, coordination_id: Id, intervention_id: Id
) -> FamilyInterventionOut:
    """ "What don't you need from us?": the family's wish to end a running intervention."""
    sight = get_sight_for_user(request.user, coordination_id)
    intervention = services.record_family_wish_to_end(
        actor=request.user,
        intervention=_running(sight, intervention_id),
        source=api_source(request),
    )
    return _intervention_out(intervention)


class ScoreIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    goal_id: Id
    score: Score


class FamilyScoreOut(BaseModel):
    goal_id: int
    held_on: dt.date
    score: int


class MovementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    held_on: dt.date
    scores: list[ScoreIn] = Field(max_length=200)


def _scores(items: list[ScoreIn]) -> dict[int, int]:
    return {s.goal_id: s.score for s in items}


@router.post(
    "/coordination/{coordination_id}/movement", response={201: list[FamilyScoreOut], **WRITE}
)
def record_movement(request: HttpRequest, coordination_id: Id, payload: MovementIn) -> Status:
    sight = get_sight_for_user(request.user, coordination_id, write=True)
    rows = services.record_movement(
        actor=request.user,
        coordination=sight.coordination,
        held_on=payload.held_on,
        scores=_scores(payload.scores),
        source=api_source(request),
    )
    return Status(201, [_score_out(s) for s in rows])


def _score_out(s: MovementScore) -> FamilyScoreOut:
    return FamilyScoreOut(goal_id=s.goal_id, held_on=s.held_on, score=s.score)


class FamilyDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: DecisionKind
    text: Text
    goal_id: Id | None = None
    action_id: Id | None = None
    core_task: CoreTask | None = None
    action_text: Text = ""
    owner_kind: OwnerKind | None = None
    department: Department | None = None
    due_on: dt.date | None = None


class FamilyMeetingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    held_on: dt.date
    family_attendees: Text
    network_attendees: Text = ""
    departments: list[Department] = Field(default=[], max_length=20)
    decisions: list[FamilyDecisionIn] = Field(default=[], max_length=100)
    scores: list[ScoreIn] = Field(default=[], max_length=200)


class DecisionOut(BaseModel):
    kind: str
    goal_id: int
    action_id: int | None
    core_task: str
    owner_kind: str
    department: str
    text: str


class MeetingOut(BaseModel):
    id: int
    held_on: dt.date
    family_attendees: str
    network_attendees: str
    departments: list[str]
    decisions: list[DecisionOut]
    scores: list[FamilyScoreOut]


class MeetingPage(BaseModel):
    count: int
    items: list[MeetingOut]


class FamilyPageQuery(BaseModel):
    limit: Limit = 50
    offset: Offset = 0


def _meeting_out(sight: Sight, m: NetworkMeeting) -> MeetingOut:
    return MeetingOut(
        id=m.pk,
        held_on=m.held_on,
        family_attendees=m.family_attendees,
        network_attendees=m.network_attendees,
        departments=list(m.departments),
        decisions=[
            DecisionOut(
                kind=d.kind,
                goal_id=d.goal_id,
                action_id=d.action_id,
                core_task=d.core_task,
                owner_kind=d.owner_kind,
                department=d.department,
                text=d.text,
            )
            for d in m.decisions.all()
            if sight.sees_decision(d)
        ],
        scores=[_score_out(s) for s in m.scores.all()],
    )


@router.get("/coordination/{coordination_id}/meetings", response={200: MeetingPage, **READ})
def list_meetings(
    request: HttpRequest, coordination_id: Id, page: Query[FamilyPageQuery]
) -> MeetingPage:
    """The network meetings with the decisions on the plan this user may see."""
    sight = get_sight_for_user(request.user, coordination_id)
    record_read(request, sight)
    qs = NetworkMeeting.objects.filter(coordination=sight.coordination).order_by("held_on", "pk")
    rows = qs.prefetch_related(
        Prefetch("decisions", queryset=PlanDecision.objects.order_by("pk")), "scores"
    )[page.offset : page.offset + page.limit]
    return MeetingPage(count=qs.count(), items=[_meeting_out(sight, m) for m in rows])


@router.post("/coordination/{coordination_id}/meetings", response={201: MeetingOut, **WRITE})
def record_meeting(request: HttpRequest, coordination_id: Id, payload: FamilyMeetingIn) -> Status:
    sight = get_sight_for_user(request.user, coordination_id, write=True)
    meeting = services.record_network_meeting(
        actor=request.user,
        coordination=sight.coordination,
        data=services.MeetingData(
            held_on=payload.held_on,
            family_attendees=payload.family_attendees,
            network_attendees=payload.network_attendees,
            departments=list(payload.departments),
            decisions=[
                services.DecisionData(
                    kind=d.kind,
                    text=d.text,
                    goal_id=d.goal_id,
                    action_id=d.action_id,
                    core_task=d.core_task or "",
                    action_text=d.action_text,
                    owner_kind=d.owner_kind or "",
                    department=d.department or "",
                    due_on=d.due_on,
                )
                for d in payload.decisions
            ],
            scores=_scores(payload.scores),
        ),
        source=api_source(request),
    )
    return Status(201, _meeting_out(sight, meeting))
