"""The evaluation's files in the API: the page's PDF and the research extract, with the pages'
permissions, checks and audit."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.contrib.auth.models import Group

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.evaluation import extract
from tests.conftest import World

pytestmark = pytest.mark.django_db
EXTRACT = "/api/evaluation/extract"


def approve(person: Any) -> None:
    group, _created = Group.objects.get_or_create(name=extract.RESEARCH_GROUP)
    person.groups.add(group)


def choices(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "purpose": "Pilot study 2026 (DPO case 17)",
        "first_month": "2025-01",
        "last_month": "2025-12",
        "columns": ["child", "birth_month", "step", "start_month"],
        "file_format": "csv",
    }
    data.update(changes)
    return data


def post(client: Any, body: dict[str, object]) -> Any:
    return client.post(EXTRACT, json.dumps(body), content_type="application/json")


def exports() -> int:
    return AuditEvent.objects.filter(event_type=EventType.EXPORT).count()


def test_the_report_is_the_pages_pdf(world: World, login: Any) -> None:
    client = login(world.politician)
    response = client.get("/api/evaluation/report", {"by": "quarter"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_the_report_is_refused_as_the_page_and_checks_its_input(world: World, login: Any) -> None:
    for user in (world.caseworker_a, world.dpo):
        assert login(user).get("/api/evaluation/report").status_code == 403
        assert login(user).get("/evaluation/report.pdf").status_code == 403
    assert login(world.controller).get("/api/evaluation/report?by=week").status_code == 422


def test_the_extract_is_the_pages_zip_and_is_audited(world: World, login: Any) -> None:
    approve(world.controller)
    response = post(login(world.controller), choices())
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(bundle.namelist()) == ["data-dictionary.md", "extract.csv"]
    assert bundle.read("extract.csv").decode().startswith("child,birth_month,step,start_month")
    event = AuditEvent.objects.get(event_type=EventType.EXPORT)
    assert event.actor_id == world.controller.pk
    assert event.source == "api:POST /api/evaluation/extract"
    assert event.changes["purpose"] == "Pilot study 2026 (DPO case 17)"
    assert event.changes["period"] == ["2025-01-01", "2025-12-31"]
    assert "key" not in json.dumps(event.changes).lower()


def test_the_extract_is_refused_outside_the_dpos_group(world: World, login: Any) -> None:
    for person in (world.controller, world.dpo, world.caseworker_a, world.administrator):
        assert post(login(person), choices()).status_code == 403
    assert exports() == 0


def test_bad_choices_are_named_as_the_page_names_them(world: World, login: Any) -> None:
    approve(world.controller)
    response = post(
        login(world.controller), choices(purpose="", last_month="2024-12", columns=["name"])
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"purpose", "last_month", "columns"}
    assert post(login(world.controller), choices(file_format="pdf")).status_code == 422
    assert exports() == 0
