"""The business case through the API: dry runs, saved versions, errors and who is denied."""

from __future__ import annotations

from typing import Any

import pytest

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.economics.models import Scenario
from herningmodel.economics.views import EXAMPLE
from tests.conftest import World

pytestmark = pytest.mark.django_db


def post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_a_scenario_runs_without_being_saved(world: World, login: Any) -> None:
    response = post(
        login(world.controller), "/api/economics/analyses", {"toml": EXAMPLE.read_text()}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["scenario"] is None
    assert "npv" in body["analysis"]
    assert body["analysis"]["years"]
    assert not Scenario.objects.exists()


def test_saving_makes_versions_that_can_be_listed_and_read(world: World, login: Any) -> None:
    client = login(world.manager)
    text = EXAMPLE.read_text()
    first = post(client, "/api/economics/scenarios", {"toml": text})
    second = post(client, "/api/economics/scenarios", {"toml": text})
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json()["scenario"]["version"] == 2
    assert AuditEvent.objects.filter(event_type=EventType.CREATE).count() == 2
    page = client.get("/api/economics/scenarios", {"limit": 1}).json()
    assert page["count"] == 2
    assert page["items"][0]["version"] == 2
    read = client.get(f"/api/economics/scenarios/{first.json()['scenario']['id']}")
    assert read.status_code == 200
    assert read.json()["analysis"]["npv"] == first.json()["analysis"]["npv"]
    assert client.get("/api/economics/scenarios/999999").status_code == 404


def test_an_invalid_scenario_is_a_400_naming_the_key(world: World, login: Any) -> None:
    response = post(login(world.controller), "/api/economics/analyses", {"toml": "name = 1\n"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_scenario"
    assert response.json()["errors"][0]["field"]
    assert post(login(world.controller), "/api/economics/analyses", {}).status_code == 422


def test_roles_without_costs_are_denied(world: World, login: Any) -> None:
    for user in (world.politician, world.caseworker_a, world.dpo):
        client = login(user)
        assert post(client, "/api/economics/analyses", {"toml": "x"}).status_code == 403
        assert client.get("/api/economics/scenarios").status_code == 403
