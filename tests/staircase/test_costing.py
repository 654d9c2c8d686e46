"""The pure costing rules for each unit of charge."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from herningmodel.staircase.costing import NoPriceError, monthly_costs, period_cost

D = Decimal
PRICES = [(dt.date(2020, 1, 1), D("700.00"))]


def test_hours_are_charged_by_the_weekly_volume_pro_rata_by_day():
    # 5 hours a week, 1–14 February 2024: 5 × 14/7 = 10 hours × 700 = 7,000
    costs = monthly_costs(
        start=dt.date(2024, 2, 1),
        end=dt.date(2024, 2, 14),
        unit="hour",
        volume=D(5),
        prices=PRICES,
    )
    assert costs == {dt.date(2024, 2, 1): D("7000.00")}


def test_days_with_a_weekly_volume_charge_that_share_of_the_days():
    # Respite two days a week for all of April (30 days): 700 × 30 × 2/7 = 6,000
    costs = monthly_costs(
        start=dt.date(2024, 4, 1), end=dt.date(2024, 4, 30), unit="day", volume=D(2), prices=PRICES
    )
    assert costs == {dt.date(2024, 4, 1): D("6000.00")}


def test_a_monthly_price_is_charged_by_the_share_of_the_month():
    # 15 of February's 29 days in 2024: 700 × 15/29 = 362.068… → 362.07
    costs = monthly_costs(
        start=dt.date(2024, 2, 15), end=dt.date(2024, 3, 31), unit="month", prices=PRICES
    )
    assert costs == {dt.date(2024, 2, 1): D("362.07"), dt.date(2024, 3, 1): D("700.00")}


def test_a_course_is_charged_once_in_the_start_month():
    costs = monthly_costs(
        start=dt.date(2024, 1, 20),
        end=dt.date(2024, 6, 30),
        unit="course",
        volume=D(2),
        prices=PRICES,
    )
    assert costs == {dt.date(2024, 1, 1): D("1400.00")}


def test_an_open_episode_is_costed_up_to_the_until_date():
    costs = monthly_costs(
        start=dt.date(2024, 1, 30), end=None, until=dt.date(2024, 2, 29), unit="day", prices=PRICES
    )
    assert costs == {dt.date(2024, 1, 1): D("1400.00"), dt.date(2024, 2, 1): D("20300.00")}


def test_an_open_episode_without_an_until_date_is_an_error():
    with pytest.raises(ValueError, match="until"):
        monthly_costs(start=dt.date(2024, 1, 1), end=None, unit="day", prices=PRICES)


def test_a_day_without_a_price_names_the_day_the_provider_and_the_type():
    with pytest.raises(NoPriceError) as caught:
        monthly_costs(
            start=dt.date(2019, 12, 30),
            end=dt.date(2020, 1, 5),
            unit="day",
            prices=PRICES,
            provider="Fjordlys",
            intervention_type="Opholdssted",
        )
    assert caught.value.day == dt.date(2019, 12, 30)
    assert "2019-12-30" in str(caught.value)
    assert "Fjordlys" in str(caught.value)
    assert "Opholdssted" in str(caught.value)


def test_months_absorb_rounding_so_they_add_up_to_the_period():
    # 1 hour a week at 1.00 kr: each day costs 1/7 kr, which never rounds evenly
    prices = [(dt.date(2020, 1, 1), D("1.00"))]
    kwargs = {
        "start": dt.date(2024, 1, 1),
        "end": dt.date(2024, 12, 31),
        "unit": "hour",
        "volume": D(1),
        "prices": prices,
    }
    costs = monthly_costs(**kwargs)
    assert sum(costs.values()) == period_cost(**kwargs) == D("52.29")  # 366/7 = 52.285…
