"""`herningmodel benchmark import`: verified files stored, refused files named, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from typer.testing import CliRunner

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.cli import app
from herningmodel.comparison import services
from herningmodel.comparison.models import ImportedAggregates, ImportedFigure
from tests.comparison.conftest import resigned

pytestmark = pytest.mark.django_db
runner = CliRunner()


def named(files: dict[str, bytes], *names: str) -> list[tuple[str, bytes]]:
    return [(n, files[n]) for n in (names or sorted(files))]


def errors_of(files: list[tuple[str, bytes]]) -> list[str]:
    report = services.import_files(files, actor=None, source="test")
    assert not ImportedAggregates.objects.exists(), "nothing is written when a file is refused"
    return [str(e) for e in report.errors]


def test_the_files_are_stored_and_audited(export_files: dict[str, bytes]) -> None:
    report = services.import_files(named(export_files), actor=None, source="test")
    assert not report.errors
    assert set(report.outcomes.values()) == {"imported"}
    stored = ImportedAggregates.objects.order_by("municipality_code", "period")
    assert [(s.municipality_code, s.period) for s in stored] == [
        ("991", "2024"),
        ("991", "2025"),
        ("992", "2024"),
        ("992", "2025"),
    ]
    assert (
        "Nordby Kommune (fiktiv) (991), period 2024 (2024-01-01 to 2024-12-31)" in (report.lines[0])
    )
    event = AuditEvent.objects.get(event_type=EventType.DATA_IMPORTED)
    assert event.changes["kind"] == "aggregates"
    assert {f["outcome"] for f in event.changes["files"]} == {"imported"}
    assert all(len(f["sha256"]) == 64 for f in event.changes["files"])


def test_reimporting_changes_nothing_and_a_newer_export_replaces(
    export_files: dict[str, bytes],
) -> None:
    services.import_files(named(export_files), actor=None, source="test")
    figures = ImportedFigure.objects.count()
    again = services.import_files(named(export_files), actor=None, source="test")
    assert set(again.outcomes.values()) == {"unchanged"}
    assert ImportedFigure.objects.count() == figures

    def rename(content: dict[str, Any]) -> None:
        content["municipality"]["name"] = "Nordby Kommune (fiktiv, rettet)"

    newer = resigned(export_files["aggregates-991-2025.json"], rename)
    report = services.import_files([("newer.json", newer)], actor=None, source="test")
    assert report.outcomes == {"newer.json": "replaced"}
    assert ImportedAggregates.objects.count() == 4
    assert ImportedFigure.objects.count() == figures
    assert ImportedAggregates.objects.get(municipality_code="991", period="2025").file_name == (
        "newer.json"
    )


def test_a_tampered_file_is_refused_and_nothing_is_written(
    export_files: dict[str, bytes],
) -> None:
    document = json.loads(export_files["aggregates-992-2025.json"])
    document["content"]["indicators"][0]["rows"][0]["cells"][0] = {"value": 1.0}
    tampered = json.dumps(document).encode()
    errors = errors_of([*named(export_files, "aggregates-991-2025.json"), ("t.json", tampered)])
    assert errors == [
        "t.json: the content does not match its SHA-256 hash: the file was changed after it "
        "was exported, so it is refused."
    ]


def test_another_format_version_is_named(export_files: dict[str, bytes]) -> None:
    def future(content: dict[str, Any]) -> None:
        content["version"] = 2

    body = resigned(export_files["aggregates-991-2024.json"], future)
    assert errors_of([("v2.json", body)]) == [
        "v2.json: the file is in format version 2; this instance reads version 1."
    ]


def test_files_that_are_not_exports_get_clear_errors(tmp_path: Path) -> None:
    csv_export = "\ufeffperiod;indicator;column;district\r\n".encode()
    errors = errors_of(
        [
            ("empty.json", b""),
            ("photo.json", b"\x89PNG\r\n\x1a\n\x00\x00"),
            ("list.json", b"[1, 2]"),
            ("agg.csv", csv_export),
            ("other.json", json.dumps({"content": {"format": "x"}, "sha256": "0"}).encode()),
        ]
    )
    assert errors == [
        "empty.json: the file is empty.",
        "photo.json: the file is not JSON.",
        "list.json: the file is not an aggregate export (no content and sha256).",
        "agg.csv: this is the CSV form of the aggregate export, which names no municipality "
        "and cannot be verified: import the .json export instead.",
        "other.json: the file is not an aggregate export (format 'x').",
    ]


def test_a_broken_structure_names_the_field(export_files: dict[str, bytes]) -> None:
    def broken(content: dict[str, Any]) -> None:
        content["indicators"][0]["rows"][0]["kind"] = "child"

    (error,) = errors_of([("b.json", resigned(export_files["aggregates-991-2024.json"], broken))])
    assert error.startswith(
        "b.json: the content is not an aggregate export (indicators.0.rows.0.kind"
    )


def test_two_files_for_the_same_municipality_and_period_are_refused(
    export_files: dict[str, bytes],
) -> None:
    body = export_files["aggregates-991-2024.json"]
    assert errors_of([("a.json", body), ("b.json", body)]) == [
        "b.json: a.json holds the same municipality and period (991, 2024)."
    ]


def test_an_unsuppressed_small_cell_is_refused(export_files: dict[str, bytes]) -> None:
    def leak(content: dict[str, Any]) -> None:
        indicator = content["indicators"][0]
        indicator["rows"][0]["cells"][0] = {
            "value": 3.0,
            "numerator": 3.0,
            "denominator": 1.0,
            "children": 3,
        }

    (error,) = errors_of([("leak.json", resigned(export_files["aggregates-991-2024.json"], leak))])
    assert "shows a figure about fewer than 5 children without suppression" in error


def test_a_suppressed_cell_that_carries_numbers_is_refused(
    export_files: dict[str, bytes],
) -> None:
    def carry(content: dict[str, Any]) -> None:
        content["indicators"][0]["rows"][0]["cells"][0] = {"suppressed": True, "value": 2.0}

    (error,) = errors_of([("c.json", resigned(export_files["aggregates-991-2024.json"], carry))])
    assert "a suppressed cell carries numbers" in error


def test_the_database_keeps_suppressed_figures_without_numbers(
    export_files: dict[str, bytes],
) -> None:
    services.import_files(named(export_files), actor=None, source="test")
    hidden = ImportedFigure.objects.filter(suppressed=True)
    assert hidden.exists()
    assert not hidden.exclude(value=None).exists()
    figure = hidden.first()
    assert figure is not None
    figure.value = 2.0
    with pytest.raises(IntegrityError), transaction.atomic():
        figure.save()


def test_periods_of_different_lengths_are_reported(export_files: dict[str, bytes]) -> None:
    def quarter(content: dict[str, Any]) -> None:
        content.update(period="2025Q3", start="2025-07-01", end="2025-09-30")

    body = resigned(export_files["aggregates-992-2025.json"], quarter)
    report = services.import_files(
        [*named(export_files, "aggregates-991-2025.json"), ("q.json", body)],
        actor=None,
        source="test",
    )
    assert not report.errors
    assert report.notes == [
        "The periods have different lengths (quarter: 2025Q3; year: 2025). Compare a year with "
        "a year: the comparison shows each period as its own column."
    ]


def test_the_command_imports_and_exits_1_on_a_refused_file(
    export_files: dict[str, bytes], tmp_path: Path
) -> None:
    paths = []
    for name, body in export_files.items():
        (tmp_path / name).write_bytes(body)
        paths.append(str(tmp_path / name))
    result = runner.invoke(app, ["benchmark", "import", *paths])
    assert result.exit_code == 0, result.output
    assert "aggregates-991-2024.json: imported" in result.output
    assert ImportedAggregates.objects.count() == 4

    (tmp_path / "bad.json").write_text("{}")
    result = runner.invoke(app, ["benchmark", "import", str(tmp_path / "bad.json")])
    assert result.exit_code == 1
    assert "bad.json: the file is not an aggregate export" in result.output
    assert "nothing was imported" in result.output
    result = runner.invoke(app, ["benchmark", "import", str(tmp_path / "missing.json")])
    assert result.exit_code == 2
    assert "missing.json: cannot be read" in result.output
