"""Prototypes: registered with a metric and a decision date, decided on their result."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from herningmodel.coordination import services
from herningmodel.coordination.effect import compare, wilson
from herningmodel.coordination.models import Prototype
from tests.coordination.test_services import codes

ADVISER = services.PrototypeData(
    title="Financial adviser in the job centre",
    hypothesis="Debt advice moves parents on benefits toward work.",
    intervention="A financial adviser meets the parent every other week.",
    target_group="Parents on benefits in Familier på vej",
    success_metric="Share in work or education after 6 months",
    comparison_group="Parents on benefits in the other districts",
    trial_start=dt.date(2024, 1, 1),
    trial_end=dt.date(2024, 6, 30),
    decision_on=dt.date(2024, 8, 1),
)


def test_wilson_interval_holds_the_share() -> None:
    share = wilson(3, 40)
    assert share.low < 0.075 < share.high
    assert share.low >= 0
    assert share.high <= 1


def test_no_difference_is_not_clear() -> None:
    result = compare(4, 40, 5, 42)
    assert result.low < 0 < result.high
    assert not result.clear
    assert compare(30, 40, 5, 42).clear


def test_the_adviser_who_moved_no_one_is_stopped_and_stays_visible(world) -> None:  # type: ignore[no-untyped-def]
    actor = world.manager
    prototype = services.register_prototype(actor=actor, data=ADVISER, source="test")
    services.record_result(
        actor=actor,
        prototype=prototype,
        trial_n=40,
        trial_successes=4,
        comparison_n=42,
        comparison_successes=5,
        source="test",
    )
    services.decide_prototype(
        actor=actor, prototype=prototype, decision="stop", note="No effect.", source="test"
    )
    prototype.refresh_from_db()
    assert prototype.decision == "stop"
    assert Prototype.objects.filter(decision="stop").exists()


def test_a_prototype_without_metric_or_decision_date_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    data = services.PrototypeData(
        **{**ADVISER.__dict__, "success_metric": " ", "decision_on": None}
    )
    with pytest.raises(ValidationError) as caught:
        services.register_prototype(actor=world.manager, data=data, source="test")
    assert codes(caught.value) == {"no_metric", "no_decision_date"}
    assert not Prototype.objects.exists()


def test_a_decision_needs_a_result(world) -> None:  # type: ignore[no-untyped-def]
    prototype = services.register_prototype(actor=world.manager, data=ADVISER, source="test")
    with pytest.raises(ValidationError) as caught:
        services.decide_prototype(
            actor=world.manager, prototype=prototype, decision="scale", note="x", source="test"
        )
    assert codes(caught.value) == {"no_result"}
