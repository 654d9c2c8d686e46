"""The step-down a follow-up carries through the API: ids in, ``StepDownData`` out.

Kept apart from ``cases.api`` so the follow-up endpoint stays small; the rules are in
``cases.services.stepdown`` (the same for the page and the API).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from herningmodel.cases.models import Case, LegalBasis
from herningmodel.cases.services import StepDownData
from herningmodel.cases.services.stepdown import PREFIX
from herningmodel.staircase.models import Episode, InterventionType, Provider

_Id = Annotated[int, Field(ge=1, le=2**53)]
_Code = Annotated[str, StringConstraints(min_length=1, max_length=50, pattern=r"^[^\x00]*$")]
_Text = Annotated[str, StringConstraints(max_length=10_000, pattern=r"^[^\x00]*$")]


class StepDownIn(BaseModel):
    """The running intervention that ends and the decision for the lower step that starts."""

    model_config = ConfigDict(extra="forbid")
    episode_id: _Id = Field(description="The child's running intervention that ends.")
    legal_basis: LegalBasis
    legal_item: Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00]*$")] = ""
    purpose: _Text
    expected_duration_months: Annotated[int, Field(ge=1, le=240)]
    child_talk_id: _Id | None = None
    intervention_type: _Code = Field(description="Code of a type on a lower step.")
    provider_id: _Id
    start: dt.date = Field(description="The running intervention ends the day before.")
    planned_end: dt.date | None = None
    planned_volume: Annotated[Decimal, Field(ge=0, le=10_000, decimal_places=2)] | None = None


def step_down_data(case: Case, payload: StepDownIn | None) -> StepDownData | None:
    """Look the ids up (within the case where they belong to it); unknown ids are field errors."""
    if payload is None:
        return None
    episode = Episode.objects.filter(pk=payload.episode_id, child_id=case.child_id).first()
    kind = (
        InterventionType.objects.select_related("step")
        .filter(code=payload.intervention_type, active=True)
        .first()
    )
    provider = Provider.objects.filter(pk=payload.provider_id, active=True).first()
    talk = None
    errors: dict[str, ValidationError] = {}
    if payload.child_talk_id is not None:
        talk = case.child_talks.filter(pk=payload.child_talk_id).first()
        if talk is None:
            errors[f"{PREFIX}child_talk"] = ValidationError(
                _("Unknown talk with the child."), code="unknown"
            )
    for name, found, message in (
        ("episode", episode, _("Unknown intervention of this child.")),
        ("intervention_type", kind, _("Unknown intervention type.")),
        ("provider", provider, _("Unknown provider.")),
    ):
        if found is None:
            errors[f"{PREFIX}{name}"] = ValidationError(message, code="unknown")
    if errors:
        raise ValidationError(errors)
    return StepDownData(
        episode=episode,
        legal_basis=payload.legal_basis,
        legal_item=payload.legal_item,
        purpose=payload.purpose,
        expected_duration_months=payload.expected_duration_months,
        child_talk=talk,
        intervention_type=kind,
        provider=provider,
        start=payload.start,
        planned_end=payload.planned_end,
        planned_volume=payload.planned_volume,
    )
