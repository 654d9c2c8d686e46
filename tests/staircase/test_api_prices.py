"""Prices and the budget through the API: the same services, permissions and audit as the pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.staircase.models import Budget, Price, Step
from tests.conftest import World
from tests.staircase.conftest import Catalogue

pytestmark = pytest.mark.django_db


def post_price(client: Any, catalogue: Catalogue, **overrides: Any) -> Any:
    body = {
        "type": catalogue.consultant.code,
        "provider_id": catalogue.provider.pk,
        "valid_from": "2026-01-01",
        "amount": "712.50",
        **overrides,
    }
    return client.post("/api/staircase/prices", body, content_type="application/json")


def test_a_controller_sets_a_price_and_it_is_audited(
    world: World, login: Any, catalogue: Catalogue
) -> None:
    response = post_price(login(world.controller), catalogue)
    assert response.status_code == 201
    assert response.json()["amount"] == "712.50"
    assert Price.objects.get(intervention_type=catalogue.consultant, valid_from="2026-01-01")
    event = AuditEvent.objects.get(event_type=EventType.PRICE_SET)
    assert event.source == "api:POST /api/staircase/prices"
    assert event.changes["previous"] == "688.00"


def test_a_duplicate_or_unknown_price_is_a_422_naming_the_field(
    world: World, login: Any, catalogue: Catalogue
) -> None:
    client = login(world.controller)
    assert post_price(client, catalogue).status_code == 201
    again = post_price(client, catalogue)
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "valid_from"
    unknown = post_price(client, catalogue, type="no-such-type")
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "type"
    negative = post_price(client, catalogue, amount="-1")
    assert negative.status_code == 422
    assert negative.json()["errors"][0]["field"] == "amount"


def test_roles_that_may_not_change_prices_are_denied(
    world: World, login: Any, catalogue: Catalogue
) -> None:
    for user in (world.caseworker_a, world.politician, world.manager):
        assert post_price(login(user), catalogue).status_code == 403
    assert not Price.objects.filter(valid_from="2026-01-01").exists()


def test_the_budget_against_actual_per_step(world: World, login: Any) -> None:
    Budget.objects.create(year=2025, step=Step.objects.get(number=3), amount=Decimal("1000.00"))
    response = login(world.controller).get("/api/staircase/budget", {"year": 2025})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2025
    step3 = next(r for r in body["rows"] if r["step"] == 3)
    assert step3 == {
        "step": 3,
        "budget": "1000.00",
        "actual": "0.00",
        "difference": "1000.00",
        "share": 0,
    }
    assert login(world.politician).get("/api/staircase/budget").status_code == 403
    assert login(world.controller).get("/api/staircase/budget", {"year": 1900}).status_code == 422
