"""Registering a prototype, recording its result, and deciding: stop, adjust or scale."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.cases.services.errors import Errors, plain, user_id
from herningmodel.coordination.models import Prototype, PrototypeDecision


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


def register_prototype(*, actor: User, data: PrototypeData, source: str) -> Prototype:
    errors = Errors()
    for name in ("title", "hypothesis", "intervention", "target_group", "comparison_group"):
        if not str(getattr(data, name)).strip():
            errors.add(name, _("This field is required."), "required")
    if not data.success_metric.strip():
        errors.add("success_metric", _("Say how success is measured before trying."), "no_metric")
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
    errors.raise_if_any()
    with transaction.atomic():
        prototype = Prototype.objects.create(
            registered_by_id=user_id(actor),
            **{k: v.strip() if isinstance(v, str) else v for k, v in asdict(data).items()},
        )
        audit.record(
            EventType.CREATE,
            actor=actor,
            obj=prototype,
            source=source,
            changes={k: plain(v) for k, v in asdict(data).items()},
        )
    return prototype


def record_result(
    *,
    actor: User,
    prototype: Prototype,
    trial_n: int,
    trial_successes: int,
    comparison_n: int,
    comparison_successes: int,
    source: str,
) -> Prototype:
    errors = Errors()
    for group, n, successes in (
        ("trial", trial_n, trial_successes),
        ("comparison", comparison_n, comparison_successes),
    ):
        if n < 1:
            errors.add(f"{group}_n", _("The group needs at least one person."), "empty_group")
        if not 0 <= successes <= n:
            errors.add(
                f"{group}_successes",
                _("Between 0 and the number in the group."),
                "out_of_range",
            )
    errors.raise_if_any()
    with transaction.atomic():
        prototype.trial_n, prototype.trial_successes = trial_n, trial_successes
        prototype.comparison_n, prototype.comparison_successes = comparison_n, comparison_successes
        prototype.save()
        audit.record(
            EventType.UPDATE,
            actor=actor,
            obj=prototype,
            source=source,
            changes={
                "trial": [trial_successes, trial_n],
                "comparison": [comparison_successes, comparison_n],
            },
        )
    return prototype


def decide_prototype(
    *, actor: User, prototype: Prototype, decision: str, note: str, source: str
) -> Prototype:
    errors = Errors()
    today = timezone.localdate()
    if prototype.decision:
        errors.add("__all__", _("The prototype is already decided."), "already_decided")
    if decision not in PrototypeDecision.values:
        errors.add("decision", _("Choose stop, adjust or scale."), "invalid_choice")
    if today < prototype.decision_on:
        errors.add("decision", _("The decision date has not come yet."), "too_early")
    if not prototype.has_result:
        errors.add("__all__", _("Record the result before deciding."), "no_result")
    if not note.strip():
        errors.add("note", _("Say why."), "required")
    errors.raise_if_any()
    with transaction.atomic():
        prototype.decision = decision
        prototype.decided_on = today
        prototype.decision_note = note.strip()
        prototype.save(update_fields=["decision", "decided_on", "decision_note"])
        audit.record(
            EventType.UPDATE,
            actor=actor,
            obj=prototype,
            source=source,
            changes={"decision": decision, "decided_on": plain(today), "note": note.strip()},
        )
    return prototype
