"""Registering a prototype, and deciding on its measured result: stop, adjust or scale."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.cases.services.errors import Errors, plain, user_id
from herningmodel.coordination.judgement import Departure, Reading, departure, read, stored
from herningmodel.coordination.metric import GroupCount, Measured, count, metric
from herningmodel.coordination.models import Prototype, PrototypeDecision
from herningmodel.organisation.models import District


@dataclass(frozen=True)
class PrototypeData:
    title: str
    hypothesis: str
    intervention: str
    target_group: str
    success_metric: str
    comparison_group: str
    trial_start: dt.date | None
    trial_end: dt.date | None
    decision_on: dt.date | None
    trial_districts: list[int] = field(default_factory=list)
    comparison_districts: list[int] = field(default_factory=list)


def _check_groups(errors: Errors, data: PrototypeData) -> None:
    known = set(
        District.objects.filter(
            pk__in=[*data.trial_districts, *data.comparison_districts]
        ).values_list("pk", flat=True)
    )
    for name in ("trial_districts", "comparison_districts"):
        ids = getattr(data, name)
        if not ids:
            errors.add(name, _("Choose at least one district."), "required")
        elif not set(ids) <= known:
            errors.add(name, _("One or more of the districts do not exist."), "unknown_district")
    if set(data.trial_districts) & set(data.comparison_districts):
        errors.add(
            "comparison_districts",
            _("A district cannot be in both the trial and the comparison group."),
            "overlapping_groups",
        )


def register_prototype(*, actor: User, data: PrototypeData, source: str) -> Prototype:
    errors = Errors()
    for name in ("title", "hypothesis", "intervention", "target_group", "comparison_group"):
        if not str(getattr(data, name)).strip():
            errors.add(name, _("This field is required."), "required")
    if not data.success_metric.strip():
        errors.add("success_metric", _("Say how success is measured before trying."), "no_metric")
    elif metric(data.success_metric.strip()) is None:
        errors.add(
            "success_metric",
            _("Choose the success metric among the monitoring indicators that are shares."),
            "unknown_metric",
        )
    if data.decision_on is None:
        errors.add(
            "decision_on", _("Set the date when the prototype is decided."), "no_decision_date"
        )
    if data.trial_start is None:
        errors.add("trial_start", _("This field is required."), "required")
    if data.trial_end is None:
        errors.add("trial_end", _("This field is required."), "required")
    if data.trial_start and data.trial_end and data.trial_end < data.trial_start:
        errors.add("trial_end", _("The trial cannot end before it starts."), "before_start")
    if data.trial_end and data.decision_on and data.decision_on < data.trial_end:
        errors.add(
            "decision_on", _("Decide after the trial has ended."), "decision_before_trial_end"
        )
    _check_groups(errors, data)
    errors.raise_if_any()
    fields = {
        k: v.strip() if isinstance(v, str) else v
        for k, v in asdict(data).items()
        if k not in ("trial_districts", "comparison_districts")
    }
    with transaction.atomic():
        prototype = Prototype.objects.create(registered_by_id=user_id(actor), **fields)
        prototype.trial_districts.set(data.trial_districts)
        prototype.comparison_districts.set(data.comparison_districts)
        audit.record(
            EventType.CREATE,
            actor=actor,
            obj=prototype,
            source=source,
            changes={k: plain(v) for k, v in asdict(data).items()},
        )
    return prototype


def _stored(successes: int, n: int) -> GroupCount:
    # As monitoring's share(): 0 % or 100 % describes everyone, otherwise the smaller part.
    return GroupCount(successes, n, n if successes in (0, n) else min(successes, n - successes))


def measure(prototype: Prototype) -> Measured | None:
    """Trial vs comparison on the success metric: as decided, or as it stands today."""
    if prototype.has_result:
        return Measured(
            _stored(prototype.trial_successes or 0, prototype.trial_n or 0),
            _stored(prototype.comparison_successes or 0, prototype.comparison_n or 0),
        )
    indicator = metric(prototype.success_metric)
    if indicator is None:
        return None
    trial = [d.pk for d in prototype.trial_districts.all()]
    comparison = [d.pk for d in prototype.comparison_districts.all()]
    start, end = prototype.trial_start, prototype.trial_end
    return Measured(count(indicator, start, end, trial), count(indicator, start, end, comparison))


def reading(prototype: Prototype, measured: Measured | None) -> Reading | None:
    """How the result reads for the decision (``judgement.read``), or None without a result."""
    result = measured.comparison_result if measured else None
    indicator = metric(prototype.success_metric)
    if measured is None or result is None or indicator is None:
        return None
    return read(result, indicator.good, hidden=measured.suppressed)


def decided_against(prototype: Prototype) -> Departure | None:
    """How a made decision departs from the result it was made on (shown with its reason)."""
    kept = stored(prototype.result_reading)
    if not prototype.decision or kept is None:
        return None
    return departure(prototype.decision, kept)


_DEPARTURE_MESSAGES = {
    "result_hidden": _(
        "The result is hidden because a group describes fewer than 5 children. Say why you "
        "decide without it."
    ),
    "interval_too_wide": _(
        "The interval is too wide to tell no effect from a large one. Adjust and try again, or "
        "say why you decide anyway."
    ),
    "contradicts_result": _(
        "The decision goes against the measured result. Say why, so it can be shown beside "
        "the decision."
    ),
}


def decide_prototype(
    *,
    actor: User,
    prototype: Prototype,
    decision: str,
    note: str,
    source: str,
    justification: str = "",
) -> Prototype:
    """Decide on the measured result, and keep the counts decided on with the prototype.

    A decision that the result does not support (hidden, too wide, or against it; see
    ``coordination.judgement``) is refused unless a justification is recorded with it.
    """
    errors = Errors()
    today = timezone.localdate()
    if prototype.decision:
        errors.add("__all__", _("The prototype is already decided."), "already_decided")
    if decision not in PrototypeDecision.values:
        errors.add("decision", _("Choose stop, adjust or scale."), "invalid_choice")
    if today < prototype.decision_on:
        errors.add("decision", _("The decision date has not come yet."), "too_early")
    measured = None if prototype.decision else measure(prototype)
    if not prototype.decision and (measured is None or measured.comparison_result is None):
        errors.add(
            "__all__",
            _("The success metric has no cases in one of the groups over the trial period."),
            "no_result",
        )
    if not note.strip():
        errors.add("note", _("Say why."), "required")
    read_as = None if prototype.decision else reading(prototype, measured)
    valid = decision in PrototypeDecision.values
    departs = departure(decision, read_as) if read_as and valid else None
    if departs and not justification.strip():
        errors.add("justification", _DEPARTURE_MESSAGES[departs.value], departs.value)
    errors.raise_if_any()
    assert measured is not None
    with transaction.atomic():
        prototype.trial_n, prototype.trial_successes = measured.trial.n, measured.trial.successes
        prototype.comparison_n = measured.comparison.n
        prototype.comparison_successes = measured.comparison.successes
        prototype.decision = decision
        prototype.decided_on = today
        prototype.decision_note = note.strip()
        prototype.result_reading = read_as.value if read_as else ""
        prototype.justification = justification.strip()
        prototype.save()
        audit.record(
            EventType.UPDATE,
            actor=actor,
            obj=prototype,
            source=source,
            changes={
                "decision": decision,
                "decided_on": plain(today),
                "note": note.strip(),
                "result_reading": prototype.result_reading,
                "justification": prototype.justification,
                "trial": [measured.trial.successes, measured.trial.n],
                "comparison": [measured.comparison.successes, measured.comparison.n],
            },
        )
    return prototype
