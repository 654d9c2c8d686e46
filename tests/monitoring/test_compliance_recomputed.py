"""Deadline compliance on the small demo equals an independent SQL recomputation of its
documented definition (``compliance_sql``), for every quarter of 2024–2025, and a past
period's figure does not move when cases close or late work is recorded afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Max, Min

from herningmodel.cases.models import Assessment, Case, CaseStatus, Decision, FollowUp, Notification
from herningmodel.monitoring import indicators
from herningmodel.monitoring.scope import Scope, parse_period
from herningmodel.staircase.models import Episode
from tests.demo.conftest import TODAY, small_demo  # noqa: F401  (the module's shared demo)
from tests.monitoring import compliance_sql

QUARTERS = [f"{year}Q{q}" for year in (2024, 2025) for q in (1, 2, 3, 4)]
KINDS = {"acute_24h", "receipt", "assessment", "plan", "follow_up"}

Figures = dict[tuple[int, str], tuple[int, int, int]]


@pytest.fixture(scope="module")
def sql_calendar(small_demo, django_db_blocker) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The calendar tables, for every day the demo's deadlines can start or fall due on; they
    live in the demo's outer transaction and go with it."""
    with django_db_blocker.unblock():
        starts = [
            Notification.objects.aggregate(d=Min("received_at"))["d"].date(),
            Assessment.objects.aggregate(d=Min("need_known_on"))["d"],
            Decision.objects.aggregate(d=Min("decided_on"))["d"],
            Episode.objects.aggregate(d=Min("start"))["d"],
            FollowUp.objects.aggregate(d=Min("held_on"))["d"],
        ]
        intervals = set(Case.objects.values_list("follow_up_interval_months", flat=True))
        last = max(TODAY, Case.objects.aggregate(d=Max("closed_on"))["d"]) + dt.timedelta(400)
        compliance_sql.create_calendar(min(starts) - dt.timedelta(days=2), last, intervals)


def indicator_figures(scope: Scope) -> Figures:
    parts = indicators.get("deadlines_on_time").compute(scope)
    return {key: (p.numerator, p.denominator, p.children) for key, p in parts.items()}  # type: ignore[misc]


def sql_figures(period: str) -> Figures:
    p = parse_period(period)
    return compliance_sql.compliance(p.start, p.end)


@pytest.mark.parametrize("period", [*QUARTERS, "2025", "2024-10"])
def test_every_compliance_figure_equals_the_sql_recomputation(
    sql_calendar, db, period: str
) -> None:  # type: ignore[no-untyped-def]
    expected = sql_figures(period)
    kinds = {kind for _district, kind in expected}
    assert kinds <= KINDS
    assert len(kinds) >= 4  # (2024Q1 has no plan due)
    assert indicator_figures(Scope(parse_period(period))) == expected


def test_a_district_filter_gives_that_districts_recomputed_figures(sql_calendar, db) -> None:  # type: ignore[no-untyped-def]
    expected = sql_figures("2025Q3")
    district = max({d for d, _kind in expected})
    scope = Scope(parse_period("2025Q3"), district_ids=frozenset({district}))
    assert indicator_figures(scope) == {k: v for k, v in expected.items() if k[0] == district}


def test_the_demo_has_notifications_that_joined_no_case(sql_calendar, db) -> None:  # type: ignore[no-untyped-def]
    """So the recomputation above checks that they count (the old indicator left them out)."""
    p = parse_period("2025Q3")
    assert Notification.objects.filter(
        case__isnull=True, received_at__date__gte=p.start, received_at__date__lt=p.end
    ).exists()


def test_a_past_period_is_unchanged_by_what_happens_after_it(sql_calendar, db) -> None:  # type: ignore[no-untyped-def]
    """Re-running 2025Q3 after every case open then has been closed and every missing
    receipt, assessment and 24-hour assessment done late gives the same figures (the old
    indicator dropped a closed case's missed deadlines, so closing improved the past)."""
    scope = Scope(parse_period("2025Q3"))
    before = indicator_figures(scope)
    missed = sum(due - met for met, due, _kids in before.values())
    assert missed > 0

    later = TODAY
    closed = Case.objects.filter(status=CaseStatus.OPEN, opened_on__lte=scope.period.end).update(
        status=CaseStatus.CLOSED, closed_on=later
    )
    assert closed > 0
    Notification.objects.filter(receipt_sent_on__isnull=True).update(receipt_sent_on=later)
    Notification.objects.filter(assessed_at__isnull=True, received_at__date__lt=later).update(
        assessed_at=dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)
    )
    Assessment.objects.filter(finished_on__isnull=True).update(finished_on=later)

    assert indicator_figures(scope) == before
    assert sql_figures("2025Q3") == before
