"""What an episode costs per calendar month: pure arithmetic, no ORM.

Rules (also in docs/staircase.md):

* Every day of an episode, start and end included, is priced at the price in force that day
  (the latest price whose valid-from is on or before the day). A month with a price change is
  split at the change; a day with no price in force raises ``NoPriceError``.
* ``day``: amount × days × volume/7 when a weekly volume is given (7 = every day), else × 1.
* ``hour`` and ``week``: amount × weekly volume × days/7 (5 hours a week for 10 days costs
  5 × 10/7 hours). Without a volume, one unit a week.
* ``month``: amount × volume (default 1) × the share of the month's days covered.
* ``course``: amount (price in force on the start day) × number of courses (default 1), charged
  once, in the start month.
* Money is Decimal kroner. The exact (rational) cost is rounded to øre with ROUND_HALF_UP
  *cumulatively*: a month's figure is the rounded running total at its end minus the rounded
  running total before it. So the months always add up to exactly the rounded cost of the whole
  period, and no øre is lost or invented by splitting; a single month may differ by one øre from
  rounding that month alone.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ØRE = Decimal("0.01")
# A common denominator for every divisor the rules use (1, 7 and the month lengths 28–31), so
# running totals stay exact integers of 1/COMMON kroner and are divided once, when rounding.
COMMON = 7 * 4 * 29 * 3 * 5 * 31
_CONTEXT = decimal.Context(prec=60, rounding=ROUND_HALF_UP)

UNITS = ("day", "hour", "week", "month", "course")


class NoPriceError(ValueError):
    """A day of an episode has no price in force for its provider and type."""

    def __init__(self, day: dt.date, provider: str = "", intervention_type: str = "") -> None:
        self.day = day
        self.provider = provider
        self.intervention_type = intervention_type
        what = " / ".join(x for x in (intervention_type, provider) if x) or "this episode"
        super().__init__(f"No price in force on {day.isoformat()} for {what}.")


@dataclass(frozen=True)
class PricePoint:
    valid_from: dt.date
    amount: Decimal


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


# Pure in the day, and called for every month of every episode when the ledger is rebuilt or
# an import costs its episodes: the few thousand distinct days are remembered.
@functools.lru_cache(maxsize=8192)
def month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def round_ore(value: Decimal) -> Decimal:
    return value.quantize(ØRE, rounding=ROUND_HALF_UP, context=_CONTEXT)


def _sorted(prices: Iterable[PricePoint | tuple[dt.date, Decimal]]) -> list[PricePoint]:
    points = [p if isinstance(p, PricePoint) else PricePoint(*p) for p in prices]
    return sorted(points, key=lambda p: p.valid_from)


def _price_on(
    day: dt.date, froms: Sequence[dt.date], points: Sequence[PricePoint], who: tuple[str, str]
) -> int:
    index = bisect_right(froms, day) - 1
    if index < 0:
        raise NoPriceError(day, *who)
    return index


def exact_monthly(
    *,
    start: dt.date,
    end: dt.date | None,
    unit: str,
    prices: Iterable[PricePoint | tuple[dt.date, Decimal]],
    volume: Decimal | None = None,
    until: dt.date | None = None,
    provider: str = "",
    intervention_type: str = "",
) -> list[tuple[dt.date, Decimal]]:
    """Each month's exact cost in units of 1/COMMON kroner (an exact Decimal integer)."""
    if unit not in UNITS:
        raise ValueError(f"Unknown unit {unit!r}.")
    last = end if end is not None else until
    if last is None:
        raise ValueError("An open episode needs an 'until' date to be costed.")
    if last < start:
        return []
    who = (provider, intervention_type)
    points = _sorted(prices)
    froms = [p.valid_from for p in points]
    with decimal.localcontext(_CONTEXT):
        if unit == "course":
            amount = points[_price_on(start, froms, points, who)].amount
            return [(month_start(start), amount * (volume or 1) * COMMON)]
        weekly = unit in ("hour", "week") or (unit == "day" and volume is not None)
        quantity = volume if volume is not None else Decimal(1)
        result: list[tuple[dt.date, Decimal]] = []
        day = start
        while day <= last:
            first_of_month = month_start(day)
            end_of_month = month_end(day)
            if weekly:
                per_day = COMMON // 7
            elif unit == "month":
                per_day = COMMON // end_of_month.day
            else:
                per_day = COMMON
            total = Decimal(0)
            limit = min(last, end_of_month)
            while day <= limit:
                index = _price_on(day, froms, points, who)
                segment_end = limit
                if index + 1 < len(froms) and froms[index + 1] <= segment_end:
                    segment_end = froms[index + 1] - dt.timedelta(days=1)
                total += points[index].amount * ((segment_end - day).days + 1)
                day = segment_end + dt.timedelta(days=1)
            result.append((first_of_month, total * quantity * per_day))
        return result


def monthly_costs(
    *,
    start: dt.date,
    end: dt.date | None,
    unit: str,
    prices: Iterable[PricePoint | tuple[dt.date, Decimal]],
    volume: Decimal | None = None,
    until: dt.date | None = None,
    provider: str = "",
    intervention_type: str = "",
) -> dict[dt.date, Decimal]:
    """Cost per calendar month (first day of month → kroner, rounded cumulatively to øre)."""
    exact = exact_monthly(
        start=start,
        end=end,
        unit=unit,
        prices=prices,
        volume=volume,
        until=until,
        provider=provider,
        intervention_type=intervention_type,
    )
    result: dict[dt.date, Decimal] = {}
    with decimal.localcontext(_CONTEXT):
        running = Decimal(0)
        posted = Decimal(0)
        for month, value in exact:
            running += value
            rounded = round_ore(running / COMMON)
            result[month] = rounded - posted
            posted = rounded
    return result


def period_cost(
    *,
    start: dt.date,
    end: dt.date | None,
    unit: str,
    prices: Iterable[PricePoint | tuple[dt.date, Decimal]],
    volume: Decimal | None = None,
    until: dt.date | None = None,
) -> Decimal:
    """The whole period's cost, rounded once to øre."""
    exact = exact_monthly(
        start=start, end=end, unit=unit, prices=prices, volume=volume, until=until
    )
    with decimal.localcontext(_CONTEXT):
        return round_ore(sum((v for _, v in exact), Decimal(0)) / COMMON)
