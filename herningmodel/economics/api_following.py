"""The business-case page's ledger side in the API: the baseline calibrated from the cost
ledger, adopting a scenario version, and following the adopted one quarter by quarter.

The same permission (costs), the same functions (``calibration.calibrate``,
``services.adopt_scenario``, ``services.follow_adopted``) and the same disclosure control as
the pages: roles without case access to every team get figures about 1–4 children as null with
``suppressed`` set and the reason ``suppressed_reason: "fewer_than_5_children"``, where the
pages show a hidden amount as a dash with a footnote and hidden children as "<5"
(``monitoring.hidden``).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field

from herningmodel.access.policy import Perm, User, has_perm
from herningmodel.api import ErrorOut
from herningmodel.economics import calibration, realisation, services
from herningmodel.economics.api import Id, ScenarioSummary, _forbidden, _invalid, _summary
from herningmodel.economics.models import Adoption, Scenario
from herningmodel.economics.scenario import ScenarioError
from herningmodel.economics.validation import STEPS
from herningmodel.monitoring import hidden
from herningmodel.monitoring.board import sees_small_cells

router = Router(tags=["economics"])

READ = {401: ErrorOut, 403: ErrorOut}
Reason = hidden.Reason | None
REASON_HELP = "Why the figures are hidden (they are then null); null when shown."


def _suppress(user: User) -> bool:
    """Disclosure control as on the pages: only case access to every team sees small cells."""
    return not sees_small_cells(user)


class CalibrationStepOut(BaseModel):
    step: int
    children: float | None
    cost_per_child: float | None
    suppressed: bool
    suppressed_reason: Reason = Field(description=REASON_HELP)


class CalibrationOut(BaseModel):
    first_month: dt.date
    last_month: dt.date
    steps: list[CalibrationStepOut]


@router.get("/calibration", response={200: CalibrationOut, **READ})
def read_calibration(request: HttpRequest) -> CalibrationOut | Status:
    """The baseline from the last 12 closed months of the cost ledger, per step: child-years
    and cost per child-year, as the business-case page shows it to copy into a scenario."""
    if not has_perm(request.user, Perm.VIEW_COSTS):
        return _forbidden()
    calibrated = calibration.calibrate()
    small = calibration.small_steps(calibrated) if _suppress(request.user) else set()
    return CalibrationOut(
        first_month=calibrated.first_month,
        last_month=calibrated.last_month,
        steps=[
            CalibrationStepOut(
                step=i + 1,
                children=None if i in small else calibrated.children[i],
                cost_per_child=None if i in small else calibrated.cost_per_child[i],
                suppressed=i in small,
                suppressed_reason=hidden.reason(i in small),
            )
            for i in range(len(calibrated.children))
        ],
    )


class AdoptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scenario_id: Id
    starts_on: dt.date


class AdoptionOut(BaseModel):
    id: int
    scenario: ScenarioSummary
    starts_on: dt.date
    adopted_by_id: int
    adopted_at: dt.datetime


def _adoption_out(adoption: Adoption) -> AdoptionOut:
    return AdoptionOut(
        id=adoption.pk,
        scenario=_summary(adoption.scenario),
        starts_on=adoption.starts_on,
        adopted_by_id=adoption.adopted_by_id,
        adopted_at=adoption.adopted_at,
    )


@router.post(
    "/adoptions",
    response={201: AdoptionOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def adopt(request: HttpRequest, payload: AdoptionIn) -> Status:
    """Adopt a saved scenario version as the plan that benefit realisation follows, from the
    first day of a quarter; the current adoption ends. Both are audited, as on the page."""
    if not has_perm(request.user, Perm.VIEW_COSTS):
        return _forbidden()
    scenario = Scenario.objects.filter(pk=payload.scenario_id).first()
    if scenario is None:
        message = forms.ModelChoiceField.default_error_messages["invalid_choice"]
        raise ValidationError({"scenario_id": ValidationError(message, code="invalid_choice")})
    if not realisation.is_quarter_start(payload.starts_on):
        raise ValidationError(
            {
                "starts_on": ValidationError(
                    _(
                        "Choose the first day of a quarter "
                        "(1 January, 1 April, 1 July or 1 October)."
                    ),
                    code="not_quarter_start",
                )
            }
        )
    try:
        adoption = services.adopt_scenario(
            scenario,
            starts_on=payload.starts_on,
            actor=request.user,  # type: ignore[arg-type]
        )
    except ScenarioError as exc:  # valid when saved; a later schema change may reject it
        return _invalid(exc)
    return Status(201, _adoption_out(adoption))


class RealisationStepOut(BaseModel):
    step: int
    forecast_spend: float
    forecast_children: float
    actual_spend: float | None
    actual_children: float | None
    spend_gap: float | None
    children_gap: float | None
    suppressed: bool
    suppressed_reason: Reason = Field(description=REASON_HELP)


class RealisationQuarterOut(BaseModel):
    number: int
    label: str
    start: dt.date
    year: int
    forecast_savings: float
    band_low: float
    band_high: float
    actual_savings: float | None
    gap: float | None
    below_band: bool
    suppressed: bool
    suppressed_reason: Reason = Field(description=REASON_HELP)
    steps: list[RealisationStepOut]


class RealisationWarningOut(BaseModel):
    code: str
    quarter: int
    label: str
    shortfall: float | None
    suppressed: bool
    suppressed_reason: Reason = Field(description=REASON_HELP)


class RealisationOut(BaseModel):
    adoption: AdoptionOut | None
    error: str
    banded: bool
    suppressed: bool
    quarters: list[RealisationQuarterOut]
    step_totals: list[RealisationStepOut]
    forecast_savings: float | None
    actual_savings: float | None
    gap: float | None
    warnings: list[RealisationWarningOut]


def _step_out(gap: realisation.StepGap, shown: bool) -> RealisationStepOut:
    return RealisationStepOut(
        step=gap.step,
        forecast_spend=gap.forecast_spend,
        forecast_children=gap.forecast_children,
        actual_spend=gap.actual_spend if shown else None,
        actual_children=gap.actual_children if shown else None,
        spend_gap=gap.spend_gap if shown else None,
        children_gap=gap.children_gap if shown else None,
        suppressed=not shown,
        suppressed_reason=hidden.reason(not shown),
    )


def realisation_out(following: services.Following | None) -> RealisationOut:
    """The realisation page's figures, hidden cells as null: ``following.shows`` decides."""
    empty = RealisationOut(
        adoption=None,
        error="",
        banded=False,
        suppressed=False,
        quarters=[],
        step_totals=[],
        forecast_savings=None,
        actual_savings=None,
        gap=None,
        warnings=[],
    )
    if following is None:
        return empty
    adoption = _adoption_out(following.adoption)
    result = following.result
    if result is None:
        return empty.model_copy(update={"adoption": adoption, "error": following.error})
    total_row = len(result.rows)
    total_shown = following.shows(total_row, STEPS)
    shown_rows = {r.number for i, r in enumerate(result.rows) if following.shows(i, STEPS)}
    return RealisationOut(
        adoption=adoption,
        error="",
        banded=bool(following.scenario and following.scenario.distributions),
        suppressed=bool(following.hidden),
        quarters=[
            RealisationQuarterOut(
                number=r.number,
                label=r.label,
                start=r.start,
                year=r.year,
                forecast_savings=r.forecast_savings,
                band_low=r.band_low,
                band_high=r.band_high,
                actual_savings=r.actual_savings if r.number in shown_rows else None,
                gap=r.gap if r.number in shown_rows else None,
                below_band=r.below_band,
                suppressed=r.number not in shown_rows,
                suppressed_reason=hidden.reason(r.number not in shown_rows),
                steps=[_step_out(g, following.shows(i, g.step - 1)) for g in r.steps],
            )
            for i, r in enumerate(result.rows)
        ],
        step_totals=[
            _step_out(g, following.shows(total_row, g.step - 1)) for g in result.step_totals()
        ],
        forecast_savings=result.forecast_savings,
        actual_savings=result.actual_savings if total_shown else None,
        gap=result.gap if total_shown else None,
        warnings=[
            RealisationWarningOut(
                code=w.code,
                quarter=w.quarter.number,
                label=w.quarter.label,
                shortfall=w.shortfall if w.quarter.number in shown_rows else None,
                suppressed=w.quarter.number not in shown_rows,
                suppressed_reason=hidden.reason(w.quarter.number not in shown_rows),
            )
            for w in result.warnings
        ],
    )


@router.get("/realisation", response={200: RealisationOut, **READ})
def read_realisation(request: HttpRequest) -> RealisationOut | Status:
    """The adopted scenario's forecast against the cost ledger's closed quarters, with the
    early warnings (``savings_below_band``); ``adoption`` is null when none is adopted."""
    if not has_perm(request.user, Perm.VIEW_COSTS):
        return _forbidden()
    return realisation_out(services.follow_adopted(suppress=_suppress(request.user)))
