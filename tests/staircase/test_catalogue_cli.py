"""`herningmodel catalogue export|import [--dry-run]`."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from herningmodel.cli import app
from herningmodel.staircase.models import Price

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_export_and_dry_run_import(tmp_path):
    path = tmp_path / "catalogue.xlsx"
    result = runner.invoke(app, ["catalogue", "export", str(path)])
    assert result.exit_code == 0, result.output
    assert load_workbook(path).sheetnames == ["types", "providers", "prices"]
    result = runner.invoke(app, ["catalogue", "import", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "0 changes" in result.output
    assert "Dry run" in result.output


def test_a_broken_file_exits_1_naming_the_row(tmp_path):
    path = tmp_path / "catalogue.xlsx"
    runner.invoke(app, ["catalogue", "export", str(path)])
    book = load_workbook(path)
    book["prices"]["D7"] = "tusind"
    book.save(path)
    before = Price.objects.count()
    result = runner.invoke(app, ["catalogue", "import", str(path)])
    assert result.exit_code == 1
    assert "sheet prices, row 7, column amount: 'tusind' is not a number" in result.output
    assert "nothing was imported" in result.output
    assert Price.objects.count() == before
