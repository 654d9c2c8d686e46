"""A coordination and a prototype made in the demo do not block `demo --reset`."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from herningmodel.coordination import services
from herningmodel.coordination.access import households_in_reach
from herningmodel.coordination.models import FamilyCoordination, Prototype
from herningmodel.demo import seed

TODAY = dt.date(2026, 6, 15)


def test_reset_removes_the_demos_coordinations_and_prototypes(db) -> None:  # type: ignore[no-untyped-def]
    seed.load(TODAY, size="small", seed=5)
    coordinator = get_user_model().objects.get(username="familiekoordinator")
    household = households_in_reach(coordinator).filter(coordinations__isnull=True).first()
    assert household is not None
    mine = services.start_coordination(
        actor=coordinator,
        household=household,
        coordinator=coordinator,
        started_on=dt.date(2026, 1, 5),
        source="test",
    )
    tried = Prototype.objects.create(
        title="Adviser",
        hypothesis="h",
        intervention="i",
        target_group="t",
        success_metric="m",
        comparison_group="c",
        trial_start=dt.date(2026, 1, 1),
        trial_end=dt.date(2026, 3, 1),
        decision_on=dt.date(2026, 4, 1),
        registered_by=coordinator,
    )
    seed.load(TODAY, size="small", seed=6, reset=True)
    # The new demo has coordinations and prototypes of its own; the old ones are gone.
    assert not FamilyCoordination.objects.filter(pk=mine.pk).exists()
    assert not Prototype.objects.filter(pk=tried.pk).exists()
