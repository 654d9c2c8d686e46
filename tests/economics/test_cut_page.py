"""The budget-cut what-if on the page, in the scenario file and in the reports."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from typer.testing import CliRunner

from herningmodel.cli import app
from herningmodel.economics import reports
from herningmodel.economics.scenario import ScenarioError, parse
from tests.economics.test_scenario_file import EXAMPLE, MINIMAL

URL = "/economics/"
CUT = {
    "cut-amount": "500000",
    "cut-from_year": "2",
    "cut-steps": ["1", "2", "3"],
    "cut-escalation_share": "0.1",
    "cut-delay_years": "1",
    "cut-stay_years": "2",
    "cut-to_step_4": "0.2",
    "cut-to_step_5": "0.5",
    "cut-to_step_6": "0.3",
}


@pytest.mark.django_db
def test_the_page_projects_a_cut(world, login) -> None:  # type: ignore[no-untyped-def]
    text = EXAMPLE.read_text(encoding="utf-8")
    response = login(world.controller).post(URL, {"toml": text, "action": "run", **CUT})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="cut-result"' in body
    assert "Kortsigtet besparelse (kr)" in body
    assert "500.000" in body or "500000" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"cut-amount": "-1"}, "amount", "større end eller lig 0"),
        ({"cut-from_year": "9"}, "from_year", "Scenariets horisont er 6 år"),
        ({"cut-from_year": ""}, "from_year", "første år for nedskæringen"),
        ({"cut-to_step_6": "0.9"}, "to_step_6", "skal tilsammen give 1"),
        ({"cut-escalation_share": "2"}, "escalation_share", "mindre end eller lig 1"),
    ],
)
def test_bad_cut_input_names_the_field(world, login, change, field, message) -> None:  # type: ignore[no-untyped-def]
    text = EXAMPLE.read_text(encoding="utf-8")
    response = login(world.controller).post(URL, {"toml": text, "action": "run", **CUT, **change})
    body = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_cut-{field}_error"' in body
    assert message in body
    assert 'id="cut-result"' not in body


@pytest.mark.django_db
def test_no_amount_means_no_cut(world, login) -> None:  # type: ignore[no-untyped-def]
    text = EXAMPLE.read_text(encoding="utf-8")
    post = {"toml": text, "action": "run", **CUT, "cut-amount": ""}
    response = login(world.controller).post(URL, post)
    assert response.status_code == 200
    assert 'id="cut-result"' not in response.content.decode()


CUT_TOML = (
    MINIMAL
    + """
[cut]
amount = 20
from_year = 2
steps = [3]
escalation_share = 0.5
destination = [0, 0, 1]
"""
)


def test_a_cut_table_in_the_scenario_file() -> None:
    scenario = parse(CUT_TOML)
    assert scenario.cut is not None
    assert (scenario.cut.amount, scenario.cut.from_year, scenario.cut.steps) == (20, 2, (3,))
    assert (scenario.cut.delay_years, scenario.cut.stay_years) == (1, 2)  # the defaults
    assert scenario.case.cut is None  # the business case itself is without the cut


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ("colour = 1\n", "cut.colour"),
        ('amount = "lots"\n', "cut.amount"),
        ("amount = -5\n", "cut.amount"),
        ("steps = [5]\n", "cut.steps"),
        ("steps = [1.5]\n", "cut.steps"),
        ("from_year = 4\n", "cut.from_year"),
        ("destination = [1, 1, 1]\n", "cut.destination"),
    ],
)
def test_bad_cut_tables_name_key_and_line(extra, where) -> None:  # type: ignore[no-untyped-def]
    base = MINIMAL + "\n[cut]\n"
    fields = {"amount": "amount = 20\n", "from_year": "from_year = 2\n"}
    key = extra.split(" ")[0]
    text = base + "".join(v for k, v in fields.items() if k != key) + extra
    with pytest.raises(ScenarioError) as error:
        parse(text)
    assert error.value.field == where
    assert error.value.line is not None


def test_the_cut_is_in_json_xlsx_and_pdf() -> None:
    # The toy (tests/economics/test_model.py) has 11 children on step 3 from year 2 (10 kr
    # each): 20 kr less = 2 child-years lost a year; half of them reach step 6 (100 kr) a year
    # later. Effect: 0, +20, 20 - 100 = -80; cumulative 0, 20, -60: net negative in year 3.
    analysis = reports.analyse(parse(CUT_TOML))
    data = json.loads(reports.to_json(analysis))
    assert [y["effect"] for y in data["cut"]["years"]] == pytest.approx([0, 20, -80])
    assert data["cut"]["net_negative_year"] == 3
    assert data["cut"]["short_run_saving"] == pytest.approx(20)
    assert data["cut"]["long_run_cost"] == pytest.approx(100)
    assert data["cut"]["assumptions"]["amount"] == 20
    book = load_workbook(io.BytesIO(reports.to_xlsx(analysis)))
    sheet = book[_("Budget cut")[:31]]
    assert sheet["B4"].value == 3
    assert _("What-if: a budget cut") in reports.to_html(analysis)
    assert reports.to_pdf(analysis).startswith(b"%PDF")


def test_the_command_line_projects_the_files_cut(tmp_path: Path) -> None:
    scenario = tmp_path / "cut.toml"
    scenario.write_text(CUT_TOML, encoding="utf-8")
    out = tmp_path / "cut.json"
    result = CliRunner().invoke(app, ["businesscase", str(scenario), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["cut"]["net_negative_year"] == 3
    assert "cut net negative from year 3" in result.output
