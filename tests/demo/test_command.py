"""`herningmodel demo` end to end: generate, print the log-ins, do not serve."""

from __future__ import annotations

from typer.testing import CliRunner

from herningmodel.cli import app
from herningmodel.organisation.models import Municipality
from herningmodel.staircase.models import LedgerEntry

runner = CliRunner()


def test_demo_small_generates_and_prints_the_log_ins(db, monkeypatch):
    monkeypatch.setenv("HERNINGMODEL_MODE", "development")  # the command switches it to demo
    result = runner.invoke(app, ["demo", "--size", "small", "--seed", "2", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "demo: cost ledger" in result.output  # plain progress lines when not a terminal
    assert "sagsbehandler-nord" in result.output
    assert "demo-herning" in result.output
    assert Municipality.objects.get().is_demo
    assert LedgerEntry.objects.exists()
    report = runner.invoke(app, ["demo-report"])
    assert report.exit_code == 0, report.output
    assert "Placed at 31 Dec" in report.output
    assert "Pilot against control" in report.output
