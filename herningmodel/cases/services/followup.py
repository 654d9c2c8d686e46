"""Follow-up (§ 95): each one measures progression and decides what happens next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit.models import EventType
from herningmodel.cases.models import Case, FollowUp, FollowUpDecision, GoalMovement
from herningmodel.cases.queries import first_intervention_start
from herningmodel.cases.services.errors import Errors, audit_change, user_id
from herningmodel.cases.services.stepdown import PREFIX, StepDownData, check_step_down, step_down
from herningmodel.progress.models import Instrument
from herningmodel.progress.services import check_scores, record_measurement


def record_follow_up(
    *,
    actor: User,
    case: Case,
    held_on: dt.date,
    goals_moved: str,
    decision: str,
    instrument: Instrument,
    scores: Mapping[str, int],
    note: str = "",
    step_down_to: StepDownData | None = None,
    source: str,
) -> FollowUp:
    """A follow-up without a progression measurement is not a follow-up in the Herning model.

    A decision to step down acts (``services.stepdown``): ``step_down_to`` says which running
    intervention ends and which lower step starts under which decision, all written together.
    """
    errors = Errors()
    if not case.is_open:
        errors.add("__all__", _("The case is closed."), "case_closed")
    started = first_intervention_start(case)
    if started is None:
        errors.add("held_on", _("There is no intervention to follow up yet."), "no_intervention")
    elif held_on < started:
        errors.add(
            "held_on",
            _("A follow-up cannot come before the intervention started."),
            "before_intervention",
        )
    errors.not_future("held_on", held_on, _("The date cannot be in the future."))
    if goals_moved not in GoalMovement.values:
        errors.add("goals_moved", _("Say whether the goals moved."), "invalid_choice")
    if decision not in FollowUpDecision.values:
        errors.add("decision", _("Choose what happens next."), "invalid_choice")
    if decision == FollowUpDecision.STEP_DOWN:
        check_step_down(errors, case, held_on, step_down_to)
    elif step_down_to is not None:
        errors.add(
            f"{PREFIX}episode",
            _("Only a decision to step down ends and starts interventions."),
            "not_step_down",
        )
    for field, messages in check_scores(instrument, scores).items():
        for message in messages:
            errors.add(field, message.message, message.code or "invalid", **(message.params or {}))
    errors.raise_if_any()
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            case=case,
            held_on=held_on,
            goals_moved=goals_moved,
            decision=decision,
            note=note,
            recorded_by_id=user_id(actor),
        )
        record_measurement(
            actor=actor,
            child=case.child,
            instrument=instrument,
            measured_on=held_on,
            scores=scores,
            case_id=case.pk,
            follow_up_id=follow_up.pk,
            source=source,
        )
        acted: dict[str, int] = {}
        if decision == FollowUpDecision.STEP_DOWN and step_down_to is not None:
            ended, lower = step_down(
                actor=actor, case=case, held_on=held_on, data=step_down_to, source=source
            )
            follow_up.ended_episode, follow_up.step_down_decision = ended, lower
            follow_up.save(update_fields=["ended_episode", "step_down_decision"])
            acted = {"ended_episode": ended.pk, "step_down_decision": lower.pk}
        audit_change(
            EventType.CREATE,
            follow_up,
            case.child_id,
            actor=actor,
            source=source,
            held_on=held_on,
            goals_moved=goals_moved,
            decision=decision,
            **acted,
        )
    return follow_up
