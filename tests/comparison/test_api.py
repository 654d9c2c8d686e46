"""The comparison through the API: the page's tables, suppression kept, for the same roles."""

from __future__ import annotations

from typing import Any

import pytest

from herningmodel.comparison import services
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
    assert sondera["figures"] == [{"value": None, "suppressed": True}]
    politician = login(world.politician).get("/api/comparison").json()
    assert "cost_per_child" not in {i["id"] for i in politician["indicators"]}
    assert login(world.caseworker_a).get("/api/comparison").status_code == 403
