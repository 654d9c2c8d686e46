"""The import page and the exports in the API: the same checks, importer, files, permission and
audit as the page and the command line."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.interchange import aggregates
from herningmodel.organisation.models import StaffMember

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
IMPORT = "/api/data/import"


def staff_file(text: str | None = None) -> SimpleUploadedFile:
    data = (EXAMPLES / "staff.csv").read_bytes() if text is None else text.encode()
    return SimpleUploadedFile("staff.csv", data, content_type="text/csv")


def test_a_dry_run_reports_the_file_and_writes_nothing(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.administrator)
    response = client.post(IMPORT, {"kind": "staff", "file": staff_file()})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"]
    assert body["valid"]
    assert not body["committed"]
    assert body["counts"] == {"rows": 3, "created": 3, "updated": 0, "unchanged": 0}
    assert body["detected"]["format"] == "csv"
    assert body["detected"]["delimiter"] in (";", ",")
    assert body["errors"] == []
    assert not StaffMember.objects.filter(user__username="rikke.raadgiver").exists()


def test_an_import_writes_the_rows_and_is_audited_as_the_pages(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.administrator)
    response = client.post(IMPORT, {"kind": "staff", "file": staff_file(), "dry_run": "false"})
    assert response.status_code == 200, response.content
    assert response.json()["committed"]
    assert StaffMember.objects.filter(user__username="rikke.raadgiver").exists()
    event = AuditEvent.objects.filter(event_type=EventType.DATA_IMPORTED).latest("pk")
    assert event.actor == world.administrator
    assert event.source == "api:POST /api/data/import"
    assert event.changes["created"] == 3


def test_every_row_error_is_reported_and_nothing_is_written(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.administrator)
    bad = "username;first_name;last_name;role\nx.y;A;B;boss\n;C;D;caseworker\n"
    response = client.post(IMPORT, {"kind": "staff", "file": staff_file(bad), "dry_run": "false"})
    assert response.status_code == 200
    body = response.json()
    assert not body["valid"]
    assert not body["committed"]
    assert body["counts"] is None
    assert [(e["file"], e["row"], e["column"], e["value"]) for e in body["errors"]] == [
        ("staff.csv", 2, "role", "boss"),
        ("staff.csv", 3, "username", ""),
    ]
    assert all(e["message"] for e in body["errors"])
    assert StaffMember.objects.count() == 8  # the world's personas only
    assert not AuditEvent.objects.filter(event_type=EventType.DATA_IMPORTED).exists()


def test_an_unknown_kind_or_a_missing_file_is_422(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.administrator)
    unknown = client.post(IMPORT, {"kind": "nonsense", "file": staff_file()})
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["kind"]
    missing = client.post(IMPORT, {"kind": "staff"})
    assert missing.status_code == 422
    assert "file" in [e["field"] for e in missing.json()["errors"]]


def test_a_file_over_the_limit_is_refused(world, login, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HERNINGMODEL_IMPORT_MAX_BYTES = 10
    client = login(world.administrator)
    response = client.post(IMPORT, {"kind": "staff", "file": staff_file()})
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("file", "too_large")]


@pytest.mark.parametrize("persona", ["caseworker_a", "team_leader", "manager", "controller", "dpo"])
def test_only_the_administrator_may_import_or_export(world, login, persona: str) -> None:  # type: ignore[no-untyped-def]
    client = login(getattr(world, persona))
    assert client.post(IMPORT, {"kind": "staff", "file": staff_file()}).status_code == 403
    assert client.get("/api/data/export").status_code == 403
    assert client.get("/api/data/aggregates?period=2025").status_code == 403
    assert StaffMember.objects.count() == 8


def test_the_full_export_is_the_pages_zip_and_is_audited(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.administrator)
    response = client.get("/api/data/export")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "children.csv" in archive.namelist()
    event = AuditEvent.objects.filter(event_type=EventType.EXPORT).latest("pk")
    assert event.actor == world.administrator
    assert event.source == "api:GET /api/data/export"
    assert event.changes["kind"] == "full"


def test_the_aggregate_export_carries_its_hash_and_is_audited(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.administrator)
    response = client.get("/api/data/aggregates?period=2025&format=json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert aggregates.verify(document)
    event = AuditEvent.objects.filter(event_type=EventType.EXPORT).latest("pk")
    assert event.actor == world.administrator
    assert event.changes == {"kind": "aggregates", "period": "2025", "sha256": document["sha256"]}
    csv = client.get("/api/data/aggregates?period=2025&format=csv")
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")


def test_the_aggregate_export_refuses_a_bad_period_or_format(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.administrator)
    assert client.get("/api/data/aggregates?period=soon").status_code == 400
    assert client.get("/api/data/aggregates?period=2025&format=pdf").status_code == 422
    assert client.get("/api/data/aggregates").status_code == 422


def test_a_hostile_workbook_is_a_refusal_in_the_report_not_a_server_error(world, login) -> None:  # type: ignore[no-untyped-def]
    """Issue #19: an .xlsx with an XML entity bomb is refused unopened, as the file's error."""
    from tests.interchange.test_hostile_files import BILLION_LAUGHS, replace_member, workbook_bytes

    bomb = BILLION_LAUGHS + b"<worksheet>&lol3;</worksheet>"
    data = replace_member(workbook_bytes(), "xl/worksheets/sheet1.xml", bomb)
    upload = SimpleUploadedFile("staff.xlsx", data, content_type="application/octet-stream")
    response = login(world.administrator).post(IMPORT, {"kind": "staff", "file": upload})
    assert response.status_code == 200, response.content
    body = response.json()
    assert not body["valid"]
    [error] = body["errors"]
    assert error["row"] == 0
    assert "entit" in error["message"]


def test_the_report_says_which_decimal_mark_and_date_order_it_read(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.administrator)
    response = client.post(IMPORT, {"kind": "staff", "file": staff_file()})
    detected = response.json()["detected"]
    assert detected["decimal_mark"] in ("", ",", ".")
    assert detected["day_first"] is True
