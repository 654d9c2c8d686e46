"""What kind of period an export covers, from its dates (a year, a quarter, a month)."""

from __future__ import annotations

import datetime as dt


def length_of(start: dt.date, end: dt.date) -> str:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    whole = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
    if whole and months == 12:
        return "year"
    if whole and months == 3:
        return "quarter"
    if whole and months == 1:
        return "month"
    return "other"
