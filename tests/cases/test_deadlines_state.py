"""The state of a deadline, and how case_deadlines sorts, filters and is called."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from herningmodel.cases.deadlines import (
    COPENHAGEN,
    AssessmentFacts,
    CaseFacts,
    Deadline,
    Kind,
    State,
    case_deadlines,
    deadline_state,
    open_deadlines,
)

DUE = date(2024, 6, 30)


@pytest.mark.parametrize(
    ("done_on", "today", "expected"),
    [
        pytest.param(date(2024, 6, 1), date(2024, 7, 10), State.MET, id="done-early"),
        pytest.param(DUE, date(2024, 7, 10), State.MET, id="done-on-the-due-day"),
        pytest.param(date(2024, 7, 1), date(2024, 7, 10), State.MET_LATE, id="done-a-day-late"),
        pytest.param(date(2024, 7, 1), date(2024, 5, 1), State.MET_LATE, id="done-late-any-today"),
        pytest.param(None, date(2024, 7, 1), State.OVERDUE, id="not-done-day-after"),
        pytest.param(None, DUE, State.DUE_SOON, id="not-done-on-the-due-day"),
        pytest.param(None, date(2024, 6, 16), State.DUE_SOON, id="not-done-14-days-before"),
        pytest.param(None, date(2024, 6, 15), State.UPCOMING, id="not-done-15-days-before"),
    ],
)
def test_deadline_state(done_on: date | None, today: date, expected: State) -> None:
    assert deadline_state(DUE, done_on, today=today, due_soon_days=14) is expected


def test_due_soon_days_zero_means_only_the_due_day() -> None:
    assert deadline_state(DUE, None, today=DUE, due_soon_days=0) is State.DUE_SOON
    assert deadline_state(DUE, None, today=date(2024, 6, 29), due_soon_days=0) is State.UPCOMING


def _deadline(state: State, ref: str) -> Deadline:
    return Deadline(Kind.ASSESSMENT, DUE, None, state, ref)


def test_open_deadlines_keeps_upcoming_due_soon_and_overdue_in_order() -> None:
    deadlines = [
        _deadline(State.MET, "assessment:1"),
        _deadline(State.OVERDUE, "assessment:2"),
        _deadline(State.MET_LATE, "assessment:3"),
        _deadline(State.DUE_SOON, "assessment:4"),
        _deadline(State.UPCOMING, "assessment:5"),
    ]

    assert [d.ref for d in open_deadlines(deadlines)] == [
        "assessment:2",
        "assessment:4",
        "assessment:5",
    ]
    assert [d.is_open for d in deadlines] == [False, True, False, True, True]


def test_case_deadlines_are_sorted_by_due_date() -> None:
    facts = CaseFacts(
        assessments=[
            AssessmentFacts(1, date(2024, 3, 1), None, None),
            AssessmentFacts(2, date(2024, 1, 1), None, None),
            AssessmentFacts(3, date(2024, 2, 1), None, None),
        ]
    )

    deadlines = case_deadlines(facts, today=date(2024, 1, 2))

    assert [d.ref for d in deadlines] == ["assessment:2", "assessment:3", "assessment:1"]
    assert [d.due for d in deadlines] == sorted(d.due for d in deadlines)


def test_an_empty_case_has_no_deadlines() -> None:
    assert case_deadlines(CaseFacts(), today=date(2024, 1, 2)) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({}, "give today or now", id="neither-today-nor-now"),
        pytest.param(
            {"now": datetime(2024, 1, 2, 12, 0)},  # noqa: DTZ001 - the point of the test
            "timezone-aware",
            id="naive-now",
        ),
        pytest.param(
            {"today": date(2024, 1, 3), "now": datetime(2024, 1, 2, 12, tzinfo=COPENHAGEN)},
            "disagree",
            id="today-and-now-disagree",
        ),
        pytest.param({"today": date(2024, 1, 2), "due_soon_days": -1}, "negative", id="negative"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        case_deadlines(CaseFacts(), **kwargs)  # type: ignore[arg-type]


def test_today_is_taken_from_now_in_copenhagen() -> None:
    # 23:30 UTC on 1 Feb is already 2 Feb in Copenhagen: one day past the due date.
    now = datetime.fromisoformat("2024-02-01T23:30:00+00:00")
    facts = CaseFacts(assessments=[AssessmentFacts(1, date(2023, 10, 1), None, None)])

    (deadline,) = case_deadlines(facts, now=now)

    assert deadline.due == date(2024, 2, 1)
    assert deadline.state is State.OVERDUE
