"""The child assessment (§ 20) and the talk with the child (§ 5)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit.models import EventType
from herningmodel.cases.models import Assessment, Case, ChildTalk
from herningmodel.cases.models.assessment import Recommendation
from herningmodel.cases.services.errors import Errors, audit_change, user_id


def _open_case_required(errors: Errors, case: Case) -> None:
    if not case.is_open:
        errors.add("__all__", _("The case is closed."), "case_closed")


def start_assessment(
    *, actor: User, case: Case, need_known_on: dt.date, started_on: dt.date, source: str
) -> Assessment:
    errors = Errors()
    _open_case_required(errors, case)
    if started_on < need_known_on:
        errors.add(
            "started_on",
            _("The assessment cannot start before the need became known."),
            "before_need_known",
        )
    errors.not_future("started_on", started_on, _("The date cannot be in the future."))
    if case.assessments.filter(finished_on__isnull=True).exists():
        errors.add(
            "__all__", _("The case already has an assessment in progress."), "assessment_open"
        )
    errors.raise_if_any()
    with transaction.atomic():
        assessment = Assessment.objects.create(
            case=case, need_known_on=need_known_on, started_on=started_on
        )
        audit_change(
            EventType.CREATE,
            assessment,
            case.child_id,
            actor=actor,
            source=source,
            need_known_on=need_known_on,
            started_on=started_on,
        )
    return assessment


def record_preliminary_assessment(
    *, actor: User, assessment: Assessment, on: dt.date, text: str, source: str
) -> Assessment:
    errors = Errors()
    if assessment.is_finished:
        errors.add("__all__", _("The assessment is already finished."), "assessment_finished")
    if on < assessment.started_on:
        errors.add("on", _("The date cannot be before the assessment started."), "before_started")
    errors.not_future("on", on, _("The date cannot be in the future."))
    if not text.strip():
        errors.add("text", _("Write the preliminary assessment."), "required")
    errors.raise_if_any()
    with transaction.atomic():
        assessment.preliminary_on = on
        assessment.preliminary_text = text
        assessment.save(update_fields=["preliminary_on", "preliminary_text"])
        audit_change(
            EventType.UPDATE,
            assessment,
            assessment.case.child_id,
            actor=actor,
            source=source,
            preliminary_on=on,
        )
    return assessment


def finish_assessment(
    *,
    actor: User,
    assessment: Assessment,
    finished_on: dt.date,
    conclusion: str,
    recommendation: str,
    child_development: str,
    parenting_capacity: str,
    family_and_network: str,
    source: str,
) -> Assessment:
    """The assessment covers all three sides of the ICS triangle and ends in a position."""
    errors = Errors()
    if assessment.is_finished:
        errors.add("__all__", _("The assessment is already finished."), "assessment_finished")
    if finished_on < assessment.started_on:
        errors.add(
            "finished_on",
            _("The assessment cannot finish before it started."),
            "before_started",
        )
    errors.not_future("finished_on", finished_on, _("The date cannot be in the future."))
    for field, text in (
        ("child_development", child_development),
        ("parenting_capacity", parenting_capacity),
        ("family_and_network", family_and_network),
        ("conclusion", conclusion),
    ):
        if not text.strip():
            errors.add(field, _("This field is required."), "required")
    if recommendation not in Recommendation.values:
        errors.add("recommendation", _("Choose a recommendation."), "invalid_choice")
    errors.raise_if_any()
    with transaction.atomic():
        assessment.finished_on = finished_on
        assessment.conclusion = conclusion
        assessment.recommendation = recommendation
        assessment.child_development = child_development
        assessment.parenting_capacity = parenting_capacity
        assessment.family_and_network = family_and_network
        assessment.full_clean()
        assessment.save()
        audit_change(
            EventType.UPDATE,
            assessment,
            assessment.case.child_id,
            actor=actor,
            source=source,
            finished_on=finished_on,
            recommendation=recommendation,
        )
    return assessment


def record_child_talk(
    *,
    actor: User,
    case: Case,
    held_on: dt.date | None = None,
    child_views: str = "",
    not_held_on: dt.date | None = None,
    not_held_reason: str = "",
    source: str,
) -> ChildTalk:
    """Either the talk was held, or the reason it was not is written down — never neither."""
    errors = Errors()
    _open_case_required(errors, case)
    if (held_on is None) == (not_held_on is None):
        errors.add(
            "held_on",
            _("Give either the date of the talk or the date it was decided not to hold it."),
            "held_or_not_held",
        )
    if not_held_on is not None and not not_held_reason.strip():
        errors.add(
            "not_held_reason",
            _("Write why the talk with the child was not held."),
            "reason_required",
        )
    day = held_on or not_held_on
    day_field = "held_on" if held_on is not None else "not_held_on"
    if day is not None and day < case.opened_on:
        errors.add(day_field, _("The date cannot be before the case was opened."), "before_opened")
    errors.not_future(day_field, day, _("The date cannot be in the future."))
    errors.raise_if_any()
    with transaction.atomic():
        talk = ChildTalk.objects.create(
            case=case,
            held_on=held_on,
            child_views=child_views,
            not_held_on=not_held_on,
            not_held_reason=not_held_reason,
            recorded_by_id=user_id(actor),
        )
        audit_change(
            EventType.CREATE,
            talk,
            case.child_id,
            actor=actor,
            source=source,
            held_on=held_on,
            not_held_on=not_held_on,
        )
    return talk
