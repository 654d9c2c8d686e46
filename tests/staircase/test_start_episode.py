"""Starting an episode: step and team are fixed, rules apply, bad input writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from herningmodel.audit.models import AuditEvent
from herningmodel.staircase import services
from herningmodel.staircase.models import Episode, LedgerEntry

pytestmark = pytest.mark.django_db


def _codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def _start(world, kind, provider, **kwargs):
    return services.start_episode(
        actor=world.caseworker_a,
        child=world.child_a,
        intervention_type=kind,
        provider=provider,
        **kwargs,
    )


def test_an_episode_takes_its_step_and_the_childs_team_and_is_audited(world, catalogue):
    episode = _start(
        world,
        catalogue.consultant,
        catalogue.provider,
        start=dt.date(2024, 1, 1),
        planned_volume=Decimal(3),
    )
    assert episode.step.number == 3
    assert episode.area_team == world.child_a.area_team
    assert episode.district == world.child_a.district
    event = AuditEvent.objects.get(event_type="episode_started", child_id=world.child_a.pk)
    assert event.changes["new"]["type"] == "test-consultant"
    assert event.changes["direction"] == "first"
    assert LedgerEntry.objects.filter(episode=episode).exists()


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        (
            {"start": dt.date(2024, 5, 1), "planned_end": dt.date(2024, 4, 30)},
            "planned_end",
            "end_before_start",
        ),
        ({"start": dt.date(2015, 6, 1)}, "start", "no_price_in_force"),
        (
            {"start": dt.date(2024, 5, 1), "planned_volume": None},
            "planned_volume",
            "volume_required",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(world, catalogue, kwargs, field, code):
    kwargs.setdefault("planned_volume", Decimal(2))
    with pytest.raises(ValidationError) as caught:
        _start(world, catalogue.consultant, catalogue.provider, **kwargs)
    assert code in _codes(caught.value)[field]
    assert not Episode.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert not AuditEvent.objects.filter(event_type="episode_started").exists()


def test_a_placement_without_recent_support_needs_a_justification(world, catalogue):
    with pytest.raises(ValidationError) as caught:
        _start(world, catalogue.foster, catalogue.provider, start=dt.date(2024, 5, 1))
    assert _codes(caught.value) == {"justification": ["justification_required"]}
    assert not Episode.objects.exists()

    episode = _start(
        world,
        catalogue.foster,
        catalogue.provider,
        start=dt.date(2024, 5, 1),
        justification="Violence at home; network not available.",
    )
    assert episode.justification.startswith("Violence")


def test_a_network_placement_after_home_based_support_needs_no_justification(world, catalogue):
    from tests.staircase.conftest import make_type

    network = make_type("test-network", 4, "day", "§ 43")
    network.prices.create(
        provider=catalogue.provider, valid_from=dt.date(2016, 1, 1), amount=Decimal("480.00")
    )
    _start(world, catalogue.home_support, catalogue.provider, start=dt.date(2024, 1, 1))
    placement = _start(world, network, catalogue.provider, start=dt.date(2024, 5, 1))
    assert placement.justification == ""


def test_a_step_down_never_needs_a_justification(world, catalogue):
    foster = _start(
        world,
        catalogue.foster,
        catalogue.provider,
        start=dt.date(2024, 5, 1),
        justification="Two steps up: documented in the assessment.",
    )
    services.end_episode(
        actor=world.caseworker_a,
        episode=foster,
        end=dt.date(2024, 9, 30),
        reason="step_down",
        expected_version=1,
    )
    down = _start(world, catalogue.home_support, catalogue.provider, start=dt.date(2024, 10, 1))
    assert down.justification == ""
    event = AuditEvent.objects.filter(event_type="episode_started").last()
    assert event.changes["direction"] == "down"
