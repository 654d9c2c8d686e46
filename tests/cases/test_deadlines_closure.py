"""Closure: a closed case keeps its done deadlines and has no open ones."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from herningmodel.cases.deadlines import (
    COPENHAGEN,
    AssessmentFacts,
    CaseFacts,
    DecisionFacts,
    FollowUpFacts,
    Kind,
    NotificationFacts,
    PlanFacts,
    State,
    case_deadlines,
    open_deadlines,
)

CASE = CaseFacts(
    notifications=[
        # Assessed in time; the receipt to the school was never sent.
        NotificationFacts(
            12,
            datetime(2024, 2, 5, 9, 0, tzinfo=COPENHAGEN),
            datetime(2024, 2, 5, 15, 0, tzinfo=COPENHAGEN),
            True,
            None,
        )
    ],
    assessments=[AssessmentFacts(3, date(2024, 2, 5), date(2024, 6, 20), date(2024, 6, 5))],
    decisions=[
        DecisionFacts(5, "32", date(2024, 3, 1), False, True, date(2024, 3, 1)),
        DecisionFacts(6, "30", date(2024, 2, 20), False, None, None),
    ],
    plans=[PlanFacts(1, date(2024, 4, 15))],
    follow_ups=[FollowUpFacts(2, date(2024, 6, 3)), FollowUpFacts(4, date(2024, 9, 10))],
    first_intervention_start=date(2024, 3, 4),
)
TODAY = date(2024, 12, 1)

EXPECTED_DONE = [
    (Kind.ACUTE_24H, "notification:12", State.MET),
    (Kind.PLAN_CHOICE, "decision:5", State.MET),
    (Kind.PLAN, "decision:5", State.MET),
    (Kind.FOLLOW_UP, "follow_up:2", State.MET),
    (Kind.ASSESSMENT, "assessment:3", State.MET_LATE),
    (Kind.FOLLOW_UP, "follow_up:4", State.MET_LATE),
]


def summary(facts: CaseFacts) -> list[tuple[Kind, str, State]]:
    return [(d.kind, d.ref, d.state) for d in case_deadlines(facts, today=TODAY)]


def test_open_case_has_its_open_deadlines() -> None:
    deadlines = case_deadlines(CASE, today=TODAY)

    assert [(d.kind, d.ref, d.state) for d in open_deadlines(deadlines)] == [
        (Kind.RECEIPT, "notification:12", State.OVERDUE),
        (Kind.FOLLOW_UP, "follow_up:next", State.DUE_SOON),
    ]
    assert sorted(summary(CASE)) == sorted(
        [
            *EXPECTED_DONE,
            (Kind.RECEIPT, "notification:12", State.OVERDUE),
            (Kind.FOLLOW_UP, "follow_up:next", State.DUE_SOON),
        ]
    )


@pytest.mark.parametrize(
    "closed_on",
    [
        pytest.param(date(2024, 11, 20), id="closed-before-today"),
        pytest.param(date(2024, 3, 1), id="closed-early"),
        pytest.param(TODAY, id="closed-today"),
    ],
)
def test_closed_case_keeps_done_deadlines_and_has_no_open_ones(closed_on: date) -> None:
    closed = replace(CASE, closed_on=closed_on)

    deadlines = case_deadlines(closed, today=TODAY)

    assert open_deadlines(deadlines) == []
    assert sorted(summary(closed)) == sorted(EXPECTED_DONE)
    assert [d.due for d in deadlines] == sorted(d.due for d in deadlines)


def test_closed_case_before_any_follow_up_has_no_follow_up_deadline() -> None:
    closed = CaseFacts(first_intervention_start=date(2024, 3, 4), closed_on=date(2024, 4, 1))

    assert case_deadlines(closed, today=TODAY) == []
