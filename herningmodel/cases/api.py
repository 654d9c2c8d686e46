"""The case-work endpoints: the same services as the pages, under the same access policy."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from herningmodel.access.lookups import (
    cases_for_user,
    get_case_for_user,
    get_child_for_user,
    get_notification_for_user,
)
from herningmodel.api import ErrorOut
from herningmodel.audit import services as audit
from herningmodel.cases import deadlines, services
from herningmodel.cases.api_stepdown import StepDownIn, step_down_data
from herningmodel.cases.models import (
    Case,
    CaseStatus,
    ClosureReason,
    FollowUpDecision,
    GoalMovement,
    Notification,
    NotificationOutcome,
    NotificationSource,
)
from herningmodel.cases.queries import (
    case_facts,
    facts_by_case,
    notifications_of,
    with_deadline_facts,
)
from herningmodel.people.services import record_child_read
from herningmodel.progress.models import Instrument

router = Router(tags=["cases"])

NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(max_length=10_000, pattern=NO_NUL)]
Short = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]
Id = Annotated[int, Field(ge=1, le=2**53)]
READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _source(request: HttpRequest) -> str:
    return f"api:{request.method} {request.path}"


class DeadlineOut(BaseModel):
    kind: str
    due: dt.date
    done_on: dt.date | None
    state: str
    ref: str
    note: str


class CaseOut(BaseModel):
    id: int
    child_id: int
    area_team_id: int
    district_id: int
    caseworker_id: int
    opened_on: dt.date
    status: str
    closed_on: dt.date | None
    closure_reason: str
    reopens_id: int | None
    follow_up_interval_months: int
    version: int
    deadlines: list[DeadlineOut] = []


class CasePage(BaseModel):
    count: int
    items: list[CaseOut]


class CaseFilters(BaseModel):
    status: CaseStatus | None = None
    mine: bool = Field(False, description="Only cases where you are the responsible caseworker.")
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Annotated[int, Field(ge=0, le=10**9)] = 0


def case_out(case: Case, today: dt.date, facts: deadlines.CaseFacts | None = None) -> CaseOut:
    """The case as the API shows it; ``facts`` when already read (``facts_by_case``)."""
    return CaseOut(
        id=case.pk,
        child_id=case.child_id,
        area_team_id=case.area_team_id,
        district_id=case.district_id,
        caseworker_id=case.caseworker_id,
        opened_on=case.opened_on,
        status=case.status,
        closed_on=case.closed_on,
        closure_reason=case.closure_reason,
        reopens_id=case.reopens_id,
        follow_up_interval_months=case.follow_up_interval_months,
        version=case.version,
        deadlines=[
            DeadlineOut(
                kind=d.kind, due=d.due, done_on=d.done_on, state=d.state, ref=d.ref, note=d.note
            )
            for d in deadlines.case_deadlines(facts or case_facts(case), today=today)
        ],
    )


@router.get("/cases", response={200: CasePage, **READ})
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> CasePage:
    qs = cases_for_user(request.user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.mine:
        qs = qs.filter(caseworker_id=request.user.pk)
    count = qs.count()
    page = list(qs[filters.offset : filters.offset + filters.limit])
    audit.record_list_read({c.child_id for c in page}, actor=request.user, source=_source(request))
    today = timezone.localdate()
    facts = facts_by_case(page)
    return CasePage(count=count, items=[case_out(c, today, facts[c.pk]) for c in page])


@router.get("/cases/{case_id}", response={200: CaseOut, **READ})
def read_case(request: HttpRequest, case_id: Id) -> CaseOut:
    case = get_case_for_user(request.user, case_id)
    audit.record(
        audit.EventType.READ,
        actor=request.user,
        child_id=case.child_id,
        obj=case,
        source=_source(request),
    )
    return case_out(
        with_deadline_facts(Case.objects.filter(pk=case.pk)).get(), timezone.localdate()
    )


class NotificationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: NotificationSource
    received_at: AwareDatetime
    content: Annotated[str, StringConstraints(min_length=1, max_length=10_000, pattern=NO_NUL)]
    notifier: Short = ""


class NotificationOut(BaseModel):
    id: int
    child_id: int
    case_id: int | None
    source: str
    received_at: dt.datetime
    assessed_at: dt.datetime | None
    in_danger: bool | None
    acute_measures: bool | None
    receipt_sent_on: dt.date | None
    outcome: str


def _notification_out(n: Notification) -> NotificationOut:
    return NotificationOut(
        id=n.pk,
        child_id=n.child_id,
        case_id=n.case_id,
        source=n.source,
        received_at=n.received_at,
        assessed_at=n.assessed_at,
        in_danger=n.in_danger,
        acute_measures=n.acute_measures,
        receipt_sent_on=n.receipt_sent_on,
        outcome=n.outcome,
    )


@router.post("/children/{child_id}/notifications", response={201: NotificationOut, **WRITE})
def receive_notification(request: HttpRequest, child_id: Id, payload: NotificationIn) -> Status:
    child = get_child_for_user(request.user, child_id, write=True)
    notification = services.receive_notification(
        actor=request.user, child=child, origin=_source(request), **payload.model_dump()
    )
    return Status(201, _notification_out(notification))


class NotificationPage(BaseModel):
    count: int
    items: list[NotificationOut]


class NotificationFilters(BaseModel):
    pending: bool = Field(False, description="Only notifications still awaiting an outcome.")
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Annotated[int, Field(ge=0, le=10**9)] = 0


@router.get("/children/{child_id}/notifications", response={200: NotificationPage, **READ})
def list_notifications(
    request: HttpRequest, child_id: Id, filters: Query[NotificationFilters]
) -> NotificationPage:
    """The child's notifications, the newest first (the child page shows the pending ones)."""
    child = get_child_for_user(request.user, child_id)
    record_child_read(child, actor=request.user, source=_source(request))
    qs = notifications_of(child.pk, pending=filters.pending)
    page = qs[filters.offset : filters.offset + filters.limit]
    return NotificationPage(count=qs.count(), items=[_notification_out(n) for n in page])


class AcuteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    assessed_at: AwareDatetime
    in_danger: bool
    acute_measures: bool
    note: Text = ""


@router.post(
    "/notifications/{notification_id}/acute-assessment", response={200: NotificationOut, **WRITE}
)
def acute_assessment(
    request: HttpRequest, notification_id: Id, payload: AcuteIn
) -> NotificationOut:
    notification = get_notification_for_user(request.user, notification_id, write=True)
    services.record_acute_assessment(
        actor=request.user,
        notification=notification,
        origin=_source(request),
        **payload.model_dump(),
    )
    return _notification_out(notification)


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: NotificationOutcome
    on: dt.date
    caseworker_id: Id | None = None


@router.post("/notifications/{notification_id}/outcome", response={200: NotificationOut, **WRITE})
def conclude(request: HttpRequest, notification_id: Id, payload: OutcomeIn) -> NotificationOut:
    notification = get_notification_for_user(request.user, notification_id, write=True)
    caseworker = None
    if payload.caseworker_id is not None:
        caseworker = get_user_model().objects.filter(pk=payload.caseworker_id).first()
        if caseworker is None:
            raise ValidationError(
                {"caseworker_id": ValidationError(_("Unknown caseworker."), code="unknown_user")}
            )
    services.conclude_notification(
        actor=request.user,
        notification=notification,
        outcome=payload.outcome,
        on=payload.on,
        caseworker=caseworker,
        origin=_source(request),
    )
    return _notification_out(notification)


class ReceiptIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sent_on: dt.date


@router.post("/notifications/{notification_id}/receipt", response={200: NotificationOut, **WRITE})
def receipt(request: HttpRequest, notification_id: Id, payload: ReceiptIn) -> NotificationOut:
    """The receipt sent to a professional notifier (within six working days)."""
    notification = get_notification_for_user(request.user, notification_id, write=True)
    services.record_receipt(
        actor=request.user,
        notification=notification,
        sent_on=payload.sent_on,
        origin=_source(request),
    )
    return _notification_out(notification)


class FollowUpIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    held_on: dt.date
    goals_moved: GoalMovement
    decision: FollowUpDecision
    instrument: Annotated[str, StringConstraints(max_length=30, pattern=NO_NUL)] = "ics-scaling"
    scores: dict[
        Annotated[str, StringConstraints(max_length=30, pattern=NO_NUL)],
        Annotated[int, Field(ge=-100, le=100)],
    ]
    note: Text = ""
    step_down: StepDownIn | None = Field(
        None,
        description="Required when the decision is step_down: the follow-up ends the running "
        "intervention and starts the lower step under a new decision, in one transaction.",
    )


class Created(BaseModel):
    id: int


@router.post("/cases/{case_id}/follow-ups", response={201: Created, **WRITE})
def follow_up(request: HttpRequest, case_id: Id, payload: FollowUpIn) -> Status:
    case = get_case_for_user(request.user, case_id, write=True)
    instrument = Instrument.objects.filter(code=payload.instrument, active=True).first()
    if instrument is None:
        raise ValidationError(
            {"instrument": ValidationError(_("Unknown instrument."), code="unknown_instrument")}
        )
    created = services.record_follow_up(
        actor=request.user,
        case=case,
        held_on=payload.held_on,
        goals_moved=payload.goals_moved,
        decision=payload.decision,
        instrument=instrument,
        scores=payload.scores,
        note=payload.note,
        step_down_to=step_down_data(case, payload.step_down),
        source=_source(request),
    )
    return Status(201, Created(id=created.pk))


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    closed_on: dt.date
    reason: ClosureReason
    note: Text = ""
    version: Annotated[int, Field(ge=1, le=2**31)]


@router.post("/cases/{case_id}/close", response={200: CaseOut, **WRITE})
def close(request: HttpRequest, case_id: Id, payload: CloseIn) -> CaseOut:
    case = get_case_for_user(request.user, case_id, write=True)
    services.close_case(
        actor=request.user,
        case=case,
        closed_on=payload.closed_on,
        reason=payload.reason,
        note=payload.note,
        expected_version=payload.version,
        source=_source(request),
    )
    return case_out(case, timezone.localdate())
