"""The baseline from the ledger's last 12 closed months, by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from herningmodel.economics.calibration import calibrate, window
from herningmodel.staircase import costing, services

pytestmark = pytest.mark.django_db


def test_window_is_the_twelve_months_before_the_current_one() -> None:
    assert window(dt.date(2025, 1, 15)) == (dt.date(2024, 1, 1), dt.date(2024, 12, 1))
    assert window(dt.date(2025, 3, 1)) == (dt.date(2024, 3, 1), dt.date(2025, 2, 1))


def _episode(world, kind, child, start, end):  # type: ignore[no-untyped-def]
    episode = services.start_episode(
        actor=world.caseworker_a,
        child=child,
        intervention_type=kind,
        provider=kind.prices.first().provider,
        start=start,
        justification="Decided after a § 20 assessment.",
    )
    services.end_episode(
        actor=world.caseworker_a, episode=episode, end=end, reason="step_down", expected_version=1
    )


def test_children_and_cost_per_step_from_the_ledger(world, catalogue) -> None:  # type: ignore[no-untyped-def]
    # A foster family all of 2024 (366 days × 1,287.67 kr) and half a year of home support
    # (1 July – 31 December: 184 days × 1,000 kr); a 2023 placement is outside the window.
    _episode(world, catalogue.foster, world.child_a, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    _episode(
        world, catalogue.home_support, world.child_b, dt.date(2024, 7, 1), dt.date(2024, 12, 31)
    )
    _episode(world, catalogue.institution, world.child_b, dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    result = calibrate(dt.date(2025, 1, 15))
    # Step 5: 12 child-months = 1 child-year costing 471,287.22 kr.
    assert result.children[4] == pytest.approx(1.0)
    assert result.cost_per_child[4] == pytest.approx(366 * 1287.67)
    # Step 3: 6 child-months = 0.5 child-year; 184,000 kr / 0.5 = 368,000 kr per child-year.
    assert result.children[2] == pytest.approx(0.5)
    assert result.cost_per_child[2] == pytest.approx(368_000)
    # Step 6 was only in 2023: nothing in the window.
    assert result.children[5] == 0
    assert result.cost_per_child[5] == 0
    assert result.baseline.children == result.children


def test_distinct_children_per_step_are_counted(world, catalogue) -> None:  # type: ignore[no-untyped-def]
    _episode(world, catalogue.foster, world.child_a, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    _episode(
        world, catalogue.home_support, world.child_b, dt.date(2024, 7, 1), dt.date(2024, 12, 31)
    )
    result = calibrate(dt.date(2025, 1, 15))
    assert result.distinct_children == (0, 0, 1, 0, 1, 0)


def test_roles_without_case_access_see_no_step_of_fewer_than_five_children(  # type: ignore[no-untyped-def]
    world, catalogue, login
) -> None:
    # One child in foster care in the last closed months: its cost per child-year is its own.
    today = timezone.localdate()
    start = costing.month_start(today) - dt.timedelta(days=120)
    _episode(world, catalogue.foster, world.child_a, start, start + dt.timedelta(days=30))
    controller = login(world.controller).get("/economics/").content.decode()
    step5 = controller.split("<tr><td>5</td>")[1].split("</tr>")[0]
    # The child-years read "<5"; the cost per child-year is money: a dash with its footnote.
    assert step5.count("&lt;5") == 1
    assert "–<sup" in step5
    assert "skjult: færre end 5 børn" in step5
    assert '<p class="footnote">' in controller
    manager = login(world.manager).get("/economics/").content.decode()
    assert "&lt;5" not in manager.split("<tr><td>5</td>")[1].split("</tr>")[0]
