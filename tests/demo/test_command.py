"""`herningmodel demo` end to end: generate, print the log-ins, leave a loaded demo alone, and
replace it with --reset (the audit trail survives)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from herningmodel.audit import services as audit
from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.cli import app
from herningmodel.organisation.models import Municipality
from herningmodel.people.models import Child
from herningmodel.staircase.models import LedgerEntry

runner = CliRunner()


def test_demo_generates_prints_log_ins_and_resets_only_on_request(db, monkeypatch):
    monkeypatch.setenv("HERNINGMODEL_MODE", "development")  # the command switches it to demo
    result = runner.invoke(app, ["demo", "--size", "small", "--seed", "2", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "demo: cost ledger" in result.output  # plain progress lines when not a terminal
    assert "sagsbehandler-nord" in result.output
    assert "demo-herning" in result.output
    assert Municipality.objects.get().is_demo
    assert LedgerEntry.objects.exists()
    first = set(Child.objects.values_list("cpr", flat=True))
    user = get_user_model().objects.get(username="sagsbehandler-nord")
    audit.record(EventType.READ, actor=user, child_id=Child.objects.first().pk)

    again = runner.invoke(app, ["demo", "--size", "small", "--seed", "3", "--no-serve"])
    assert again.exit_code == 0, again.output
    assert "demo: simulating" not in again.output  # a loaded demo is left as it is
    assert set(Child.objects.values_list("cpr", flat=True)) == first

    reset = runner.invoke(app, ["demo", "--size", "small", "--seed", "3", "--reset", "--no-serve"])
    assert reset.exit_code == 0, reset.output
    assert "sagsbehandler-nord" in reset.output
    assert set(Child.objects.values_list("cpr", flat=True)) != first
    user.refresh_from_db()
    assert not user.is_active
    assert user.username.startswith("sagsbehandler-nord-arkiv")
    assert AuditEvent.objects.filter(source="cli:demo").count() == 2
    assert audit.verify() is None

    report = runner.invoke(app, ["demo-report"])
    assert report.exit_code == 0, report.output
    assert "Placed at 31 Dec" in report.output
    assert "Pilot against control" in report.output
