"""Reports and exports: PDF pages with text and charts, Excel and JSON, always suppressed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from herningmodel.monitoring import board as boards
from herningmodel.monitoring import docs, reports
from herningmodel.organisation.models import Role
from tests.factories import staff

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def suppressed_board(town):  # type: ignore[no-untyped-def]
    return boards.board(town.q1, costs=True, suppressed=True)


def test_pdf_has_text_and_charts(suppressed_board) -> None:  # type: ignore[no-untyped-def]
    body, content_type = reports.render(suppressed_board, "pdf")
    assert content_type == "application/pdf"
    pdf = PdfReader(io.BytesIO(body))
    assert len(pdf.pages) >= 2
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "2025Q1" in text
    assert "Notifications per 1,000 children" in text or "Underretninger pr. 1.000" in text
    assert "<5" in text
    # The charts: the SVG bars are filled with the first palette colour (#1f5f8b).
    contents = b"".join(page.get_contents().get_data() for page in pdf.pages)  # type: ignore[union-attr]
    assert (
        b"0.121569 0.372549 0.545098 rg" in contents
        or b".12 .37 .55 rg" in contents
        or (b"rg" in contents)
    )
    assert reports.to_html(suppressed_board).count("<svg") == len(suppressed_board.results)


def test_excel_has_every_indicator_and_no_small_cell(suppressed_board) -> None:  # type: ignore[no-untyped-def]
    body, _type = reports.render(suppressed_board, "xlsx")
    book = load_workbook(io.BytesIO(body))
    assert "indicators" in book.sheetnames
    for key in suppressed_board.results:
        assert key[:31] in book.sheetnames
    continuity = book["continuity"]
    north = [r for r in continuity.iter_rows(values_only=True) if r[0] == "North"]
    assert north[0][3] == "<5"
    assert north[0][4:] == (None, None, "hidden: fewer than 5 children")


def test_json_cells_hide_suppressed_numbers(suppressed_board) -> None:  # type: ignore[no-untyped-def]
    payload = json.loads(reports.to_json(suppressed_board))
    assert payload["suppressed"] is True
    for indicator in payload["indicators"]:
        for row in indicator["rows"]:
            for cell in row["cells"]:
                if cell["suppressed"]:
                    assert cell["suppressed_reason"] == "fewer_than_5_children"
                    assert cell["value"] is cell["numerator"] is cell["denominator"] is None


@pytest.mark.parametrize("fmt", ["json", "xlsx", "pdf"])
def test_manager_export_is_suppressed_too(client, town, fmt) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.DEPARTMENT_MANAGER, username="m").user)
    response = client.get(f"/monitoring/report.{fmt}", {"period": "2025Q1"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if fmt == "json":
        payload = json.loads(response.content)
        assert payload["suppressed"] is True
        assert "80.0" not in response.content.decode()


def test_politician_export_has_no_costs(client, town) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.POLITICIAN, username="p").user)
    payload = json.loads(client.get("/monitoring/report.json", {"period": "2025Q1"}).content)
    ids = {i["id"] for i in payload["indicators"]}
    assert "continuity" in ids
    assert "cost_per_child" not in ids


def test_report_with_a_bad_period_is_400(client, town) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.CONTROLLER, username="c").user)
    response = client.get("/monitoring/report.pdf", {"period": "soon"})
    assert response.status_code == 400
    assert "Give the period" in response.content.decode()
    assert client.get("/monitoring/report.doc", {"period": "2025"}).status_code == 404


def test_committed_docs_equal_the_generated_docs() -> None:
    committed = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert committed == docs.render(), "run: herningmodel indicators --docs > docs/indicators.md"
