"""The business case in the API: run a scenario, save it as a new version, read saved ones.

The same permission (costs), the same parser and engine (``scenario.parse``,
``reports.analyse``) and the same audited save (``services.save_scenario``) as the page.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from herningmodel.access.policy import Perm, has_perm
from herningmodel.api import ErrorOut, FieldErrorOut
from herningmodel.economics import reports, services
from herningmodel.economics.models import Scenario
from herningmodel.economics.scenario import MAX_TOML, ScenarioError, parse

router = Router(tags=["economics"])

Toml = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TOML, pattern=r"^[^\x00]*$")]
Id = Annotated[int, Field(ge=1, le=2**53)]


class ScenarioIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    toml: Toml = Field(description="A scenario file (docs/business-case.md).")


class ScenarioFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Annotated[int, Field(ge=0, le=10**9)] = 0


class ScenarioSummary(BaseModel):
    id: int
    name: str
    version: int
    created_at: dt.datetime


class ScenarioPage(BaseModel):
    count: int
    items: list[ScenarioSummary]


class AnalysisOut(BaseModel):
    scenario: ScenarioSummary | None = Field(description="The saved version; null for a dry run.")
    analysis: dict[str, Any] = Field(
        description="NPV, break-even, yearly rows, Monte Carlo bands and tornado, as the JSON "
        "export of `herningmodel businesscase`."
    )


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: such a figure is given as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _summary(s: Scenario) -> ScenarioSummary:
    return ScenarioSummary(id=s.pk, name=s.name, version=s.version, created_at=s.created_at)


def _forbidden() -> Status:
    return Status(403, ErrorOut(code="forbidden", message=_("Your role cannot see costs.")))


def _invalid(exc: ScenarioError) -> Status:
    return Status(
        400,
        ErrorOut(
            code="invalid_scenario",
            message=str(exc),
            errors=[FieldErrorOut(field=exc.field, code="invalid", message=exc.message)],
        ),
    )


Errors = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


@router.post("/analyses", response={200: AnalysisOut, **Errors})
def analyse(request: HttpRequest, payload: ScenarioIn) -> AnalysisOut | Status:
    """Run a scenario without saving it."""
    if not has_perm(request.user, Perm.VIEW_COSTS):
        return _forbidden()
    try:
        analysis = reports.analyse(parse(payload.toml))
    except ScenarioError as exc:
        return _invalid(exc)
    return AnalysisOut(scenario=None, analysis=_finite(reports.as_dict(analysis)))


@router.post("/scenarios", response={201: AnalysisOut, **Errors})
def save(request: HttpRequest, payload: ScenarioIn) -> Status:
    """Save a scenario as the next version of its name (audited), and return its analysis."""
    if not has_perm(request.user, Perm.VIEW_COSTS):
        return _forbidden()
    try:
        saved, parsed = services.save_scenario(payload.toml, actor=request.user)  # type: ignore[arg-type]
        analysis = reports.analyse(parsed)
    except ScenarioError as exc:
        return _invalid(exc)
    return Status(
        201,
        AnalysisOut(scenario=_summary(saved), analysis=_finite(reports.as_dict(analysis))),
    )


@router.get("/scenarios", response={200: ScenarioPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut})
def list_scenarios(request: HttpRequest, filters: Query[ScenarioFilters]) -> ScenarioPage | Status:
    if not has_perm(request.user, Perm.VIEW_COSTS):
        return _forbidden()
    qs = Scenario.objects.order_by("name", "-version")
    page = qs[filters.offset : filters.offset + filters.limit]
    return ScenarioPage(count=qs.count(), items=[_summary(s) for s in page])


@router.get(
    "/scenarios/{scenario_id}",
    response={200: AnalysisOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def read_scenario(request: HttpRequest, scenario_id: Id) -> AnalysisOut | Status:
    if not has_perm(request.user, Perm.VIEW_COSTS):
        return _forbidden()
    scenario = Scenario.objects.filter(pk=scenario_id).first()
    if scenario is None:
        raise Http404
    try:
        analysis = reports.analyse(parse(scenario.toml))
    except ScenarioError as exc:  # valid when saved; a later schema change may not accept it
        raise Http404 from exc
    return AnalysisOut(scenario=_summary(scenario), analysis=_finite(reports.as_dict(analysis)))
