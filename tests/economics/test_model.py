"""The engine against hand-computed cases (the arithmetic is written out in each test)."""

from __future__ import annotations

import pytest

from herningmodel.economics.model import (
    Baseline,
    BusinessCase,
    Effects,
    InputError,
    Investment,
    Shift,
    summarise,
)


def toy(cost_per_worker: float = 50.0) -> BusinessCase:
    # Baseline: 10 children on step 3 at 10 kr, 2 on step 6 at 100 kr -> 300 kr a year.
    # Effect: half the step-6 children move to step 3; half the effect in year 1.
    return BusinessCase(
        horizon=3,
        discount_rate=0.10,
        investment=Investment(extra_workers=1, cost_per_worker=cost_per_worker, one_off=(50.0,)),
        baseline=Baseline(children=(0, 0, 10, 0, 0, 2), cost_per_child=(0, 0, 10, 0, 0, 100)),
        effects=Effects(shifts=(Shift(6, 3, 0.5),), ramp_up=(0.5, 1.0)),
    )


def test_three_year_toy_case_by_hand() -> None:
    # Year 1: 0.5 child moves: 10.5*10 + 1.5*100 = 255 -> savings 45; cost 50+50 = 100; net -55.
    # Year 2 and 3: 1 child moves: 11*10 + 1*100 = 210 -> savings 90; cost 50; net 40.
    # Cumulative: -55, -15, 25 -> break-even in year 3.
    # NPV at 10 %, year 1 undiscounted: -55 + 40/1.1 + 40/1.21 = 1745/121.
    summary = summarise(toy())
    assert [r.savings for r in summary.rows] == pytest.approx([45, 90, 90])
    assert [r.gross_cost for r in summary.rows] == pytest.approx([100, 50, 50])
    assert [r.net for r in summary.rows] == pytest.approx([-55, 40, 40])
    assert [r.cumulative_net for r in summary.rows] == pytest.approx([-55, -15, 25])
    assert [r.discount_factor for r in summary.rows] == pytest.approx([1, 1 / 1.1, 1 / 1.21])
    assert summary.npv == pytest.approx(1745 / 121, abs=1e-9)
    assert summary.break_even_year == 3
    assert summary.total_net == pytest.approx(25)


def test_a_case_that_never_breaks_even() -> None:
    # Cost 100 a year + 50 one-off: nets -105, -10, -10; cumulative -105, -115, -125.
    # NPV = -105 - 10/1.1 - 10/1.21 = -(12705 + 1100 + 1000)/121 = -14805/121.
    summary = summarise(toy(cost_per_worker=100.0))
    assert [r.cumulative_net for r in summary.rows] == pytest.approx([-105, -115, -125])
    assert summary.break_even_year is None
    assert summary.npv == pytest.approx(-14805 / 121, abs=1e-9)


def test_shorter_stays_save_their_share() -> None:
    # Step-6 stays 50 % shorter at full effect: 2 children -> 1 child-year; saves 100 a year.
    case = BusinessCase(
        horizon=2,
        discount_rate=0.0,
        investment=Investment(),
        baseline=Baseline(children=(0, 0, 0, 0, 0, 2), cost_per_child=(0, 0, 0, 0, 0, 100)),
        effects=Effects(duration_change=(0, 0, 0, 0, 0, -0.5), success_rate=0.5),
    )
    # A success rate of 0.5 halves the effect: 25 % shorter -> saves 50.
    summary = summarise(case)
    assert [r.savings for r in summary.rows] == pytest.approx([50, 50])
    assert summary.break_even_year == 1
    assert summary.npv == pytest.approx(100)


def test_break_even_on_exactly_zero() -> None:
    case = BusinessCase(
        horizon=1,
        investment=Investment(extra_workers=1, cost_per_worker=100),
        baseline=Baseline(children=(0, 0, 0, 0, 0, 1), cost_per_child=(0, 0, 0, 0, 0, 100)),
        effects=Effects(shifts=(Shift(6, 1, 1.0),)),
    )
    assert summarise(case).break_even_year == 1


BASE = {"children": (1,) * 6, "cost_per_child": (1,) * 6}


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Investment(cost_per_worker=-550_000), "investment.cost_per_worker"),
        (lambda: Investment(extra_workers=-1), "investment.extra_workers"),
        (lambda: Investment(one_off=(0, -5)), "investment.one_off[2]"),
        (lambda: Baseline(children=(1, 2, 3), cost_per_child=(1,) * 6), "baseline.children"),
        (
            lambda: Baseline(children=(1,) * 6, cost_per_child=(1, 1, -1, 1, 1, 1)),
            "baseline.cost_per_child[3]",
        ),
        (lambda: Shift(6, 3, 1.5), "effects.shift.6-3"),
        (lambda: Shift(6, 7, 0.5), "effects.shift.to_step"),
        (lambda: Shift(4, 4, 0.5), "effects.shift.4-4"),
        (lambda: Effects(shifts=(Shift(6, 3, 0.7), Shift(6, 5, 0.4))), "effects.shift.from_6"),
        (lambda: Effects(ramp_up=(0.5, 1.2)), "effects.ramp_up[2]"),
        (lambda: Effects(ramp_up=()), "effects.ramp_up"),
        (lambda: Effects(success_rate=-0.1), "effects.success_rate"),
        (lambda: Effects(duration_change=(0, 0, 0, 0, 0, -1.5)), "effects.duration_change[6]"),
        (lambda: Investment(training=float("nan")), "investment.training"),
    ],
)
def test_bad_input_names_the_field(build: object, field: str) -> None:
    with pytest.raises(InputError) as caught:
        build()  # type: ignore[operator]
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"horizon": 0}, "horizon"),
        ({"horizon": 100}, "horizon"),
        ({"horizon": 16}, "horizon"),
        ({"discount_rate": -0.01}, "discount_rate"),
        ({"discount_rate": 0.5}, "discount_rate"),
    ],
)
def test_bad_horizon_and_rate(kwargs: dict[str, float], field: str) -> None:
    args = {"horizon": 5, "investment": Investment(), "baseline": Baseline(**BASE)} | kwargs
    with pytest.raises(InputError) as caught:
        BusinessCase(**args)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_horizon_of_fifteen_years_is_allowed() -> None:
    case = BusinessCase(horizon=15, investment=Investment(), baseline=Baseline(**BASE))
    assert len(summarise(case).rows) == 15
