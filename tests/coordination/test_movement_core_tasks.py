"""Movement per core task: a family's mean goal score per core task at each network meeting,
and across families the mean of each family's last − first in a year, by district, with cells
about 1–4 children hidden (and the cells they could be worked out from)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace

import pytest

from herningmodel.coordination import movement, services
from herningmodel.coordination.judgement import Reading
from herningmodel.coordination.models import (
    CommonPlan,
    FamilyCoordination,
    MovementScore,
    PlanGoal,
)
from herningmodel.coordination.movement import Family, Score
from herningmodel.organisation.models import District
from herningmodel.people.models import Household
from tests.coordination.conftest import SRC, plan_data
from tests.coordination.test_prototypes import ADVISER
from tests.factories import AreaTeamFactory, ChildFactory

D1, D2, D3 = dt.date(2024, 2, 5), dt.date(2024, 4, 8), dt.date(2024, 6, 3)
TASKS = ["employment", "learning"]


def test_a_core_tasks_movement_is_the_mean_of_its_goals_at_each_meeting() -> None:
    series = movement.over_time(
        [
            Score(D1, "employment", 2),
            Score(D1, "employment", 4),
            Score(D2, "employment", 7),
            Score(D1, "learning", 5),
        ]
    )
    assert series == {"employment": [(D1, 3.0), (D2, 7.0)], "learning": [(D1, 5.0)]}


def test_movement_in_a_period_is_last_minus_first_and_needs_two_meetings() -> None:
    series = {"employment": [(D1, 3.0), (D2, 7.0), (D3, 6.0)], "learning": [(D1, 5.0)]}
    assert movement.change_in_period(series, D1, D3) == {"employment": 3.0}
    assert movement.change_in_period(series, D2, D3) == {"employment": -1.0}


def _families(district: str, count: int, change: float, children: int = 1) -> list[Family]:
    return [Family(district, children, {"employment": change}) for _ in range(count)]


def test_across_families_each_district_is_the_mean_of_its_families() -> None:
    families = _families("North", 5, 2.0) + _families("South", 3, 4.0, children=2)
    rows = movement.across_families(families, ["North", "South"], TASKS, "All")
    north, south, total = rows
    assert (north.cells[0].mean, north.cells[0].families) == (2.0, 5)
    assert (south.cells[0].mean, south.cells[0].children) == (4.0, 6)
    assert total.total
    assert total.cells[0].mean == pytest.approx((5 * 2 + 3 * 4) / 8)
    assert north.cells[1].mean is None  # nobody moved on learning: a dash, not a zero


def test_a_district_about_fewer_than_five_children_is_hidden_and_cannot_be_worked_out() -> None:
    families = _families("North", 6, 2.0) + _families("South", 2, 4.0)
    north, south, total = movement.across_families(families, ["North", "South"], TASKS, "All")
    assert south.cells[0].hidden
    assert south.cells[0].mean is None
    assert south.cells[0].families == 0
    # From North and the total South could be worked out, so one of them is hidden too.
    assert north.cells[0].hidden or total.cells[0].hidden


@pytest.fixture
def moving(family):  # type: ignore[no-untyped-def]
    plan = services.save_common_plan(
        actor=family.coordinator, coordination=family.coordination, data=plan_data(), source=SRC
    )
    work, football = plan.goals.order_by("pk")
    for held_on, job, club in ((D1, 2, 5), (D2, 6, 5), (D3, 8, 7)):
        services.record_movement(
            actor=family.coordinator,
            coordination=family.coordination,
            held_on=held_on,
            scores={work.pk: job, football.pk: club},
            source=SRC,
        )
    return family


def test_the_family_page_charts_movement_per_core_task(moving, login) -> None:  # type: ignore[no-untyped-def]
    page = login(moving.coordinator).get(f"/coordination/{moving.coordination.pk}/")
    html = page.content.decode()
    assert 'id="chart-core-tasks"' in html
    island = re.search(
        r'<script id="monitoring-charts" type="application/json">(.*?)</script>', html
    )
    assert island is not None
    traces = json.loads(island.group(1))["core-tasks"]["data"]
    by_name = {t["name"]: t["y"] for t in traces}
    assert by_name["Beskæftigelse"] == [2, 6, 8]
    assert by_name["Fritid & Fællesskab"] == [5, 5, 7]


def test_the_api_gives_the_familys_movement_per_core_task(moving, login) -> None:  # type: ignore[no-untyped-def]
    body = login(moving.coordinator).get(f"/api/coordination/{moving.coordination.pk}").json()
    employment = [
        p["mean"] for p in body["movement_by_core_task"] if p["core_task"] == "employment"
    ]
    assert employment == [2.0, 6.0, 8.0]


def test_across_families_one_family_is_hidden_for_everyone(moving, login) -> None:  # type: ignore[no-untyped-def]
    world = moving.world
    for user in (world.politician, world.manager, moving.coordinator):
        rows = login(user).get("/api/movement/core-tasks?year=2024").json()
        total = rows[-1]
        assert total["district"] is None
        employment = next(c for c in total["cells"] if c["core_task"] == "employment")
        assert employment["hidden"]
        assert employment["mean_movement"] is None
        page = login(user).get("/coordination/movement/?year=2024").content.decode()
        assert "&lt;5" in page
        assert "6.0" not in page
        assert "6,0" not in page


def test_who_may_read_movement_across_families(moving, login) -> None:  # type: ignore[no-untyped-def]
    world = moving.world
    for user in (world.caseworker_a, world.dpo):
        assert login(user).get("/coordination/movement/").status_code == 404
        assert login(user).get("/api/movement/core-tasks").status_code == 404


def _coordinated_families(world, district, up: int, flat: int) -> None:  # type: ignore[no-untyped-def]
    """Families in the district scored twice on an employment goal: ``up`` rise, ``flat`` not."""
    team = AreaTeamFactory(district=district)
    for i in range(up + flat):
        household = Household.objects.create(label=f"{district.name} {i}")
        ChildFactory(area_team=team, household=household)
        coordination = FamilyCoordination.objects.create(
            household=household, coordinator=world.manager, started_on=D1
        )
        plan = CommonPlan.objects.create(coordination=coordination)
        goal = PlanGoal.objects.create(plan=plan, text="Work", core_task="employment")
        MovementScore.objects.create(goal=goal, held_on=D1, score=3)
        MovementScore.objects.create(goal=goal, held_on=D3, score=6 if i < up else 3)


def test_a_prototype_can_be_judged_on_families_moving_up_on_employment(world) -> None:  # type: ignore[no-untyped-def]
    trial, other = (
        District.objects.create(municipality=world.team_a.district.municipality, name=n)
        for n in ("Trial", "Other")
    )
    _coordinated_families(world, trial, up=12, flat=6)
    _coordinated_families(world, other, up=5, flat=15)
    data = replace(
        ADVISER,
        success_metric="moved_up_employment",
        trial_start=D1,
        trial_end=D3,
        decision_on=D3,
        trial_districts=[trial.pk],
        comparison_districts=[other.pk],
    )
    prototype = services.register_prototype(actor=world.manager, data=data, source=SRC)
    measured = services.measure(prototype)
    assert measured is not None
    assert (measured.trial.successes, measured.trial.n) == (12, 18)
    assert (measured.comparison.successes, measured.comparison.n) == (5, 20)
    assert not measured.suppressed
    assert services.reading(prototype, measured) is Reading.IMPROVED
    services.decide_prototype(
        actor=world.manager, prototype=prototype, decision="scale", note="More work.", source=SRC
    )
    prototype.refresh_from_db()
    assert (prototype.decision, prototype.result_reading) == ("scale", "improved")
