"""Property: splitting by month never loses or invents money, and matches day-by-day pricing."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from herningmodel.staircase.costing import month_end, monthly_costs, period_cost

dates = st.dates(min_value=dt.date(2016, 1, 1), max_value=dt.date(2026, 12, 31))
amounts = st.decimals(min_value=0, max_value=10000, places=2, allow_nan=False)
units = st.sampled_from(["day", "hour", "week", "month"])
volumes = st.none() | st.decimals(min_value=0, max_value=60, places=2, allow_nan=False)


def _daily_exact(start, end, unit, volume, prices) -> Fraction:
    """Independent reference: price every day on its own, in exact fractions."""
    total = Fraction(0)
    day = start
    while day <= end:
        amount = Fraction(max((p for p in prices if p[0] <= day), key=lambda p: p[0])[1])
        quantity = Fraction(volume) if volume is not None else Fraction(1)
        if unit == "month":
            total += amount * quantity / month_end(day).day
        elif unit == "day" and volume is None:
            total += amount
        else:
            total += amount * quantity / 7
        day += dt.timedelta(days=1)
    return total


@settings(max_examples=150, deadline=None)
@given(
    start=dates,
    length=st.integers(min_value=0, max_value=800),
    unit=units,
    volume=volumes,
    first=amounts,
    changes=st.lists(st.tuples(dates, amounts), max_size=4),
)
def test_the_monthly_split_sums_to_the_whole_period(start, length, unit, volume, first, changes):
    end = start + dt.timedelta(days=length)
    prices = [(dt.date(2016, 1, 1), first), *changes]
    prices = list({d: a for d, a in prices}.items())
    kwargs = {"start": start, "end": end, "unit": unit, "volume": volume, "prices": prices}

    months = monthly_costs(**kwargs)
    whole = period_cost(**kwargs)

    assert sum(months.values(), Decimal(0)) == whole
    reference = _daily_exact(start, end, unit, volume, prices)
    expected = (Decimal(reference.numerator) / Decimal(reference.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    assert whole == expected
    assert list(months) == sorted(months)
    assert all(m.day == 1 for m in months)
