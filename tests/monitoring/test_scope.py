"""Periods and filters: strict parsing with clear messages."""

from __future__ import annotations

import datetime as dt

import pytest

from herningmodel.monitoring.scope import ScopeError, build_scope, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2025Q3", dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        ("2025-q1", dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_periods(text: str, start: dt.date, end: dt.date) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["", "25", "2025Q5", "2025-13", "last year", "2025-1"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(ScopeError) as exc:
        parse_period(text)
    assert exc.value.code == "invalid_period"


def test_future_period_is_refused() -> None:
    with pytest.raises(ScopeError) as exc:
        parse_period("2031", today=dt.date(2026, 1, 1))
    assert exc.value.code == "future_period"


def test_previous_periods() -> None:
    assert parse_period("2025Q1").previous().label == "2024Q4"
    assert parse_period("2025").previous().label == "2024"
    assert parse_period("2025-01").previous().label == "2024-12"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"districts": ["999999"]}, "unknown_district"),
        ({"districts": ["north"]}, "invalid_district"),
        ({"teams": ["424242"]}, "unknown_team"),
        ({"age": "3-4"}, "unknown_age_group"),
        ({"group": "both"}, "unknown_group"),
    ],
)
def test_unknown_filters(kwargs: dict, code: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ScopeError) as exc:
        build_scope("2025", **kwargs)
    assert exc.value.code == code
