"""Month arithmetic behind the 4-month (§ 20) and 3-month (§§ 91, 95) rules."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from herningmodel.cases.calendar import add_months, days_in_month

CASES = [
    # 4 months: § 20 assessment
    pytest.param(date(2023, 10, 31), 4, date(2024, 2, 29), id="31-oct-2023+4=29-feb-leap"),
    pytest.param(date(2024, 10, 31), 4, date(2025, 2, 28), id="31-oct-2024+4=28-feb"),
    pytest.param(date(2023, 10, 29), 4, date(2024, 2, 29), id="29-oct-2023+4=29-feb"),
    pytest.param(date(2024, 10, 29), 4, date(2025, 2, 28), id="29-oct-2024+4=28-feb-clamped"),
    pytest.param(date(2024, 1, 15), 4, date(2024, 5, 15), id="mid-month+4"),
    pytest.param(date(2024, 9, 1), 4, date(2025, 1, 1), id="over-new-year+4"),
    pytest.param(date(2024, 8, 31), 4, date(2024, 12, 31), id="31-aug+4=31-dec"),
    pytest.param(date(2024, 5, 31), 4, date(2024, 9, 30), id="31-may+4=30-sep"),
    # 3 months: § 91 plan, § 95 first follow-up
    pytest.param(date(2023, 11, 30), 3, date(2024, 2, 29), id="30-nov-2023+3=29-feb-leap"),
    pytest.param(date(2024, 11, 30), 3, date(2025, 2, 28), id="30-nov-2024+3=28-feb"),
    pytest.param(date(2024, 5, 31), 3, date(2024, 8, 31), id="31-may+3=31-aug"),
    pytest.param(date(2024, 3, 31), 3, date(2024, 6, 30), id="31-mar+3=30-jun"),
    pytest.param(date(2024, 12, 31), 3, date(2025, 3, 31), id="31-dec+3=31-mar"),
    pytest.param(date(2024, 11, 29), 3, date(2025, 2, 28), id="29-nov-2024+3=28-feb"),
    # 12 months and other intervals
    pytest.param(date(2024, 2, 29), 12, date(2025, 2, 28), id="29-feb+12=28-feb"),
    pytest.param(date(2024, 2, 29), 48, date(2028, 2, 29), id="29-feb+48=29-feb"),
    pytest.param(date(2024, 8, 31), 6, date(2025, 2, 28), id="31-aug+6=28-feb"),
    pytest.param(date(2024, 1, 31), 1, date(2024, 2, 29), id="31-jan+1=29-feb"),
    pytest.param(date(2024, 3, 15), 0, date(2024, 3, 15), id="plus-zero"),
    pytest.param(date(2024, 3, 31), -1, date(2024, 2, 29), id="minus-one-clamped"),
    pytest.param(date(2024, 1, 31), -2, date(2023, 11, 30), id="minus-over-new-year"),
]


@pytest.mark.parametrize(("start", "months", "expected"), CASES)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        pytest.param(2024, 2, 29, id="feb-leap"),
        pytest.param(2023, 2, 28, id="feb-common"),
        pytest.param(1900, 2, 28, id="feb-1900-not-leap"),
        pytest.param(2000, 2, 29, id="feb-2000-leap"),
        pytest.param(2024, 12, 31, id="dec"),
        pytest.param(2024, 4, 30, id="apr"),
    ],
)
def test_days_in_month(year: int, month: int, expected: int) -> None:
    assert days_in_month(year, month) == expected


def test_add_months_outside_supported_years_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="outside the supported years"):
        add_months(date(9999, 12, 1), 1)


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    months=st.integers(min_value=-1200, max_value=1200),
)
def test_add_months_lands_in_the_right_month_never_later_in_it(day: date, months: int) -> None:
    result = add_months(day, months)

    expected_index = day.year * 12 + day.month - 1 + months
    assert (result.year, result.month - 1) == divmod(expected_index, 12)
    assert result.day <= day.day
    assert result.day == min(day.day, days_in_month(result.year, result.month))


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    months=st.integers(min_value=0, max_value=1200),
)
def test_add_months_is_monotonic(day: date, months: int) -> None:
    assert add_months(day, months) <= add_months(day, months + 1)
