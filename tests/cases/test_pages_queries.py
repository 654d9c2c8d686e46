"""The case pages cost a fixed number of queries, however many cases or decisions there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from herningmodel.cases import services
from herningmodel.cases.models import AttendeeKind, Case, FollowUpDecision, GoalMovement
from herningmodel.organisation.models import Role
from herningmodel.progress.models import Instrument
from tests.cases.journey import SRC, open_case_by_notification, priced_type, section_32_decision
from tests.factories import ChildFactory, staff

pytestmark = pytest.mark.django_db

# One bound per page, the same for every size: it must never depend on the number of cases.
# Measured: the lists cost 20 queries, the case page 32 (session, user, role, teams, audit
# event, the case with its prefetches, the progression chart, earlier cases).
MAX_QUERIES = 22
MAX_CASE_PAGE = 35


def _finish(world, case: Case) -> None:  # type: ignore[no-untyped-def]
    services.finish_assessment(
        actor=world.caseworker_a,
        assessment=case.assessments.get(),
        finished_on=dt.date(2025, 3, 28),
        conclusion="Behov for familiebehandling.",
        recommendation="32",
        child_development="Trives i skolen, men træt.",
        parenting_capacity="Mor er presset.",
        family_and_network="Mormor bor tæt på.",
        source=SRC,
    )


def _follow_up(world, case: Case, held_on: dt.date) -> None:  # type: ignore[no-untyped-def]
    services.record_follow_up(
        actor=world.caseworker_a,
        case=case,
        held_on=held_on,
        goals_moved=GoalMovement.PARTLY,
        decision=FollowUpDecision.CONTINUE,
        instrument=Instrument.objects.get(code="ics-scaling"),
        scores={"child": 4, "parenting": 5, "family": 6},
        source=SRC,
    )


def open_cases(world, count: int, worker=None) -> list[Case]:  # type: ignore[no-untyped-def]
    """``count`` open cases in team A carried by ``worker``; every fifth one has come further.

    A fifth of the cases start from a notification (24-hour assessment, receipt, § 20
    assessment), and of those every other one has a § 32 decision with an intervention and a
    follow-up, so that every kind of deadline fact is present at every size.
    """
    worker = worker or world.caseworker_a
    cases = []
    for n in range(count):
        child = ChildFactory(area_team=world.team_a)
        if n % 5 == 0 and worker == world.caseworker_a:
            walked = replace(world, child_a=child)
            case = open_case_by_notification(walked)
            if n % 10 == 0:
                _finish(walked, case)
                section_32_decision(walked, case)
                _follow_up(walked, case, dt.date(2025, 7, 1))
        else:
            case = services.open_case(
                actor=world.caseworker_a,
                child=child,
                caseworker=worker,
                opened_on=dt.date(2025, 1, 1) + dt.timedelta(days=n),
                source=SRC,
            )
        cases.append(case)
    return cases


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- The caseworker's front page --------------------------------------------------------


@pytest.mark.parametrize("cases", [5, 30])
def test_front_page_queries_do_not_grow_with_the_caseload(
    world, login, django_assert_max_num_queries, cases
):
    # Given a caseworker carrying 5 or 30 open cases
    open_cases(world, cases)
    client = login(world.caseworker_a)
    # When she opens her front page
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("cases:my_work"))
    # Then every case is listed, within the same number of queries
    assert response.status_code == 200
    assert len(response.context["cases"]) == cases


def test_front_page_costs_the_same_for_5_and_30_cases(world, login):
    client = login(world.caseworker_a)
    open_cases(world, 5)
    five = count_queries(client, reverse("cases:my_work"))
    open_cases(world, 25)
    thirty = count_queries(client, reverse("cases:my_work"))
    assert thirty == five <= MAX_QUERIES


# --- The case page ----------------------------------------------------------------------


def case_with_history(world, child, extra_rounds: int) -> Case:  # type: ignore[no-untyped-def]
    """A case with one of everything the page shows, and then ``extra_rounds`` more of it.

    The base: a finished assessment, a network meeting, a § 32 decision with an intervention,
    a plan with goals and tasks, a follow-up and a handover. Each extra round adds a network
    meeting, a § 30 decision with an intervention and a follow-up.
    """
    walked = replace(world, child_a=child)
    cw = world.caseworker_a
    case = open_case_by_notification(walked)
    _finish(walked, case)
    meeting = _meeting(walked, case, dt.date(2025, 4, 2))
    section_32_decision(walked, case)
    services.save_plan(
        actor=cw,
        case=case,
        data=services.PlanData(
            goals=[
                services.GoalData(
                    "Asta møder udhvilet i skole",
                    tasks=[services.TaskData("Putter Asta kl. 20", "family", "Mor")],
                ),
                services.GoalData("Asta har en ven"),
            ],
            approved_on=dt.date(2025, 4, 10),
            meeting_id=meeting.pk,
        ),
        source=SRC,
    )
    _follow_up(walked, case, dt.date(2025, 7, 1))
    kind, provider = priced_type(2)
    for month in range(8, 8 + extra_rounds):
        _meeting(walked, case, dt.date(2025, month, 1))
        services.make_decision(
            actor=cw,
            case=case,
            legal_basis="30",
            decided_on=dt.date(2025, month, 3),
            purpose="Rådgivning i familien.",
            expected_duration_months=3,
            episodes=[
                services.decisions.EpisodeData(
                    kind, provider, dt.date(2025, month, 6), planned_volume=Decimal("2")
                )
            ],
            source=SRC,
        )
        _follow_up(walked, case, dt.date(2025, month, 20))
    services.hand_over(
        actor=cw,
        case=case,
        to_worker=world.team_leader,
        on=dt.date(2025, 11, 1),
        reason="other",
        source=SRC,
    )
    return case


def _meeting(world, case: Case, held_on: dt.date):  # type: ignore[no-untyped-def]
    return services.hold_network_meeting(
        actor=world.caseworker_a,
        case=case,
        held_on=held_on,
        attendees=[
            services.AttendeeData(AttendeeKind.FAMILY, "Mor (fiktiv)"),
            services.AttendeeData(AttendeeKind.NETWORK, "Mormor (fiktiv)"),
        ],
        source=SRC,
    )


def test_case_page_queries_do_not_grow_with_its_history(
    world, login, django_assert_max_num_queries
):
    # Given a case with one of everything, and Asta's case with four times as much
    short = case_with_history(world, ChildFactory(area_team=world.team_a), extra_rounds=0)
    long = case_with_history(world, world.child_a, extra_rounds=3)
    assert (short.decisions.count(), short.follow_ups.count()) == (1, 1)
    assert (long.decisions.count(), long.follow_ups.count()) == (4, 4)
    client = login(world.caseworker_a)
    # When each is opened, then both stay within the same bound, and cost the same
    with django_assert_max_num_queries(MAX_CASE_PAGE):
        assert client.get(reverse("cases:detail", args=[long.pk])).status_code == 200
    small = count_queries(client, reverse("cases:detail", args=[short.pk]))
    large = count_queries(client, reverse("cases:detail", args=[long.pk]))
    assert large == small <= MAX_CASE_PAGE


def test_a_fresh_case_page_stays_within_the_bound(world, login, django_assert_max_num_queries):
    case = open_case_by_notification(world)
    client = login(world.caseworker_a)
    with django_assert_max_num_queries(MAX_CASE_PAGE):
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200


# --- The team page ----------------------------------------------------------------------


@pytest.mark.parametrize("cases", [5, 30])
def test_team_page_queries_do_not_grow_with_the_team_caseload(
    world, login, django_assert_max_num_queries, cases
):
    # Given the team's open cases shared between caseworker A and a colleague
    colleague = staff(Role.CASEWORKER, world.team_a).user
    open_cases(world, cases - cases // 3)
    open_cases(world, cases // 3, worker=colleague)
    client = login(world.team_leader)
    # When the team leader opens the team page
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("cases:team"))
    # Then every case is counted, within the same number of queries
    assert response.status_code == 200
    assert response.context["open_cases"] == cases
    assert {load.worker.pk for load in response.context["loads"]} == {
        world.caseworker_a.pk,
        colleague.pk,
    }


def test_team_page_costs_the_same_for_5_and_30_cases(world, login):
    client = login(world.team_leader)
    open_cases(world, 5)
    five = count_queries(client, reverse("cases:team"))
    open_cases(world, 25)
    thirty = count_queries(client, reverse("cases:team"))
    assert thirty == five <= MAX_QUERIES
