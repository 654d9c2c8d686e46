"""The leaders' pages in the API: the team overview, management supervision and the quality
handbook — the same domain functions, permissions and audit as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field

from herningmodel.access.policy import Perm, has_perm
from herningmodel.api import ErrorOut
from herningmodel.audit import services as audit
from herningmodel.cases import team
from herningmodel.cases.api import Id

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
