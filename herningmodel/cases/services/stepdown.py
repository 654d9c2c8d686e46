"""A follow-up's step-down that acts: end the running intervention and start the lower step.

In the Herning model the step-down is decided at the follow-up, with the family. A caseworker
who records "step down" expects the child to be on the lower step afterwards, not a note that
something should happen. A new intervention is still an administrative decision (afgørelse) with
its legal basis and purpose, so the step-down carries that decision and ``record_follow_up``
writes the follow-up, the decision (``make_decision``: the same rules, child talk included),
the lower-step episode and the end of the running one in one transaction, and links them on the
follow-up. The running episode ends the day before the lower step starts (reason "step down"),
so the child is never on both and the cost ledger (trimmed by ``end_episode``, extended by
``start_episode``) shows the change from the first day. Any refusal writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.cases.models import Case, ChildTalk, Decision
from herningmodel.cases.services.decisions import EpisodeData, make_decision
from herningmodel.cases.services.errors import Errors
from herningmodel.staircase import services as staircase
from herningmodel.staircase.models import EndReason, Episode, InterventionType, Provider

PREFIX = "step_down_"


@dataclass(frozen=True)
class StepDownData:
    """What the follow-up decides: which intervention ends, and the decision for the lower one."""

    episode: Episode | None
    legal_basis: str
    purpose: str
    expected_duration_months: int
    intervention_type: InterventionType | None
    provider: Provider | None
    start: dt.date | None
    planned_volume: Decimal | None = None
    planned_end: dt.date | None = None
    legal_item: str = ""
    child_talk: ChildTalk | None = None


def check_step_down(
    errors: Errors, case: Case, held_on: dt.date, data: StepDownData | None
) -> None:
    """The step-down's own rules, collected with the follow-up's before anything is written."""
    if data is None:
        errors.add(
            f"{PREFIX}episode",
            _("Choose the intervention that ends and the lower step that starts."),
            "step_down_missing",
        )
        return
    episode = data.episode
    if episode is None:
        errors.add(f"{PREFIX}episode", _("Choose the intervention that ends."), "required")
    elif episode.child_id != case.child_id or episode.end is not None:
        errors.add(
            f"{PREFIX}episode",
            _("Choose an intervention of this child that is still running."),
            "not_running",
        )
    for name in ("intervention_type", "provider", "start"):
        if getattr(data, name) is None:
            errors.add(f"{PREFIX}{name}", _("This field is required."), "required")
    kind = data.intervention_type
    if episode is not None and kind is not None and kind.step.number >= episode.step.number:
        errors.add(
            f"{PREFIX}intervention_type",
            _("A step-down starts an intervention on a lower step than the one that ends."),
            "not_lower_step",
        )
    if data.start is not None:
        if data.start < held_on:
            errors.add(
                f"{PREFIX}start",
                _("The lower step cannot start before the follow-up."),
                "before_follow_up",
            )
        elif episode is not None and data.start <= episode.start:
            errors.add(
                f"{PREFIX}start",
                _("The lower step must start after the intervention that ends."),
                "before_episode",
            )


def _prefixed(error: ValidationError) -> ValidationError:
    """The decision's field errors named as the step-down's fields (``step_down_…``)."""
    if not hasattr(error, "error_dict"):
        return ValidationError({f"{PREFIX}__all__": error.error_list})
    renamed: dict[str, list[ValidationError]] = {}
    for name, messages in error.error_dict.items():
        field = name.removeprefix("episodes.0.")
        key = "__all__" if field == "__all__" else f"{PREFIX}{field}"
        renamed.setdefault(key, []).extend(messages)
    return ValidationError(renamed)


def step_down(
    *, actor: User, case: Case, held_on: dt.date, data: StepDownData, source: str
) -> tuple[Episode, Decision]:
    """End the running episode and make the lower-step decision; call inside the follow-up's
    transaction after ``check_step_down`` found nothing (a refusal here rolls it all back)."""
    assert data.episode is not None
    assert data.start is not None
    assert data.intervention_type is not None
    assert data.provider is not None
    try:
        ended = staircase.end_episode(
            actor=actor,
            episode=data.episode,
            end=data.start - dt.timedelta(days=1),
            reason=EndReason.STEP_DOWN,
            expected_version=data.episode.version,
            source=source,
        )
        decision = make_decision(
            actor=actor,
            case=case,
            legal_basis=data.legal_basis,
            legal_item=data.legal_item,
            decided_on=held_on,
            purpose=data.purpose,
            expected_duration_months=data.expected_duration_months,
            child_talk=data.child_talk,
            episodes=[
                EpisodeData(
                    data.intervention_type,
                    data.provider,
                    data.start,
                    planned_end=data.planned_end,
                    planned_volume=data.planned_volume,
                )
            ],
            source=source,
        )
    except ValidationError as error:
        raise _prefixed(error) from error
    return ended, decision
