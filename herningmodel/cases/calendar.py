"""Calendar arithmetic for legal deadlines: whole months and Danish working days.

Pure functions, no Django. Legal deadlines are dates (DESIGN.md §4.7), so everything here works
on :class:`datetime.date`.

Months are counted the way Danish case law and practice count "senest 4 måneder efter": the
same day number in the target month, or the last day of that month when it is shorter
(31 October + 4 months = 28/29 February).

Working days (hverdage) are Monday to Friday except Danish public holidays (helligdage) as
listed by the ``holidays`` package's ``DK`` calendar, public category. The optional category
(1 May, Grundlovsdag 5 June, 24 and 31 December) is *not* excluded: they are not public
holidays in law, although many municipal offices close [U]. Store Bededag was abolished from
2024 (lov nr. 142 af 28/02/2023); ``holidays`` knows this, and the tests pin it.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

__all__ = [
    "add_months",
    "add_working_days",
    "danish_public_holidays",
    "days_in_month",
    "is_working_day",
]


def days_in_month(year: int, month: int) -> int:
    """Number of days in ``month`` of ``year`` (Gregorian, leap years included)."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


@lru_cache(maxsize=65536)
def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the end of a shorter month.

    31 Oct 2023 + 4 = 29 Feb 2024; 30 Nov 2024 + 3 = 28 Feb 2025; 29 Feb 2024 + 12 =
    28 Feb 2025. ``months`` may be negative or zero. Raises ``ValueError`` only when the
    result falls outside the years 1–9999 that :class:`datetime.date` supports.

    Kept per (day, months), like ``add_working_days``: the deadline rules ask it for the same
    days over and over when the monitoring runs them over every case of a period.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise ValueError(f"{day.isoformat()} + {months} months is outside the supported years")
    month = month0 + 1
    return date(year, month, min(day.day, days_in_month(year, month)))


@lru_cache(maxsize=256)
def _holiday_dates(year: int) -> frozenset[date]:
    # One lookup per year; the holidays object is built with an explicit year so it never
    # expands lazily behind our back.
    return frozenset(holidays.country_holidays("DK", years=year).keys())


def danish_public_holidays(year: int) -> dict[date, str]:
    """Danish public holidays (helligdage) of ``year``, date → English name."""
    return dict(sorted(holidays.country_holidays("DK", years=year).items()))


def is_working_day(day: date) -> bool:
    """True for Monday–Friday that is not a Danish public holiday."""
    return day.weekday() < 5 and day not in _holiday_dates(day.year)


@lru_cache(maxsize=8192)
def add_working_days(day: date, n: int) -> date:
    """The ``n``-th Danish working day after ``day`` (before it when ``n`` is negative).

    ``day`` itself is never counted, whether or not it is a working day, so a notification
    received on a Saturday with a 6-working-day deadline counts Monday as day 1.
    ``add_working_days(day, 0)`` returns ``day`` unchanged.

    Kept per (day, n): a pure function of the calendar, and the deadline-compliance indicator
    asks it for the same few hundred days thousands of times per board.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    current = day
    while remaining:
        current += step
        if is_working_day(current):
            remaining -= 1
    return current
