"""Plausible dates everywhere: the web form, the API and the import refuse the same impossible
birth and expected dates, with the same message, because all three call the one rule in
``herningmodel.validation``. Birth dates not before 1900 and not in the future; an unborn
child's expected date within ten months of today."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation

from herningmodel.interchange import importing
from herningmodel.people.forms import ChildForm
from herningmodel.people.models import Child
from herningmodel.validation import add_months, birth_date_problem, expected_birth_date_problem

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
IMPOSSIBLE: list[tuple[str, dt.date, str]] = [
    ("birth_date", dt.date(1, 1, 1), "birth_date_too_early"),
    ("birth_date", dt.date(1800, 1, 1), "birth_date_too_early"),
    ("birth_date", TODAY + dt.timedelta(days=1), "birth_date_in_future"),
    ("expected_birth_date", dt.date(1990, 1, 1), "expected_birth_date_too_early"),
    ("expected_birth_date", add_months(TODAY, 11), "expected_birth_date_too_late"),
]


def message_for(field: str, day: dt.date) -> str:
    rule = birth_date_problem if field == "birth_date" else expected_birth_date_problem
    problem = rule(day, today=TODAY)
    assert problem is not None
    return problem[1]


def fields(world: Any, field: str, day: dt.date) -> dict[str, Any]:
    unborn = field == "expected_birth_date"
    return {
        "first_name": "Carla",
        "last_name": "Clausen",
        "district": world.team_a.district_id,
        "area_team": world.team_a.pk,
        field: day.isoformat(),
        **({"is_unborn": "on"} if unborn else {}),
    }


@pytest.mark.parametrize(("field", "day", "code"), IMPOSSIBLE)
def test_the_form_refuses_an_impossible_date_on_its_field(
    world: Any, field: str, day: dt.date, code: str
) -> None:
    form = ChildForm(data=fields(world, field, day))
    assert not form.is_valid()
    [error] = form.errors.as_data()[field]
    assert (error.code, error.message) == (code, message_for(field, day))


@pytest.mark.parametrize(("field", "day", "code"), IMPOSSIBLE)
def test_the_api_refuses_an_impossible_date_with_its_code(
    world: Any, login: Any, field: str, day: dt.date, code: str
) -> None:
    body = {
        "first_name": "Carla",
        "last_name": "Clausen",
        "district_id": world.team_a.district_id,
        "area_team_id": world.team_a.pk,
        field: day.isoformat(),
        "is_unborn": field == "expected_birth_date",
    }
    before = Child.objects.count()
    response = login(world.caseworker_a).post(
        "/api/children", body, content_type="application/json"
    )
    assert response.status_code == 422
    found = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert (field, code) in found
    assert Child.objects.count() == before


@pytest.mark.parametrize(("field", "day", "code"), IMPOSSIBLE)
def test_the_import_refuses_an_impossible_date_with_the_same_message(
    world: Any, tmp_path: Path, field: str, day: dt.date, code: str
) -> None:
    team = world.team_a
    path = tmp_path / "children.csv"
    path.write_text(
        f"external_id;first_name;last_name;{field};district;area_team\n"
        f"K1;Carla;Clausen;{day.isoformat()};{team.district.name};{team.name}\n",
        encoding="utf-8",
    )
    before = Child.objects.count()
    with translation.override("en"):
        result = importing.run("children", path, actor=None, source="test", today=TODAY)
        expected = message_for(field, day)
    assert [(e.row, e.column, e.message) for e in result.errors] == [(2, field, expected)]
    assert Child.objects.count() == before


def test_plausible_dates_pass_everywhere(world: Any) -> None:
    """The edges: born 1 January 1900, born today, expected in ten months or ten months ago."""
    for field, day in [
        ("birth_date", dt.date(1900, 1, 1)),
        ("birth_date", TODAY),
        ("expected_birth_date", add_months(TODAY, 10)),
        ("expected_birth_date", add_months(TODAY, -10)),
    ]:
        form = ChildForm(data=fields(world, field, day))
        assert form.is_valid(), (field, day, form.errors)


def test_an_import_for_a_given_day_checks_every_rule_as_on_that_day(
    world: Any, tmp_path: Path
) -> None:
    """An import run with ``today`` (a migration dated to its cut-over, the demo's round trip)
    is checked as on that day by the model's own rules too, not by the wall clock."""
    later = add_months(TODAY, 24)
    born = add_months(TODAY, 12)  # in the future now; a year old on the import's day
    team = world.team_a
    path = tmp_path / "children.csv"
    path.write_text(
        "external_id;first_name;last_name;birth_date;district;area_team\n"
        f"K1;Carla;Clausen;{born.isoformat()};{team.district.name};{team.name}\n",
        encoding="utf-8",
    )
    result = importing.run("children", path, actor=None, source="test", today=later)
    assert not result.errors
    assert Child.objects.get(external_id="K1").birth_date == born
