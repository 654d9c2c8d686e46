"""Which law governs a deadline: Serviceloven before 2024, Barnets Lov from 1 January 2024."""

from __future__ import annotations

from datetime import date

import pytest

from herningmodel.cases import calendar
from herningmodel.cases.deadlines import Law, add_months, add_working_days, law_in_force


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(date(2023, 12, 31), Law.SERVICELOVEN, id="last-day-of-sel"),
        pytest.param(date(2024, 1, 1), Law.BARNETS_LOV, id="barnets-lov-in-force"),
        pytest.param(date(2014, 6, 1), Law.SERVICELOVEN, id="long-ago"),
        pytest.param(date(2030, 6, 1), Law.BARNETS_LOV, id="future"),
    ],
)
def test_law_in_force(on: date, expected: Law) -> None:
    assert law_in_force(on) is expected


def test_law_values_are_stable_for_storage() -> None:
    assert [law.value for law in Law] == ["sel", "bl2024"]


def test_calendar_helpers_are_re_exported() -> None:
    assert add_months is calendar.add_months
    assert add_working_days is calendar.add_working_days
