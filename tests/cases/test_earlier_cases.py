"""The case page lists the child's earlier, closed cases — a re-notified child's history starts
there — and links only those the reader may open: an earlier case in another team is named
without a link, so no link on the page leads to a refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from herningmodel.cases.models import Case, CaseStatus, ClosureReason

pytestmark = pytest.mark.django_db


def _case(world, team, worker, opened, closed=None):  # type: ignore[no-untyped-def]
    return Case.objects.create(
        child=world.child_a,
        area_team=team,
        district=team.district,
        caseworker=worker,
        opened_on=opened,
        status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
        closed_on=closed,
        closure_reason=ClosureReason.GOALS_REACHED if closed else "",
    )


def test_the_case_page_lists_earlier_cases_and_links_those_in_reach(world, login):  # type: ignore[no-untyped-def]
    elsewhere = _case(
        world, world.team_b, world.caseworker_b, dt.date(2021, 1, 4), dt.date(2021, 9, 1)
    )
    here = _case(world, world.team_a, world.caseworker_a, dt.date(2023, 2, 1), dt.date(2023, 8, 1))
    current = _case(world, world.team_a, world.caseworker_a, dt.date(2025, 3, 3))

    page = login(world.caseworker_a).get(reverse("cases:detail", args=[current.pk]))
    html = page.content.decode()

    listed = [(c.pk, c.reachable) for c in page.context["earlier_cases"]]
    assert listed == [(here.pk, True), (elsewhere.pk, False)]  # the newest first
    assert reverse("cases:detail", args=[here.pk]) in html
    assert reverse("cases:detail", args=[elsewhere.pk]) not in html
    assert f"{elsewhere.pk}:" in html  # named, without a link
    # The department manager reaches every team: both are links.
    manager = login(world.manager).get(reverse("cases:detail", args=[current.pk]))
    assert all(c.reachable for c in manager.context["earlier_cases"])


def test_a_first_case_has_no_earlier_cases_section(world, login):  # type: ignore[no-untyped-def]
    current = _case(world, world.team_a, world.caseworker_a, dt.date(2025, 3, 3))
    page = login(world.caseworker_a).get(reverse("cases:detail", args=[current.pk]))
    assert 'id="h-earlier"' not in page.content.decode()
