"""A prototype decision must follow its measured result, or say why it does not.

The rules (``coordination.judgement``): a clear improvement supports scaling, a clear worsening
or a narrow "no clear difference" supports stopping, adjusting is always supported by a visible
result; a hidden result, an interval too wide to decide on, or a decision against the result is
refused unless a justification is recorded, which is then shown beside the decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError

from herningmodel.coordination import services
from herningmodel.coordination.effect import compare
from herningmodel.coordination.judgement import (
    MAX_WIDTH,
    Departure,
    Reading,
    consistent_decision,
    departure,
    read,
)
from herningmodel.coordination.models import Prototype
from herningmodel.monitoring.indicators import Good
from herningmodel.organisation.models import District
from tests.conftest import World
from tests.coordination.conftest import open_cases
from tests.coordination.test_prototypes import ADVISER
from tests.coordination.test_services import codes

JSON = "application/json"


def test_a_clear_interval_is_an_improvement_or_a_worsening_by_the_indicators_direction() -> None:
    fewer = compare(5, 42, 30, 40)  # trial share clearly lower
    assert fewer.clear
    assert read(fewer, Good.DOWN, hidden=False) is Reading.IMPROVED
    assert read(fewer, Good.UP, hidden=False) is Reading.WORSENED
    assert read(fewer, Good.NEITHER, hidden=False) is Reading.DIFFERENT


def test_an_interval_including_zero_is_inconclusive_when_wider_than_the_limit() -> None:
    wide = compare(7, 12, 5, 20)  # −0.0094 to 0.5960
    assert wide.high - wide.low > MAX_WIDTH
    assert read(wide, Good.UP, hidden=False) is Reading.INCONCLUSIVE
    narrow = compare(100, 200, 98, 200)
    assert not narrow.clear
    assert narrow.high - narrow.low <= MAX_WIDTH
    assert read(narrow, Good.UP, hidden=False) is Reading.NO_CLEAR_DIFFERENCE


def test_a_hidden_result_reads_as_hidden_whatever_it_shows() -> None:
    assert read(compare(5, 42, 30, 40), Good.DOWN, hidden=True) is Reading.HIDDEN


@pytest.mark.parametrize(
    ("decision", "reading", "expected"),
    [
        ("scale", Reading.IMPROVED, None),
        ("stop", Reading.IMPROVED, Departure.CONTRADICTS_RESULT),
        ("stop", Reading.NO_CLEAR_DIFFERENCE, None),
        ("stop", Reading.WORSENED, None),
        ("scale", Reading.WORSENED, Departure.CONTRADICTS_RESULT),
        ("scale", Reading.NO_CLEAR_DIFFERENCE, Departure.CONTRADICTS_RESULT),
        ("stop", Reading.INCONCLUSIVE, Departure.INTERVAL_TOO_WIDE),
        ("scale", Reading.INCONCLUSIVE, Departure.INTERVAL_TOO_WIDE),
        ("adjust", Reading.INCONCLUSIVE, None),
        ("adjust", Reading.HIDDEN, Departure.RESULT_HIDDEN),
        ("stop", Reading.HIDDEN, Departure.RESULT_HIDDEN),
    ],
)
def test_the_decision_rule_table(decision: str, reading: Reading, expected: Departure) -> None:
    assert departure(decision, reading) is expected


def test_the_consistent_decision_never_departs_from_a_visible_result() -> None:
    for reading in Reading:
        if reading is not Reading.HIDDEN:
            assert departure(consistent_decision(reading), reading) is None


@pytest.fixture
def clear_gain(world: World) -> Prototype:
    """Trial 14 of 19 opened early vs 5 of 20: a clear improvement on an up-is-good metric."""
    trial, other = (
        District.objects.create(municipality=world.team_a.district.municipality, name=n)
        for n in ("Gain", "Base")
    )
    open_cases(world, trial, 14, 5, dt.date(2024, 3, 1))
    open_cases(world, other, 5, 15, dt.date(2024, 3, 1))
    data = replace(ADVISER, trial_districts=[trial.pk], comparison_districts=[other.pk])
    return services.register_prototype(actor=world.manager, data=data, source="test")


def decide(world: World, prototype: Prototype, decision: str, justification: str = "") -> None:
    services.decide_prototype(
        actor=world.manager,
        prototype=prototype,
        decision=decision,
        note="Decided at the steering meeting.",
        justification=justification,
        source="test",
    )


def test_stopping_a_clear_improvement_is_refused_without_a_justification(
    world: World, clear_gain: Prototype
) -> None:
    with pytest.raises(ValidationError) as caught:
        decide(world, clear_gain, "stop")
    assert codes(caught.value) == {"contradicts_result"}
    clear_gain.refresh_from_db()
    assert clear_gain.decision == ""
    assert clear_gain.trial_n is None


def test_stopping_a_clear_improvement_with_a_justification_keeps_it_beside_the_decision(
    world: World, login, clear_gain: Prototype
) -> None:  # type: ignore[no-untyped-def]
    decide(world, clear_gain, "stop", "The aim was work; the metric moved, nobody got a job.")
    clear_gain.refresh_from_db()
    assert clear_gain.result_reading == "improved"
    assert services.decided_against(clear_gain) is Departure.CONTRADICTS_RESULT
    client = login(world.manager)
    page = client.get(f"/coordination/prototypes/{clear_gain.pk}/").content.decode()
    assert "nobody got a job" in page
    assert "en tydelig forbedring" in page
    api = client.get(f"/api/prototypes/{clear_gain.pk}").json()
    assert api["departure"] == "contradicts_result"
    assert api["justification"].startswith("The aim was work")
    assert api["result"]["reading"] == "improved"


def test_scaling_a_clear_improvement_needs_no_justification(
    world: World, clear_gain: Prototype
) -> None:
    decide(world, clear_gain, "scale")
    clear_gain.refresh_from_db()
    assert (clear_gain.decision, clear_gain.result_reading) == ("scale", "improved")
    assert services.decided_against(clear_gain) is None


def test_an_interval_too_wide_is_adjusted_or_decided_with_a_reason(world: World, groups) -> None:  # type: ignore[no-untyped-def]
    trial, other = groups
    data = replace(ADVISER, trial_districts=[trial.pk], comparison_districts=[other.pk])
    prototype = services.register_prototype(actor=world.manager, data=data, source="test")
    with pytest.raises(ValidationError) as caught:
        decide(world, prototype, "stop")
    assert codes(caught.value) == {"interval_too_wide"}
    decide(world, prototype, "adjust")
    prototype.refresh_from_db()
    assert (prototype.decision, prototype.result_reading) == ("adjust", "inconclusive")


def test_a_hidden_result_is_decided_only_with_a_reason(world: World, login) -> None:  # type: ignore[no-untyped-def]
    trial, other = (
        District.objects.create(municipality=world.team_a.district.municipality, name=n)
        for n in ("Few", "Many")
    )
    open_cases(world, trial, 2, 10, dt.date(2024, 3, 1))  # two children singled out
    open_cases(world, other, 6, 10, dt.date(2024, 3, 1))
    data = replace(ADVISER, trial_districts=[trial.pk], comparison_districts=[other.pk])
    prototype = services.register_prototype(actor=world.manager, data=data, source="test")
    client = login(world.manager)
    url = f"/api/prototypes/{prototype.pk}/decision"
    refused = client.post(url, {"decision": "adjust", "note": "x"}, content_type=JSON)
    assert refused.status_code == 422
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [
        ("justification", "result_hidden")
    ]
    assert Prototype.objects.get().decision == ""
    page = client.post(
        f"/coordination/prototypes/{prototype.pk}/",
        {"decision-decision": "stop", "decision-note": "x"},
    )
    assert page.status_code == 422
    assert "skjult" in page.content.decode()
    reason = "The pilot was too small to measure; the network saw no change."
    decided = client.post(
        url, {"decision": "stop", "note": "x", "justification": reason}, content_type=JSON
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["departure"] == "result_hidden"
    assert decided.json()["result"] == {"suppressed": True, "method": "newcombe"} | {
        k: None for k in ("trial", "comparison", "difference", "low", "high", "clear")
    } | {"reading": "hidden"}
