"""A hidden amount of money reads as a dash with the footnote "hidden: fewer than 5 children"
("skjult: færre end 5 børn"), never "<5" (which reads as "less than 5 kroner"), on the pages,
in the committee report (PDF), the Excel workbook, the JSON and the API; hidden counts stay
"<5". The hand-built town's cost indicators have hidden cells for 2025Q1 (conftest)."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.conf import settings
from openpyxl import load_workbook
from pypdf import PdfReader

from herningmodel.monitoring import board as boards
from herningmodel.monitoring import hidden, reports
from herningmodel.organisation.models import Role
from tests.factories import staff

pytestmark = pytest.mark.django_db
MONEY = ("cost_per_child", "unit_cost_by_step", "spend_vs_budget")
FOOTNOTE = "hidden: fewer than 5 children"


@pytest.fixture
def board(town):  # type: ignore[no-untyped-def]
    return boards.board(town.q1, costs=True, suppressed=True)


@pytest.fixture
def controller(client, town):  # type: ignore[no-untyped-def]
    """Sees costs and aggregates, never a small cell."""
    client.force_login(staff(Role.CONTROLLER, username="controller").user)
    return client


def _section(html: str, indicator_id: str) -> str:
    """One indicator's section of a monitoring page, from its heading to its end."""
    start = html.index(f'id="h-{indicator_id}"')
    return html[start : html.index("</section>", start)]


def test_the_town_has_hidden_money_and_hidden_counts(board) -> None:  # type: ignore[no-untyped-def]
    for key in MONEY:
        assert board.results[key].hidden_money, key
    assert any(c.suppressed for r in board.results["continuity"].rows for c in r.cells)


def test_the_costs_page_shows_hidden_kroner_as_a_dash_with_the_footnote(controller) -> None:  # type: ignore[no-untyped-def]
    html = controller.get("/monitoring/costs/", {"period": "2025Q1"}).content.decode()
    for key in MONEY:
        section = _section(html, key)
        cells = re.findall(r"<td>(.*?)</td>", section, re.S)
        assert "&lt;5" not in "".join(cells), key
        assert any(c.startswith("–<sup") and FOOTNOTE in c for c in cells), key
        assert f'<p class="footnote"><span aria-hidden="true">*</span> {FOOTNOTE}</p>' in section


def test_a_hidden_count_on_the_same_pages_still_reads_less_than_5(controller) -> None:  # type: ignore[no-untyped-def]
    html = controller.get("/monitoring/caseload/", {"period": "2025Q1"}).content.decode()
    section = _section(html, "continuity")
    assert "<td>&lt;5</td>" in section
    assert FOOTNOTE not in section


def test_the_danish_page_says_skjult_faerre_end_5_boern(controller) -> None:  # type: ignore[no-untyped-def]
    controller.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    html = controller.get("/monitoring/costs/", {"period": "2025Q1"}).content.decode()
    assert "skjult: færre end 5 børn" in _section(html, "cost_per_child")


def test_the_committee_report_shows_hidden_kroner_as_a_dash_with_the_footnote(board) -> None:  # type: ignore[no-untyped-def]
    html = reports.to_html(board)
    sections = html.split("<section>")[1:]
    for key in MONEY:
        name = board.results[key].indicator.name
        section = next(s for s in sections if f"<h2>{name}</h2>" in s)
        assert "&lt;5" not in section.split("<table>")[1], key
        assert "<td>–<sup>*</sup></td>" in section
        assert f'<p class="footnote"><sup>*</sup> {FOOTNOTE}</p>' in section
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(reports.to_pdf(board))).pages
    )
    assert FOOTNOTE in text
    assert "–*" in text.replace(" ", "")


def test_the_workbook_writes_hidden_kroner_as_a_dash_with_the_footnote(board) -> None:  # type: ignore[no-untyped-def]
    book = load_workbook(io.BytesIO(reports.to_xlsx(board)))
    for key in MONEY:
        rows = list(book[key].iter_rows(min_row=3, values_only=True))
        values = [r[3] for r in rows if len(r) > 3]
        assert "<5" not in values, key
        hidden_rows = [r for r in rows if len(r) > 3 and r[3] == "–*"]
        assert hidden_rows, key
        assert all(r[4] is None and r[5] is None and r[6] == FOOTNOTE for r in hidden_rows)
        assert rows[-1][0] == f"* {FOOTNOTE}"
    continuity = list(book["continuity"].iter_rows(min_row=3, values_only=True))
    assert any(r[3] == "<5" and r[6] == FOOTNOTE for r in continuity)


def test_the_json_gives_hidden_kroner_as_null_with_the_reason(board) -> None:  # type: ignore[no-untyped-def]
    payload = json.loads(reports.to_json(board))
    by_id = {i["id"]: i for i in payload["indicators"]}
    for key in MONEY:
        cells = [c for r in by_id[key]["rows"] for c in r["cells"]]
        hidden_cells = [c for c in cells if c["suppressed"]]
        assert hidden_cells, key
        for cell in hidden_cells:
            assert cell == hidden.json_cell(money=True)
            assert cell["value"] is None
            assert cell["shown"] == "–"
            assert cell["suppressed_reason"] == "fewer_than_5_children"
        assert all(c["suppressed_reason"] is None for c in cells if not c["suppressed"])
    counts = [c for r in by_id["continuity"]["rows"] for c in r["cells"] if c["suppressed"]]
    assert {c["shown"] for c in counts} == {"<5"}


def test_the_api_gives_hidden_kroner_as_null_with_the_reason(controller) -> None:  # type: ignore[no-untyped-def]
    body = controller.get(
        "/api/monitoring/indicators", {"period": "2025Q1", "indicator": "cost_per_child"}
    ).json()
    cells = [c for r in body["indicators"][0]["rows"] for c in r["cells"]]
    assert {c["shown"] for c in cells if c["suppressed"]} == {"–"}
    assert all(
        c["value"] is None and c["suppressed_reason"] == "fewer_than_5_children"
        for c in cells
        if c["suppressed"]
    )


def test_the_openapi_schema_documents_the_reason_code(client) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    cell = schema["TableCellOut"]["properties"]
    assert set(cell) == {
        "value",
        "numerator",
        "denominator",
        "shown",
        "suppressed",
        "suppressed_reason",
    }
    reasons = [
        option.get("const") or option.get("enum") for option in cell["suppressed_reason"]["anyOf"]
    ]
    assert "fewer_than_5_children" in str(reasons)
    assert "suppressed_reason" in schema["CalibrationStepOut"]["properties"]
    assert "suppressed_reason" in schema["RealisationQuarterOut"]["properties"]
