from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from herningmodel.organisation.models import AreaTeam
from herningmodel.people.models import Household
from tests.factories import AreaTeamFactory, DistrictFactory
from tests.monitoring.conftest import town  # noqa: F401 - the hand-built town, for the exports


@pytest.fixture
def organisation(db: None) -> dict[str, AreaTeam]:
    """The districts, teams and households the example file (docs/examples/children.csv)
    names."""
    Household.objects.create(external_id="HUS-1", label="Familien Testesen")
    Household.objects.create(external_id="HUS-2", label="Familien Prøvesen")
    nord = DistrictFactory(name="Nord")
    syd = DistrictFactory(name="Syd")
    return {
        "nord": AreaTeamFactory(name="Områdeteam Nord", district=nord),
        "syd": AreaTeamFactory(name="Områdeteam Syd", district=syd),
    }


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are checked in English; the Danish catalogue translates them (not run here)."""
    with translation.override("en"):
        yield
