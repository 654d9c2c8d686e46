"""The comparison page and its Excel file: municipalities side by side, suppression kept."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.comparison import services
from herningmodel.comparison.models import ImportedFigure
from tests.comparison.conftest import resigned
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(export_files: dict[str, bytes]) -> None:
    report = services.import_files(sorted(export_files.items()), actor=None, source="test")
    assert not report.errors


def test_the_page_shows_municipalities_side_by_side(
    world: World, login: Any, imported: None
) -> None:
    response = login(world.controller).get("/comparison/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Children placed per 1,000",
        "Cost per child aged 0–17",
        "Nordby Kommune (fiktiv) (991)",
        "Sønderå Kommune (fiktiv) (992)",
        '<th scope="col">2024</th><th scope="col">2025</th>',
        "comparison.xlsx",
    ):
        assert text in page
    placements = next(
        c for c in response.context["comparisons"] if c.indicator_id == "placements_per_1000"
    )
    stored = ImportedFigure.objects.get(
        indicator="placements_per_1000",
        kind="total",
        source__municipality_code="992",
        source__period="2025",
    )
    assert placements.rows[1][1][1].value == stored.value
    charts = json.loads(
        page.split('id="monitoring-charts" type="application/json">')[1].split("<")[0]
    )
    assert [t["name"] for t in charts["placements_per_1000"]["data"]] == [
        "Nordby Kommune (fiktiv) (991)",
        "Sønderå Kommune (fiktiv) (992)",
    ]


def test_suppressed_cells_stay_hidden_in_table_chart_and_excel(
    world: World, login: Any, export_files: dict[str, bytes]
) -> None:
    def hide(content: dict[str, Any]) -> None:
        for indicator in content["indicators"]:
            if indicator["id"] == "placements_per_1000":
                total = next(r for r in indicator["rows"] if r["kind"] == "total")
                total["cells"] = [{"suppressed": True} for _ in total["cells"]]

    body = resigned(export_files["aggregates-991-2025.json"], hide)
    services.import_files([("h.json", body)], actor=None, source="test")
    client = login(world.controller)
    response = client.get("/comparison/")
    (placements,) = [
        c for c in response.context["comparisons"] if c.indicator_id == "placements_per_1000"
    ]
    (figure,) = placements.rows[0][1]
    assert figure.shown == "<5"
    assert placements.figure()["data"][0]["y"] == [None]
    book = load_workbook(io.BytesIO(client.get("/comparison/comparison.xlsx").content))
    sheet = book["placements_per_1000"]
    assert [c.value for c in sheet[3]] == ["Nordby Kommune (fiktiv) (991)", "<5"]


def test_the_excel_file_has_a_sheet_per_indicator_and_neutralises_formulas(
    world: World, login: Any, export_files: dict[str, bytes]
) -> None:
    def evil(content: dict[str, Any]) -> None:
        content["municipality"]["name"] = '=HYPERLINK("http://evil.invalid")'

    body = resigned(export_files["aggregates-991-2024.json"], evil)
    services.import_files([("e.json", body)], actor=None, source="test")
    response = login(world.manager).get("/comparison/comparison.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="herningmodel-comparison.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert "placements_per_1000" in book.sheetnames
    assert "cost_per_child" in book.sheetnames
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert '\'=HYPERLINK("http://evil.invalid") (991)' in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    event = AuditEvent.objects.get(event_type=EventType.EXPORT)
    assert event.changes["kind"] == "comparison"
    assert event.actor_label == "manager"


def test_roles_that_see_aggregates_may_open_it(
    world: World, client: Client, imported: None
) -> None:
    for user in (world.controller, world.manager, world.politician, world.team_leader):
        client.force_login(user)
        assert client.get("/comparison/").status_code == 200
    for user in (world.caseworker_a, world.dpo, world.administrator):
        client.force_login(user)
        assert client.get("/comparison/").status_code == 403
        assert client.get("/comparison/comparison.xlsx").status_code == 403
    client.logout()
    assert client.get("/comparison/").status_code == 302


def test_a_politician_does_not_see_costs(world: World, login: Any, imported: None) -> None:
    response = login(world.politician).get("/comparison/")
    ids = {c.indicator_id for c in response.context["comparisons"]}
    assert "placements_per_1000" in ids
    assert "cost_per_child" not in ids
    book = load_workbook(
        io.BytesIO(login(world.politician).get("/comparison/comparison.xlsx").content)
    )
    assert "placements_per_1000" in book.sheetnames
    assert "cost_per_child" not in book.sheetnames


def test_an_empty_comparison_says_how_to_import(world: World, login: Any) -> None:
    response = login(world.controller).get("/comparison/", HTTP_ACCEPT_LANGUAGE="en")
    assert "herningmodel benchmark import FILE" in response.content.decode()


def test_a_hidden_amount_is_a_dash_with_a_footnote_on_the_page_in_excel_and_the_api(
    world: World, login: Any, export_files: dict[str, bytes]
) -> None:
    """ "<5" in a kroner column would read as "less than 5 kroner"."""

    def hide(content: dict[str, Any]) -> None:
        for indicator in content["indicators"]:
            if indicator["id"] in ("cost_per_child", "placements_per_1000"):
                total = next(r for r in indicator["rows"] if r["kind"] == "total")
                total["cells"] = [{"suppressed": True} for _ in total["cells"]]

    body = resigned(export_files["aggregates-991-2025.json"], hide)
    services.import_files([("h.json", body)], actor=None, source="test")
    client = login(world.controller)
    page = client.get("/comparison/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    costs = page[page.index('id="h-cost_per_child"') :]
    costs = costs[: costs.index("</section>")]
    assert "&lt;5" not in costs
    assert "<td>–<sup" in costs
    assert "hidden: fewer than 5 children</p>" in costs
    placements = page[page.index('id="h-placements_per_1000"') :]
    assert "<td>&lt;5</td>" in placements[: placements.index("</section>")]

    book = load_workbook(io.BytesIO(client.get("/comparison/comparison.xlsx").content))
    sheet = [[c.value for c in row] for row in book["cost_per_child"].iter_rows()]
    assert sheet[2] == ["Nordby Kommune (fiktiv) (991)", "–*"]
    assert sheet[-1][0] == "* skjult: færre end 5 børn"  # the download is in Danish

    api = client.get("/api/comparison").json()
    (cost,) = [i for i in api["indicators"] if i["id"] == "cost_per_child"]
    assert cost["rows"][0]["figures"] == [
        {"value": None, "suppressed": True, "suppressed_reason": "fewer_than_5_children"}
    ]
