"""The import page and the full-export download: administrator only, check first, then commit."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.interchange import upload
from herningmodel.organisation.models import StaffMember

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
URL = "/data/import/"


def staff_file(text: str | None = None) -> SimpleUploadedFile:
    data = (EXAMPLES / "staff.csv").read_bytes() if text is None else text.encode()
    return SimpleUploadedFile("staff.csv", data, content_type="text/csv")


@pytest.mark.parametrize(
    "persona", ["caseworker_a", "team_leader", "manager", "controller", "politician", "dpo"]
)
def test_only_the_administrator_may_import_or_export(world, login, persona: str) -> None:  # type: ignore[no-untyped-def]
    client = login(getattr(world, persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"kind": "staff", "file": staff_file()}).status_code == 403
    assert client.get(reverse("transfer:export")).status_code == 403
    assert "/data/import/" not in client.get("/").content.decode()


def test_anonymous_users_are_sent_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(URL).status_code == 302


def test_check_then_commit_imports_the_checked_file_and_audits(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.administrator)
    assert 'href="/data/import/"' in client.get("/").content.decode()
    checked = client.post(URL, {"step": "check", "kind": "staff", "file": staff_file()})
    assert checked.status_code == 200
    page = checked.content.decode()
    assert "3 rows: 3 new, 0 changed, 0 unchanged." in page or "3 rækker" in page
    assert not StaffMember.objects.filter(user__username="rikke.raadgiver").exists()
    token = checked.context["token"]
    assert f'value="{token}"' in page

    done = client.post(URL, {"step": "commit", "token": token})
    assert done.status_code == 200
    assert done.context["committed"]
    assert StaffMember.objects.filter(user__username="rikke.raadgiver").exists()
    event = AuditEvent.objects.filter(event_type=EventType.DATA_IMPORTED).latest("pk")
    assert event.actor == world.administrator
    assert event.source == upload.SOURCE
    assert event.changes["created"] == 3
    # The checked file was used once and removed.
    assert not (upload._folder() / token).exists()
    again = client.post(URL, {"step": "commit", "token": token})
    assert again.status_code == 400


def test_a_file_with_errors_lists_them_and_offers_no_commit(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.administrator)
    bad = "username;first_name;last_name;role\nx.y;A;B;boss\n;C;D;caseworker\n"
    response = client.post(URL, {"step": "check", "kind": "staff", "file": staff_file(bad)})
    assert response.status_code == 200
    errors = [(e.row, e.column, e.value) for e in response.context["result"].errors]
    assert errors == [(2, "role", "boss"), (3, "username", "")]
    page = response.content.decode()
    assert "<td>boss</td>" in page
    assert 'name="token"' not in page
    assert StaffMember.objects.count() == 8  # the world's personas only


def test_missing_kind_and_file_are_field_errors(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.administrator)
    response = client.post(URL, {"step": "check", "kind": "nonsense"})
    assert response.status_code == 400
    assert set(response.context["errors_on"]) == {"kind", "file"}
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_file_over_the_limit_is_refused_before_it_is_read(world, login, settings) -> None:  # type: ignore[no-untyped-def]
    settings.HERNINGMODEL_IMPORT_MAX_BYTES = 10
    client = login(world.administrator)
    response = client.post(URL, {"step": "check", "kind": "staff", "file": staff_file()})
    assert response.status_code == 400
    assert "file" in response.context["errors_on"]


def test_the_administrator_downloads_the_full_export_and_it_is_audited(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.administrator)
    response = client.get(reverse("transfer:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "children.csv" in archive.namelist()
    assert "catalogue.xlsx" in archive.namelist()
    children = archive.read("children.csv").decode("utf-8-sig")
    assert "Asta" in children
    event = AuditEvent.objects.filter(event_type=EventType.EXPORT).latest("pk")
    assert event.actor == world.administrator
    assert event.changes["kind"] == "full"
    assert event.changes["rows"]["children"] == 2
