"""The ledger side of the business case through the API: the calibrated baseline, adopting a
version and following it, with the pages' permission, audit and disclosure control."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from herningmodel.audit.models import AuditEvent
from herningmodel.economics import services
from herningmodel.economics.calibration import calibrate
from herningmodel.economics.models import Adoption
from herningmodel.staircase import costing
from herningmodel.staircase import services as staircase
from tests.economics.test_realisation_page import PLAN, ledger  # noqa: F401 - a fixture
from tests.economics.test_scenario_file import MINIMAL

pytestmark = pytest.mark.django_db


def _adopt(client, scenario_id, starts_on="2024-01-01"):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/economics/adoptions",
        {"scenario_id": scenario_id, "starts_on": starts_on},
        content_type="application/json",
    )


def test_adopting_through_the_api_is_audited_and_replaces_the_current(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.controller)
    first, _p = services.save_scenario(MINIMAL, actor=world.controller)
    second, _p = services.save_scenario(PLAN, actor=world.controller)
    assert _adopt(client, first.pk).status_code == 201
    response = _adopt(client, second.pk, "2024-04-01")
    assert response.status_code == 201
    body = response.json()
    assert body["scenario"] == {
        "id": second.pk,
        "name": "Plan",
        "version": 1,
        "created_at": body["scenario"]["created_at"],
    }
    assert (body["starts_on"], body["adopted_by_id"]) == ("2024-04-01", world.controller.pk)
    old, new = Adoption.objects.order_by("pk")
    assert (old.current, old.ended_by, new.current) == (False, world.controller, True)
    events = AuditEvent.objects.filter(source="economics", object_type="Adoption")
    assert events.count() == 3  # two adoptions and one ending, as on the page
    assert client.get("/api/economics/realisation").json()["adoption"]["id"] == new.pk


def test_a_bad_adoption_names_the_field_and_adopts_nothing(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.controller)
    scenario, _p = services.save_scenario(MINIMAL, actor=world.controller)
    mid_quarter = _adopt(client, scenario.pk, "2024-02-01")
    assert mid_quarter.status_code == 422
    assert mid_quarter.json()["errors"] == [
        {
            "field": "starts_on",
            "code": "not_quarter_start",
            "message": "Vælg den første dag i et kvartal (1. januar, 1. april, 1. juli eller "
            "1. oktober).",
        }
    ]
    unknown = _adopt(client, 999_999)
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "scenario_id"
    assert _adopt(client, scenario.pk, "not a date").status_code == 422
    extra = client.post(
        "/api/economics/adoptions",
        {"scenario_id": scenario.pk, "starts_on": "2024-01-01", "confirm": True},
        content_type="application/json",
    )
    assert extra.status_code == 422
    assert not Adoption.objects.exists()


@pytest.mark.parametrize("persona", ["caseworker_a", "team_leader", "politician", "dpo"])
def test_without_the_cost_permission_nothing_is_read_or_adopted(world, login, persona) -> None:  # type: ignore[no-untyped-def]
    scenario, _p = services.save_scenario(MINIMAL, actor=world.controller)
    client = login(getattr(world, persona))
    assert _adopt(client, scenario.pk).status_code == 403
    for path in ("/api/economics/calibration", "/api/economics/realisation"):
        response = client.get(path)
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert not Adoption.objects.exists()


@pytest.mark.usefixtures("ledger")
def test_realisation_gives_the_pages_quarters_and_warning(world, login) -> None:  # type: ignore[no-untyped-def]
    scenario, _p = services.save_scenario(PLAN, actor=world.controller)
    services.adopt_scenario(scenario, starts_on=dt.date(2024, 1, 1), actor=world.controller)
    body = login(world.manager).get("/api/economics/realisation").json()
    assert body["suppressed"] is False
    assert body["banded"] is True
    q1, q2 = body["quarters"][:2]
    assert (q1["label"], q2["label"]) == ("2024 Q1", "2024 Q2")
    assert q1["actual_savings"] == pytest.approx(295_000 - 91 * 1287.67 - 91 * 3859)
    assert q1["below_band"] is True
    assert q2["below_band"] is False
    assert q2["band_low"] < q2["actual_savings"] < q2["band_high"]
    assert body["warnings"][0]["code"] == "savings_below_band"
    assert [w["label"] for w in body["warnings"]] == ["2024 Q1"]
    assert body["warnings"][0]["shortfall"] == pytest.approx(q1["band_low"] - q1["actual_savings"])
    assert len(body["step_totals"]) == 6


@pytest.mark.usefixtures("ledger")
def test_realisation_hides_small_actual_cells_without_case_access(world, login) -> None:  # type: ignore[no-untyped-def]
    scenario, _p = services.save_scenario(PLAN, actor=world.controller)
    services.adopt_scenario(scenario, starts_on=dt.date(2024, 1, 1), actor=world.controller)
    body = login(world.controller).get("/api/economics/realisation").json()
    assert body["suppressed"] is True
    foster_q2 = body["quarters"][1]["steps"][4]
    assert foster_q2["actual_spend"] is None
    assert foster_q2["suppressed"] is True
    assert foster_q2["forecast_spend"] is not None  # the forecast is not about children
    assert "117177" not in str(body).replace(".", "")  # Q2's foster-care spend
    assert foster_q2["suppressed_reason"] == "fewer_than_5_children"
    hidden = [q for q in body["quarters"] if q["suppressed"]]
    assert all(q["actual_savings"] is None and q["gap"] is None for q in hidden)
    assert all(q["suppressed_reason"] == "fewer_than_5_children" for q in hidden)
    assert all(
        s["suppressed_reason"] is None
        for q in body["quarters"]
        for s in q["steps"]
        if not s["suppressed"]
    )


def test_without_an_adoption_there_is_nothing_to_follow(world, login) -> None:  # type: ignore[no-untyped-def]
    body = login(world.controller).get("/api/economics/realisation").json()
    assert body["adoption"] is None
    assert body["quarters"] == []


def test_calibration_as_on_the_page_with_small_steps_hidden(world, login, catalogue) -> None:  # type: ignore[no-untyped-def]
    # One child in foster care in the last closed months: its cost per child-year is its own.
    start = costing.month_start(timezone.localdate()) - dt.timedelta(days=120)
    episode = staircase.start_episode(
        actor=world.caseworker_a,
        child=world.child_a,
        intervention_type=catalogue.foster,
        provider=catalogue.foster.prices.first().provider,
        start=start,
        justification="Decided after a § 20 assessment.",
    )
    staircase.end_episode(
        actor=world.caseworker_a,
        episode=episode,
        end=start + dt.timedelta(days=30),
        reason="step_down",
        expected_version=1,
    )
    expected = calibrate()
    manager = login(world.manager).get("/api/economics/calibration").json()
    assert manager["first_month"] == expected.first_month.isoformat()
    assert [s["children"] for s in manager["steps"]] == pytest.approx(list(expected.children))
    assert manager["steps"][4]["cost_per_child"] == pytest.approx(expected.cost_per_child[4])
    assert manager["steps"][4]["cost_per_child"] > 0
    controller = login(world.controller).get("/api/economics/calibration").json()
    step5 = controller["steps"][4]
    assert step5 == {
        "step": 5,
        "children": None,
        "cost_per_child": None,
        "suppressed": True,
        "suppressed_reason": "fewer_than_5_children",
    }
    assert controller["steps"][0]["suppressed"] is False  # nobody on step 1: nothing to hide
