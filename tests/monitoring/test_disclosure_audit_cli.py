"""``herningmodel disclosure audit --period P``: what it checked, and a non-zero exit on a
breach (the audit is made to fail by lowering nothing but the solver's verdict)."""

from __future__ import annotations

from typer.testing import CliRunner

from herningmodel.cli import app
from herningmodel.monitoring import attacker, publication

runner = CliRunner()


def test_the_audit_prints_what_it_checked_and_passes(town) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["disclosure", "audit", "--period", "2025Q1"])
    assert result.exit_code == 0, result.output
    for label in ("Tables: 88", "Cells:", "Hidden cells:", "Narrowest interval:", "Protection"):
        assert label in result.output, label


def test_the_audit_exits_non_zero_on_a_breach(town, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # An audit that finds every interval too narrow: the command must say so and fail, and
    # the period is withheld rather than published.
    narrow = attacker.Interval(0.0, 0.0)
    monkeypatch.setattr(
        attacker, "intervals", lambda system, known, targets, **kw: dict.fromkeys(targets, narrow)
    )
    result = runner.invoke(app, ["disclosure", "audit", "--period", "2025Q1"])
    assert result.exit_code == 1
    pattern = publication.pattern_for(town.q1.period, fresh=True)
    assert set(pattern.withheld) == set(pattern.tables)
    assert all(len(h) == publication._size(pattern.tables[k]) for k, h in pattern.hidden.items())


def test_a_bad_period_is_refused(town) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["disclosure", "audit", "--period", "2025Q7"])
    assert result.exit_code == 2
