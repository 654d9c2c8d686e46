"""Shared steps for case-work tests: a child walked through the process with fixed past dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from herningmodel.cases import services
from herningmodel.cases.models import Case, NotificationOutcome, NotificationSource
from herningmodel.cases.services.decisions import EpisodeData
from herningmodel.staircase.models import InterventionType, Price

CPH = ZoneInfo("Europe/Copenhagen")
SRC = "test"


def at(y: int, m: int, d: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(y, m, d, hour, tzinfo=CPH)


def priced_type(step: int) -> tuple[InterventionType, object]:
    """A shipped intervention type on the step, with a provider that has a price for it."""
    price = (
        Price.objects.filter(
            intervention_type__step__number=step, valid_from__lte=dt.date(2025, 1, 1)
        )
        .select_related("intervention_type", "provider")
        .order_by("intervention_type__code")
        .first()
    )
    assert price is not None, f"no shipped price on step {step}"
    return price.intervention_type, price.provider


def open_case_by_notification(world, opened: dt.date = dt.date(2025, 1, 8)) -> Case:  # type: ignore[no-untyped-def]
    actor = world.caseworker_a
    notification = services.receive_notification(
        actor=actor,
        child=world.child_a,
        source=NotificationSource.SCHOOL,
        received_at=at(2025, 1, 6),
        content="Asta kommer ofte sulten i skole.",
        notifier="Skolelærer (fiktiv)",
        origin=SRC,
    )
    services.record_acute_assessment(
        actor=actor,
        notification=notification,
        assessed_at=at(2025, 1, 6, 15),
        in_danger=False,
        acute_measures=False,
        origin=SRC,
    )
    services.record_receipt(
        actor=actor, notification=notification, sent_on=dt.date(2025, 1, 9), origin=SRC
    )
    services.conclude_notification(
        actor=actor,
        notification=notification,
        outcome=NotificationOutcome.ASSESSMENT,
        on=opened,
        caseworker=actor,
        origin=SRC,
    )
    notification.refresh_from_db()
    assert notification.case is not None
    return notification.case


def section_32_decision(world, case: Case, *, decided: dt.date = dt.date(2025, 4, 3)):  # type: ignore[no-untyped-def]
    talk = services.record_child_talk(
        actor=world.caseworker_a,
        case=case,
        held_on=decided - dt.timedelta(days=10),
        child_views="Asta vil gerne have ro derhjemme.",
        source=SRC,
    )
    kind, provider = priced_type(3)
    return services.make_decision(
        actor=world.caseworker_a,
        case=case,
        legal_basis="32",
        legal_item="stk. 1, nr. 3",
        decided_on=decided,
        purpose="Familiebehandling så Asta får ro og struktur.",
        expected_duration_months=6,
        child_talk=talk,
        plan_choice=True,
        episodes=[
            EpisodeData(
                intervention_type=kind,
                provider=provider,
                start=decided + dt.timedelta(days=4),
                planned_volume=Decimal("3"),
            )
        ],
        source=SRC,
    )
