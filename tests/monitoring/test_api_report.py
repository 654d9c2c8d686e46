"""``GET /api/monitoring/report``: the committee report files through the API, the same bytes as
the page's download, always suppressed, costs only for roles that see costs."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from herningmodel.monitoring import reports
from herningmodel.organisation.models import Role
from tests.factories import staff

pytestmark = pytest.mark.django_db


def test_the_api_hands_out_the_same_json_report_as_the_page(client, town) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.DEPARTMENT_MANAGER, username="m").user)
    api = client.get("/api/monitoring/report", {"format": "json", "period": "2025Q1"})
    page = client.get("/monitoring/report.json", {"period": "2025Q1"})
    assert api.status_code == 200
    assert api["Content-Type"] == "application/json"
    assert api["Content-Disposition"] == 'attachment; filename="herningmodel-2025Q1.json"'
    assert json.loads(api.content) == json.loads(page.content)
    # Files travel further than screens: suppressed even for a manager who sees every cell.
    assert json.loads(api.content)["suppressed"] is True
    assert "80.0" not in api.content.decode()


def test_the_excel_and_pdf_reports_are_files_of_their_type(client, town) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.CONTROLLER, username="c").user)
    xlsx = client.get("/api/monitoring/report", {"format": "xlsx", "period": "2025Q1"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"] == reports.CONTENT_TYPES["xlsx"]
    north = [
        r
        for r in load_workbook(io.BytesIO(xlsx.content))["continuity"].iter_rows(values_only=True)
        if r[0] == "North"
    ]
    assert north[0][3] == "<5"
    pdf = client.get("/api/monitoring/report", {"format": "pdf", "period": "2025Q1"})
    assert pdf["Content-Type"] == "application/pdf"
    assert "2025Q1" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_a_politicians_report_has_no_costs(client, town) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.POLITICIAN, username="p").user)
    payload = client.get("/api/monitoring/report", {"format": "json", "period": "2025Q1"}).json()
    ids = {i["id"] for i in payload["indicators"]}
    assert "continuity" in ids
    assert "cost_per_child" not in ids


@pytest.mark.parametrize("role", [Role.DPO, Role.ADMINISTRATOR])
def test_roles_without_aggregates_get_no_report(client, town, role) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(role, username="x").user)
    response = client.get("/api/monitoring/report", {"format": "json", "period": "2025Q1"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_a_bad_period_or_format_is_refused_with_a_reason(client, town) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff(Role.CONTROLLER, username="c").user)
    bad_period = client.get("/api/monitoring/report", {"format": "pdf", "period": "soon"})
    assert bad_period.status_code == 400
    assert "Give the period" in bad_period.json()["message"]
    bad_format = client.get("/api/monitoring/report", {"format": "doc", "period": "2025Q1"})
    assert bad_format.status_code == 422
    assert bad_format.json()["errors"][0]["field"] == "format"
    assert client.get("/api/monitoring/report", {"period": "2025Q1"}).status_code == 422
