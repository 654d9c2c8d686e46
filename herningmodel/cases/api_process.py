"""The case-work steps in the API: assessment, talk with the child, decision, network meeting,
plan and handover — thin wrappers around the same services the pages call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from herningmodel.access.lookups import get_case_for_user
from herningmodel.cases import services
from herningmodel.cases.api import WRITE, Created, Id, Short, Text
from herningmodel.cases.models import AttendeeKind, HandoverReason, LegalBasis
from herningmodel.cases.models.assessment import Recommendation
from herningmodel.cases.services.decisions import EpisodeData
from herningmodel.progress.models import Instrument
from herningmodel.progress.services import record_measurement
from herningmodel.staircase.models import InterventionType, Provider

router = Router(tags=["cases"])

Required = Annotated[str, StringConstraints(min_length=1, max_length=10_000, pattern=r"^[^\x00]*$")]


def _source(request: HttpRequest) -> str:
    return f"api:{request.method} {request.path}"


def _unknown(field: str, message: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code="unknown")})


class AssessmentStartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    need_known_on: dt.date
    started_on: dt.date


@router.post("/cases/{case_id}/assessments", response={201: Created, **WRITE})
def start_assessment(request: HttpRequest, case_id: Id, payload: AssessmentStartIn) -> Status:
    case = get_case_for_user(request.user, case_id, write=True)
    created = services.start_assessment(
        actor=request.user, case=case, source=_source(request), **payload.model_dump()
    )
    return Status(201, Created(id=created.pk))


class PreliminaryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    on: dt.date
    text: Required


@router.post(
    "/cases/{case_id}/assessments/{assessment_id}/preliminary", response={200: Created, **WRITE}
)
def preliminary(
    request: HttpRequest, case_id: Id, assessment_id: Id, payload: PreliminaryIn
) -> Created:
    case = get_case_for_user(request.user, case_id, write=True)
    assessment = case.assessments.filter(pk=assessment_id).first()
    if assessment is None:
        raise Http404
    services.record_preliminary_assessment(
        actor=request.user, assessment=assessment, source=_source(request), **payload.model_dump()
    )
    return Created(id=assessment.pk)


class FinishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    finished_on: dt.date
    conclusion: Required
    recommendation: Recommendation
    child_development: Required
    parenting_capacity: Required
    family_and_network: Required


@router.post(
    "/cases/{case_id}/assessments/{assessment_id}/finish", response={200: Created, **WRITE}
)
def finish(request: HttpRequest, case_id: Id, assessment_id: Id, payload: FinishIn) -> Created:
    case = get_case_for_user(request.user, case_id, write=True)
    assessment = case.assessments.filter(pk=assessment_id).first()
    if assessment is None:
        raise Http404
    services.finish_assessment(
        actor=request.user, assessment=assessment, source=_source(request), **payload.model_dump()
    )
    return Created(id=assessment.pk)


class ChildTalkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    held_on: dt.date | None = None
    child_views: Text = ""
    not_held_on: dt.date | None = None
    not_held_reason: Text = ""


@router.post("/cases/{case_id}/child-talks", response={201: Created, **WRITE})
def child_talk(request: HttpRequest, case_id: Id, payload: ChildTalkIn) -> Status:
    case = get_case_for_user(request.user, case_id, write=True)
    talk = services.record_child_talk(
        actor=request.user, case=case, source=_source(request), **payload.model_dump()
    )
    return Status(201, Created(id=talk.pk))


class DecisionEpisodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    intervention_type: Annotated[
        str, StringConstraints(min_length=1, max_length=50, pattern=r"^[^\x00]*$")
    ]
    provider_id: Id
    start: dt.date
    planned_end: dt.date | None = None
    planned_volume: Annotated[Decimal, Field(ge=0, le=10_000, decimal_places=2)] | None = None
    justification: Text = ""


class CaseDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    legal_basis: LegalBasis
    legal_item: Short = ""
    decided_on: dt.date
    purpose: Required
    expected_duration_months: Annotated[int, Field(ge=1, le=240)]
    acute: bool = False
    consent: bool | None = None
    child_talk_id: Id | None = Field(
        None, description="The talk (or recorded reason) this decision rests on."
    )
    plan_choice: bool | None = None
    episodes: Annotated[list[DecisionEpisodeIn], Field(max_length=10)] = []


@router.post("/cases/{case_id}/decisions", response={201: Created, **WRITE})
def decide(request: HttpRequest, case_id: Id, payload: CaseDecisionIn) -> Status:
    case = get_case_for_user(request.user, case_id, write=True)
    talk = None
    if payload.child_talk_id is not None:
        talk = case.child_talks.filter(pk=payload.child_talk_id).first()
        if talk is None:
            raise _unknown("child_talk_id", _("Unknown talk with the child."))
    episodes = []
    for index, item in enumerate(payload.episodes):
        kind = InterventionType.objects.filter(code=item.intervention_type, active=True).first()
        provider = Provider.objects.filter(pk=item.provider_id, active=True).first()
        if kind is None:
            raise _unknown(f"episodes.{index}.intervention_type", _("Unknown intervention type."))
        if provider is None:
            raise _unknown(f"episodes.{index}.provider_id", _("Unknown provider."))
        episodes.append(
            EpisodeData(
                intervention_type=kind,
                provider=provider,
                start=item.start,
                planned_end=item.planned_end,
                planned_volume=item.planned_volume,
                justification=item.justification,
            )
        )
    decision = services.make_decision(
        actor=request.user,
        case=case,
        legal_basis=payload.legal_basis,
        legal_item=payload.legal_item,
        decided_on=payload.decided_on,
        purpose=payload.purpose,
        expected_duration_months=payload.expected_duration_months,
        acute=payload.acute,
        consent=payload.consent,
        child_talk=talk,
        plan_choice=payload.plan_choice,
        episodes=episodes,
        source=_source(request),
    )
    return Status(201, Created(id=decision.pk))


class AttendeeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: AttendeeKind
    name: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00]*$")]
    role: Annotated[str, StringConstraints(max_length=100, pattern=r"^[^\x00]*$")] = ""


class NetworkMeetingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    held_on: dt.date
    family_chaired: bool = True
    summary: Text = ""
    attendees: Annotated[list[AttendeeIn], Field(min_length=1, max_length=50)]


@router.post("/cases/{case_id}/network-meetings", response={201: Created, **WRITE})
def meeting(request: HttpRequest, case_id: Id, payload: NetworkMeetingIn) -> Status:
    case = get_case_for_user(request.user, case_id, write=True)
    created = services.hold_network_meeting(
        actor=request.user,
        case=case,
        held_on=payload.held_on,
        family_chaired=payload.family_chaired,
        summary=payload.summary,
        attendees=[services.AttendeeData(a.kind, a.name, a.role) for a in payload.attendees],
        source=_source(request),
    )
    return Status(201, Created(id=created.pk))


class TaskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: Required
    responsible_kind: AttendeeKind
    responsible_name: Annotated[
        str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00]*$")
    ]
    due_on: dt.date | None = None
    done_on: dt.date | None = None


class CaseGoalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Required
    target_on: dt.date | None = None
    achieved_on: dt.date | None = None
    tasks: Annotated[list[TaskIn], Field(max_length=50)] = []


class CasePlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    goals: Annotated[list[CaseGoalIn], Field(min_length=1, max_length=30)]
    childs_words: Text = ""
    familys_words: Text = ""
    approved_on: dt.date | None = None
    meeting_id: Id | None = None
    is_youth_plan: bool = False
    version: Annotated[int, Field(ge=1, le=2**31)] | None = Field(
        None, description="When changing a plan: the version you read; a stale one answers 409."
    )


class CasePlanOut(BaseModel):
    id: int
    version: int


def _plan_data(payload: CasePlanIn) -> services.PlanData:
    return services.PlanData(
        goals=[
            services.GoalData(
                text=g.text,
                target_on=g.target_on,
                achieved_on=g.achieved_on,
                tasks=[services.TaskData(**t.model_dump()) for t in g.tasks],
            )
            for g in payload.goals
        ],
        childs_words=payload.childs_words,
        familys_words=payload.familys_words,
        approved_on=payload.approved_on,
        meeting_id=payload.meeting_id,
        is_youth_plan=payload.is_youth_plan,
    )


@router.post("/cases/{case_id}/plans", response={201: CasePlanOut, **WRITE})
def create_plan(request: HttpRequest, case_id: Id, payload: CasePlanIn) -> Status:
    case = get_case_for_user(request.user, case_id, write=True)
    plan = services.save_plan(
        actor=request.user, case=case, data=_plan_data(payload), source=_source(request)
    )
    return Status(201, CasePlanOut(id=plan.pk, version=plan.version))


@router.put("/cases/{case_id}/plans/{plan_id}", response={200: CasePlanOut, **WRITE})
def update_plan(request: HttpRequest, case_id: Id, plan_id: Id, payload: CasePlanIn) -> CasePlanOut:
    case = get_case_for_user(request.user, case_id, write=True)
    plan = case.plans.filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    if payload.version is None:
        raise ValidationError(
            {"version": ValidationError(_("Send the version you read."), code="required")}
        )
    plan = services.save_plan(
        actor=request.user,
        case=case,
        plan=plan,
        data=_plan_data(payload),
        expected_version=payload.version,
        source=_source(request),
    )
    return CasePlanOut(id=plan.pk, version=plan.version)


class HandoverIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    to_worker_id: Id
    on: dt.date
    reason: HandoverReason
    note: Text = ""


@router.post("/cases/{case_id}/handovers", response={201: Created, **WRITE})
def handover(request: HttpRequest, case_id: Id, payload: HandoverIn) -> Status:
    case = get_case_for_user(request.user, case_id, write=True)
    worker = get_user_model().objects.filter(pk=payload.to_worker_id, is_active=True).first()
    if worker is None:
        raise _unknown("to_worker_id", _("Unknown caseworker."))
    created = services.hand_over(
        actor=request.user,
        case=case,
        to_worker=worker,
        on=payload.on,
        reason=payload.reason,
        note=payload.note,
        source=_source(request),
    )
    return Status(201, Created(id=created.pk))


Code = Annotated[str, StringConstraints(max_length=30, pattern=r"^[^\x00]*$")]


class MeasurementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    instrument: Code
    measured_on: dt.date
    scores: dict[Code, Annotated[int, Field(ge=-1000, le=1000)]]


@router.post("/cases/{case_id}/measurements", response={201: Created, **WRITE})
def measure(request: HttpRequest, case_id: Id, payload: MeasurementIn) -> Status:
    """A progression measurement outside a follow-up (e.g. SDQ from a questionnaire)."""
    case = get_case_for_user(request.user, case_id, write=True)
    instrument = (
        Instrument.objects.filter(code=payload.instrument, active=True)
        .prefetch_related("dimensions")
        .first()
    )
    if instrument is None:
        raise _unknown("instrument", _("Unknown instrument."))
    created = record_measurement(
        actor=request.user,
        child=case.child,
        instrument=instrument,
        measured_on=payload.measured_on,
        scores=payload.scores,
        case_id=case.pk,
        source=_source(request),
    )
    return Status(201, Created(id=created.pk))
