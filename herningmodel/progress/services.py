"""Recording a progression measurement: every dimension of the instrument, within its range."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.cases.services.errors import user_id
from herningmodel.people.models import Child
from herningmodel.progress.models import Instrument, Measurement, Score


def check_scores(instrument: Instrument, scores: Mapping[str, int]) -> dict[str, list[Any]]:
    """Field-keyed errors for a score set; empty when it is complete and in range."""
    errors: dict[str, list[Any]] = {}
    dimensions = {d.code: d for d in instrument.dimensions.all()}
    for code in scores.keys() - dimensions.keys():
        errors.setdefault(f"scores.{code}", []).append(
            ValidationError(_("Unknown dimension."), code="unknown_dimension")
        )
    for code, dimension in dimensions.items():
        value = scores.get(code)
        if value is None:
            errors.setdefault(f"scores.{code}", []).append(
                ValidationError(_("Score every dimension."), code="required")
            )
        elif not dimension.minimum <= value <= dimension.maximum:
            errors.setdefault(f"scores.{code}", []).append(
                ValidationError(
                    _("The score must be between %(min)s and %(max)s."),
                    code="out_of_range",
                    params={"min": dimension.minimum, "max": dimension.maximum},
                )
            )
    return errors


def record_measurement(
    *,
    actor: User,
    child: Child,
    instrument: Instrument,
    measured_on: dt.date,
    scores: Mapping[str, int],
    case_id: int | None = None,
    follow_up_id: int | None = None,
    source: str,
) -> Measurement:
    errors = check_scores(instrument, scores)
    if measured_on > timezone.localdate():
        errors.setdefault("measured_on", []).append(
            ValidationError(_("The date cannot be in the future."), code="in_future")
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        measurement = Measurement.objects.create(
            child=child,
            instrument=instrument,
            measured_on=measured_on,
            case_id=case_id,
            follow_up_id=follow_up_id,
            measured_by_id=user_id(actor),
        )
        dimensions = {d.code: d for d in instrument.dimensions.all()}
        Score.objects.bulk_create(
            Score(measurement=measurement, dimension=dimensions[code], value=value)
            for code, value in scores.items()
        )
        audit.record(
            EventType.CREATE,
            actor=actor,
            child_id=child.pk,
            obj=measurement,
            source=source,
            changes={"instrument": instrument.code, "scores": dict(scores)},
        )
    return measurement
