"""Costs and savings by payer: the municipality, and optionally the region and the state."""

from __future__ import annotations

import json

import pytest

from herningmodel.economics import reports
from herningmodel.economics.model import InputError, summarise
from herningmodel.economics.payers import Payers, split
from herningmodel.economics.scenario import ScenarioError, parse
from tests.economics.test_model import toy
from tests.economics.test_scenario_file import MINIMAL

pytestmark = pytest.mark.django_db


def test_without_payers_the_municipality_pays_everything() -> None:
    rows = split(toy(), Payers())
    municipality = [r for r in rows if r.payer == "municipality"]
    summary = summarise(toy())
    assert [r.savings for r in municipality] == pytest.approx([s.savings for s in summary.rows])
    assert [r.net for r in municipality] == pytest.approx([s.net for s in summary.rows])
    assert all(r.staircase_cost == 0 and r.net == 0 for r in rows if r.payer != "municipality")


def test_shares_by_hand() -> None:
    # The toy's year 2: step 3 costs 11 × 10 = 110 (baseline 100), step 6 costs 100 (baseline
    # 200). The state pays half of step 6, the region a tenth of step 3.
    # State: cost 50, savings 0.5 × 100 = 50. Region: cost 11, savings 0.1 × -10 = -1.
    # Municipality: cost 210 - 61 = 149, savings 90 - 49 = 41, investment 50, net -9.
    payers = Payers(region=(0, 0, 0.1, 0, 0, 0), state=(0, 0, 0, 0, 0, 0.5))
    year2 = {r.payer: r for r in split(toy(), payers) if r.year == 2}
    assert (year2["state"].staircase_cost, year2["state"].savings) == pytest.approx((50, 50))
    assert (year2["region"].staircase_cost, year2["region"].savings) == pytest.approx((11, -1))
    assert year2["municipality"].staircase_cost == pytest.approx(149)
    assert year2["municipality"].savings == pytest.approx(41)
    assert year2["municipality"].investment == 50
    assert year2["municipality"].net == pytest.approx(-9)
    # Together they give back the engine's net.
    assert sum(r.net for r in year2.values()) == pytest.approx(summarise(toy()).rows[1].net)


def test_shares_over_one_name_the_field() -> None:
    with pytest.raises(InputError, match="step 6 add up to 1.2") as error:
        Payers(region=(0, 0, 0, 0, 0, 0.6), state=(0, 0, 0, 0, 0, 0.6))
    assert error.value.field == "payers.state"
    with pytest.raises(InputError) as error:
        Payers(region=(0, 0, 0))
    assert error.value.field == "payers.region"


def test_payers_in_the_file_and_the_outputs() -> None:
    text = MINIMAL + "\n[payers]\nstate = [0, 0, 0, 0, 0, 0.5]\n"
    analysis = reports.analyse(parse(text))
    data = json.loads(reports.to_json(analysis))
    state = [r for r in data["by_payer"] if r["payer"] == "state"]
    assert [r["savings"] for r in state] == pytest.approx([25, 50, 50])
    assert "<h2>" in reports.payer_html(analysis.by_payer)


def test_bad_payers_in_the_file_name_key_and_line() -> None:
    text = MINIMAL + "\n[payers]\nregion = [0, 0, 0, 0, 0, 0.7]\nstate = [0, 0, 0, 0, 0, 0.7]\n"
    with pytest.raises(ScenarioError) as error:
        parse(text)
    assert error.value.field == "payers.state"
    assert error.value.line is not None
    with pytest.raises(ScenarioError) as error:
        parse(MINIMAL + "\n[payers]\ncounty = [0, 0, 0, 0, 0, 0]\n")
    assert error.value.field == "payers.county"


def test_the_page_shows_the_payer_table(world, login) -> None:  # type: ignore[no-untyped-def]
    text = MINIMAL + "\n[payers]\nstate = [0, 0, 0, 0, 0, 0.5]\n"
    body = login(world.controller).post("/economics/", {"toml": text, "action": "run"})
    assert "Staten" in body.content.decode()
