"""The caseworker's case list and front page cost the same number of queries for N and 3N cases,
and the flat facts they use are exactly the facts the case page uses.

Counts queries only; no wall-clock assertion (bench/pages.py prints the CPU time).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from herningmodel.cases import deadlines
from herningmodel.cases.models import Case
from herningmodel.cases.queries import case_facts, facts_by_case, with_deadline_facts
from tests.cases.test_pages_queries import case_with_history, count_queries, open_cases

pytestmark = pytest.mark.django_db

# Session, user, role, teams, the cases, five kinds of deadline facts, the team's target,
# the audit event (4 statements) and the session save.
MAX_LIST_QUERIES = 20
N = 4


@pytest.mark.parametrize("page", ["cases:my_work", "home"])
def test_n_and_3n_cases_cost_the_same_number_of_queries(world, login, page):
    # Given a caseworker carrying N open cases, some with every kind of deadline fact
    client = login(world.caseworker_a)
    open_cases(world, N)
    few = count_queries(client, reverse(page))
    # When she carries three times as many
    open_cases(world, 2 * N)
    response = client.get(reverse(page))
    assert len(response.context["cases"]) == 3 * N
    many = count_queries(client, reverse(page))
    # Then her page costs the same, small, number of queries
    assert many == few <= MAX_LIST_QUERIES


def test_the_list_shows_the_same_deadlines_as_the_case_pages(world, login):
    # Given cases with notifications, assessments, decisions with interventions and follow-ups
    open_cases(world, 2 * N)
    client = login(world.caseworker_a)
    # When the list's deadlines are compared with those each case page computes
    response = client.get(reverse("cases:my_work"))
    today = timezone.localdate()
    listed = [
        (case.pk, d) for d, case in response.context["overdue"] + response.context["upcoming"]
    ]
    expected = []
    for case in with_deadline_facts(Case.objects.filter(caseworker=world.caseworker_a)):
        for d in deadlines.open_deadlines(deadlines.case_deadlines(case_facts(case), today=today)):
            expected.append((case.pk, d))
    # Then they are the same deadlines (the list sorts them by due date)
    assert sorted(listed, key=repr) == sorted(expected, key=repr)
    assert {d.kind for _pk, d in expected} >= {deadlines.Kind.FOLLOW_UP}


def test_facts_by_case_are_the_facts_of_case_facts(world):
    # Given cases with every kind of deadline fact, and a follow-up interval of their own
    cases = open_cases(world, 2 * N)
    Case.objects.filter(pk=cases[1].pk).update(follow_up_interval_months=6)
    loaded = list(with_deadline_facts(Case.objects.filter(pk__in=[c.pk for c in cases])))
    # When the facts are read as flat rows for all of them at once
    flat = facts_by_case(loaded)
    # Then each case's facts equal those read case by case (order of the rows aside)
    assert set(flat) == {c.pk for c in loaded}
    kinds = ("notifications", "assessments", "decisions", "plans", "follow_ups")
    for case in loaded:
        one, many = case_facts(case), flat[case.pk]
        for kind in kinds:
            assert sorted(getattr(many, kind), key=lambda f: f.id) == sorted(
                getattr(one, kind), key=lambda f: f.id
            )
        assert many.first_intervention_start == one.first_intervention_start
        assert many.follow_up_interval_months == one.follow_up_interval_months
        assert many.closed_on == one.closed_on
    assert any(f.first_intervention_start for f in flat.values())
    assert any(f.notifications and f.assessments and f.follow_ups for f in flat.values())
    assert flat[cases[1].pk].follow_up_interval_months == 6


def test_facts_by_case_costs_five_queries_for_any_number_of_cases(world):
    few = list(Case.objects.filter(pk__in=[c.pk for c in open_cases(world, N)]))
    many = list(Case.objects.filter(pk__in=[c.pk for c in open_cases(world, 3 * N)]))
    with CaptureQueriesContext(connection) as for_few:
        facts_by_case(few)
    with CaptureQueriesContext(connection) as for_many:
        facts_by_case(many)
    assert len(for_few) == len(for_many) == 5
    with CaptureQueriesContext(connection) as for_none:
        assert facts_by_case([]) == {}
    assert len(for_none) == 0


def test_the_case_page_reads_the_case_and_each_part_of_its_history_once(world, login):
    # Given a case with a decision, an intervention, a plan and a follow-up
    case = case_with_history(world, world.child_a, extra_rounds=2)
    client = login(world.caseworker_a)
    # When its page is opened
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    # Then no query is repeated, and the case, its decisions and its plans are read once
    assert len(selects) == len(set(selects))
    for table in ("cases_case", "cases_decision", "cases_plan", "cases_followup"):
        reads = [sql for sql in selects if sql.split(" FROM ", 1)[1].startswith(f'"{table}"')]
        assert len(reads) == 1, table


def test_the_api_case_list_gives_each_case_the_deadlines_of_the_case_itself(world, login):
    # Given a caseworker's cases with every kind of deadline fact
    open_cases(world, N)
    client = login(world.caseworker_a)
    few = count_queries(client, "/api/cases?mine=true")
    open_cases(world, 2 * N)
    # When her cases are listed through the API
    many = count_queries(client, "/api/cases?mine=true")
    items = client.get("/api/cases?mine=true").json()["items"]
    # Then the list costs the same for N and 3N cases, and each case's deadlines are those
    # of the case read on its own
    assert many == few
    assert len(items) == 3 * N
    assert any(item["deadlines"] for item in items)
    for item in items:
        assert item["deadlines"] == client.get(f"/api/cases/{item['id']}").json()["deadlines"]
