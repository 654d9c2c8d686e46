"""Prototypes in the API: the metrics to choose from, register, read the result, decide.

The same rules as the pages: those who see aggregates and family coordinators read; team
leaders and department managers register and decide; anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field

from herningmodel.access.policy import User
from herningmodel.coordination import services
from herningmodel.coordination.api_common import (
    READ,
    WRITE,
    Id,
    Limit,
    Offset,
    Short,
    Text,
    api_source,
)
from herningmodel.coordination.effect import Share
from herningmodel.coordination.metric import METHOD, Measured, eligible
from herningmodel.coordination.models import Prototype, PrototypeDecision
from herningmodel.coordination.prototype_views import can_decide, can_view

router = Router(tags=["prototypes"])


def _viewer(user: User) -> None:
    if not can_view(user):
        raise Http404


def _decider(user: User) -> None:
    if not can_decide(user):
        raise Http404


class MetricOut(BaseModel):
    id: str
    name: str
    definition: str


@router.get("/prototypes/metrics", response={200: list[MetricOut], **READ})
def list_metrics(request: HttpRequest) -> list[MetricOut]:
    """The monitoring indicators a prototype's success can be measured by (shares)."""
    _viewer(request.user)
    return [MetricOut(id=i.id, name=i.name, definition=i.definition) for i in eligible()]


class GroupOut(BaseModel):
    successes: int
    n: int
    share: float
    low: float
    high: float


class ResultOut(BaseModel):
    suppressed: bool = Field(description="A group describes 1–4 children: figures withheld.")
    method: str = Field(description="Wilson 95% per group; Newcombe's hybrid score interval.")
    trial: GroupOut | None = None
    comparison: GroupOut | None = None
    difference: float | None = None
    low: float | None = None
    high: float | None = None
    clear: bool | None = None
    reading: str | None = Field(
        default=None,
        description="improved, worsened, different, no_clear_difference, inconclusive (the "
        "interval includes zero and is wider than 30 points) or hidden",
    )


class PrototypeOut(BaseModel):
    id: int
    title: str
    hypothesis: str
    intervention: str
    target_group: str
    success_metric: str
    comparison_group: str
    trial_districts: list[int]
    comparison_districts: list[int]
    trial_start: dt.date
    trial_end: dt.date
    decision_on: dt.date
    decision: str
    decided_on: dt.date | None
    decision_note: str
    result_reading: str = Field(description="How the result read when decided.")
    justification: str = Field(description="Why the decision departs from its result.")
    departure: str | None = Field(
        description="result_hidden, interval_too_wide or contradicts_result when the decision "
        "departs from its result; shown with the justification."
    )
    result: ResultOut | None


def _result(p: Prototype, measured: Measured | None) -> ResultOut | None:
    if measured is None:
        return None
    read_as = p.result_reading or services.reading(p, measured)
    if measured.suppressed:
        return ResultOut(suppressed=True, method=METHOD, reading=read_as)
    c = measured.comparison_result
    if c is None:
        return None

    def group(g: Share) -> GroupOut:
        return GroupOut(successes=g.successes, n=g.n, share=g.value, low=g.low, high=g.high)

    return ResultOut(
        suppressed=False,
        method=METHOD,
        trial=group(c.trial),
        comparison=group(c.comparison),
        difference=c.difference,
        low=c.low,
        high=c.high,
        clear=c.clear,
        reading=read_as,
    )


def _prototype_out(p: Prototype, *, with_result: bool = True) -> PrototypeOut:
    return PrototypeOut(
        id=p.pk,
        title=p.title,
        hypothesis=p.hypothesis,
        intervention=p.intervention,
        target_group=p.target_group,
        success_metric=p.success_metric,
        comparison_group=p.comparison_group,
        trial_districts=sorted(d.pk for d in p.trial_districts.all()),
        comparison_districts=sorted(d.pk for d in p.comparison_districts.all()),
        trial_start=p.trial_start,
        trial_end=p.trial_end,
        decision_on=p.decision_on,
        decision=p.decision,
        decided_on=p.decided_on,
        decision_note=p.decision_note,
        result_reading=p.result_reading,
        justification=p.justification,
        departure=departs.value if (departs := services.decided_against(p)) else None,
        result=_result(p, services.measure(p)) if with_result else None,
    )


class PrototypePage(BaseModel):
    count: int
    items: list[PrototypeOut]


class PrototypePageQuery(BaseModel):
    limit: Limit = 50
    offset: Offset = 0


@router.get("/prototypes", response={200: PrototypePage, **READ})
def list_prototypes(request: HttpRequest, page: Query[PrototypePageQuery]) -> PrototypePage:
    """Every prototype, decided ones included; the result is read one by one."""
    _viewer(request.user)
    qs = Prototype.objects.order_by("-decision_on", "pk")
    rows = qs.prefetch_related("trial_districts", "comparison_districts")[
        page.offset : page.offset + page.limit
    ]
    return PrototypePage(
        count=qs.count(), items=[_prototype_out(p, with_result=False) for p in rows]
    )


@router.get("/prototypes/{prototype_id}", response={200: PrototypeOut, **READ})
def read_prototype(request: HttpRequest, prototype_id: Id) -> PrototypeOut:
    """The prototype with trial vs comparison on its success metric."""
    _viewer(request.user)
    return _prototype_out(get_object_or_404(Prototype, pk=prototype_id))


class PrototypeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: Short
    hypothesis: Text
    intervention: Text
    target_group: Text
    success_metric: Short = ""
    comparison_group: Text
    trial_start: dt.date | None = None
    trial_end: dt.date | None = None
    decision_on: dt.date | None = None
    trial_districts: list[Id] = Field(default=[], max_length=500)
    comparison_districts: list[Id] = Field(default=[], max_length=500)


@router.post("/prototypes", response={201: PrototypeOut, **WRITE})
def register_prototype(request: HttpRequest, payload: PrototypeIn) -> Status:
    _decider(request.user)
    prototype = services.register_prototype(
        actor=request.user,
        data=services.PrototypeData(**payload.model_dump()),
        source=api_source(request),
    )
    return Status(201, _prototype_out(prototype))


class PrototypeDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: PrototypeDecision
    note: Text
    justification: Text = ""


@router.post("/prototypes/{prototype_id}/decision", response={200: PrototypeOut, **WRITE})
def decide_prototype(
    request: HttpRequest, prototype_id: Id, payload: PrototypeDecisionIn
) -> PrototypeOut:
    _decider(request.user)
    prototype = services.decide_prototype(
        actor=request.user,
        prototype=get_object_or_404(Prototype, pk=prototype_id),
        decision=payload.decision,
        note=payload.note,
        justification=payload.justification,
        source=api_source(request),
    )
    return _prototype_out(prototype)
