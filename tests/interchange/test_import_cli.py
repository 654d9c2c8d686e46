"""`herningmodel import KIND FILE [--dry-run] [--report out.xlsx]`."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from herningmodel.cli import app
from herningmodel.people.models import Child
from tests.interchange.test_children_import import EXAMPLE, HEADER

pytestmark = pytest.mark.usefixtures("organisation")
runner = CliRunner()


def test_dry_run_then_import_the_example() -> None:
    result = runner.invoke(app, ["import", "children", str(EXAMPLE), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "4 rows: 4 new, 0 changed, 0 unchanged." in result.output
    assert "Dry run" in result.output
    assert not Child.objects.exists()
    result = runner.invoke(app, ["import", "children", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert Child.objects.count() == 4


def test_an_invalid_file_exits_1_with_the_errors_and_a_report(tmp_path: Path) -> None:
    path = tmp_path / "children.csv"
    path.write_text(f"{HEADER}\n=cmd|calc;A;B;;01-01-2015;;Nord;Ukendt\n", encoding="utf-8")
    report = tmp_path / "report.xlsx"
    result = runner.invoke(app, ["import", "children", str(path), "--report", str(report)])
    assert result.exit_code == 1
    assert "children.csv, row 2, column area_team ('Ukendt')" in result.output
    assert "1 error; nothing was imported." in result.output
    assert "Read children.csv: CSV, UTF-8, semicolon separated; " in result.output
    errors = load_workbook(report)["errors"]
    rows = list(errors.iter_rows(values_only=True))
    assert rows[0] == ("file", "row", "column", "value", "message")
    assert rows[1][:4] == ("children.csv", 2, "area_team", "Ukendt")
    assert not Child.objects.exists()


def test_a_value_that_looks_like_a_formula_is_neutralised_in_the_report(tmp_path: Path) -> None:
    path = tmp_path / "children.csv"
    path.write_text(f"{HEADER}\nK1;A;B;;=1+2;;Nord;Områdeteam Nord\n", encoding="utf-8")
    report = tmp_path / "report.xlsx"
    result = runner.invoke(app, ["import", "children", str(path), "--report", str(report)])
    assert result.exit_code == 1
    cell = load_workbook(report)["errors"]["D2"]
    assert cell.data_type == "s"
    assert cell.value == "'=1+2"


def test_an_unknown_kind_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", "invoices", str(EXAMPLE)])
    assert result.exit_code == 2
    assert "Unknown import kind 'invoices'; known kinds: districts, area_teams," in result.output
