"""Benefit realisation on hand-built numbers: quarters, apportioning, gaps and the warning rule."""

from __future__ import annotations

import datetime as dt

import pytest

from herningmodel.economics.realisation import (
    WARNING_CODE,
    Forecast,
    QuarterActual,
    add_quarters,
    closed_quarters,
    compare,
    forecast_of,
    hidden_cells,
)
from herningmodel.economics.scenario import parse
from tests.economics.test_scenario_file import MINIMAL

START = dt.date(2024, 1, 1)


def forecast() -> Forecast:
    # Baseline 400 kr a year = 100 a quarter. Year 1: savings 40 (band 20–60) -> 10 (5–15) a
    # quarter; year 2: 80 (60–100) -> 20 (15–25). Spend per step: 160 on step 3, 200 on step 6.
    return Forecast(
        baseline_cost=400.0,
        savings=[40.0, 80.0],
        savings_low=[20.0, 60.0],
        savings_high=[60.0, 100.0],
        step_spend=[[0, 0, 160, 0, 0, 200], [0, 0, 120, 0, 0, 200]],
        step_children=[[0, 0, 16, 0, 0, 2], [0, 0, 12, 0, 0, 2]],
    )


def quarter(start: dt.date, step3: float, step6: float, children3: float = 16) -> QuarterActual:
    return QuarterActual(start, (0, 0, step3, 0, 0, step6), (0, 0, children3, 0, 0, 2))


def test_a_quarter_gets_a_quarter_of_its_years_forecast() -> None:
    row = compare(forecast(), START, [quarter(START, 40, 50)]).rows[0]
    assert (row.number, row.year, row.label) == (1, 1, "2024 Q1")
    assert (row.forecast_savings, row.band_low, row.band_high) == (10, 5, 15)
    # Actual savings = 100 - (40 + 50) = 10: on the forecast.
    assert row.actual_savings == 10
    assert row.gap == 0
    step3 = row.steps[2]
    assert (step3.forecast_spend, step3.actual_spend, step3.spend_gap) == (40, 40, 0)
    assert (step3.forecast_children, step3.actual_children) == (16, 16)


def test_the_fifth_quarter_is_compared_with_year_two() -> None:
    fifth = add_quarters(START, 4)
    row = compare(forecast(), START, [quarter(fifth, 30, 50, children3=14)]).rows[0]
    assert (row.number, row.year, row.start) == (5, 2, dt.date(2025, 1, 1))
    assert (row.forecast_savings, row.band_low) == (20, 15)
    assert row.steps[2].forecast_spend == 30
    assert row.steps[2].children_gap == 2


def test_exactly_on_the_lower_band_does_not_warn() -> None:
    # Actual savings 100 - 95 = 5 = p5 / 4: the forecast allows it.
    result = compare(forecast(), START, [quarter(START, 45, 50)])
    assert result.rows[0].actual_savings == 5
    assert result.warnings == []


def test_one_krone_below_the_lower_band_warns() -> None:
    result = compare(forecast(), START, [quarter(START, 46, 50)])
    [warning] = result.warnings
    assert warning.code == WARNING_CODE == "savings_below_band"
    assert warning.quarter.actual_savings == 4
    assert warning.shortfall == 1


def test_totals_add_up_over_quarters() -> None:
    quarters = [quarter(add_quarters(START, k), 40, 50 + k) for k in range(3)]
    result = compare(forecast(), START, quarters)
    # Actual savings 10, 9, 8 against 10 each: gap -3.
    assert result.actual_savings == 27
    assert result.forecast_savings == 30
    assert result.gap == -3
    step6 = result.step_totals()[5]
    assert (step6.forecast_spend, step6.actual_spend, step6.spend_gap) == (150, 153, 3)


def test_quarters_before_the_start_or_after_the_horizon_are_ignored() -> None:
    before = dt.date(2023, 10, 1)
    after = add_quarters(START, 8)  # the horizon is 2 years = quarters 1..8
    assert compare(forecast(), START, [quarter(before, 0, 0), quarter(after, 0, 0)]).rows == ()


def test_closed_quarters_stop_before_the_current_month() -> None:
    assert closed_quarters(START, dt.date(2024, 3, 31), 2) == []
    assert closed_quarters(START, dt.date(2024, 4, 1), 2) == [START]
    assert closed_quarters(START, dt.date(2024, 8, 15), 2) == [START, dt.date(2024, 4, 1)]
    assert len(closed_quarters(START, dt.date(2030, 1, 1), 2)) == 8
    with pytest.raises(ValueError, match="first day of a quarter"):
        closed_quarters(dt.date(2024, 2, 1), dt.date(2025, 1, 1), 2)


def test_the_forecast_comes_from_the_engine() -> None:
    # The toy: baseline 300 kr; savings 45, 90, 90 (tests/economics/test_model.py). No
    # uncertainty: the band is the point forecast.
    result = forecast_of(parse(MINIMAL))
    assert result.baseline_cost == pytest.approx(300)
    assert list(result.savings) == pytest.approx([45, 90, 90])
    assert list(result.savings_low) == list(result.savings) == list(result.savings_high)
    # Year 1: 10.5 children on step 3 at 10 kr, 1.5 on step 6 at 100 kr.
    assert result.step_children[0][2] == pytest.approx(10.5)
    assert result.step_spend[0][5] == pytest.approx(150)


def test_the_band_is_the_monte_carlo_p5_to_p95() -> None:
    text = MINIMAL + (
        '\n[uncertainty.parameters]\n"effects.shift.6-3" = { kind = "uniform", min = 0, max = 1 }\n'
    )
    result = forecast_of(parse(text))
    for low, point, high in zip(
        result.savings_low, result.savings, result.savings_high, strict=True
    ):
        assert low < point < high


def test_small_cells_are_hidden_with_a_partner_so_totals_do_not_reveal_them() -> None:
    # Two quarters and a total row; steps 1..6 and a total column. Step 6 in Q1 has 2 children.
    big = [10, 10, 10, 10, 10]
    grid = [
        [*big, 0, 2, 52],
        [*big, 0, 9, 59],
        [*big, 0, 11, 61],
    ]
    hidden = hidden_cells([row[:5] + row[6:] for row in grid])
    assert (0, 5) in hidden  # the small cell
    # With Q1's total shown, step 6 could be worked out from the other steps: a second cell in
    # the row and one in the column are hidden too.
    assert len({c for r, c in hidden if r == 0}) >= 2
    assert len({r for r, c in hidden if c == 5}) >= 2
    # A true zero is not sensitive; a grid of large counts hides nothing.
    assert hidden_cells([[10, 0, 10, 10, 10, 10, 50], [10, 0, 10, 10, 10, 10, 50]]) == set()
