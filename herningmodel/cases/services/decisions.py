"""Decisions and the intervention episodes they start on the staircase."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit.models import EventType
from herningmodel.cases.models import Case, ChildTalk, Decision, LegalBasis
from herningmodel.cases.models.decision import NEEDS_CHILD_TALK
from herningmodel.cases.services.errors import Errors, audit_change, user_id
from herningmodel.staircase import services as staircase
from herningmodel.staircase.models import InterventionType, Provider


@dataclass(frozen=True)
class EpisodeData:
    intervention_type: InterventionType
    provider: Provider
    start: dt.date
    planned_end: dt.date | None = None
    planned_volume: Decimal | None = None
    justification: str = ""


def _check(
    errors: Errors,
    case: Case,
    *,
    legal_basis: str,
    decided_on: dt.date,
    purpose: str,
    expected_duration_months: int,
    acute: bool,
    consent: bool | None,
    child_talk: ChildTalk | None,
) -> None:
    if not case.is_open:
        errors.add("__all__", _("The case is closed."), "case_closed")
    if legal_basis not in LegalBasis.values:
        errors.add("legal_basis", _("Choose the legal basis of the decision."), "legal_basis")
        return
    if decided_on < case.opened_on:
        errors.add(
            "decided_on", _("A decision cannot come before the case was opened."), "before_opened"
        )
    errors.not_future("decided_on", decided_on, _("A decision cannot be made in the future."))
    if not purpose.strip():
        errors.add("purpose", _("A decision must state its purpose."), "required")
    if not 1 <= expected_duration_months <= 240:
        errors.add(
            "expected_duration_months",
            _("Give the expected duration in months (1–240)."),
            "out_of_range",
        )
    if legal_basis in NEEDS_CHILD_TALK:
        if child_talk is None or child_talk.case_id != case.pk:
            errors.add(
                "child_talk",
                _("Record the talk with the child, or why it was not held, before this decision."),
                "child_talk_missing",
            )
        elif child_talk.day is not None and child_talk.day > decided_on:
            errors.add(
                "child_talk",
                _("The talk with the child must come before the decision."),
                "child_talk_after_decision",
            )
    if legal_basis == LegalBasis.S46:
        if consent is not True:
            errors.add(
                "consent",
                _("A § 46 placement needs consent; without it the basis is § 47."),
                "consent_required",
            )
        finished = case.assessments.filter(finished_on__lte=decided_on).exists()
        if not finished and not acute:
            errors.add(
                "legal_basis",
                _("A placement needs a finished child assessment unless it is acute."),
                "assessment_required",
            )
    if legal_basis == LegalBasis.S47 and consent is True:
        errors.add("consent", _("With consent the basis is § 46, not § 47."), "consent_given")


def make_decision(
    *,
    actor: User,
    case: Case,
    legal_basis: str,
    decided_on: dt.date,
    purpose: str,
    expected_duration_months: int,
    legal_item: str = "",
    acute: bool = False,
    consent: bool | None = None,
    child_talk: ChildTalk | None = None,
    plan_choice: bool | None = None,
    episodes: list[EpisodeData] | tuple[EpisodeData, ...] = (),
    source: str,
) -> Decision:
    """Save the decision and start its interventions together: all or nothing."""
    errors = Errors()
    _check(
        errors,
        case,
        legal_basis=legal_basis,
        decided_on=decided_on,
        purpose=purpose,
        expected_duration_months=expected_duration_months,
        acute=acute,
        consent=consent,
        child_talk=child_talk,
    )
    for index, episode in enumerate(episodes):
        if episode.start < decided_on:
            errors.add(
                f"episodes.{index}.start",
                _("An intervention cannot start before the decision."),
                "before_decision",
            )
    errors.raise_if_any()
    with transaction.atomic():
        decision = Decision.objects.create(
            case=case,
            legal_basis=legal_basis,
            legal_item=legal_item,
            decided_on=decided_on,
            purpose=purpose,
            expected_duration_months=expected_duration_months,
            acute=acute,
            consent=consent,
            child_talk=child_talk,
            plan_choice=plan_choice if legal_basis == LegalBasis.S32 else None,
            plan_choice_on=decided_on
            if legal_basis == LegalBasis.S32 and plan_choice is not None
            else None,
            decided_by_id=user_id(actor),
        )
        audit_change(
            EventType.CREATE,
            decision,
            case.child_id,
            actor=actor,
            source=source,
            legal_basis=legal_basis,
            decided_on=decided_on,
            acute=acute,
        )
        for index, data in enumerate(episodes):
            try:
                started = staircase.start_episode(
                    actor=actor,
                    child=case.child,
                    intervention_type=data.intervention_type,
                    provider=data.provider,
                    start=data.start,
                    planned_end=data.planned_end,
                    planned_volume=data.planned_volume,
                    justification=data.justification,
                    source=source,
                )
            except ValidationError as error:
                raise ValidationError(
                    {f"episodes.{index}.{field}": msgs for field, msgs in error.error_dict.items()}
                    if hasattr(error, "error_dict")
                    else {f"episodes.{index}": error.error_list}
                ) from error
            decision.episodes.add(started)
    return decision


def record_plan_choice(
    *, actor: User, decision: Decision, make_plan: bool, on: dt.date, source: str
) -> Decision:
    """After a § 32 decision the caseworker records whether a child's plan will be made."""
    errors = Errors()
    if decision.legal_basis != LegalBasis.S32:
        errors.add(
            "plan_choice",
            _("Only a § 32 decision leaves the plan to a choice."),
            "not_section_32",
        )
    if on < decision.decided_on:
        errors.add("on", _("The choice cannot come before the decision."), "before_decision")
    errors.not_future("on", on, _("The date cannot be in the future."))
    errors.raise_if_any()
    with transaction.atomic():
        decision.plan_choice = make_plan
        decision.plan_choice_on = on
        decision.save(update_fields=["plan_choice", "plan_choice_on"])
        audit_change(
            EventType.UPDATE,
            decision,
            decision.case.child_id,
            actor=actor,
            source=source,
            plan_choice=make_plan,
        )
    return decision
