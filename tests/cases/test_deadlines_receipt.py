"""RECEIPT: a professional notifier gets a receipt within 6 working days."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from herningmodel.cases.deadlines import (
    COPENHAGEN,
    CaseFacts,
    Deadline,
    Kind,
    NotificationFacts,
    State,
    case_deadlines,
)


def receipts(
    received_at: datetime,
    *,
    professional: bool = True,
    sent_on: date | None = None,
    today: date = date(2024, 1, 1),
) -> list[Deadline]:
    facts = CaseFacts(
        notifications=[NotificationFacts(7, received_at, None, professional, sent_on)]
    )
    return [d for d in case_deadlines(facts, today=today) if d.kind is Kind.RECEIPT]


def cph(*args: int) -> datetime:
    return datetime(*args, tzinfo=COPENHAGEN)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("received_at", "due"),
    [
        pytest.param(cph(2024, 3, 4, 9), date(2024, 3, 12), id="monday"),
        pytest.param(cph(2024, 3, 2, 9), date(2024, 3, 11), id="saturday-counts-from-monday"),
        pytest.param(cph(2024, 3, 26, 9), date(2024, 4, 8), id="easter-2024"),
        pytest.param(cph(2024, 12, 20, 9), date(2025, 1, 2), id="christmas-2024"),
        pytest.param(cph(2023, 5, 1, 9), date(2023, 5, 10), id="store-bededag-2023-holiday"),
        pytest.param(cph(2024, 4, 22, 9), date(2024, 4, 30), id="store-bededag-2024-working"),
        # 23:30 UTC on Sunday 3 Mar is 00:30 Monday in Copenhagen: counts from Monday.
        pytest.param(
            datetime.fromisoformat("2024-03-03T23:30:00+00:00"), date(2024, 3, 12), id="cph-date"
        ),
    ],
)
def test_due_six_working_days_after_the_day_of_receipt(received_at: datetime, due: date) -> None:
    (deadline,) = receipts(received_at)

    assert deadline.due == due
    assert deadline.ref == "notification:7"
    assert deadline.due_at is None


def test_no_receipt_deadline_for_other_notifiers() -> None:
    assert receipts(cph(2024, 3, 4, 9), professional=False) == []


@pytest.mark.parametrize(
    ("sent_on", "today", "state"),
    [
        pytest.param(date(2024, 3, 5), date(2024, 4, 1), State.MET, id="sent-next-day"),
        pytest.param(date(2024, 3, 12), date(2024, 4, 1), State.MET, id="sent-on-day-six"),
        pytest.param(date(2024, 3, 13), date(2024, 4, 1), State.MET_LATE, id="sent-day-seven"),
        pytest.param(None, date(2024, 3, 12), State.DUE_SOON, id="open-on-due-day"),
        pytest.param(None, date(2024, 3, 13), State.OVERDUE, id="open-after"),
    ],
)
def test_state(sent_on: date | None, today: date, state: State) -> None:
    (deadline,) = receipts(cph(2024, 3, 4, 9), sent_on=sent_on, today=today)

    assert deadline.state is state
    assert deadline.done_on == sent_on
