"""PLAN after a placement: ≤ 3 months after § 46; before a § 47 decision (3 months if acute);
under Serviceloven § 140 before the decision, or within 4 months if urgent."""

from __future__ import annotations

from datetime import date

import pytest

from herningmodel.cases.deadlines import (
    CaseFacts,
    Deadline,
    DecisionFacts,
    Kind,
    Law,
    PlanFacts,
    State,
    case_deadlines,
)


def plan_deadlines(
    legal_basis: str,
    decided_on: date,
    *,
    acute: bool = False,
    approved: tuple[date | None, ...] = (),
    today: date = date(2024, 1, 1),
) -> list[Deadline]:
    facts = CaseFacts(
        decisions=[DecisionFacts(5, legal_basis, decided_on, acute, None, None)],
        plans=[PlanFacts(i, day) for i, day in enumerate(approved, start=1)],
    )
    return [d for d in case_deadlines(facts, today=today) if d.kind is Kind.PLAN]


@pytest.mark.parametrize(
    ("legal_basis", "decided_on", "acute", "due"),
    [
        pytest.param("46", date(2024, 5, 31), False, date(2024, 8, 31), id="46-31-may+3=31-aug"),
        pytest.param("46", date(2024, 11, 30), False, date(2025, 2, 28), id="46-30-nov+3=28-feb"),
        pytest.param("46", date(2023, 11, 30), False, date(2023, 11, 30), id="46-under-sel"),
        pytest.param("46", date(2024, 1, 1), True, date(2024, 4, 1), id="46-acute-still-3"),
        pytest.param("46", date(2024, 3, 31), False, date(2024, 6, 30), id="46-31-mar+3=30-jun"),
        pytest.param("47", date(2024, 6, 12), False, date(2024, 6, 12), id="47-before-decision"),
        pytest.param("47", date(2024, 11, 30), True, date(2025, 2, 28), id="47-acute+3"),
        pytest.param("§ 46", date(2024, 5, 31), False, date(2024, 8, 31), id="46-with-sign"),
        # Serviceloven § 140: before every decision, or within 4 months if urgent.
        pytest.param("46", date(2023, 10, 31), True, date(2024, 2, 29), id="sel-urgent+4-leap"),
        pytest.param("47", date(2023, 6, 1), False, date(2023, 6, 1), id="sel-47-before"),
        pytest.param("32", date(2023, 6, 1), False, date(2023, 6, 1), id="sel-32-before"),
    ],
)
def test_due(legal_basis: str, decided_on: date, acute: bool, due: date) -> None:
    (deadline,) = plan_deadlines(legal_basis, decided_on, acute=acute)

    assert deadline.due == due
    assert deadline.ref == "decision:5"


@pytest.mark.parametrize(
    ("legal_basis", "decided_on"),
    [
        pytest.param("30", date(2024, 5, 1), id="30-early-preventive"),
        pytest.param("30", date(2023, 5, 1), id="30-under-sel"),
        pytest.param("", date(2024, 5, 1), id="no-basis"),
        pytest.param("52", date(2024, 5, 1), id="unknown-basis"),
    ],
)
def test_no_plan_deadline(legal_basis: str, decided_on: date) -> None:
    assert plan_deadlines(legal_basis, decided_on) == []


DECIDED_47 = date(2024, 6, 12)


@pytest.mark.parametrize(
    ("approved", "today", "state", "done_on"),
    [
        pytest.param(
            (date(2024, 6, 10),), date(2024, 7, 1), State.MET, date(2024, 6, 10), id="before"
        ),
        pytest.param((DECIDED_47,), date(2024, 7, 1), State.MET, DECIDED_47, id="same-day"),
        pytest.param(
            (date(2024, 6, 13),),
            date(2024, 7, 1),
            State.MET_LATE,
            date(2024, 6, 13),
            id="day-after-is-late",
        ),
        pytest.param(
            (date(2023, 1, 5), date(2024, 6, 1), date(2024, 7, 1)),
            date(2024, 7, 1),
            State.MET,
            date(2024, 6, 1),
            id="latest-plan-in-time-is-reported",
        ),
        pytest.param(
            (None,), date(2024, 6, 13), State.OVERDUE, None, id="unapproved-plan-does-not-count"
        ),
        pytest.param((), DECIDED_47, State.DUE_SOON, None, id="open-on-the-decision-day"),
        pytest.param((), date(2024, 6, 13), State.OVERDUE, None, id="open-after-the-decision"),
    ],
)
def test_47_plan_must_exist_before_the_decision(
    approved: tuple[date | None, ...], today: date, state: State, done_on: date | None
) -> None:
    (deadline,) = plan_deadlines("47", DECIDED_47, approved=approved, today=today)

    assert deadline.state is state
    assert deadline.done_on == done_on


DECIDED_46 = date(2024, 11, 30)  # due 2025-02-28


@pytest.mark.parametrize(
    ("approved", "today", "state"),
    [
        pytest.param((date(2025, 2, 28),), date(2025, 3, 1), State.MET, id="on-the-last-day"),
        pytest.param((date(2025, 3, 1),), date(2025, 3, 1), State.MET_LATE, id="day-after"),
        pytest.param((date(2024, 9, 1),), date(2025, 3, 1), State.MET, id="earlier-plan-counts"),
        pytest.param((), date(2025, 2, 15), State.DUE_SOON, id="due-soon"),
        pytest.param((), date(2025, 1, 10), State.UPCOMING, id="upcoming"),
        pytest.param((), date(2025, 3, 1), State.OVERDUE, id="overdue"),
    ],
)
def test_46_plan_within_three_months(
    approved: tuple[date | None, ...], today: date, state: State
) -> None:
    (deadline,) = plan_deadlines("46", DECIDED_46, approved=approved, today=today)

    assert deadline.state is state


@pytest.mark.parametrize(
    ("decided_on", "law", "source"),
    [
        pytest.param(date(2023, 12, 31), Law.SERVICELOVEN, "serviceloven § 140", id="sel"),
        pytest.param(date(2024, 1, 1), Law.BARNETS_LOV, "barnets lov § 91, stk. 2", id="bl"),
    ],
)
def test_law_follows_the_decision_date(decided_on: date, law: Law, source: str) -> None:
    (deadline,) = plan_deadlines("46", decided_on)

    assert deadline.law is law
    assert deadline.source == source


def test_each_decision_has_its_own_plan_deadline() -> None:
    facts = CaseFacts(
        decisions=[
            DecisionFacts(5, "46", date(2024, 2, 1), False, None, None),
            DecisionFacts(6, "47", date(2024, 9, 1), False, None, None),
        ],
        plans=[PlanFacts(1, date(2024, 3, 1))],
    )

    deadlines = case_deadlines(facts, today=date(2024, 10, 1))

    assert [(d.ref, d.due, d.state) for d in deadlines] == [
        ("decision:5", date(2024, 5, 1), State.MET),
        # The March plan was approved before the § 47 decision, so it counts (see docs).
        ("decision:6", date(2024, 9, 1), State.MET),
    ]
