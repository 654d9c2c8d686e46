"""The bulk writer stores exactly what saving the same values through the model would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from herningmodel.interchange import bulk
from herningmodel.people.models import Child
from herningmodel.staircase.models import InterventionType, Price, Provider
from tests.factories import AreaTeamFactory

pytestmark = pytest.mark.django_db


def _stored(model: type, **match: object) -> dict[str, object]:
    found = model_to_dict(model.objects.get(**match))
    found.pop("id")
    return found


def test_a_row_gets_defaults_and_its_created_time_as_a_saved_one_does() -> None:
    team = AreaTeamFactory()
    values = {
        "first_name": "Alma",
        "last_name": "Bulksen",
        "birth_date": dt.date(2015, 3, 9),
        "district_id": team.district_id,
        "area_team_id": team.pk,
    }
    before = dt.datetime.now(dt.UTC)
    bulk.insert(Child, [{**values, "external_id": "BULK"}])
    Child.objects.create(**values, external_id="SAVED")

    inserted, saved = Child.objects.get(external_id="BULK"), Child.objects.get(external_id="SAVED")
    assert before <= inserted.created_at <= saved.created_at
    bulk_fields = _stored(Child, external_id="BULK")
    saved_fields = _stored(Child, external_id="SAVED")
    for fields in (bulk_fields, saved_fields):
        fields.pop("external_id")
    assert bulk_fields == saved_fields
    assert inserted.is_unborn is False


def test_dates_and_amounts_round_trip_exactly() -> None:
    provider = Provider.objects.create(name="Bulk-leverandør")
    kind = InterventionType.objects.first()
    assert kind is not None
    rows = [
        {
            "provider_id": provider.pk,
            "intervention_type_id": kind.pk,
            "valid_from": dt.date(2024, 2, 29),
            "amount": Decimal("1234.56"),
        },
        {
            "provider_id": provider.pk,
            "intervention_type_id": kind.pk,
            "valid_from": dt.date(2025, 1, 1),
            "amount": Decimal("0.05"),
        },
    ]
    bulk.insert(Price, rows)

    stored = Price.objects.filter(provider=provider).order_by("valid_from")
    assert [(p.valid_from, p.amount) for p in stored] == [
        (dt.date(2024, 2, 29), Decimal("1234.56")),
        (dt.date(2025, 1, 1), Decimal("0.05")),
    ]


def test_after_a_bulk_load_postgresql_knows_the_new_table_sizes(db) -> None:  # type: ignore[no-untyped-def]
    """Without fresh statistics PostgreSQL plans for empty tables (minutes instead of ms)."""
    from django.db import connection

    from herningmodel.interchange.bulk import refresh_planner_statistics
    from tests.factories import ChildFactory

    ChildFactory.create_batch(3)
    refresh_planner_statistics()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'people_child'")
            assert cursor.fetchone()[0] >= 3
        else:  # SQLite: nothing to refresh, and no statistics table appears
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone()[0] == 0
