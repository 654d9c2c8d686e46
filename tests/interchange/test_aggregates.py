"""`herningmodel export aggregates`: suppressed indicators by district, hashed, no personal data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.cli import app
from herningmodel.interchange import aggregates
from herningmodel.monitoring.disclosure import THRESHOLD
from herningmodel.people.models import Child
from tests.monitoring.conftest import Town

runner = CliRunner()


def export(tmp_path: Path, suffix: str) -> bytes:
    out = tmp_path / f"agg{suffix}"
    result = runner.invoke(app, ["export", "aggregates", "--period", "2025", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def cells(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        cell
        for indicator in document["content"]["indicators"]
        for row in indicator["rows"]
        for cell in row["cells"]
    ]


def test_json_export_has_no_small_cells_and_its_hash_verifies(town: Town, tmp_path: Path) -> None:
    document = json.loads(export(tmp_path, ".json"))
    assert document["content"]["period"] == "2025"
    shown = [c for c in cells(document) if not c.get("suppressed")]
    assert shown, "the town has figures large enough to show"
    assert any(c.get("suppressed") for c in cells(document)), "and small ones to hide"
    assert all(c["children"] in (0, None) or c["children"] >= THRESHOLD for c in shown)
    assert aggregates.verify(document)
    document["content"]["indicators"][0]["rows"][0]["cells"][0] = {"value": 1.0}
    assert not aggregates.verify(document)
    event = AuditEvent.objects.get(event_type=EventType.EXPORT)
    assert event.changes["kind"] == "aggregates"


def test_the_export_holds_no_personal_data(town: Town, tmp_path: Path) -> None:
    text = export(tmp_path, ".json").decode()
    assert Child.objects.exists()
    for child in Child.objects.all():
        assert child.first_name not in text
        if child.cpr:
            assert child.cpr[:6] not in text
    assert '"child_id"' not in text


def test_csv_export_neutralises_formulas_and_uses_danish_numbers(
    town: Town, tmp_path: Path
) -> None:
    town.south.name = '=HYPERLINK("http://evil.invalid")'
    town.south.save()
    body = export(tmp_path, ".csv")
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["period", "indicator", "column", "district"]
    districts = {r[3] for r in rows[1:-1]}
    assert '\'=HYPERLINK("http://evil.invalid")' in districts
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r)
    assert any("," in r[5] for r in rows[1:-1])
    assert rows[-1][0] == "sha256"
    assert len(rows[-1][1]) == 64


def test_unknown_format_and_period_are_clear_errors(town: Town, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", "aggregates", "--period", "2025", "--out", str(tmp_path / "a.pdf")]
    )
    assert result.exit_code == 2
    assert "write a .json or .csv file" in result.output
    result = runner.invoke(
        app, ["export", "aggregates", "--period", "someday", "--out", str(tmp_path / "a.json")]
    )
    assert result.exit_code == 2


def test_csv_export_writes_a_hidden_amount_as_a_dash_and_a_hidden_count_as_less_than_5(
    town: Town, tmp_path: Path
) -> None:
    body = export(tmp_path, ".csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))[1:-1]
    money = [r[5] for r in rows if r[1] in ("cost_per_child", "unit_cost_by_step")]
    assert "–" in money  # "<5" would read as "less than 5 kroner"
    assert "<5" not in money
    assert "<5" in [r[5] for r in rows if r[1] == "continuity"]
