"""The API and the command line give the same indicators, suppressed where they must be."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from herningmodel.cli import app
from herningmodel.organisation.models import Role
from tests.factories import staff

pytestmark = pytest.mark.django_db
runner = CliRunner()


def _cells(payload: dict) -> list[dict]:  # type: ignore[type-arg]
    return [c for i in payload["indicators"] for r in i["rows"] for c in r["cells"]]


def test_api_gives_a_politician_only_suppressed_small_cells(client, town) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.POLITICIAN, username="p").user)
    response = client.get("/api/monitoring/indicators", {"period": "2025Q1"})
    assert response.status_code == 200
    payload = response.json()
    assert payload["suppressed"] is True
    continuity = next(i for i in payload["indicators"] if i["id"] == "continuity")
    north = next(r for r in continuity["rows"] if r["label"] == "North")
    assert north["cells"][0] == {
        "value": None,
        "numerator": None,
        "denominator": None,
        "shown": "<5",
        "suppressed": True,
        "suppressed_reason": "fewer_than_5_children",
    }
    assert all("cost" not in i["id"] for i in payload["indicators"])


def test_api_manager_sees_numbers(client, town) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.DEPARTMENT_MANAGER, username="m").user)
    payload = client.get(
        "/api/monitoring/indicators", {"period": "2025Q1", "indicator": "continuity"}
    ).json()
    north = next(r for r in payload["indicators"][0]["rows"] if r["label"] == "North")
    assert north["cells"][0]["value"] == pytest.approx(80.0)


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ({"period": "2025Q7"}, 400, "invalid_period"),
        ({"period": "2025", "indicator": "nope"}, 400, "unknown_indicator"),
        ({"period": "2025", "district": "987654"}, 400, "unknown_district"),
        ({"period": "2099"}, 400, "future_period"),
        ({}, 422, "invalid_input"),
    ],
)
def test_api_bad_input(client, town, query, status, code) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.CONTROLLER, username="c").user)
    response = client.get("/api/monitoring/indicators", query)
    assert response.status_code == status
    assert response.json()["code"] == code


def test_api_denies_roles_without_aggregates(client, town) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.CASEWORKER, town.team_n, username="cw").user)
    assert client.get("/api/monitoring/indicators", {"period": "2025"}).status_code == 403
    client.force_login(staff(Role.POLITICIAN, username="p").user)
    response = client.get(
        "/api/monitoring/indicators", {"period": "2025", "indicator": "cost_per_child"}
    )
    assert response.status_code == 403


def test_cli_indicators_json(town) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["indicators", "--period", "2025Q1", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["period"] == "2025Q1"
    assert payload["suppressed"] is True
    assert {c.get("shown") for c in _cells(payload)} >= {"<5"}


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "json"])
def test_cli_report_writes_the_file(town, tmp_path, fmt) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"r.{fmt}"
    result = runner.invoke(
        app, ["report", "--period", "2025Q1", "--format", fmt, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 100


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["indicators", "--period", "2099"], "has not begun"),
        (["indicators", "--period", "2025", "--indicator", "x"], "Unknown indicator"),
        (["indicators", "--period", "2025", "--district", "987654"], "do not exist"),
        (["indicators", "--period", "2025Q5"], "Give the period as a year"),
        (["report", "--period", "2099", "--format", "pdf", "--out", "x"], "has not begun"),
        (["report", "--period", "2025", "--format", "doc", "--out", "x"], "Unknown format"),
    ],
)
def test_cli_bad_input(town, args, message) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
