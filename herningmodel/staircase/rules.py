"""Where a new episode puts a child on the staircase, and when it needs a written justification.

Pure rules, no ORM. The Herning model chooses "the step closest to everyday life that works";
moving a child far up the staircase, or into a placement without having tried home-based or
preventive help recently, must be argued in writing when the episode is created.

* The *current step* on a day is the highest step among the child's episodes open that day.
  A new episode is compared with the current step on its start day; when nothing is open then,
  with the step of the episode that ended most recently (a step-down is often recorded as "end
  the placement today, start home-based support tomorrow").
* Direction: FIRST (no earlier episode), UP, DOWN or SAME.
* A justification is required when the new episode *enters* a step (FIRST or UP) and either
  climbs two or more steps, or goes to step 4–6 with no episode on step 2–3 during the 365 days
  before its start. It is never required on a step-down, nor for another episode on the same
  step (the child is already there).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

LOOKBACK = dt.timedelta(days=365)
PLACEMENT_STEPS = frozenset({4, 5, 6})
SUPPORT_STEPS = frozenset({2, 3})


class Direction(enum.StrEnum):
    FIRST = "first"
    UP = "up"
    DOWN = "down"
    SAME = "same"


class Reason(enum.StrEnum):
    """Why a justification is required; stable codes for the UI and the API."""

    JUMP = "step_up_two_or_more"
    NO_RECENT_SUPPORT = "placement_without_recent_support"


@dataclass(frozen=True)
class Span:
    """An episode as the rules see it."""

    step: int
    start: dt.date
    end: dt.date | None = None

    def open_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass(frozen=True)
class Assessment:
    current_step: int | None
    steps_tried: tuple[int, ...]
    direction: Direction
    reasons: tuple[Reason, ...]

    @property
    def justification_required(self) -> bool:
        return bool(self.reasons)


def current_step(episodes: Iterable[Span], on: dt.date) -> int | None:
    """The highest step open on the day, else the step of the latest ended episode before it."""
    before = [e for e in episodes if e.start <= on]
    open_steps = [e.step for e in before if e.open_on(on)]
    if open_steps:
        return max(open_steps)
    ended = [e for e in before if e.end is not None]
    if not ended:
        return None
    latest = max(e.end for e in ended if e.end is not None)
    return max(e.step for e in ended if e.end == latest)


def steps_tried(episodes: Iterable[Span], before: dt.date) -> tuple[int, ...]:
    return tuple(sorted({e.step for e in episodes if e.start < before}))


def direction(current: int | None, new_step: int) -> Direction:
    if current is None:
        return Direction.FIRST
    if new_step > current:
        return Direction.UP
    if new_step < current:
        return Direction.DOWN
    return Direction.SAME


def had_recent_support(episodes: Iterable[Span], start: dt.date) -> bool:
    """An episode on step 2–3 that overlaps the 365 days before ``start``."""
    window_start = start - LOOKBACK
    return any(
        e.step in SUPPORT_STEPS and e.start < start and (e.end is None or e.end >= window_start)
        for e in episodes
    )


def assess(episodes: Iterable[Span], new_step: int, start: dt.date) -> Assessment:
    if not 1 <= new_step <= 6:
        raise ValueError(f"There is no step {new_step}.")
    spans = list(episodes)
    current = current_step(spans, start)
    moving = direction(current, new_step)
    reasons: list[Reason] = []
    if moving in (Direction.FIRST, Direction.UP):
        if moving is Direction.UP and current is not None and new_step - current >= 2:
            reasons.append(Reason.JUMP)
        if new_step in PLACEMENT_STEPS and not had_recent_support(spans, start):
            reasons.append(Reason.NO_RECENT_SUPPORT)
    return Assessment(current, steps_tried(spans, start), moving, tuple(reasons))


def justification_required(episodes: Iterable[Span], new_step: int, start: dt.date) -> bool:
    return assess(episodes, new_step, start).justification_required
