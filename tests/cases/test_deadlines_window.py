"""``case_deadlines(…, due_from=…, due_until=…)`` builds only the deadlines due in a window (the
monitoring asks for one period over every case); the result must be exactly the full list
filtered to the window, in the same order, for any facts, window and day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from herningmodel.cases.deadlines import (
    COPENHAGEN,
    AssessmentFacts,
    CaseFacts,
    DecisionFacts,
    FollowUpFacts,
    NotificationFacts,
    PlanFacts,
    case_deadlines,
)

DAYS = st.dates(date(2023, 6, 1), date(2024, 9, 30))
MAYBE_DAY = st.none() | DAYS
MOMENTS = st.builds(
    lambda day, minute: (
        datetime.combine(day, time(), tzinfo=COPENHAGEN) + timedelta(minutes=minute)
    ),
    DAYS,
    st.integers(0, 24 * 60 - 1),
)


@st.composite
def notifications(draw: st.DrawFn, id: int) -> NotificationFacts:
    received = draw(MOMENTS)
    assessed = draw(st.none() | st.integers(0, 72).map(lambda h: received + timedelta(hours=h)))
    return NotificationFacts(id, received, assessed, draw(st.booleans()), draw(MAYBE_DAY))


ASSESSMENTS = st.builds(AssessmentFacts, st.integers(1, 99), DAYS, MAYBE_DAY, MAYBE_DAY)
DECISIONS = st.builds(
    DecisionFacts,
    st.integers(1, 99),
    st.sampled_from(["30", "32", "§ 32, stk. 1", "46", "47", "52", ""]),
    DAYS,
    st.booleans(),
    st.none() | st.booleans(),
    MAYBE_DAY,
)


@st.composite
def case_facts(draw: st.DrawFn) -> CaseFacts:
    n = draw(st.integers(0, 3))
    return CaseFacts(
        notifications=[draw(notifications(i)) for i in range(n)],
        assessments=draw(st.lists(ASSESSMENTS, max_size=3)),
        decisions=draw(st.lists(DECISIONS, max_size=3)),
        plans=draw(st.lists(st.builds(PlanFacts, st.integers(1, 99), MAYBE_DAY), max_size=3)),
        follow_ups=draw(st.lists(st.builds(FollowUpFacts, st.integers(1, 99), DAYS), max_size=5)),
        first_intervention_start=draw(MAYBE_DAY),
        follow_up_interval_months=draw(st.integers(1, 12)),
        closed_on=draw(MAYBE_DAY),
    )


@settings(max_examples=300, deadline=None)
@given(case_facts(), MAYBE_DAY, MAYBE_DAY, DAYS)
def test_the_window_is_the_full_list_filtered(
    facts: CaseFacts, due_from: date | None, due_until: date | None, today: date
) -> None:
    full = case_deadlines(facts, today=today)
    windowed = case_deadlines(facts, today=today, due_from=due_from, due_until=due_until)
    assert windowed == [
        d
        for d in full
        if (due_from is None or due_from <= d.due) and (due_until is None or d.due <= due_until)
    ]


def test_a_quarter_of_a_busy_case() -> None:
    received = datetime(2024, 3, 28, 15, 0, tzinfo=COPENHAGEN)
    facts = CaseFacts(
        notifications=[NotificationFacts(1, received, None, True, None)],
        assessments=[AssessmentFacts(2, date(2024, 1, 10), date(2024, 5, 20), None)],
        decisions=[DecisionFacts(3, "46", date(2024, 2, 1), False, None, None)],
        plans=[PlanFacts(4, date(2024, 4, 15))],
        follow_ups=[FollowUpFacts(5, date(2024, 5, 1)), FollowUpFacts(6, date(2024, 8, 1))],
        first_intervention_start=date(2024, 2, 1),
    )
    q2 = case_deadlines(
        facts, today=date(2024, 9, 1), due_from=date(2024, 4, 1), due_until=date(2024, 6, 30)
    )
    # The receipt (6 working days after Maundy Thursday, over Easter: 9 April), the plan and the
    # first follow-up (1 May), the assessment (10 May); not the 24-hour rule (29 March) nor the
    # second follow-up (1 August).
    assert [(d.kind.value, d.due) for d in q2] == [
        ("receipt", date(2024, 4, 9)),
        ("plan", date(2024, 5, 1)),
        ("follow_up", date(2024, 5, 1)),
        ("assessment", date(2024, 5, 10)),
    ]
    assert q2 == [d for d in case_deadlines(facts, today=date(2024, 9, 1)) if d in q2]
    assert len(case_deadlines(facts, today=date(2024, 9, 1))) == 7
