"""Input checks shared by the engine and the cut model: each error names its field."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]

STEPS = 6


class InputError(ValueError):
    """A business-case input is invalid. ``field`` names it as a dotted path."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _finite(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(name, "must be a number")
    if not math.isfinite(value):
        raise InputError(name, "must be a finite number")
    return float(value)


def _non_negative(name: str, value: float) -> float:
    value = _finite(name, value)
    if value < 0:
        raise InputError(name, f"must not be negative (got {value:g})")
    return value


def _share(name: str, value: float) -> float:
    value = _finite(name, value)
    if not 0.0 <= value <= 1.0:
        raise InputError(name, f"must be between 0 and 1 (got {value:g})")
    return value
