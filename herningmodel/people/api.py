"""The children endpoints: parse, authorize through the access lookups, call the services."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from herningmodel.access.lookups import children_for_user, get_child_for_user
from herningmodel.access.policy import Perm, Scope, has_perm, scope_of, team_ids
from herningmodel.api import ErrorOut
from herningmodel.audit import services as audit
from herningmodel.people import family, services
from herningmodel.people.models import Child

router = Router(tags=["children"])

NO_NUL = r"^[^\x00]*$"
Name = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=NO_NUL)]
Cpr = Annotated[str, StringConstraints(max_length=11, pattern=NO_NUL)]
SearchText = Annotated[str, StringConstraints(max_length=100, pattern=NO_NUL)]
Id = Annotated[int, Field(ge=1, le=2**53)]


class ChildIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    first_name: Name
    last_name: Name
    district_id: Id
    area_team_id: Id
    cpr: Cpr | None = None
    birth_date: dt.date | None = None
    is_unborn: bool = False
    expected_birth_date: dt.date | None = None


class ChildPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    first_name: Name | None = None
    last_name: Name | None = None
    district_id: Id | None = None
    area_team_id: Id | None = None
    cpr: Cpr | None = None
    birth_date: dt.date | None = None
    is_unborn: bool | None = None
    expected_birth_date: dt.date | None = None
    version: Annotated[int, Field(ge=1, le=2**31)] | None = Field(
        None, description="The version you read; a save after someone else's fails with 409."
    )


class ChildOut(BaseModel):
    id: int
    first_name: str
    last_name: str
    cpr: str | None = Field(description="Masked (DDMMYY-XXXX) unless your role needs it in full.")
    birth_date: dt.date | None
    is_unborn: bool
    expected_birth_date: dt.date | None
    district_id: int
    area_team_id: int
    version: int


class ChildPage(BaseModel):
    count: int
    items: list[ChildOut]


class ChildFilters(BaseModel):
    district_id: Id | None = None
    area_team_id: Id | None = None
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Annotated[int, Field(ge=0, le=10**9)] = 0


class ChildSearch(ChildFilters):
    """A search by name travels in the body: a name in a URL ends up in access logs."""

    model_config = ConfigDict(extra="forbid")

    q: SearchText | None = Field(None, description="Part of the first or last name.")


def _out(request: HttpRequest, child: Child) -> ChildOut:
    full_cpr = has_perm(request.user, Perm.VIEW_CPR)
    return ChildOut(
        id=child.pk,
        first_name=child.first_name,
        last_name=child.last_name,
        cpr=child.cpr if full_cpr else (child.masked_cpr or None),
        birth_date=child.birth_date,
        is_unborn=child.is_unborn,
        expected_birth_date=child.expected_birth_date,
        district_id=child.district_id,
        area_team_id=child.area_team_id,
        version=child.version,
    )


def _source(request: HttpRequest) -> str:
    return f"api:{request.method} {request.path}"


# Query parameters that would carry a name or a CPR number into the URL.
PERSONAL_PARAMETERS = ("q", "name", "first_name", "last_name", "cpr", "search")


@router.get("", response={200: ChildPage, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut})
def list_children(request: HttpRequest, filters: Query[ChildFilters]) -> ChildPage | Status:
    """The children in your reach, paged; to search by name, POST to /api/children/search."""
    if any(key in request.GET for key in PERSONAL_PARAMETERS):
        return Status(
            400,
            ErrorOut(
                code="personal_data_in_url",
                message=_(
                    "Names and CPR numbers do not belong in a URL: "
                    "search with POST /api/children/search."
                ),
            ),
        )
    return _page(request, children_for_user(request.user), filters)


@router.post("/search", response={200: ChildPage, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut})
def search_children(request: HttpRequest, payload: ChildSearch) -> ChildPage:
    """Children in your reach whose names hold every word of ``q``; paged like the list."""
    qs = children_for_user(request.user)
    if payload.q:
        qs = services.search_by_name(qs, payload.q)
    return _page(request, qs, payload)


def _page(request: HttpRequest, qs: QuerySet[Child], filters: ChildFilters) -> ChildPage:
    if filters.district_id:
        qs = qs.filter(district_id=filters.district_id)
    if filters.area_team_id:
        qs = qs.filter(area_team_id=filters.area_team_id)
    count = qs.count()
    page = list(qs[filters.offset : filters.offset + filters.limit])
    audit.record_list_read([c.pk for c in page], actor=request.user, source=_source(request))
    return ChildPage(count=count, items=[_out(request, c) for c in page])


@router.get("/{child_id}", response={200: ChildOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def read_child(request: HttpRequest, child_id: Id) -> ChildOut:
    child = get_child_for_user(request.user, child_id)
    services.record_child_read(child, actor=request.user, source=_source(request))
    return _out(request, child)


class RelationOut(BaseModel):
    person_id: int
    first_name: str
    last_name: str
    kind: str
    has_custody: bool
    is_network: bool


class SiblingOut(BaseModel):
    child_id: int
    first_name: str
    last_name: str


class FamilyOut(BaseModel):
    relations: list[RelationOut]
    siblings: list[SiblingOut]


@router.get(
    "/{child_id}/family", response={200: FamilyOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
)
def read_family(request: HttpRequest, child_id: Id) -> FamilyOut:
    """The adults around the child (custody, network) and the siblings in the household, as
    on the child page (no CPR numbers)."""
    child = get_child_for_user(request.user, child_id)
    shown = family.family_of(child)
    family.record_read(shown, actor=request.user, source=_source(request))
    return FamilyOut(
        relations=[
            RelationOut(
                person_id=r.person_id,
                first_name=r.person.first_name,
                last_name=r.person.last_name,
                kind=r.kind,
                has_custody=r.has_custody,
                is_network=r.is_network,
            )
            for r in shown.relations
        ],
        siblings=[
            SiblingOut(child_id=c.pk, first_name=c.first_name, last_name=c.last_name)
            for c in shown.siblings
        ],
    )


@router.post(
    "",
    response={201: ChildOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def create_child(request: HttpRequest, payload: ChildIn) -> Status:
    if not has_perm(request.user, Perm.CHANGE_CHILD):
        return Status(
            403, ErrorOut(code="forbidden", message=_("Your role cannot register children."))
        )
    _require_team(request, payload.area_team_id)
    child = services.create_child(
        services.ChildData(**payload.model_dump()), actor=request.user, source=_source(request)
    )
    return Status(201, _out(request, child))


@router.patch(
    "/{child_id}",
    response={
        200: ChildOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
)
def update_child(request: HttpRequest, child_id: Id, payload: ChildPatch) -> ChildOut:
    child = get_child_for_user(request.user, child_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version", None)
    current = services.ChildData(
        first_name=child.first_name,
        last_name=child.last_name,
        district_id=child.district_id,
        area_team_id=child.area_team_id,
        cpr=child.cpr,
        birth_date=child.birth_date,
        is_unborn=child.is_unborn,
        expected_birth_date=child.expected_birth_date,
    )
    data = services.ChildData(**{**vars(current), **changes})
    if data.area_team_id != child.area_team_id:
        _require_team(request, data.area_team_id)
    child = services.update_child(
        child, data, actor=request.user, source=_source(request), version=version
    )
    return _out(request, child)


def _require_team(request: HttpRequest, area_team_id: int) -> None:
    """A child can only be placed in a team the user may work in; otherwise it would vanish."""
    if scope_of(request.user) is Scope.ALL:
        return
    if area_team_id not in team_ids(request.user):
        raise ValidationError(
            {
                "area_team": ValidationError(
                    _("You can only register children in your own team."), code="team_not_permitted"
                )
            }
        )
