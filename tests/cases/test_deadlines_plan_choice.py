"""PLAN_CHOICE after a § 32 decision: record whether a plan is made; if yes, ≤ 3 months."""

from __future__ import annotations

from datetime import date

import pytest

from herningmodel.cases.deadlines import (
    CaseFacts,
    Deadline,
    DecisionFacts,
    Kind,
    PlanFacts,
    State,
    case_deadlines,
)

DECIDED = date(2024, 5, 31)


def deadlines(
    plan_choice: bool | None,
    plan_choice_on: date | None = None,
    *,
    approved: tuple[date, ...] = (),
    today: date = date(2024, 6, 1),
    decided_on: date = DECIDED,
    legal_basis: str = "32",
) -> list[Deadline]:
    facts = CaseFacts(
        decisions=[DecisionFacts(5, legal_basis, decided_on, False, plan_choice, plan_choice_on)],
        plans=[PlanFacts(i, day) for i, day in enumerate(approved, start=1)],
    )
    return case_deadlines(facts, today=today)


@pytest.mark.parametrize(
    ("plan_choice", "plan_choice_on", "today", "state", "done_on"),
    [
        pytest.param(True, DECIDED, date(2024, 6, 1), State.MET, DECIDED, id="yes-in-decision"),
        pytest.param(False, DECIDED, date(2024, 6, 1), State.MET, DECIDED, id="no-in-decision"),
        pytest.param(False, None, date(2024, 6, 1), State.MET, DECIDED, id="recorded-without-date"),
        pytest.param(
            True,
            date(2024, 6, 10),
            date(2024, 6, 10),
            State.MET_LATE,
            date(2024, 6, 10),
            id="recorded-later",
        ),
        pytest.param(None, None, DECIDED, State.DUE_SOON, None, id="open-on-decision-day"),
        pytest.param(None, None, date(2024, 6, 1), State.OVERDUE, None, id="open-day-after"),
    ],
)
def test_the_choice_is_due_with_the_decision(
    plan_choice: bool | None,
    plan_choice_on: date | None,
    today: date,
    state: State,
    done_on: date | None,
) -> None:
    result = deadlines(plan_choice, plan_choice_on, today=today)
    (choice,) = [d for d in result if d.kind is Kind.PLAN_CHOICE]

    assert choice.kind is Kind.PLAN_CHOICE
    assert choice.due == DECIDED
    assert choice.ref == "decision:5"
    assert choice.state is state
    assert choice.done_on == done_on


@pytest.mark.parametrize(
    ("decided_on", "due"),
    [
        pytest.param(date(2024, 5, 31), date(2024, 8, 31), id="31-may+3=31-aug"),
        pytest.param(date(2024, 11, 30), date(2025, 2, 28), id="30-nov+3=28-feb"),
        pytest.param(date(2027, 11, 30), date(2028, 2, 29), id="30-nov+3=29-feb-leap"),
    ],
)
def test_yes_means_a_plan_within_three_months(decided_on: date, due: date) -> None:
    result = deadlines(True, decided_on, decided_on=decided_on, today=decided_on)

    assert [d.kind for d in result] == [Kind.PLAN_CHOICE, Kind.PLAN]
    assert result[1].due == due
    assert result[1].state is State.UPCOMING


@pytest.mark.parametrize(
    ("approved", "state"),
    [
        pytest.param((date(2024, 8, 31),), State.MET, id="on-the-last-day"),
        pytest.param((date(2024, 9, 2),), State.MET_LATE, id="late"),
        pytest.param((), State.OVERDUE, id="missing"),
    ],
)
def test_the_plan_after_yes(approved: tuple[date, ...], state: State) -> None:
    result = deadlines(True, DECIDED, approved=approved, today=date(2024, 9, 10))

    (plan,) = [d for d in result if d.kind is Kind.PLAN]
    assert plan.state is state


@pytest.mark.parametrize(
    "plan_choice",
    [pytest.param(False, id="decided-not-to"), pytest.param(None, id="not-yet-recorded")],
)
def test_no_plan_deadline_unless_yes(plan_choice: bool | None) -> None:
    assert [d.kind for d in deadlines(plan_choice)] == [Kind.PLAN_CHOICE]


def test_32_with_item_number_is_recognised() -> None:
    assert [d.kind for d in deadlines(None, legal_basis="§ 32, stk. 1, nr. 3")] == [
        Kind.PLAN_CHOICE
    ]


def test_no_plan_choice_under_serviceloven() -> None:
    # Serviceloven § 140 demanded the plan before the decision instead.
    result = deadlines(None, decided_on=date(2023, 5, 31), today=date(2023, 6, 1))

    assert [(d.kind, d.due) for d in result] == [(Kind.PLAN, date(2023, 5, 31))]
