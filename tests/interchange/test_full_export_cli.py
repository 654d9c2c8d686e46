"""`herningmodel export full` and `herningmodel import all` on the example files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.cases.models import Case
from herningmodel.cli import app
from herningmodel.interchange import full_export
from herningmodel.organisation.models import District
from tests.interchange.test_kinds import import_examples

runner = CliRunner()


@pytest.mark.django_db
def test_export_full_then_import_all_changes_nothing(tmp_path: Path) -> None:
    import_examples()
    result = runner.invoke(app, ["export", "full", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert names == {f"{s.kind}.csv" for s in full_export.SHEETS} | {"catalogue.xlsx"}
    assert (
        AuditEvent.objects.filter(event_type=EventType.EXPORT).latest("pk").changes["rows"]["cases"]
        == 4
    )
    cases = (tmp_path / "out" / "cases.csv").read_bytes()
    assert cases.startswith(b"\xef\xbb\xbfexternal_id;child;caseworker;opened_on")
    result = runner.invoke(app, ["import", "all", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "[measurements]" in result.output
    assert "4 rows: 0 new, 0 changed, 4 unchanged." in result.output
    assert Case.objects.count() == 4


@pytest.mark.django_db
def test_import_all_is_all_or_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    examples = Path(__file__).resolve().parents[2] / "docs" / "examples"
    for name in ("districts", "area_teams", "staff", "households", "children", "cases"):
        (folder / f"{name}.csv").write_bytes((examples / f"{name}.csv").read_bytes())
    bad = (examples / "cases.csv").read_text(encoding="utf-8").replace("rikke.raadgiver", "x", 1)
    (folder / "cases.csv").write_text(bad, encoding="utf-8")
    result = runner.invoke(app, ["import", "all", str(folder)])
    assert result.exit_code == 1
    assert "cases.csv, row 2, column caseworker ('x')" in result.output
    assert not Case.objects.exists()
    assert not District.objects.exists()
