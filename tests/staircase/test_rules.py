"""The staircase rules: current step, direction, and when a justification is required."""

from __future__ import annotations

import datetime as dt

import pytest

from herningmodel.staircase.rules import Direction, Reason, Span, assess, justification_required

D = dt.date
START = D(2024, 6, 1)

CASES = [
    # name, earlier episodes, new step, direction, current step, reasons
    ("first episode, low step", [], 2, Direction.FIRST, None, ()),
    (
        "first episode straight into a placement",
        [],
        5,
        Direction.FIRST,
        None,
        (Reason.NO_RECENT_SUPPORT,),
    ),
    ("one step up from 2 to 3", [Span(2, D(2024, 1, 1))], 3, Direction.UP, 2, ()),
    ("two steps up from 1 to 3", [Span(1, D(2024, 1, 1))], 3, Direction.UP, 1, (Reason.JUMP,)),
    ("3 to 4 after home-based help", [Span(3, D(2024, 1, 1))], 4, Direction.UP, 3, ()),
    ("3 to 5 is two steps", [Span(3, D(2024, 1, 1))], 5, Direction.UP, 3, (Reason.JUMP,)),
    (
        "2 to 6 is a jump",
        [Span(2, D(2024, 1, 1), D(2024, 5, 31))],
        6,
        Direction.UP,
        2,
        (Reason.JUMP,),
    ),
    (
        "4 to 5 with step 3 within 12 months",
        [Span(3, D(2023, 1, 1), D(2023, 7, 1)), Span(4, D(2023, 7, 2))],
        5,
        Direction.UP,
        4,
        (),
    ),
    (
        "4 to 5, last support more than 12 months ago",
        [Span(3, D(2022, 1, 1), D(2023, 5, 31)), Span(4, D(2023, 6, 1))],
        5,
        Direction.UP,
        4,
        (Reason.NO_RECENT_SUPPORT,),
    ),
    (
        "support ended exactly 365 days before counts",
        [Span(2, D(2023, 1, 1), D(2023, 6, 2)), Span(4, D(2023, 6, 3))],
        5,
        Direction.UP,
        4,
        (),
    ),
    ("step down from 6 to 3 never needs one", [Span(6, D(2020, 1, 1))], 3, Direction.DOWN, 6, ()),
    (
        "step down from 6 to 5 without any support",
        [Span(6, D(2020, 1, 1))],
        5,
        Direction.DOWN,
        6,
        (),
    ),
    (
        "step down after the placement ended yesterday",
        [Span(5, D(2022, 1, 1), D(2024, 5, 31))],
        3,
        Direction.DOWN,
        5,
        (),
    ),
    ("another foster family on the same step", [Span(5, D(2022, 1, 1))], 5, Direction.SAME, 5, ()),
    (
        "the highest open step is the current one",
        [Span(3, D(2024, 1, 1)), Span(5, D(2024, 2, 1))],
        4,
        Direction.DOWN,
        5,
        (),
    ),
    ("a later episode does not count", [Span(6, D(2024, 7, 1))], 2, Direction.FIRST, None, ()),
]


@pytest.mark.parametrize(
    ("episodes", "new_step", "direction", "current", "reasons"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rules(episodes, new_step, direction, current, reasons):
    result = assess(episodes, new_step, START)
    assert result.direction is direction
    assert result.current_step == current
    assert result.reasons == reasons
    assert result.justification_required is bool(reasons)
    assert justification_required(episodes, new_step, START) is bool(reasons)


def test_steps_tried_lists_each_earlier_step_once():
    episodes = [
        Span(3, D(2020, 1, 1), D(2020, 6, 1)),
        Span(5, D(2021, 1, 1)),
        Span(3, D(2022, 1, 1)),
    ]
    assert assess(episodes, 4, START).steps_tried == (3, 5)


def test_there_is_no_step_seven():
    with pytest.raises(ValueError, match="no step 7"):
        assess([], 7, START)
