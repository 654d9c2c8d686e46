"""The plan page's queries do not grow with the number of goals, actions and meetings."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from herningmodel.coordination import services
from herningmodel.coordination.models import CommonPlan
from tests.coordination.conftest import SRC, Family

# Lookups, the plan, goals with actions, movement, meetings with decisions, interventions,
# contacts, consents and children, plus the read audit per child and the session/menu.
MAX_QUERIES = 40


def plan(goals: int) -> services.CommonPlanData:
    return services.CommonPlanData(
        dreams="A job and friends",
        goals=[
            services.GoalData(
                text=f"Goal {n}",
                core_task=("employment", "learning", "leisure_community", "social_care")[n % 4],
                actions=[
                    services.ActionData("department", f"Job centre does {n}", "job_centre"),
                    services.ActionData("family", f"The family does {n}"),
                    services.ActionData("department", f"Family department does {n}", "family"),
                ],
            )
            for n in range(goals)
        ],
    )


def grow(family: Family, goals: int, meetings: int) -> None:
    coordination = family.coordination
    version = (
        CommonPlan.objects.filter(coordination=coordination)
        .values_list("version", flat=True)
        .first()
    )
    services.save_common_plan(
        actor=family.coordinator,
        coordination=coordination,
        data=plan(goals),
        expected_version=version,
        source=SRC,
    )
    ids = list(
        CommonPlan.objects.get(coordination=coordination)
        .goals.filter(dropped_on__isnull=True)
        .values_list("pk", flat=True)
    )
    for m in range(meetings):
        services.record_network_meeting(
            actor=family.coordinator,
            coordination=coordination,
            data=services.MeetingData(
                held_on=dt.date(2024, 2, 1) + dt.timedelta(days=30 * m + goals),
                family_attendees="Mette",
                decisions=[
                    services.DecisionData(
                        "new_action", f"More {m}", goal_id=ids[0], owner_kind="network"
                    )
                ],
                scores={pk: m % 11 for pk in ids},
            ),
            source=SRC,
        )


def count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_plan_page_has_a_fixed_number_of_queries(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    url = f"/coordination/{family.coordination.pk}/"
    grow(family, goals=2, meetings=1)
    small = {u: count(login(u), url) for u in (family.coordinator, family.job_centre_worker)}
    grow(family, goals=12, meetings=4)
    large = {u: count(login(u), url) for u in (family.coordinator, family.job_centre_worker)}
    assert large == small
    assert max(large.values()) <= MAX_QUERIES
