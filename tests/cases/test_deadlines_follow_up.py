"""FOLLOW_UP (§ 95): first at the earlier of a parallel assessment's end and 3 months after the
start, then on the case's interval; Serviceloven § 70: 3 months, then at most every 6."""

from __future__ import annotations

from datetime import date

import pytest

from herningmodel.cases.deadlines import (
    NOTE_FIRST_FOLLOW_UP_AT_ASSESSMENT_END,
    NOTE_INTERVAL_CAPPED,
    REF_NEXT_FOLLOW_UP,
    AssessmentFacts,
    CaseFacts,
    Deadline,
    FollowUpFacts,
    Kind,
    Law,
    State,
    case_deadlines,
)


def follow_ups(
    start: date | None,
    held: tuple[date, ...] = (),
    *,
    interval: int = 3,
    assessments_finished: tuple[date, ...] = (),
    today: date = date(2024, 1, 1),
) -> list[Deadline]:
    facts = CaseFacts(
        assessments=[
            AssessmentFacts(i, date(2020, 1, 1), day, None)
            for i, day in enumerate(assessments_finished, start=1)
        ],
        follow_ups=[FollowUpFacts(i, day) for i, day in enumerate(held, start=1)],
        first_intervention_start=start,
        follow_up_interval_months=interval,
    )
    return [d for d in case_deadlines(facts, today=today) if d.kind is Kind.FOLLOW_UP]


def test_nothing_is_due_before_an_intervention_starts() -> None:
    assert follow_ups(None, (date(2024, 3, 1),)) == []


@pytest.mark.parametrize(
    ("start", "finished", "due", "note"),
    [
        pytest.param(date(2024, 5, 31), (), date(2024, 8, 31), "", id="31-may+3=31-aug"),
        pytest.param(date(2024, 11, 30), (), date(2025, 2, 28), "", id="30-nov+3=28-feb"),
        pytest.param(date(2027, 11, 30), (), date(2028, 2, 29), "", id="30-nov+3=29-feb-leap"),
        pytest.param(
            date(2024, 5, 31),
            (date(2024, 7, 15),),
            date(2024, 7, 15),
            NOTE_FIRST_FOLLOW_UP_AT_ASSESSMENT_END,
            id="parallel-assessment-ends-first",
        ),
        pytest.param(
            date(2024, 5, 31),
            (date(2024, 9, 15), date(2024, 7, 20), date(2024, 8, 1)),
            date(2024, 7, 20),
            NOTE_FIRST_FOLLOW_UP_AT_ASSESSMENT_END,
            id="earliest-parallel-assessment",
        ),
        pytest.param(
            date(2024, 5, 31), (date(2024, 9, 15),), date(2024, 8, 31), "", id="assessment-later"
        ),
        pytest.param(
            date(2024, 5, 31), (date(2024, 5, 20),), date(2024, 8, 31), "", id="finished-before"
        ),
        pytest.param(
            date(2024, 5, 31), (date(2024, 5, 31),), date(2024, 8, 31), "", id="finished-on-start"
        ),
        # Serviceloven § 70 had no parallel-assessment clause [U].
        pytest.param(date(2023, 6, 1), (date(2023, 7, 1),), date(2023, 9, 1), "", id="sel"),
    ],
)
def test_first_follow_up(start: date, finished: tuple[date, ...], due: date, note: str) -> None:
    (deadline,) = follow_ups(start, assessments_finished=finished, today=start)

    assert deadline.due == due
    assert deadline.note == note
    assert deadline.ref == REF_NEXT_FOLLOW_UP
    assert deadline.done_on is None


def test_chain_with_late_and_early_follow_ups() -> None:
    held = (date(2024, 4, 20), date(2024, 7, 10), date(2024, 11, 1))

    chain = follow_ups(date(2024, 1, 15), held, today=date(2025, 1, 20))

    assert [(d.due, d.done_on, d.state, d.ref) for d in chain] == [
        (date(2024, 4, 15), date(2024, 4, 20), State.MET_LATE, "follow_up:1"),
        # The next one counts from the day the previous one was actually held.
        (date(2024, 7, 20), date(2024, 7, 10), State.MET, "follow_up:2"),
        (date(2024, 10, 10), date(2024, 11, 1), State.MET_LATE, "follow_up:3"),
        (date(2025, 2, 1), None, State.DUE_SOON, REF_NEXT_FOLLOW_UP),
    ]


def test_held_follow_ups_are_matched_in_date_order() -> None:
    chain = follow_ups(date(2024, 1, 15), (date(2024, 7, 10), date(2024, 4, 10)))

    assert [d.ref for d in chain] == ["follow_up:2", "follow_up:1", REF_NEXT_FOLLOW_UP]


@pytest.mark.parametrize(
    ("today", "state"),
    [
        pytest.param(date(2024, 6, 1), State.UPCOMING, id="upcoming"),
        pytest.param(date(2024, 7, 1), State.DUE_SOON, id="due-soon"),
        pytest.param(date(2024, 7, 16), State.OVERDUE, id="overdue"),
        pytest.param(date(2025, 7, 16), State.OVERDUE, id="long-overdue-still-one"),
    ],
)
def test_exactly_one_open_follow_up(today: date, state: State) -> None:
    chain = follow_ups(date(2024, 1, 15), (date(2024, 4, 15),), today=today)

    assert [d.state for d in chain] == [State.MET, state]
    assert chain[-1].due == date(2024, 7, 15)


def test_follow_ups_before_the_start_do_not_count() -> None:
    chain = follow_ups(date(2024, 5, 31), (date(2024, 5, 1),))

    assert [(d.due, d.ref) for d in chain] == [(date(2024, 8, 31), REF_NEXT_FOLLOW_UP)]


@pytest.mark.parametrize(
    ("held_on", "interval", "due", "law", "note"),
    [
        pytest.param(date(2024, 11, 30), 3, date(2025, 2, 28), Law.BARNETS_LOV, "", id="bl-3"),
        pytest.param(date(2024, 8, 31), 6, date(2025, 2, 28), Law.BARNETS_LOV, "", id="bl-6"),
        pytest.param(date(2024, 8, 31), 1, date(2024, 9, 30), Law.BARNETS_LOV, "", id="bl-1"),
        pytest.param(
            date(2024, 2, 29), 12, date(2025, 2, 28), Law.BARNETS_LOV, "", id="bl-12-no-cap"
        ),
        pytest.param(date(2023, 8, 31), 3, date(2023, 11, 30), Law.SERVICELOVEN, "", id="sel-3"),
        pytest.param(
            date(2023, 8, 31),
            12,
            date(2024, 2, 29),
            Law.SERVICELOVEN,
            NOTE_INTERVAL_CAPPED,
            id="sel-12-capped-at-6",
        ),
        pytest.param(
            date(2024, 1, 2), 12, date(2025, 1, 2), Law.BARNETS_LOV, "", id="after-transition"
        ),
    ],
)
def test_next_follow_up_uses_the_case_interval(
    held_on: date, interval: int, due: date, law: Law, note: str
) -> None:
    start = date(2023, 5, 1)

    *_, next_one = follow_ups(start, (held_on,), interval=interval)

    assert next_one.due == due
    assert next_one.law is law
    assert next_one.note == note


def test_the_first_follow_up_is_governed_by_the_law_at_the_start() -> None:
    (first, second) = follow_ups(date(2023, 10, 1), (date(2024, 1, 5),))

    assert (first.law, first.source) == (Law.SERVICELOVEN, "serviceloven § 70")
    assert (second.law, second.source) == (Law.BARNETS_LOV, "barnets lov § 95")


def test_interval_below_one_month_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        follow_ups(date(2024, 1, 15), interval=0)
