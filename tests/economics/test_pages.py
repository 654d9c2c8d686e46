"""The business-case page: who may see it, run, save versions, bad input, compare."""

from __future__ import annotations

from pathlib import Path

import pytest

from herningmodel.audit.models import AuditEvent
from herningmodel.economics.models import Scenario
from tests.economics.test_scenario_file import EXAMPLE, MINIMAL

pytestmark = pytest.mark.django_db
URL = "/economics/"


@pytest.mark.parametrize("persona", ["caseworker_a", "team_leader", "politician", "dpo"])
def test_denies_without_the_cost_permission(world, login, persona) -> None:  # type: ignore[no-untyped-def]
    client = login(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"toml": MINIMAL, "action": "save"}).status_code == 403
    assert not Scenario.objects.exists()


def test_anonymous_is_sent_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["controller", "manager"])
def test_controllers_and_managers_see_the_example(world, login, persona) -> None:  # type: ignore[no-untyped-def]
    response = login(getattr(world, persona)).get(URL)
    assert response.status_code == 200
    assert "Herning pilot" in response.content.decode()


def test_run_shows_table_chart_data_and_tornado(world, login) -> None:  # type: ignore[no-untyped-def]
    text = EXAMPLE.read_text(encoding="utf-8")
    response = login(world.controller).post(URL, {"toml": text, "action": "run"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="monitoring-charts"' in body
    assert 'id="chart-fan"' in body
    assert "effects.shift.6-3" in body  # the tornado table
    assert "<script>" not in body  # no inline script under the CSP
    assert not Scenario.objects.exists()


def test_save_creates_versions_and_audits(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.controller)
    for _ in range(2):
        assert client.post(URL, {"toml": MINIMAL, "action": "save"}).status_code == 200
    assert list(Scenario.objects.values_list("name", "version")) == [("Toy", 2), ("Toy", 1)]
    assert Scenario.objects.get(version=1).created_by == world.controller
    assert AuditEvent.objects.filter(source="economics").count() == 2


def test_bad_toml_names_key_and_line_and_saves_nothing(world, login) -> None:  # type: ignore[no-untyped-def]
    bad = MINIMAL.replace("horizon_years = 3", "horizon_years = 100")
    response = login(world.controller).post(URL, {"toml": bad, "action": "save"})
    assert response.status_code == 400
    assert "line 3, scenario.horizon_years" in response.content.decode()
    assert not Scenario.objects.exists()


def test_open_a_saved_version_and_compare(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.controller)
    client.post(URL, {"toml": MINIMAL, "action": "save"})
    client.post(
        URL,
        {
            "toml": MINIMAL.replace("cost_per_worker = 50", "cost_per_worker = 100"),
            "action": "save",
        },
    )
    v1, v2 = Scenario.objects.get(version=1), Scenario.objects.get(version=2)
    assert client.get(f"{URL}?scenario={v1.pk}").status_code == 200
    response = client.get(f"{URL}compare/?a={v1.pk}&b={v2.pk}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Toy v1" in body
    assert "Toy v2" in body
    assert client.get(f"{URL}compare/?a={v1.pk}&b=999999").status_code == 404
    assert login(world.politician).get(f"{URL}compare/?a={v1.pk}&b={v2.pk}").status_code == 403


def test_the_page_example_is_the_documented_example() -> None:
    packaged = Path(__file__).resolve().parents[2] / "herningmodel" / "economics" / "example.toml"
    assert packaged.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")


def test_the_scenarios_baseline_is_shown_next_to_the_ledgers(world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.controller).post(URL, {"toml": MINIMAL, "action": "run"})
    body = response.content.decode()
    assert "Scenarie: børn" in body
    # MINIMAL's step 3: 10 children at 10 kr, next to the (empty) ledger's 0.
    assert "<td>3</td><td>0,0</td><td>0</td><td>10,0</td><td>10</td>" in body
