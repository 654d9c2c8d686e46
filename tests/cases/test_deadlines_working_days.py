"""Danish working days behind the 6-working-day receipt rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from herningmodel.cases.calendar import (
    add_working_days,
    danish_public_holidays,
    is_working_day,
)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2024, 4, 26), True, id="store-bededag-2024-abolished-is-working"),
        pytest.param(date(2023, 5, 5), False, id="store-bededag-2023-holiday"),
        pytest.param(date(2025, 5, 16), True, id="store-bededag-2025-abolished-is-working"),
        pytest.param(date(2024, 3, 28), False, id="maundy-thursday"),
        pytest.param(date(2024, 3, 29), False, id="good-friday"),
        pytest.param(date(2024, 4, 1), False, id="easter-monday"),
        pytest.param(date(2024, 5, 9), False, id="ascension"),
        pytest.param(date(2024, 5, 20), False, id="whit-monday"),
        pytest.param(date(2024, 12, 25), False, id="christmas-day"),
        pytest.param(date(2024, 12, 26), False, id="second-christmas-day"),
        pytest.param(date(2025, 1, 1), False, id="new-year"),
        pytest.param(date(2024, 12, 24), True, id="christmas-eve-not-a-public-holiday"),
        pytest.param(date(2024, 12, 31), True, id="new-years-eve-not-a-public-holiday"),
        pytest.param(date(2024, 6, 5), True, id="constitution-day-not-a-public-holiday"),
        pytest.param(date(2024, 3, 30), False, id="saturday"),
        pytest.param(date(2024, 3, 31), False, id="sunday"),
        pytest.param(date(2024, 4, 2), True, id="tuesday-after-easter"),
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(date(2024, 3, 4), 6, date(2024, 3, 12), id="monday+6-over-weekend"),
        pytest.param(date(2024, 3, 1), 6, date(2024, 3, 11), id="friday+6"),
        pytest.param(date(2024, 3, 2), 6, date(2024, 3, 11), id="saturday+6-counts-from-monday"),
        # Easter 2024: Thu 28 Mar – Mon 1 Apr closed.
        pytest.param(date(2024, 3, 26), 6, date(2024, 4, 8), id="easter-2024"),
        pytest.param(date(2024, 3, 27), 1, date(2024, 4, 2), id="wed-before-easter+1"),
        # Christmas 2024: 25, 26 Dec and 1 Jan closed; 24 and 31 Dec are working days.
        pytest.param(date(2024, 12, 20), 6, date(2025, 1, 2), id="christmas-2024"),
        pytest.param(date(2024, 12, 23), 6, date(2025, 1, 3), id="christmas-new-year-2024"),
        # Store Bededag: 4th Friday after Easter. Holiday 5 May 2023, working day 26 Apr 2024.
        pytest.param(date(2023, 5, 1), 6, date(2023, 5, 10), id="store-bededag-2023-skipped"),
        pytest.param(date(2024, 4, 22), 6, date(2024, 4, 30), id="store-bededag-2024-counted"),
        # Ascension and Whitsun 2024.
        pytest.param(date(2024, 5, 6), 6, date(2024, 5, 15), id="ascension-2024"),
        pytest.param(date(2024, 5, 17), 6, date(2024, 5, 28), id="whitsun-2024"),
        pytest.param(date(2024, 3, 4), 0, date(2024, 3, 4), id="zero"),
        pytest.param(date(2024, 4, 2), -1, date(2024, 3, 27), id="backwards-over-easter"),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


def test_library_knows_store_bededag_was_abolished() -> None:
    assert "Great Prayer Day" in danish_public_holidays(2023).values()
    assert "Great Prayer Day" not in danish_public_holidays(2024).values()


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)),
    n=st.integers(min_value=1, max_value=40),
)
def test_add_working_days_lands_on_the_nth_working_day(day: date, n: int) -> None:
    result = add_working_days(day, n)

    assert is_working_day(result)
    between = [day + timedelta(days=i) for i in range(1, (result - day).days + 1)]
    assert sum(is_working_day(d) for d in between) == n
