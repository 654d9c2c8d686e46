"""ACUTE_24H: assess a notification within 24 elapsed hours of receipt."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from herningmodel.cases.deadlines import (
    COPENHAGEN,
    CaseFacts,
    Deadline,
    Kind,
    Law,
    NotificationFacts,
    State,
    case_deadlines,
)


def cph(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=COPENHAGEN)


def acute(
    received_at: datetime,
    assessed_at: datetime | None,
    *,
    now: datetime | None = None,
    today: date | None = None,
) -> Deadline:
    facts = CaseFacts(notifications=[NotificationFacts(12, received_at, assessed_at, False, None)])
    (deadline,) = case_deadlines(facts, now=now, today=today)
    assert deadline.kind is Kind.ACUTE_24H
    assert deadline.ref == "notification:12"
    return deadline


@pytest.mark.parametrize(
    ("received", "due_at", "due"),
    [
        pytest.param("2024-06-03 10:00", "2024-06-04 10:00", date(2024, 6, 4), id="ordinary-day"),
        pytest.param("2024-06-07 16:30", "2024-06-08 16:30", date(2024, 6, 8), id="over-weekend"),
        pytest.param("2024-12-31 23:59", "2025-01-01 23:59", date(2025, 1, 1), id="new-year"),
        # Spring forward 31 Mar 2024 02:00 → 03:00: 24 elapsed hours end at 11:00 wall clock.
        pytest.param("2024-03-30 10:00", "2024-03-31 11:00", date(2024, 3, 31), id="dst-spring"),
        # Fall back 27 Oct 2024 03:00 → 02:00: 24 elapsed hours end at 09:00 wall clock.
        pytest.param("2024-10-26 10:00", "2024-10-27 09:00", date(2024, 10, 27), id="dst-autumn"),
        # 23:30 + 24 h across spring-forward lands on 00:30 two calendar days later.
        pytest.param("2024-03-30 23:30", "2024-04-01 00:30", date(2024, 4, 1), id="dst-date-moves"),
    ],
)
def test_due_is_24_elapsed_hours_after_receipt(received: str, due_at: str, due: date) -> None:
    deadline = acute(cph(received), None, today=date(2024, 1, 1))

    assert deadline.due_at == cph(due_at)
    assert deadline.due_at is not None
    # Subtract in UTC: same-tzinfo subtraction would count wall-clock hours.
    elapsed = deadline.due_at.astimezone(UTC) - cph(received).astimezone(UTC)
    assert elapsed.total_seconds() == 24 * 3600
    assert deadline.due == due


def test_due_at_is_reported_in_copenhagen_time_whatever_the_input_zone() -> None:
    deadline = acute(datetime(2024, 6, 3, 8, 0, tzinfo=UTC), None, today=date(2024, 6, 3))

    assert deadline.due_at is not None
    assert deadline.due_at.tzinfo == COPENHAGEN
    assert deadline.due_at.hour == 10


RECEIVED = cph("2024-03-30 10:00")  # due 2024-03-31 11:00 CEST


@pytest.mark.parametrize(
    ("assessed_at", "now", "state", "done_on"),
    [
        pytest.param(cph("2024-03-30 15:00"), None, State.MET, date(2024, 3, 30), id="same-day"),
        pytest.param(
            cph("2024-03-31 11:00"), None, State.MET, date(2024, 3, 31), id="to-the-minute"
        ),
        pytest.param(
            cph("2024-03-31 10:59"), None, State.MET, date(2024, 3, 31), id="dst-hour-counts"
        ),
        pytest.param(
            cph("2024-03-31 11:01"), None, State.MET_LATE, date(2024, 3, 31), id="late-same-date"
        ),
        pytest.param(
            cph("2024-04-02 09:00"), None, State.MET_LATE, date(2024, 4, 2), id="late-days"
        ),
        pytest.param(None, cph("2024-03-30 18:00"), State.DUE_SOON, None, id="open-in-time"),
        pytest.param(None, cph("2024-03-31 10:59"), State.DUE_SOON, None, id="open-last-minute"),
        pytest.param(None, cph("2024-03-31 11:01"), State.OVERDUE, None, id="open-too-late"),
    ],
)
def test_state(
    assessed_at: datetime | None, now: datetime | None, state: State, done_on: date | None
) -> None:
    deadline = acute(RECEIVED, assessed_at, now=now or cph("2024-04-10 12:00"))

    assert deadline.state is state
    assert deadline.done_on == done_on


@pytest.mark.parametrize(
    ("today", "state"),
    [
        pytest.param(date(2024, 3, 30), State.DUE_SOON, id="day-of-receipt"),
        # Only a date: judged at the end of the day, so overdue on the due date itself.
        pytest.param(date(2024, 3, 31), State.OVERDUE, id="due-date-end-of-day"),
        pytest.param(date(2024, 4, 1), State.OVERDUE, id="day-after"),
    ],
)
def test_with_only_a_date_the_rule_is_judged_at_the_end_of_the_day(
    today: date, state: State
) -> None:
    assert acute(RECEIVED, None, today=today).state is state


# Autumn 2024: on Sunday 27 Oct the hour 02:00–03:00 happens twice. Received Saturday 03:30
# CEST (01:30 UTC), the notification is due at 01:30 UTC on Sunday: the *second* 02:30.
AUTUMN_RECEIVED = cph("2024-10-26 03:30")


@pytest.mark.parametrize(
    ("assessed_at", "state"),
    [
        pytest.param(cph("2024-10-27 02:45"), State.MET, id="first-02-45-is-in-time"),
        pytest.param(
            cph("2024-10-27 02:15").replace(fold=1), State.MET, id="second-02-15-is-in-time"
        ),
        pytest.param(
            cph("2024-10-27 02:45").replace(fold=1), State.MET_LATE, id="second-02-45-is-late"
        ),
    ],
)
def test_the_repeated_autumn_hour_is_compared_in_real_time(
    assessed_at: datetime, state: State
) -> None:
    deadline = acute(AUTUMN_RECEIVED, assessed_at, today=date(2024, 10, 28))

    assert deadline.due_at is not None
    assert deadline.due_at.fold == 1
    assert deadline.state is state


@pytest.mark.parametrize(
    ("received", "law", "source"),
    [
        pytest.param(
            cph("2023-12-31 23:00"), Law.SERVICELOVEN, "serviceloven § 155", id="sel-by-receipt"
        ),
        pytest.param(cph("2024-01-01 00:30"), Law.BARNETS_LOV, "barnets lov §§ 136–137", id="bl"),
    ],
)
def test_law_follows_the_copenhagen_date_of_receipt(
    received: datetime, law: Law, source: str
) -> None:
    deadline = acute(received, None, today=date(2024, 1, 1))

    assert deadline.law is law
    assert deadline.source == source


def test_naive_received_at_is_refused() -> None:
    naive = datetime(2024, 3, 30, 10, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="received_at must be timezone-aware"):
        acute(naive, None, today=date(2024, 3, 30))
