"""Prototypes: a success metric from monitoring, measured for trial vs comparison districts.

The figures below are worked out by hand. Trial: 7 of 12 cases opened before birth or at age 0;
Wilson 95 %: 0.3195–0.8067. Comparison: 5 of 20; Wilson 95 %: 0.1119–0.4687. Difference 0.3333;
Newcombe's interval: 0.3333 − √((0.5833−0.3195)² + (0.4687−0.25)²) = −0.0094 and
0.3333 + √((0.8067−0.5833)² + (0.25−0.1119)²) = 0.5960: it includes zero, so no clear effect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from herningmodel.coordination import services
from herningmodel.coordination.effect import compare, wilson
from herningmodel.coordination.metric import eligible
from herningmodel.coordination.models import Prototype
from herningmodel.organisation.models import District
from tests.conftest import World
from tests.coordination.conftest import open_cases
from tests.coordination.test_services import codes

METRIC = "opened_before_birth_or_age_0"

ADVISER = services.PrototypeData(
    title="Financial adviser in the job centre",
    hypothesis="Debt advice steadies families so that help comes early.",
    intervention="A financial adviser meets the parent every other week.",
    target_group="Families in the trial district",
    success_metric=METRIC,
    comparison_group="Families in the other district",
    trial_start=dt.date(2024, 1, 1),
    trial_end=dt.date(2024, 6, 30),
    decision_on=dt.date(2024, 8, 1),
)


def adviser(trial: District, other: District) -> services.PrototypeData:
    return replace(ADVISER, trial_districts=[trial.pk], comparison_districts=[other.pk])


def test_wilson_interval_by_hand() -> None:
    share = wilson(7, 12)
    assert (share.low, share.high) == pytest.approx((0.3195, 0.8067), abs=1e-4)


def test_newcombe_difference_by_hand() -> None:
    result = compare(7, 12, 5, 20)
    assert result.difference == pytest.approx(0.3333, abs=1e-4)
    assert (result.low, result.high) == pytest.approx((-0.0094, 0.5960), abs=1e-4)
    assert not result.clear
    assert compare(30, 40, 5, 42).clear


def test_only_monitoring_shares_can_be_success_metrics() -> None:
    ids = {i.id for i in eligible()}
    assert METRIC in ids
    assert "age_at_opening" not in ids  # a mean, not a share
    assert "cost_per_child" not in ids


def test_the_metric_is_measured_for_trial_and_comparison(world: World, groups) -> None:  # type: ignore[no-untyped-def]
    prototype = services.register_prototype(
        actor=world.manager, data=adviser(*groups), source="test"
    )
    measured = services.measure(prototype)
    assert measured is not None
    assert (measured.trial.successes, measured.trial.n) == (7, 12)
    assert (measured.comparison.successes, measured.comparison.n) == (5, 20)
    assert not measured.suppressed
    result = measured.comparison_result
    assert result is not None
    assert (result.low, result.high) == pytest.approx((-0.0094, 0.5960), abs=1e-4)


def test_a_stopped_prototype_keeps_the_result_it_was_decided_on(world: World, groups) -> None:  # type: ignore[no-untyped-def]
    prototype = services.register_prototype(
        actor=world.manager, data=adviser(*groups), source="test"
    )
    services.decide_prototype(
        actor=world.manager,
        prototype=prototype,
        decision="stop",
        note="No effect.",
        justification="The interval is wide, but the network saw no change in two years.",
        source="test",
    )
    # Data keep arriving after the decision; the decided result does not move.
    open_cases(world, groups[0], 10, 0, dt.date(2024, 5, 1))
    prototype.refresh_from_db()
    assert prototype.decision == "stop"
    assert (prototype.trial_successes, prototype.trial_n) == (7, 12)
    measured = services.measure(prototype)
    assert measured is not None
    assert (measured.trial.successes, measured.trial.n) == (7, 12)


def test_a_prototype_without_metric_or_decision_date_is_refused(world: World, groups) -> None:  # type: ignore[no-untyped-def]
    data = replace(adviser(*groups), success_metric=" ", decision_on=None)
    with pytest.raises(ValidationError) as caught:
        services.register_prototype(actor=world.manager, data=data, source="test")
    assert codes(caught.value) == {"no_metric", "no_decision_date"}
    assert not Prototype.objects.exists()


def test_bad_metrics_and_groups_are_refused(world: World, groups) -> None:  # type: ignore[no-untyped-def]
    trial, _other = groups
    data = replace(
        ADVISER,
        success_metric="age_at_opening",
        trial_districts=[trial.pk],
        comparison_districts=[trial.pk, 999_999],
    )
    with pytest.raises(ValidationError) as caught:
        services.register_prototype(actor=world.manager, data=data, source="test")
    assert codes(caught.value) == {"unknown_metric", "unknown_district", "overlapping_groups"}
    assert not Prototype.objects.exists()


def test_a_decision_needs_a_result(world: World) -> None:
    empty = [
        District.objects.create(municipality=world.team_a.district.municipality, name=n)
        for n in ("Empty A", "Empty B")
    ]
    data = replace(ADVISER, trial_districts=[empty[0].pk], comparison_districts=[empty[1].pk])
    prototype = services.register_prototype(actor=world.manager, data=data, source="test")
    with pytest.raises(ValidationError) as caught:
        services.decide_prototype(
            actor=world.manager, prototype=prototype, decision="scale", note="x", source="test"
        )
    assert codes(caught.value) == {"no_result"}
