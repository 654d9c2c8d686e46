"""Scenario TOML: the worked example runs; bad files name the key and line; the CLI writes files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from herningmodel.cli import app
from herningmodel.economics.reports import analyse, to_json
from herningmodel.economics.scenario import ScenarioError, parse

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "herning-pilot.toml"
runner = CliRunner()

MINIMAL = """\
[scenario]
name = "Toy"
horizon_years = 3
discount_rate = 0.10

[investment]
extra_workers = 1
cost_per_worker = 50
one_off = [50]

[baseline]
children = [0, 0, 10, 0, 0, 2]
cost_per_child = [0, 0, 10, 0, 0, 100]

[effects]
ramp_up = [0.5, 1.0]

[[effects.shift]]
from = 6
to = 3
share = 0.5
"""


def test_the_worked_example_runs() -> None:
    scenario = parse(EXAMPLE.read_text(encoding="utf-8"))
    assert scenario.name == "Herning pilot"
    analysis = analyse(scenario)
    assert analysis.summary.break_even_year is not None
    assert analysis.monte_carlo is not None
    assert len(analysis.tornado) == len(scenario.distributions)
    data = json.loads(to_json(analysis))
    assert data["break_even_year"] == analysis.summary.break_even_year


def test_the_toy_file_gives_the_hand_computed_npv() -> None:
    analysis = analyse(parse(MINIMAL))
    assert analysis.summary.npv == pytest.approx(1745 / 121)
    assert analysis.summary.break_even_year == 3
    assert analysis.monte_carlo is None


@pytest.mark.parametrize(
    ("change", "field", "line"),
    [
        (("horizon_years = 3", "horizon_years = 100"), "scenario.horizon_years", 3),
        (("horizon_years = 3", "horizon_years = 0"), "scenario.horizon_years", 3),
        (("horizon_years = 3", 'horizon_years = "3"'), "scenario.horizon_years", 3),
        (("discount_rate = 0.10", "discount_rate = 0.10\ncolour = 1"), "scenario.colour", 5),
        (("cost_per_worker = 50", "cost_per_worker = -550000"), "investment.cost_per_worker", 8),
        (("one_off = [50]", "one_off = [50, true]"), "investment.one_off", 9),
        (("share = 0.5", "share = 1.5"), "effects.shift.6-3", None),
        (("share = 0.5", "share = 0.5\nweight = 2"), "effects.shift[1].weight", 22),
        (("ramp_up = [0.5, 1.0]", "ramp = [0.5]"), "effects.ramp", 16),
        (("[effects]", "[effect]"), "effect", None),
    ],
)
def test_bad_files_name_the_key_and_line(
    change: tuple[str, str], field: str, line: int | None
) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse(MINIMAL.replace(*change))
    assert caught.value.field == field
    if line is not None:
        assert caught.value.line == line


def test_a_syntax_error_has_its_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse(MINIMAL.replace("[baseline]", "[baseline"))
    assert caught.value.line == 11


def test_missing_required_key() -> None:
    with pytest.raises(ScenarioError, match="baseline.children"):
        parse(MINIMAL.replace("children = [0, 0, 10, 0, 0, 2]\n", ""))


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ('{ kind = "uniform", min = 0.6, max = 0.2 }', "min"),
        ('{ kind = "triangular", min = 0.1, max = 0.4 }', "mode"),
        ('{ kind = "uniform", min = 0.1, max = 0.4, sd = 1 }', "sd"),
        ('{ kind = "beta", min = 0.1 }', "kind"),
    ],
)
def test_bad_distributions_in_the_file(spec: str, field: str) -> None:
    text = MINIMAL + f'\n[uncertainty.parameters]\n"effects.shift.6-3" = {spec}\n'
    with pytest.raises(ScenarioError) as caught:
        parse(text)
    assert caught.value.field == f'uncertainty.parameters."effects.shift.6-3".{field}'
    assert caught.value.line == 24


def test_unknown_uncertain_parameter() -> None:
    text = (
        MINIMAL
        + '\n[uncertainty.parameters]\n"effects.shift.1-2" = { kind = "point", value = 1 }\n'
    )
    with pytest.raises(ScenarioError, match="not a parameter"):
        parse(text)


@pytest.mark.parametrize("fmt", ["json", "xlsx", "pdf"])
def test_cli_writes_each_format(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"bc.{fmt}"
    result = runner.invoke(app, ["businesscase", str(EXAMPLE), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    body = out.read_bytes()
    if fmt == "json":
        assert json.loads(body)["scenario"] == "Herning pilot"
    elif fmt == "xlsx":
        book = load_workbook(io.BytesIO(body))
        assert book.worksheets[0]["A1"].value == "Herning pilot"
        assert len(book.worksheets) == 4  # result, uncertainty, tornado, by payer
    else:
        text = PdfReader(io.BytesIO(body)).pages[0].extract_text()
        assert "Herning pilot" in text


def test_cli_bad_file_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(MINIMAL.replace("horizon_years = 3", "horizon_years = 100"), encoding="utf-8")
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["businesscase", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert "scenario.horizon_years" in result.output
    assert not out.exists()
