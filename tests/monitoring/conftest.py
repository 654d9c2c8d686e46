"""A small hand-built town whose indicator values are worked out by hand in the tests.

Period 2025Q1. North is a pilot district (team target 2 cases), South a control district.
Children per district (population 2025): North 1,000 (all aged 5), South 500 (all aged 10).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from herningmodel.cases.models import (
    Case,
    CaseStatus,
    Handover,
    HandoverReason,
    Notification,
    NotificationSource,
)
from herningmodel.monitoring.models import ChildPopulation
from herningmodel.monitoring.scope import Scope, parse_period
from herningmodel.organisation.models import AreaTeam, District, ModelStatus, Role
from herningmodel.progress.models import Dimension, Instrument, Measurement, Score
from herningmodel.staircase.models import (
    Budget,
    EndReason,
    Episode,
    InterventionType,
    LedgerEntry,
    Provider,
    Step,
)
from tests.factories import ChildFactory, MunicipalityFactory, staff

CPH = ZoneInfo("Europe/Copenhagen")
D = dt.date


@dataclass
class Town:
    north: District
    south: District
    team_n: AreaTeam
    team_s: AreaTeam
    q1: Scope


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=CPH)


def _child(team: AreaTeam, birth: dt.date, name: str):  # type: ignore[no-untyped-def]
    return ChildFactory(area_team=team, birth_date=birth, first_name=name)


def _case(child, worker, opened, closed=None):  # type: ignore[no-untyped-def]
    return Case.objects.create(
        child=child,
        area_team=child.area_team,
        district=child.district,
        caseworker=worker,
        opened_on=opened,
        status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
        closed_on=closed,
    )


def _episode(child, step, start, end=None, reason="", programme=False):  # type: ignore[no-untyped-def]
    types = InterventionType.objects.filter(step__number=step)
    kind = types.exclude(evidence_programme="").first() if programme else None
    kind = kind or types.filter(evidence_programme="").first()
    assert kind is not None
    return Episode.objects.create(
        child=child,
        intervention_type=kind,
        provider=Provider.objects.get_or_create(name="Testleverandør", kind="external")[0],
        step=Step.objects.get(number=step),
        district=child.district,
        area_team=child.area_team,
        start=start,
        end=end,
        end_reason=reason,
    )


def _ledger(episode: Episode, month: dt.date, amount: str) -> None:
    LedgerEntry.objects.create(
        episode=episode,
        month=month,
        amount=Decimal(amount),
        child_id=episode.child_id,
        step_id=episode.step_id,
        intervention_type_id=episode.intervention_type_id,
        provider_id=episode.provider_id,
        district_id=episode.district_id,
        area_team_id=episode.area_team_id,
    )


def _notify(child, case, received, assessed) -> None:  # type: ignore[no-untyped-def]
    Notification.objects.create(
        child=child,
        case=case,
        source=NotificationSource.RELATIVE,
        received_at=_at(received),
        assessed_at=_at(assessed, 15) if assessed else None,
        content="Bekymring (fiktiv).",
    )


@pytest.fixture(autouse=True)
def english(settings):  # type: ignore[no-untyped-def]
    """These tests read labels and messages in English; Danish pages are checked separately
    (the browser tests run every page in both languages)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def town(db: None) -> Town:
    town = MunicipalityFactory()
    north = District.objects.create(
        municipality=town, name="North", model_status=ModelStatus.PILOT, model_start=D(2024, 1, 1)
    )
    south = District.objects.create(municipality=town, name="South")
    team_n = AreaTeam.objects.create(district=north, name="Team North", caseload_target=2)
    team_s = AreaTeam.objects.create(district=south, name="Team South")
    ChildPopulation.objects.create(district=north, year=2025, age=5, count=1000)
    ChildPopulation.objects.create(district=south, year=2025, age=10, count=500)
    w1 = staff(Role.CASEWORKER, team_n, username="w1").user
    w2 = staff(Role.CASEWORKER, team_n, username="w2").user
    w3 = staff(Role.CASEWORKER, team_s, username="w3").user

    c1 = _child(team_n, D(2016, 4, 1), "C1")
    c2 = _child(team_n, D(2012, 6, 1), "C2")
    c3 = _child(team_n, D(2010, 2, 1), "C3")
    c6 = _child(team_n, D(2025, 1, 10), "C6")  # case opened before birth
    c7 = _child(team_n, D(2015, 3, 1), "C7")
    c8 = _child(team_n, D(2020, 1, 1), "C8")
    c5 = _child(team_s, D(2014, 5, 5), "C5")
    c9 = _child(team_s, D(2013, 5, 5), "C9")

    case1 = _case(c1, w1, D(2024, 5, 1))
    case2 = _case(c2, w1, D(2023, 12, 1))
    _case(c7, w1, D(2025, 2, 28))
    _case(c6, w2, D(2025, 1, 5))
    _case(c8, w2, D(2025, 1, 1), closed=D(2025, 2, 1))
    case5 = _case(c5, w3, D(2024, 11, 1))
    _case(c9, w3, D(2024, 10, 1))
    Handover.objects.create(
        case=case1, on=D(2025, 1, 15), from_worker=w2, to_worker=w1, reason=HandoverReason.WORKLOAD
    )

    _notify(c1, case1, D(2025, 1, 6), D(2025, 1, 6))  # on time
    _notify(c1, case1, D(2025, 2, 3), D(2025, 2, 5))  # late
    _notify(c2, case2, D(2025, 3, 3), D(2025, 3, 3))  # on time
    _notify(c1, case1, D(2024, 12, 2), D(2024, 12, 2))  # before the period
    _notify(c5, case5, D(2025, 1, 10), D(2025, 1, 10))  # South, on time
    _notify(c8, None, D(2025, 6, 1), D(2025, 6, 1))  # re-notified after closure

    e1 = _episode(c1, 3, D(2024, 6, 1))
    e2 = _episode(c2, 5, D(2024, 1, 1), D(2025, 2, 15), EndReason.STEP_DOWN)
    _episode(c2, 3, D(2025, 2, 16))
    _episode(c2, 5, D(2025, 5, 1))  # back up within 6 months
    _episode(c3, 6, D(2025, 3, 1), D(2025, 3, 20), EndReason.BROKE_DOWN)
    _episode(c3, 4, D(2023, 1, 1), D(2024, 12, 31), EndReason.OTHER)  # before the period
    e5 = _episode(c5, 3, D(2025, 1, 10), programme=True)

    for month in (D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)):
        _ledger(e1, month, "1000")
        _ledger(e5, month, "500")
    _ledger(e2, D(2025, 1, 1), "30000")
    _ledger(e2, D(2025, 2, 1), "15000")
    Budget.objects.create(step=Step.objects.get(number=3), year=2025, amount=Decimal(18000))
    Budget.objects.create(step=Step.objects.get(number=5), year=2025, amount=Decimal(120000))

    ruler = Instrument.objects.create(code="test-ruler", name_da="Lineal", name_en="Ruler")
    dim = Dimension.objects.create(
        instrument=ruler, code="x", name_da="x", name_en="x", minimum=1, maximum=10
    )
    for day, value in ((D(2025, 1, 10), 4), (D(2025, 3, 10), 7)):
        m = Measurement.objects.create(child=c1, instrument=ruler, measured_on=day, measured_by=w1)
        Score.objects.create(measurement=m, dimension=dim, value=value)
    return Town(north, south, team_n, team_s, Scope(parse_period("2025Q1")))
