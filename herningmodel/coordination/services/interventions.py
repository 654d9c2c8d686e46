""" "What don't you need from us?": running interventions, the family's wish, and ending one."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit.models import EventType
from herningmodel.cases.services.errors import Errors, user_id
from herningmodel.coordination.access import contact_departments
from herningmodel.coordination.models import Department, FamilyCoordination, RunningIntervention
from herningmodel.coordination.services.trail import family_event


def register_intervention(
    *,
    actor: User,
    coordination: FamilyCoordination,
    department: str,
    description: str,
    started_on: dt.date,
    source: str,
) -> RunningIntervention:
    errors = Errors()
    if not coordination.is_open:
        errors.add("__all__", _("The coordination has ended."), "coordination_ended")
    if department not in Department.values:
        errors.add("department", _("Unknown department."), "invalid_choice")
    if not description.strip():
        errors.add("description", _("This field is required."), "required")
    errors.not_future("started_on", started_on, _("The date cannot be in the future."))
    errors.raise_if_any()
    with transaction.atomic():
        intervention = RunningIntervention.objects.create(
            coordination=coordination,
            department=department,
            description=description.strip(),
            started_on=started_on,
        )
        family_event(
            EventType.CREATE,
            coordination,
            intervention,
            actor=actor,
            source=source,
            department=department,
            started_on=started_on,
        )
    return intervention


def record_family_wish_to_end(
    *, actor: User, intervention: RunningIntervention, source: str
) -> RunningIntervention:
    errors = Errors()
    if not intervention.is_running:
        errors.add("__all__", _("The intervention has already ended."), "already_ended")
    elif intervention.family_wants_ended:
        errors.add("__all__", _("The family's wish is already recorded."), "already_recorded")
    errors.raise_if_any()
    with transaction.atomic():
        intervention.family_wants_ended = True
        intervention.save(update_fields=["family_wants_ended"])
        family_event(
            EventType.UPDATE,
            intervention.coordination,
            intervention,
            actor=actor,
            source=source,
            family_wants_ended=True,
        )
    return intervention


def end_intervention(
    *,
    actor: User,
    intervention: RunningIntervention,
    ended_on: dt.date,
    reason: str,
    source: str,
) -> RunningIntervention:
    """Ending is the owning department's decision: only its contact (with consent) may end it."""
    errors = Errors()
    coordination = intervention.coordination
    if not intervention.is_running:
        errors.add("__all__", _("The intervention has already ended."), "already_ended")
    if intervention.department not in contact_departments(
        actor, coordination, timezone.localdate()
    ):
        errors.add(
            "__all__",
            _("Only %(department)s can decide to end its intervention."),
            "other_department",
            department=intervention.get_department_display(),
        )
    if not reason.strip():
        errors.add("reason", _("Give the reason for ending."), "required")
    errors.not_future("ended_on", ended_on, _("The date cannot be in the future."))
    if ended_on < intervention.started_on:
        errors.add("ended_on", _("It cannot end before it started."), "before_start")
    errors.raise_if_any()
    with transaction.atomic():
        intervention.ended_on = ended_on
        intervention.end_reason = reason.strip()
        intervention.ended_by_id = user_id(actor)
        intervention.save(update_fields=["ended_on", "end_reason", "ended_by"])
        family_event(
            EventType.UPDATE,
            coordination,
            intervention,
            actor=actor,
            source=source,
            ended_on=ended_on,
            end_reason=intervention.end_reason,
            family_wants_ended=intervention.family_wants_ended,
        )
    return intervention
