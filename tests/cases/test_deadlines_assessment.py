"""ASSESSMENT: the § 20 child assessment is finished within 4 months of the need."""

from __future__ import annotations

from datetime import date

import pytest

from herningmodel.cases.deadlines import (
    NOTE_PRELIMINARY_MISSING,
    NOTE_PRELIMINARY_RECORDED,
    AssessmentFacts,
    CaseFacts,
    Deadline,
    Kind,
    Law,
    State,
    case_deadlines,
)


def assessment(
    need_known_on: date,
    finished_on: date | None = None,
    preliminary_on: date | None = None,
    *,
    today: date = date(2024, 1, 1),
) -> Deadline:
    facts = CaseFacts(assessments=[AssessmentFacts(3, need_known_on, finished_on, preliminary_on)])
    (deadline,) = case_deadlines(facts, today=today)
    assert deadline.kind is Kind.ASSESSMENT
    assert deadline.ref == "assessment:3"
    return deadline


@pytest.mark.parametrize(
    ("need_known_on", "due"),
    [
        pytest.param(date(2023, 10, 31), date(2024, 2, 29), id="31-oct-2023+4=29-feb-leap"),
        pytest.param(date(2024, 10, 31), date(2025, 2, 28), id="31-oct-2024+4=28-feb"),
        pytest.param(date(2023, 10, 30), date(2024, 2, 29), id="30-oct-2023+4=29-feb"),
        pytest.param(date(2024, 2, 29), date(2024, 6, 29), id="29-feb+4=29-jun"),
        pytest.param(date(2024, 5, 31), date(2024, 9, 30), id="31-may+4=30-sep"),
        pytest.param(date(2024, 8, 31), date(2024, 12, 31), id="31-aug+4=31-dec"),
        pytest.param(date(2024, 9, 15), date(2025, 1, 15), id="over-new-year"),
    ],
)
def test_due_four_months_after_the_need_became_known(need_known_on: date, due: date) -> None:
    assert assessment(need_known_on).due == due


NEED = date(2023, 10, 31)  # due 2024-02-29


@pytest.mark.parametrize(
    ("finished_on", "preliminary_on", "today", "state", "note"),
    [
        pytest.param(date(2024, 2, 1), None, date(2024, 3, 1), State.MET, "", id="in-time"),
        pytest.param(date(2024, 2, 29), None, date(2024, 3, 1), State.MET, "", id="leap-day"),
        pytest.param(
            date(2024, 3, 1),
            None,
            date(2024, 3, 1),
            State.MET_LATE,
            NOTE_PRELIMINARY_MISSING,
            id="late-without-preliminary",
        ),
        pytest.param(
            date(2024, 3, 20),
            date(2024, 2, 28),
            date(2024, 4, 1),
            State.MET_LATE,
            NOTE_PRELIMINARY_RECORDED,
            id="late-with-preliminary",
        ),
        pytest.param(None, None, date(2024, 2, 15), State.DUE_SOON, "", id="open-due-soon"),
        pytest.param(None, None, date(2024, 1, 15), State.UPCOMING, "", id="open-upcoming"),
        pytest.param(
            None,
            date(2024, 2, 29),
            date(2024, 3, 1),
            State.OVERDUE,
            NOTE_PRELIMINARY_RECORDED,
            id="overdue-with-preliminary-stays-overdue",
        ),
        pytest.param(
            None,
            None,
            date(2024, 3, 1),
            State.OVERDUE,
            NOTE_PRELIMINARY_MISSING,
            id="overdue-without-preliminary",
        ),
    ],
)
def test_state_and_preliminary_note(
    finished_on: date | None,
    preliminary_on: date | None,
    today: date,
    state: State,
    note: str,
) -> None:
    deadline = assessment(NEED, finished_on, preliminary_on, today=today)

    assert deadline.state is state
    assert deadline.note == note
    assert deadline.done_on == finished_on


@pytest.mark.parametrize(
    ("need_known_on", "law", "source"),
    [
        pytest.param(date(2023, 12, 31), Law.SERVICELOVEN, "serviceloven § 50", id="sel"),
        pytest.param(date(2024, 1, 1), Law.BARNETS_LOV, "barnets lov § 20, stk. 3", id="bl"),
    ],
)
def test_law_follows_the_day_the_need_became_known(
    need_known_on: date, law: Law, source: str
) -> None:
    deadline = assessment(need_known_on)

    assert deadline.law is law
    assert deadline.source == source
