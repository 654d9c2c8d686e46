"""Trial versus comparison for a prototype: two shares and their difference, with uncertainty.

Pure: counts in, numbers out. The difference's 95% interval is Newcombe's hybrid score interval
built from the two Wilson intervals, which behaves at small counts and near 0 or 100%.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Share:
    successes: int
    n: int
    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Comparison:
    trial: Share
    comparison: Share
    difference: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        """Whether the interval excludes no difference at all."""
        return self.low > 0 or self.high < 0


def wilson(successes: int, n: int, z: float = Z95) -> Share:
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError("Need 0 <= successes <= n and n > 0.")
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return Share(successes, n, p, max(0.0, centre - half), min(1.0, centre + half))


def compare(trial_successes: int, trial_n: int, comp_successes: int, comp_n: int) -> Comparison:
    a = wilson(trial_successes, trial_n)
    b = wilson(comp_successes, comp_n)
    d = a.value - b.value
    low = d - math.sqrt((a.value - a.low) ** 2 + (b.high - b.value) ** 2)
    high = d + math.sqrt((a.high - a.value) ** 2 + (b.value - b.low) ** 2)
    return Comparison(a, b, d, low, high)
