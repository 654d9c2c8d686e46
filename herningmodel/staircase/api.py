"""The staircase endpoints: catalogue reads, starting and ending episodes, a child's episodes.

Everything goes through the access policy and the services, like the pages do.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from herningmodel.access.lookups import get_child_for_user
from herningmodel.access.policy import Perm, has_perm
from herningmodel.api import ErrorOut
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.staircase import services
from herningmodel.staircase.models import (
    EndReason,
    Episode,
    InterventionType,
    Price,
    Provider,
    Step,
)

router = Router(tags=["staircase"])
children_router = Router(tags=["staircase"])

NO_NUL = r"^[^\x00]*$"
Id = Annotated[int, Field(ge=1, le=2**53)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")]
Volume = Annotated[Decimal, Field(ge=0, le=Decimal("999999.99"), max_digits=8, decimal_places=2)]
Text = Annotated[str, StringConstraints(max_length=4000, pattern=NO_NUL)]
ReadErrors = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


class StepOut(BaseModel):
    number: int
    name_da: str
    name_en: str
    description: str


class TypeOut(BaseModel):
    code: str
    name: str
    step: int
    legal_basis: str
    legal_item: str
    evidence_programme: str
    unit: str
    default_duration_days: int | None
    active: bool


class PriceOut(BaseModel):
    type: str
    provider_id: int
    provider: str
    valid_from: dt.date
    amount: Decimal


class PriceFilters(BaseModel):
    type: Code | None = Field(None, description="An intervention type's code.")
    provider: Id | None = Field(None, description="A provider's id.")


class StartEpisodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    child_id: Id
    type: Code
    provider_id: Id
    start: dt.date
    planned_end: dt.date | None = None
    planned_volume: Volume | None = Field(
        None, description="Units per week (hours a week for hourly types); courses for courses."
    )
    justification: Text = ""


class EpisodeEnd(BaseModel):
    model_config = ConfigDict(extra="forbid")

    end: dt.date
    reason: EndReason
    version: Annotated[int, Field(ge=1, le=2**31)] = Field(
        description="The version you read; an end after someone else's change fails with 409."
    )


class EpisodeOut(BaseModel):
    id: int
    child_id: int
    type: str
    provider_id: int
    step: int
    start: dt.date
    planned_end: dt.date | None
    end: dt.date | None
    end_reason: str
    planned_volume: Decimal | None
    justification: str
    version: int


def _source(request: HttpRequest) -> str:
    return f"api:{request.method} {request.path}"


def _forbidden(message: str) -> Status:
    return Status(403, ErrorOut(code="forbidden", message=message))


def _episode_out(episode: Episode) -> EpisodeOut:
    return EpisodeOut(
        id=episode.pk,
        child_id=episode.child_id,
        type=episode.intervention_type.code,
        provider_id=episode.provider_id,
        step=episode.step.number,
        start=episode.start,
        planned_end=episode.planned_end,
        end=episode.end,
        end_reason=episode.end_reason,
        planned_volume=episode.planned_volume,
        justification=episode.justification,
        version=episode.version,
    )


@router.get("/steps", response={200: list[StepOut], **ReadErrors})
def list_steps(request: HttpRequest) -> list[StepOut] | Status:
    if not has_perm(request.user, Perm.VIEW_CATALOGUE):
        return _forbidden(_("Your role cannot see the catalogue."))
    return [
        StepOut(number=s.number, name_da=s.name_da, name_en=s.name_en, description=s.description)
        for s in Step.objects.order_by("number")
    ]


@router.get("/types", response={200: list[TypeOut], **ReadErrors})
def list_types(request: HttpRequest) -> list[TypeOut] | Status:
    if not has_perm(request.user, Perm.VIEW_CATALOGUE):
        return _forbidden(_("Your role cannot see the catalogue."))
    return [
        TypeOut(
            code=t.code,
            name=t.name,
            step=t.step.number,
            legal_basis=t.legal_basis,
            legal_item=t.legal_item,
            evidence_programme=t.evidence_programme,
            unit=t.unit,
            default_duration_days=t.default_duration_days,
            active=t.active,
        )
        for t in InterventionType.objects.select_related("step").order_by("step__number", "code")
    ]


@router.get("/prices", response={200: list[PriceOut], **ReadErrors})
def list_prices(request: HttpRequest, filters: Query[PriceFilters]) -> list[PriceOut] | Status:
    if not has_perm(request.user, Perm.VIEW_CATALOGUE):
        return _forbidden(_("Your role cannot see the catalogue."))
    qs = Price.objects.select_related("provider", "intervention_type")
    if filters.type:
        qs = qs.filter(intervention_type__code=filters.type)
    if filters.provider:
        qs = qs.filter(provider_id=filters.provider)
    return [
        PriceOut(
            type=p.intervention_type.code,
            provider_id=p.provider_id,
            provider=p.provider.name,
            valid_from=p.valid_from,
            amount=p.amount,
        )
        for p in qs.order_by("intervention_type__code", "provider__name", "valid_from")
    ]


@router.post(
    "/episodes",
    response={
        201: EpisodeOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
)
def start_episode(request: HttpRequest, payload: StartEpisodeIn) -> Status:
    if not has_perm(request.user, Perm.CHANGE_CHILD):
        return _forbidden(_("Your role cannot start interventions."))
    child = get_child_for_user(request.user, payload.child_id, write=True)
    kind = InterventionType.objects.select_related("step").filter(code=payload.type).first()
    provider = Provider.objects.filter(pk=payload.provider_id).first()
    if kind is None or provider is None:
        field, message = (
            ("type", _("Unknown intervention type."))
            if kind is None
            else ("provider_id", _("Unknown provider."))
        )
        raise ValidationError({field: ValidationError(message, code="unknown")})
    episode = services.start_episode(
        actor=request.user,
        child=child,
        intervention_type=kind,
        provider=provider,
        start=payload.start,
        planned_end=payload.planned_end,
        planned_volume=payload.planned_volume,
        justification=payload.justification,
        source=_source(request),
    )
    return Status(201, _episode_out(episode))


@router.post(
    "/episodes/{episode_id}/end",
    response={
        200: EpisodeOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
)
def end_episode(request: HttpRequest, episode_id: Id, payload: EpisodeEnd) -> EpisodeOut | Status:
    if not has_perm(request.user, Perm.CHANGE_CHILD):
        return _forbidden(_("Your role cannot end interventions."))
    episode = (
        Episode.objects.select_related("intervention_type__step", "provider", "step")
        .filter(pk=episode_id)
        .first()
    )
    if episode is None:
        raise Http404
    # 404 also when the child is outside the user's teams, so existence does not leak.
    get_child_for_user(request.user, episode.child_id, write=True)
    episode = services.end_episode(
        actor=request.user,
        episode=episode,
        end=payload.end,
        reason=payload.reason,
        expected_version=payload.version,
        source=_source(request),
    )
    return _episode_out(episode)


@children_router.get(
    "/{child_id}/episodes",
    response={200: list[EpisodeOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def child_episodes(request: HttpRequest, child_id: Id) -> list[EpisodeOut]:
    child = get_child_for_user(request.user, child_id)
    episodes = (
        Episode.objects.filter(child=child)
        .select_related("intervention_type", "step")
        .order_by("start")
    )
    audit.record(
        EventType.READ,
        actor=request.user,
        child_id=child.pk,
        obj=child,
        source=_source(request),
        changes={"episodes": True},
    )
    return [_episode_out(e) for e in episodes]
