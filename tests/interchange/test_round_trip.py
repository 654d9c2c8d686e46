"""Round trip: the small demo, fully exported and imported into an emptied database, gives the
same monitoring indicators for a year (every indicator, unsuppressed, with its warnings) and the
same number of rows of every kind."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from herningmodel.demo import seed
from herningmodel.demo.reset import remove_demo
from herningmodel.interchange import full_export, full_import
from herningmodel.monitoring import board, reports
from herningmodel.monitoring.scope import build_scope
from herningmodel.organisation.models import District
from herningmodel.people.models import Child

TODAY = dt.date(2026, 6, 15)


def indicators(year: str) -> Any:
    """Every indicator of the year, with districts by name (their database ids change)."""
    scope = build_scope(year, districts=[], age="", today=TODAY)
    found = json.loads(reports.to_json(board.board(scope, costs=True, suppressed=False)))
    names = dict(District.objects.values_list("pk", "name"))

    def by_name(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: names[v] if k == "district_id" and v in names else by_name(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [by_name(v) for v in value]
        return value

    return by_name(found)


def counts() -> dict[str, int]:
    return {s.kind: s.model._default_manager.count() for s in full_export.SHEETS}


@pytest.mark.django_db
def test_the_demo_exported_and_imported_into_an_empty_database_gives_the_same_indicators(
    tmp_path: Path,
) -> None:
    # The test's own transaction (rolled back after it) holds the demo; every import inside it
    # is a savepoint, as it would be a transaction of its own outside a test.
    seed.load(TODAY, size="small", seed=7)
    before = {year: indicators(year) for year in ("2024", "2025")}
    rows_before = counts()
    archive = tmp_path / "full.zip"
    summary = full_export.export_full(archive, actor=None, actor_label="test")
    assert summary.counts == rows_before
    remove_demo()
    assert not Child.objects.exists()

    outcome = full_import.import_all(archive, actor=None, origin="test", today=TODAY)
    problems = [str(e) for r in outcome.results for e in r.errors]
    assert outcome.ok, "\n".join(problems[:20])

    assert counts() == rows_before
    for year, expected in before.items():
        after = indicators(year)
        assert [r["id"] for r in after["indicators"]] == [r["id"] for r in expected["indicators"]]
        for found, wanted in zip(after["indicators"], expected["indicators"], strict=True):
            assert found == wanted, (year, wanted["id"])
        assert after == expected, year
    # Importing the same export again changes nothing.
    again = full_import.import_all(archive, actor=None, origin="test", today=TODAY)
    assert again.ok
    assert all("0 new, 0 changed" in r.lines[1] for r in again.results[1:])
