"""``/api/staff``: the staff page in the API (separation of duties, access/staffing.py).

The same service and rules as the page and ``herningmodel staff``: administrators change
others' roles, teams, groups and activation, with a reason; wide grants wait for approval by
another administrator or the DPO; the DPO reads every change. A refusal answers 403 with a
stable code (``forbidden``, ``own_account``, ``same_person``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from ninja import Router
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from herningmodel.access import approvals, staffing
from herningmodel.access.changes import Change, ChangeArgs, make_change
from herningmodel.access.models import AccessRequest, GrantOutcome
from herningmodel.access.policy import Perm, has_perm
from herningmodel.access.roster import StaffRow, change_events, roster
from herningmodel.api import ErrorOut
from herningmodel.organisation.models import Discipline, Role, StaffMember

router = Router(tags=["staff"])

Id = Annotated[int, Field(ge=1, le=2**53)]
Text = Annotated[str, StringConstraints(max_length=1000, pattern=r"^[^\x00]*$")]
Name = Annotated[str, StringConstraints(max_length=150, pattern=r"^[^\x00]*$")]
REFUSALS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class MembershipOut(BaseModel):
    id: int
    team_id: int
    team: str
    discipline: str
    start: dt.date
    end: dt.date | None


class TokenOut(BaseModel):
    prefix: str
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None


class StaffOut(BaseModel):
    id: int
    username: str
    name: str
    role: str
    active: bool
    teams: list[MembershipOut]
    groups: list[str]
    tokens: list[TokenOut]


class ChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    change: Change
    reason: Text = Field(description="Why; recorded in the audit trail. Required.")
    role: Role | None = None
    team: Id | None = Field(None, description="The area team's id (add_team).")
    discipline: Discipline = Discipline.AUTHORITY_SOCIAL_WORKER
    membership: Id | None = Field(None, description="The membership's id (end_team).")
    group: Name = ""


class EnrolIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: Name
    role: Role
    reason: Text


class OutcomeOut(BaseModel):
    applied: bool = Field(description="False: the grant waits for a second person's approval.")
    request_id: int | None


class RequestOut(BaseModel):
    id: int
    staff_id: int
    username: str
    change: str
    value: str
    reason: str
    requested_by: str
    requested_at: dt.datetime


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Text


class ChangeEventOut(BaseModel):
    seq: int
    at: dt.datetime
    actor: str
    event_type: str
    changes: Any


def _may_see(request: HttpRequest) -> None:
    if not (
        has_perm(request.user, Perm.ADMINISTER_STAFF) or has_perm(request.user, Perm.APPROVE_ACCESS)
    ):
        raise staffing.AccessRefused("forbidden", "")


def _staff_out(row: StaffRow) -> StaffOut:
    return StaffOut(
        id=row.staff.pk,
        username=row.staff.user.get_username(),
        name=row.staff.user.get_full_name(),
        role=row.staff.role,
        active=row.staff.user.is_active,
        teams=[
            MembershipOut(
                id=m.pk,
                team_id=m.team_id,
                team=m.team.name,
                discipline=m.discipline,
                start=m.start,
                end=m.end,
            )
            for m in row.memberships
        ],
        groups=row.groups,
        tokens=[
            TokenOut(
                prefix=t.prefix,
                name=t.name,
                created_at=t.created_at,
                last_used_at=t.last_used_at,
                expires_at=t.expires_at,
            )
            for t in row.tokens
        ],
    )


def _outcome(outcome: staffing.Outcome) -> OutcomeOut:
    return OutcomeOut(
        applied=outcome.applied, request_id=outcome.request.pk if outcome.request else None
    )


def _source(request: HttpRequest) -> str:
    return f"api:{request.method} {request.path}"


@router.get("", response={200: list[StaffOut], **REFUSALS})
def list_staff(request: HttpRequest) -> list[StaffOut]:
    """Every staff member with role, activation, team memberships, groups and API tokens
    (last use and expiry), for administrators and the DPO."""
    _may_see(request)
    return [_staff_out(row) for row in roster()]


@router.post("/enrol", response={200: OutcomeOut, 400: ErrorOut, **REFUSALS})
def enrol(request: HttpRequest, payload: EnrolIn) -> OutcomeOut:
    """Give a user account without access (made in the admin) its staff record and role."""
    _may_see(request)
    user = get_user_model().objects.filter(username=payload.username).first()
    if user is None:
        raise Http404
    return _outcome(
        staffing.enrol(
            user, payload.role, actor=request.user, reason=payload.reason, source=_source(request)
        )
    )


@router.post("/{staff_id}/changes", response={200: OutcomeOut, 400: ErrorOut, **REFUSALS})
def change_staff(request: HttpRequest, staff_id: Id, payload: ChangeIn) -> OutcomeOut:
    """Change another person's role, teams, groups or activation. A grant that reaches every
    child, or the research group, answers ``applied: false`` and waits for approval."""
    _may_see(request)
    staff = StaffMember.objects.select_related("user").filter(pk=staff_id).first()
    if staff is None:
        raise Http404
    args = ChangeArgs(
        role=payload.role or "",
        team=payload.team,
        discipline=payload.discipline,
        membership=payload.membership,
        group=payload.group,
    )
    outcome = make_change(
        staff,
        payload.change,
        args,
        actor=request.user,
        reason=payload.reason,
        source=_source(request),
    )
    return _outcome(outcome)


@router.get("/requests", response={200: list[RequestOut], **REFUSALS})
def list_requests(request: HttpRequest) -> list[RequestOut]:
    """Grants waiting for a second person's approval."""
    _may_see(request)
    return [
        RequestOut(
            id=r.pk,
            staff_id=r.staff_id,
            username=r.staff.user.get_username(),
            change=r.kind,
            value=r.value,
            reason=r.reason,
            requested_by=r.requested_by.get_username(),
            requested_at=r.requested_at,
        )
        for r in approvals.pending()
    ]


def _pending(request_id: int) -> AccessRequest:
    found = AccessRequest.objects.filter(pk=request_id, outcome=GrantOutcome.PENDING).first()
    if found is None:
        raise Http404
    return found


@router.post(
    "/requests/{request_id}/approve", response={200: OutcomeOut, 400: ErrorOut, **REFUSALS}
)
def approve_request(request: HttpRequest, request_id: Id) -> OutcomeOut:
    """Approve (and so apply) a grant another administrator requested."""
    _may_see(request)
    approvals.approve(_pending(request_id), actor=request.user, source=_source(request))
    return OutcomeOut(applied=True, request_id=request_id)


@router.post("/requests/{request_id}/reject", response={200: OutcomeOut, 400: ErrorOut, **REFUSALS})
def reject_request(request: HttpRequest, request_id: Id, payload: RejectIn) -> OutcomeOut:
    """Reject a waiting grant (or withdraw one's own request), with a note."""
    approvals.reject(
        _pending(request_id), actor=request.user, note=payload.note, source=_source(request)
    )
    return OutcomeOut(applied=False, request_id=request_id)


@router.get("/changes", response={200: list[ChangeEventOut], **REFUSALS})
def list_changes(request: HttpRequest) -> list[ChangeEventOut]:
    """The latest 200 staff-access events from the audit trail (changes, requests,
    rejections, token revocations), the newest first: the DPO's view of who gave whom access."""
    _may_see(request)
    return [
        ChangeEventOut(
            seq=e.seq, at=e.at, actor=e.actor_label, event_type=e.event_type, changes=e.changes
        )
        for e in change_events(actor=request.user, source=_source(request))[:200]
    ]
