"""The research-extract page: only for DPO-approved users, a zip with the data and its
dictionary, audited with who, when, what and how many rows — never the key."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.contrib.auth.models import Group
from openpyxl import load_workbook

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.evaluation import extract
from herningmodel.staircase.models import Episode

pytestmark = pytest.mark.django_db
URL = "/evaluation/extract/"


def approve(person) -> None:  # type: ignore[no-untyped-def]
    group, _created = Group.objects.get_or_create(name=extract.RESEARCH_GROUP)
    person.groups.add(group)


def form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "purpose": "Pilot study 2026 (DPO case 17)",
        "first_month": "2025-01",
        "last_month": "2025-12",
        "columns": ["child", "birth_month", "step", "start_month"],
        "file_format": "csv",
    }
    data.update(changes)
    return data


def exports() -> int:
    return AuditEvent.objects.filter(event_type=EventType.EXPORT).count()


def test_refused_to_everyone_outside_the_group(world, login, client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(URL).status_code == 302  # anonymous: to the log-in
    for person in (world.controller, world.dpo, world.caseworker_a, world.administrator):
        assert login(person).get(URL).status_code == 403
        assert login(person).post(URL, form()).status_code == 403
    assert exports() == 0


def test_the_evaluation_page_links_to_it_only_for_the_group(world, login) -> None:  # type: ignore[no-untyped-def]
    assert URL not in login(world.controller).get("/evaluation/").content.decode()
    approve(world.controller)
    assert URL in login(world.controller).get("/evaluation/").content.decode()


def test_bad_choices_are_named_and_nothing_is_extracted(world, login) -> None:  # type: ignore[no-untyped-def]
    approve(world.controller)
    response = login(world.controller).post(
        URL, form(purpose="", last_month="2024-12", columns=["name"])
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"purpose", "last_month", "columns"}
    assert exports() == 0


def test_csv_extract_for_the_chosen_period_and_columns_is_audited(
    small_demo, client, settings
) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    settings.HERNINGMODEL_DEMO = True  # demo accounts log in only in demo mode

    researcher = get_user_model().objects.get(username="controller")
    approve(researcher)
    client.force_login(researcher)
    response = client.post(URL, form())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(bundle.namelist()) == ["data-dictionary.md", "extract.csv"]
    rows = list(csv.DictReader(io.StringIO(bundle.read("extract.csv").decode())))
    assert list(rows[0]) == ["child", "birth_month", "step", "start_month"]
    running = Episode.objects.filter(start__lte="2025-12-31").exclude(end__lt="2025-01-01")
    assert len(rows) == running.count() > 0
    words = bundle.read("data-dictionary.md").decode()
    assert "| step |" in words
    assert "| district |" not in words
    assert "2025-01 to 2025-12" in words
    event = AuditEvent.objects.get(event_type=EventType.EXPORT)
    assert event.actor_id == researcher.pk
    assert event.source == "page:/evaluation/extract/"
    assert event.changes["rows"] == len(rows)
    assert event.changes["columns"] == ["child", "birth_month", "step", "start_month"]
    assert event.changes["period"] == ["2025-01-01", "2025-12-31"]
    assert event.changes["purpose"] == "Pilot study 2026 (DPO case 17)"
    assert "key" not in json.dumps(event.changes).lower()


def test_excel_extract_has_the_data_and_the_dictionary(small_demo, client, settings) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    settings.HERNINGMODEL_DEMO = True  # demo accounts log in only in demo mode

    researcher = get_user_model().objects.get(username="controller")
    approve(researcher)
    client.force_login(researcher)
    first = client.post(URL, form(file_format="xlsx"))
    second = client.post(URL, form())
    bundle = zipfile.ZipFile(io.BytesIO(first.content))
    assert sorted(bundle.namelist()) == ["data-dictionary.md", "extract.xlsx"]
    book = load_workbook(io.BytesIO(bundle.read("extract.xlsx")))
    assert book.sheetnames == ["extract", "data dictionary"]
    sheet_rows = list(book["extract"].iter_rows(values_only=True))
    assert sheet_rows[0] == ("child", "birth_month", "step", "start_month")
    # A new key per extract: the same children get other pseudonyms in the next one.
    again = zipfile.ZipFile(io.BytesIO(second.content)).read("extract.csv").decode()
    later = {r["child"] for r in csv.DictReader(io.StringIO(again))}
    assert not {r[0] for r in sheet_rows[1:]} & later
    assert exports() == 2
