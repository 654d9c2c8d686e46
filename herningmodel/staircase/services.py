"""Starting and ending episodes, setting prices and recalculating the ledger.

Every write runs in ``transaction.atomic`` together with its audit event and the ledger rows it
changes, so a price or an episode can never be saved without its costs (or the reverse).
Errors are Django ``ValidationError``s keyed by field with stable codes (see ``Code``).
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.people.models import Child
from herningmodel.people.services import ConflictError
from herningmodel.staircase import costing, rules
from herningmodel.staircase.ledger import (
    episodes_of_price,
    first_open_month,
    month_costs,
    rebuild_ledgers,
    recalculate_ledger,
    trim_ledger,
)
from herningmodel.staircase.models import (
    EndReason,
    Episode,
    InterventionType,
    LedgerEntry,
    Price,
    Provider,
    Unit,
)

__all__ = [
    "Code",
    "ConflictError",
    "end_episode",
    "month_costs",
    "rebuild_ledgers",
    "recalculate_closed_months",
    "recalculate_ledger",
    "set_price",
    "start_episode",
]

Actor = User | None


class Code(enum.StrEnum):
    END_BEFORE_START = "end_before_start"
    NO_PRICE = "no_price_in_force"
    JUSTIFICATION_REQUIRED = "justification_required"
    VOLUME_REQUIRED = "volume_required"
    INACTIVE = "inactive"
    ALREADY_ENDED = "already_ended"
    INVALID_REASON = "invalid_reason"
    REQUIRED = "required"
    NEGATIVE_PRICE = "negative_price"
    DUPLICATE_PRICE = "duplicate_price"


def _error(field: str, message: Any, code: Code) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=str(code))})


def _snapshot(episode: Episode) -> dict[str, Any]:
    return {
        "type": episode.intervention_type.code,
        "provider": episode.provider.name,
        "step": episode.intervention_type.step.number,
        "start": episode.start.isoformat(),
        "planned_end": episode.planned_end.isoformat() if episode.planned_end else None,
        "end": episode.end.isoformat() if episode.end else None,
        "end_reason": episode.end_reason,
        "planned_volume": str(episode.planned_volume) if episode.planned_volume else None,
        "justification": episode.justification,
    }


def price_in_force(
    provider: Provider, intervention_type: InterventionType, day: dt.date
) -> Price | None:
    return (
        Price.objects.filter(
            provider=provider, intervention_type=intervention_type, valid_from__lte=day
        )
        .order_by("-valid_from")
        .first()
    )


def assess(child: Child, step: int, start: dt.date) -> rules.Assessment:
    spans = [
        rules.Span(number, s, e)
        for number, s, e in Episode.objects.filter(child=child).values_list(
            "step__number", "start", "end"
        )
    ]
    return rules.assess(spans, step, start)


def start_episode(
    *,
    actor: Actor,
    child: Child,
    intervention_type: InterventionType,
    provider: Provider,
    start: dt.date,
    planned_end: dt.date | None = None,
    planned_volume: Decimal | None = None,
    justification: str = "",
    source: str = "",
) -> Episode:
    """Start an intervention for a child; raises ValidationError (nothing written) on bad input."""
    errors: dict[str, ValidationError] = {}
    if planned_end is not None and planned_end < start:
        errors["planned_end"] = ValidationError(
            _("The planned end is before the start."), code=Code.END_BEFORE_START
        )
    if not intervention_type.active:
        errors["intervention_type"] = ValidationError(
            _("This intervention type is no longer offered."), code=Code.INACTIVE
        )
    if not provider.active:
        errors["provider"] = ValidationError(
            _("This provider is no longer used."), code=Code.INACTIVE
        )
    if intervention_type.unit == Unit.HOUR and planned_volume is None:
        errors["planned_volume"] = ValidationError(
            _("Give the planned hours per week."), code=Code.VOLUME_REQUIRED
        )
    if price_in_force(provider, intervention_type, start) is None:
        errors["start"] = ValidationError(
            _("The provider has no price for this intervention on the start date."),
            code=Code.NO_PRICE,
        )
    with transaction.atomic():
        # Lock the child so two episodes started at once are judged against each other.
        Child.objects.select_for_update().filter(pk=child.pk).first()
        assessment = assess(child, intervention_type.step.number, start)
        if assessment.justification_required and not justification.strip():
            errors["justification"] = ValidationError(
                _(
                    "Write why this step is needed: it is two or more steps up, or a placement "
                    "without preventive or home-based help in the last 12 months."
                ),
                code=Code.JUSTIFICATION_REQUIRED,
            )
        if errors:
            raise ValidationError(errors)
        episode = Episode(
            child=child,
            intervention_type=intervention_type,
            provider=provider,
            step=intervention_type.step,
            district_id=child.district_id,
            area_team_id=child.area_team_id,
            start=start,
            planned_end=planned_end,
            planned_volume=planned_volume,
            justification=justification.strip(),
        )
        episode.full_clean()
        episode.save()
        # A new episode is a fact for every month it covers, closed or not.
        recalculate_ledger(episode, include_closed=True)
        audit.record(
            EventType.EPISODE_STARTED,
            actor=actor,
            child_id=child.pk,
            obj=episode,
            changes={"new": _snapshot(episode), "direction": str(assessment.direction)},
            source=source,
        )
    return episode


def end_episode(
    *,
    actor: Actor,
    episode: Episode,
    end: dt.date,
    reason: str,
    expected_version: int,
    source: str = "",
) -> Episode:
    """End an episode; ConflictError when someone changed it after ``expected_version``."""
    if reason not in EndReason.values:
        raise _error("reason", _("Choose a reason for ending."), Code.INVALID_REASON)
    if end < episode.start:
        raise _error("end", _("The end is before the start."), Code.END_BEFORE_START)
    with transaction.atomic():
        current = (
            Episode.objects.select_for_update()
            .filter(pk=episode.pk)
            .values_list("version", "end")
            .first()
        )
        if current is None or current[0] != expected_version:
            raise ConflictError
        if current[1] is not None:
            raise _error("end", _("The intervention has already ended."), Code.ALREADY_ENDED)
        before = _snapshot(episode)
        episode.end = end
        episode.end_reason = reason
        episode.version = expected_version + 1
        episode.full_clean()
        episode.save()
        trim_ledger(episode)
        audit.record(
            EventType.EPISODE_ENDED,
            actor=actor,
            child_id=episode.child_id,
            obj=episode,
            changes=audit.diff(before, _snapshot(episode)),
            source=source,
        )
    return episode


def set_price(
    *,
    actor: Actor,
    provider: Provider,
    intervention_type: InterventionType,
    valid_from: dt.date | None,
    amount: Decimal | None,
    source: str = "",
    today: dt.date | None = None,
) -> Price:
    """Add a price from a date on and recompute the open months of the episodes it affects."""
    errors: dict[str, ValidationError] = {}
    if valid_from is None:
        errors["valid_from"] = ValidationError(
            _("Give the date the price applies from."), code=Code.REQUIRED
        )
    if amount is None:
        errors["amount"] = ValidationError(_("Give the price."), code=Code.REQUIRED)
    elif amount < 0:
        errors["amount"] = ValidationError(
            _("A price cannot be negative."), code=Code.NEGATIVE_PRICE
        )
    if errors:
        raise ValidationError(errors)
    assert valid_from is not None
    assert amount is not None
    with transaction.atomic():
        if Price.objects.filter(
            provider=provider, intervention_type=intervention_type, valid_from=valid_from
        ).exists():
            raise _error(
                "valid_from",
                _("This provider already has a price for this type from that date."),
                Code.DUPLICATE_PRICE,
            )
        previous = price_in_force(provider, intervention_type, valid_from)
        price = Price(
            provider=provider,
            intervention_type=intervention_type,
            valid_from=valid_from,
            amount=amount,
            created_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
        )
        price.full_clean()
        price.save()
        month_from = max(first_open_month(today), costing.month_start(valid_from))
        affected = episodes_of_price(provider.pk, intervention_type.pk, valid_from)
        rebuild_ledgers(episodes=affected, month_from=month_from, today=today)
        audit.record(
            EventType.PRICE_SET,
            actor=actor,
            obj=price,
            changes={
                "provider": provider.name,
                "type": intervention_type.code,
                "valid_from": valid_from.isoformat(),
                "amount": str(amount),
                "previous": str(previous.amount) if previous else None,
                "recalculated_from": month_from.isoformat(),
            },
            source=source,
        )
    return price


def _total_from(month: dt.date) -> Decimal:
    total = LedgerEntry.objects.filter(month__gte=month).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def recalculate_closed_months(
    *, actor: Actor, month_from: dt.date, source: str = "", today: dt.date | None = None
) -> int:
    """The controller's explicit recalculation of every month from ``month_from``, audited."""
    start = costing.month_start(month_from)
    with transaction.atomic():
        before = _total_from(start)
        written = rebuild_ledgers(month_from=start, include_closed=True, today=today)
        after = _total_from(start)
        audit.record(
            EventType.LEDGER_RECALCULATED,
            actor=actor,
            changes={
                "month_from": start.isoformat(),
                "entries": written,
                "total": {"old": str(before), "new": str(after)},
            },
            source=source,
        )
    return written
