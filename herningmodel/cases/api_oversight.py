"""The leaders' pages in the API: the team overview, management supervision and the quality
handbook — the same domain functions, permissions and audit as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from herningmodel.access.policy import Perm, has_perm
from herningmodel.api import ErrorOut
from herningmodel.audit import services as audit
from herningmodel.cases import handbook as handbook_domain
from herningmodel.cases import services, team
from herningmodel.cases import supervision as supervision_domain
from herningmodel.cases.api import Id
from herningmodel.cases.models import HandbookEntry, ProcessStep, Supervision

router = Router(tags=["oversight"])

Limit = Annotated[int, Field(ge=1, le=200)]
Offset = Annotated[int, Field(ge=0, le=10**9)]


def _source(request: HttpRequest) -> str:
    return f"api:{request.method} {request.path}"


def _forbidden(message: str) -> Status:
    return Status(403, ErrorOut(code="forbidden", message=message))


class TeamRefOut(BaseModel):
    id: int
    name: str
    caseload_target: int


class WorkerLoadOut(BaseModel):
    caseworker_id: int
    name: str
    open: int
    overdue: int


class TeamDeadlineOut(BaseModel):
    case_id: int
    child_id: int
    caseworker_id: int
    kind: str
    due: dt.date
    state: str
    note: str


class TeamOverviewOut(BaseModel):
    teams: list[TeamRefOut]
    target: int | None
    open_cases: int
    loads: list[WorkerLoadOut]
    overdue_count: int
    count: int = Field(description="Open deadlines in all: the overdue first, then by due date.")
    deadlines: list[TeamDeadlineOut]


class TeamFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")
    team_id: Id | None = Field(None, description="One of the teams you lead.")
    limit: Limit = 50
    offset: Offset = 0


def _worker_name(worker: Any) -> str:
    return str(worker.get_full_name() or worker.get_username())


@router.get(
    "/team",
    response={200: TeamOverviewOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def team_overview(request: HttpRequest, filters: Query[TeamFilters]) -> TeamOverviewOut | Status:
    """The team leader's overview: caseload per caseworker and the team's open deadlines."""
    if not has_perm(request.user, Perm.VIEW_TEAM_CASELOAD):
        return _forbidden(_("Your role cannot see the team's caseload."))
    overview = team.team_overview(request.user, timezone.localdate(), team_id=filters.team_id)
    if filters.team_id is not None and not overview.teams:
        raise Http404
    audit.record_list_read(
        {c.child_id for c in overview.cases}, actor=request.user, source=_source(request)
    )
    rows = overview.overdue + overview.upcoming
    page = rows[filters.offset : filters.offset + filters.limit]
    return TeamOverviewOut(
        teams=[
            TeamRefOut(id=t.pk, name=t.name, caseload_target=t.caseload_target)
            for t in overview.teams
        ],
        target=overview.target,
        open_cases=len(overview.cases),
        loads=[
            WorkerLoadOut(
                caseworker_id=load.worker.pk,
                name=_worker_name(load.worker),
                open=load.open,
                overdue=load.overdue,
            )
            for load in overview.loads
        ],
        overdue_count=len(overview.overdue),
        count=len(rows),
        deadlines=[
            TeamDeadlineOut(
                case_id=case.pk,
                child_id=case.child_id,
                caseworker_id=case.caseworker_id,
                kind=d.kind,
                due=d.due,
                state=d.state,
                note=d.note,
            )
            for d, case in page
        ],
    )


class SupervisionOut(BaseModel):
    id: int
    worker_id: int
    worker_name: str
    drawn_on: dt.date
    seed: int
    case_ids: list[int]


class SupervisionPage(BaseModel):
    count: int
    items: list[SupervisionOut]


class Paging(BaseModel):
    model_config = ConfigDict(extra="forbid")
    limit: Limit = 50
    offset: Offset = 0


def _supervision_out(supervision: Supervision) -> SupervisionOut:
    return SupervisionOut(
        id=supervision.pk,
        worker_id=supervision.worker_id,
        worker_name=_worker_name(supervision.worker),
        drawn_on=supervision.drawn_on,
        seed=supervision.seed,
        case_ids=sorted(c.pk for c in supervision.cases.all()),
    )


def _not_supervisor() -> Status:
    return _forbidden(_("Your role does not supervise caseworkers."))


@router.get(
    "/supervisions", response={200: SupervisionPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
)
def list_supervisions(request: HttpRequest, paging: Query[Paging]) -> SupervisionPage | Status:
    """The samples you have drawn, the newest first."""
    if not has_perm(request.user, Perm.SUPERVISE):
        return _not_supervisor()
    qs = supervision_domain.supervisions_of(request.user)
    page = qs.prefetch_related("cases")[paging.offset : paging.offset + paging.limit]
    return SupervisionPage(count=qs.count(), items=[_supervision_out(s) for s in page])


class DrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    worker_id: Id = Field(description="A current member of one of your teams.")
    sample_size: Annotated[int, Field(ge=1, le=50)] = 5


@router.post(
    "/supervisions",
    response={201: SupervisionOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def draw(request: HttpRequest, payload: DrawIn) -> Status:
    """Draw a random sample of the caseworker's open cases (the seed is kept)."""
    if not has_perm(request.user, Perm.SUPERVISE):
        return _not_supervisor()
    worker = supervision_domain.eligible_workers(request.user).filter(pk=payload.worker_id).first()
    if worker is None:
        raise ValidationError(
            {
                "worker_id": ValidationError(
                    _("Not a caseworker in your teams."), code="unknown_user"
                )
            }
        )
    supervision = services.draw_supervision(
        actor=request.user,
        worker=worker,
        drawn_on=timezone.localdate(),
        sample_size=payload.sample_size,
        source=_source(request),
    )
    return Status(201, _supervision_out(supervision))


class ChecklistItemOut(BaseModel):
    code: str
    text: str


class SampledCaseOut(BaseModel):
    case_id: int
    child_id: int
    findings: dict[str, bool] = Field(description="Checklist item code: fulfilled.")


class SupervisionDetailOut(SupervisionOut):
    checklist: list[ChecklistItemOut]
    cases: list[SampledCaseOut]


def _detail(request: HttpRequest, supervision: Supervision) -> SupervisionDetailOut:
    cases = supervision_domain.sampled_cases(supervision)
    findings = supervision_domain.findings_by_case(supervision)
    audit.record_list_read({c.child_id for c in cases}, actor=request.user, source=_source(request))
    return SupervisionDetailOut(
        **_supervision_out(supervision).model_dump(),
        checklist=[
            ChecklistItemOut(code=i.code, text=i.text) for i in supervision_domain.checklist()
        ],
        cases=[
            SampledCaseOut(case_id=c.pk, child_id=c.child_id, findings=findings.get(c.pk, {}))
            for c in cases
        ],
    )


@router.get(
    "/supervisions/{supervision_id}",
    response={
        200: SupervisionDetailOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
)
def read_supervision(request: HttpRequest, supervision_id: Id) -> SupervisionDetailOut | Status:
    """One of your samples with the checklist and the findings so far."""
    if not has_perm(request.user, Perm.SUPERVISE):
        return _not_supervisor()
    return _detail(request, supervision_domain.supervision_of(request.user, supervision_id))


Note = Annotated[str, StringConstraints(max_length=2000, pattern=r"^[^\x00]*$")]
ItemCode = Annotated[str, StringConstraints(max_length=50, pattern=r"^[^\x00]*$")]


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fulfilled: bool
    note: Note = ""


class FindingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answers: dict[ItemCode, AnswerIn] = Field(description="Every active checklist item's code.")


@router.post(
    "/supervisions/{supervision_id}/cases/{case_id}/findings",
    response={
        200: SupervisionDetailOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
)
def record_findings(
    request: HttpRequest, supervision_id: Id, case_id: Id, payload: FindingsIn
) -> SupervisionDetailOut | Status:
    """Answer the checklist for one sampled case; answering again replaces the answers."""
    if not has_perm(request.user, Perm.SUPERVISE):
        return _not_supervisor()
    supervision = supervision_domain.supervision_of(request.user, supervision_id)
    case = next((c for c in supervision_domain.sampled_cases(supervision) if c.pk == case_id), None)
    if case is None:
        raise Http404
    services.record_findings(
        actor=request.user,
        supervision=supervision,
        case=case,
        answers={code: (a.fulfilled, a.note) for code, a in payload.answers.items()},
        source=_source(request),
    )
    return _detail(request, supervision)


class GuidanceOut(BaseModel):
    step: str
    label: str
    version: int | None
    text: str
    written_by_id: int | None
    written_at: dt.datetime | None


def _guidance_out(step: str, label: str, entry: HandbookEntry | None) -> GuidanceOut:
    return GuidanceOut(
        step=step,
        label=label,
        version=entry.version if entry else None,
        text=entry.text if entry else "",
        written_by_id=entry.written_by_id if entry else None,
        written_at=entry.written_at if entry else None,
    )


@router.get("/handbook", response={200: list[GuidanceOut], 401: ErrorOut, 403: ErrorOut})
def read_handbook(request: HttpRequest) -> list[GuidanceOut] | Status:
    """The current guidance for every step of the process (no version where none is written)."""
    if not handbook_domain.may_read(request.user):
        return _forbidden(_("Your role cannot read the quality handbook."))
    return [_guidance_out(*row) for row in handbook_domain.current_guidance()]


class GuidanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: ProcessStep
    text: Annotated[str, StringConstraints(min_length=1, max_length=10_000, pattern=r"^[^\x00]*$")]


@router.post(
    "/handbook",
    response={201: GuidanceOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def write_handbook(request: HttpRequest, payload: GuidanceIn) -> Status:
    """A new version of a step's guidance; earlier versions are kept."""
    if not handbook_domain.may_edit(request.user):
        return _forbidden(_("Your role cannot write the quality handbook."))
    entry = services.write_handbook_entry(
        actor=request.user, step=payload.step, text=payload.text, source=_source(request)
    )
    return Status(201, _guidance_out(entry.step, str(ProcessStep(entry.step).label), entry))
