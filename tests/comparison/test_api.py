"""The comparison through the API: the page's tables, suppression kept, for the same roles."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.comparison import services
from herningmodel.monitoring.reports import CONTENT_TYPES
from tests.comparison.conftest import resigned
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_api_gives_the_tables_and_keeps_suppression(
    world: World, login: Any, export_files: dict[str, bytes]
) -> None:
    def hide(content: dict[str, Any]) -> None:
        for indicator in content["indicators"]:
            for row in indicator["rows"]:
                row["cells"] = [{"suppressed": True} for _ in row["cells"]]

    services.import_files(
        [
            ("a.json", export_files["aggregates-991-2025.json"]),
            ("b.json", resigned(export_files["aggregates-992-2025.json"], hide)),
        ],
        actor=None,
        source="test",
    )
    body = login(world.controller).get("/api/comparison").json()
    assert [s["municipality_code"] for s in body["sources"]] == ["991", "992"]
    placements = next(i for i in body["indicators"] if i["id"] == "placements_per_1000")
    assert placements["periods"] == ["2025"]
    nordby, sondera = placements["rows"]
    assert nordby["figures"][0]["value"] is not None
    assert sondera["figures"] == [
        {"value": None, "suppressed": True, "suppressed_reason": "fewer_than_5_children"}
    ]
    politician = login(world.politician).get("/api/comparison").json()
    assert "cost_per_child" not in {i["id"] for i in politician["indicators"]}
    assert login(world.caseworker_a).get("/api/comparison").status_code == 403


def test_the_workbook_is_the_pages_file_and_is_audited(
    world: World, login: Any, export_files: dict[str, bytes]
) -> None:
    services.import_files(
        [("a.json", export_files["aggregates-991-2025.json"])], actor=None, source="test"
    )
    client = login(world.politician)
    response = client.get("/api/comparison/workbook")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES["xlsx"]
    assert response["Content-Disposition"] == 'attachment; filename="herningmodel-comparison.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert "placements_per_1000" in book.sheetnames
    assert "cost_per_child" not in book.sheetnames  # a politician does not see costs
    page = load_workbook(io.BytesIO(client.get("/comparison/comparison.xlsx").content))
    assert book.sheetnames == page.sheetnames
    api_event, page_event = AuditEvent.objects.filter(event_type=EventType.EXPORT).order_by("pk")
    assert api_event.actor == world.politician
    assert api_event.source == "api:GET /api/comparison/workbook"
    assert api_event.changes == page_event.changes
    assert api_event.changes["municipalities"] == ["991"]


def test_the_workbook_is_refused_to_roles_without_aggregates(world: World, login: Any) -> None:
    for user in (world.caseworker_a, world.dpo, world.administrator):
        assert login(user).get("/api/comparison/workbook").status_code == 403
    assert not AuditEvent.objects.filter(event_type=EventType.EXPORT).exists()
