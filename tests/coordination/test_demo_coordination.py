"""The demo has families in coordination and prototypes, so the pages work on demo data."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from herningmodel.coordination.models import (
    FamilyCoordination,
    MovementScore,
    NetworkMeeting,
    PlanDecision,
    PlanGoal,
    Prototype,
    RunningIntervention,
)
from herningmodel.coordination.services import decided_against, measure, reading
from herningmodel.demo import seed

TODAY = dt.date(2026, 6, 15)


def test_the_demo_coordinations_and_the_adviser_decided_on_its_result(db, client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HERNINGMODEL_DEMO = True  # demo log-ins work in demo mode only
    seed.load(TODAY, size="small", seed=5)
    coordinations = FamilyCoordination.objects.all()
    assert coordinations.count() >= 2
    assert {g.core_task for g in PlanGoal.objects.all()} == {
        "employment",
        "learning",
        "leisure_community",
        "social_care",
    }
    assert NetworkMeeting.objects.count() >= 2 * coordinations.count()
    assert MovementScore.objects.values("held_on").distinct().count() >= 2
    assert PlanDecision.objects.exists()
    ended = RunningIntervention.objects.filter(ended_on__isnull=False)
    assert ended.count() == 1
    assert ended.get().family_wants_ended

    # The adviser is decided as its own stored result supports: never "stop" beside a clear
    # improvement (issue 24), and any departure (only a hidden result) carries its reason.
    adviser = Prototype.objects.exclude(decision="").get()
    measured = measure(adviser)
    assert adviser.result_reading == reading(adviser, measured)
    assert decided_against(adviser) is None or adviser.justification
    assert adviser.has_result
    assert adviser.trial_n
    assert adviser.comparison_n
    manager = get_user_model().objects.get(username="leder")
    client.force_login(manager)
    page = client.get(f"/coordination/prototypes/{adviser.pk}/").content.decode()
    assert f"{adviser.trial_successes} / {adviser.trial_n}" in page
    assert "Newcombe" in page

    # The family coordinator and the job centre's contact open a demo family's plan.
    coordination = coordinations.order_by("pk").first()
    assert coordination is not None
    client.force_login(coordination.coordinator)
    assert client.get(f"/coordination/{coordination.pk}/").status_code == 200
    client.force_login(get_user_model().objects.get(username="jobcenter"))
    assert client.get(f"/coordination/{coordination.pk}/").status_code == 200


def test_the_demo_is_the_same_for_the_same_seed(db) -> None:  # type: ignore[no-untyped-def]
    def picture() -> list[tuple[object, ...]]:
        return list(
            MovementScore.objects.order_by("held_on", "goal__text", "score").values_list(
                "held_on", "goal__text", "score"
            )
        )

    seed.load(TODAY, size="small", seed=5)
    first = picture()
    seed.load(TODAY, size="small", seed=5, reset=True)
    assert picture() == first
    assert first
