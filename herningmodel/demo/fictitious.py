"""Fictitious CPR numbers for generated people.

They pass the same validation as real numbers (a real, past birth date and the right century
digit) but are recognisable: the serial part always starts with 49 and is chosen so that the
modulus-11 check fails, which no CPR number issued before 2007 does. Together with the
municipality's ``is_demo`` flag this marks every demo person as generated.
"""

from __future__ import annotations

import datetime as dt
import functools

WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def passes_modulus_11(number: str) -> bool:
    return sum(int(d) * w for d, w in zip(number, WEIGHTS, strict=True)) % 11 == 0


def fictitious_cpr(birth: dt.date, n: int = 0) -> str:
    """The n-th fictitious number for a birth date (century digit 4: born 2000–2036).

    Distinct for n below ``len(SERIALS)`` (about 90) on the same date.
    """
    if not 2000 <= birth.year <= 2036:
        raise ValueError("Fictitious CPR numbers are generated for births 2000–2036 only.")
    date_part = birth.strftime("%d%m%y")
    serials = _serials(date_part)
    return f"{date_part}-{serials[n % len(serials)]}"


@functools.lru_cache(maxsize=4096)
def _serials(date_part: str) -> tuple[str, ...]:
    """The 49xx serials that fail the modulus-11 check for a date (cached: the generator asks
    for tens of thousands of numbers)."""
    return tuple(f"49{i:02d}" for i in range(100) if not passes_modulus_11(f"{date_part}49{i:02d}"))


def is_fictitious(cpr: str) -> bool:
    compact = cpr.replace("-", "")
    return len(compact) == 10 and compact[6:8] == "49" and not passes_modulus_11(compact)
