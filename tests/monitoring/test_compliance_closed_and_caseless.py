"""Deadline compliance counts what fell due, whatever happened afterwards: a deadline missed
while a case was open stays missed when the case closes, and a notification's deadlines count
by their own due time whether or not it joined a case (docs/indicators.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from herningmodel.cases.models import Assessment, Case, ClosureReason, Notification
from herningmodel.cases.models.intake import NotificationSource
from herningmodel.cases.services.casefile import close_case
from herningmodel.monitoring import indicators
from herningmodel.monitoring.scope import Scope, parse_period
from herningmodel.organisation.models import AreaTeam, Role
from herningmodel.people.models import Child
from tests.factories import AreaTeamFactory, ChildFactory, staff

CPH = ZoneInfo("Europe/Copenhagen")


@dataclass
class Place:
    team: AreaTeam
    child: Child
    worker: object


@pytest.fixture
def place(db: None) -> Place:
    team = AreaTeamFactory()
    return Place(team, ChildFactory(area_team=team), staff(Role.CASEWORKER, team).user)


def figures(period: str) -> dict[str, tuple[int, int]]:
    """kind → (met, due) for the one district of these tests."""
    parts = indicators.get("deadlines_on_time").compute(Scope(parse_period(period)))
    return {kind: (p.numerator, p.denominator) for (_d, kind), p in parts.items()}  # type: ignore[misc]


def open_case(place: Place, opened: dt.date) -> Case:
    return Case.objects.create(
        child=place.child,
        area_team=place.team,
        district=place.team.district,
        caseworker=place.worker,
        opened_on=opened,
    )


def assessment(case: Case, need_known: dt.date, finished: dt.date | None = None) -> None:
    Assessment.objects.create(
        case=case, need_known_on=need_known, started_on=need_known, finished_on=finished
    )


def close(case: Case, on: dt.date, worker: object) -> None:
    close_case(
        actor=worker,  # type: ignore[arg-type]
        case=case,
        closed_on=on,
        reason=ClosureReason.GOALS_REACHED,
        source="test",
    )


def notify(child: Child, case: Case | None, received: dt.datetime, **fields: object) -> None:
    Notification.objects.create(
        child=child,
        case=case,
        source=NotificationSource.SCHOOL,
        received_at=received,
        content="Bekymring (fiktiv).",
        **fields,
    )


def test_a_deadline_missed_while_the_case_was_open_stays_missed_after_it_closes(place) -> None:  # type: ignore[no-untyped-def]
    case = open_case(place, dt.date(2025, 1, 5))
    assessment(case, dt.date(2025, 1, 10))  # due 10 May 2025, never finished
    assert figures("2025Q2")["assessment"] == (0, 1)

    close(case, dt.date(2025, 8, 1), place.worker)

    assert figures("2025Q2")["assessment"] == (0, 1)


def test_work_done_after_the_closure_does_not_mend_a_missed_deadline(place) -> None:  # type: ignore[no-untyped-def]
    case = open_case(place, dt.date(2025, 1, 5))
    assessment(case, dt.date(2025, 1, 10), finished=dt.date(2025, 9, 1))  # 4 months late
    close(case, dt.date(2025, 6, 30), place.worker)
    assert figures("2025Q2")["assessment"] == (0, 1)


def test_a_deadline_falling_due_after_the_closure_is_not_counted(place) -> None:  # type: ignore[no-untyped-def]
    """After the closure nothing was owed: neither a missed nor an early-met deadline due then
    counts."""
    case = open_case(place, dt.date(2025, 1, 5))
    assessment(case, dt.date(2025, 2, 1))  # due 1 June 2025
    assessment(case, dt.date(2025, 2, 2), finished=dt.date(2025, 3, 1))  # due 2 June, met
    close(case, dt.date(2025, 4, 1), place.worker)
    assert "assessment" not in figures("2025Q2")


def test_a_notification_that_joined_no_case_counts_by_its_own_due_time(place) -> None:  # type: ignore[no-untyped-def]
    """Received on the last evening of 2025Q1 from a school: the 24-hour assessment falls due
    in 2025Q2 (made a day late), and so does the receipt (never sent); the child has no case."""
    received = dt.datetime(2025, 3, 31, 20, tzinfo=CPH)
    notify(place.child, None, received, assessed_at=received + dt.timedelta(hours=48))
    assert figures("2025Q1") == {}
    assert figures("2025Q2") == {"acute_24h": (0, 1), "receipt": (0, 1)}


def test_a_notification_on_a_case_closed_before_it_fell_due_still_counts(place) -> None:  # type: ignore[no-untyped-def]
    case = open_case(place, dt.date(2025, 1, 5))
    close(case, dt.date(2025, 3, 31), place.worker)
    received = dt.datetime(2025, 3, 31, 20, tzinfo=CPH)
    notify(
        place.child,
        case,
        received,
        assessed_at=received + dt.timedelta(hours=23),
        receipt_sent_on=dt.date(2025, 4, 8),  # the 6th working day after 31 March
    )
    assert figures("2025Q2") == {"acute_24h": (1, 1), "receipt": (1, 1)}


def test_a_notification_counts_in_its_childs_district(place) -> None:  # type: ignore[no-untyped-def]
    elsewhere = AreaTeamFactory()
    other = ChildFactory(area_team=elsewhere)
    notify(other, None, dt.datetime(2025, 5, 5, 9, tzinfo=CPH))
    parts = indicators.get("deadlines_on_time").compute(Scope(parse_period("2025Q2")))
    assert set(parts) == {(elsewhere.district_id, "acute_24h"), (elsewhere.district_id, "receipt")}
