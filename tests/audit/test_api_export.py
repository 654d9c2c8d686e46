"""``POST /api/audit/export``: the audit page's CSV download through the API, with the criteria
of the API search, the same writer (spreadsheet formulas neutralised) and the export audited."""

from __future__ import annotations

import csv
import io

import pytest

from herningmodel.audit import services
from herningmodel.audit.models import AuditEvent, EventType


def _export(client, body):  # type: ignore[no-untyped-def]
    return client.post("/api/audit/export", body, content_type="application/json")


def _rows(response):  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_dpo_exports_the_searched_events_and_the_export_is_audited(world, login):  # type: ignore[no-untyped-def]
    login(world.caseworker_a).get(f"/api/children/{world.child_a.pk}")
    login(world.caseworker_b).get(f"/api/children/{world.child_b.pk}")
    client = login(world.dpo)
    response = _export(client, {"child_id": world.child_a.pk, "event_type": "read"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="audit.csv"'
    rows = _rows(response)
    assert rows[0] == [
        "seq",
        "time",
        "actor",
        "event",
        "child_id",
        "person_id",
        "object",
        "source",
        "changes",
    ]
    assert {r[4] for r in rows[1:]} == {str(world.child_a.pk)}
    assert {r[2] for r in rows[1:]} == {"cw_a"}
    export = AuditEvent.objects.get(event_type=EventType.EXPORT)
    assert export.actor_id == world.dpo.pk
    assert export.source == "api:POST /api/audit/export"
    assert export.changes == {"child_id": world.child_a.pk, "event_type": "read"}


def test_the_api_and_the_page_export_the_same_lines(world, login):  # type: ignore[no-untyped-def]
    login(world.caseworker_a).get(f"/api/children/{world.child_a.pk}")
    client = login(world.dpo)
    api = _rows(_export(client, {"username": "cw_a"}))
    page = _rows(client.get("/audit/export.csv", {"username": "cw_a"}))
    assert api == page
    # The API search finds the same events, in the same order.
    found = client.post("/api/audit/search", {"username": "cw_a"}, "application/json").json()
    assert [int(r[0]) for r in api[1:]] == [e["seq"] for e in found["items"]]


def test_cells_that_would_start_a_formula_are_neutralised(world, login):  # type: ignore[no-untyped-def]
    for label in ("=HYPERLINK(1)", "+1", "-1", "@SUM(A1)"):
        services.record(EventType.LOGIN_FAILED, actor=None, actor_label=label, source=label)
    rows = _rows(_export(login(world.dpo), {"event_type": "login_failed"}))
    actor, source = rows[0].index("actor"), rows[0].index("source")
    assert {r[actor] for r in rows[1:]} == {"'=HYPERLINK(1)", "'+1", "'-1", "'@SUM(A1)"}
    assert all(r[actor] == r[source] for r in rows[1:])


def test_bad_criteria_are_refused_and_not_exported(world, login):  # type: ignore[no-untyped-def]
    client = login(world.dpo)
    reversed_period = _export(client, {"date_from": "2025-02-01", "date_to": "2025-01-01"})
    assert reversed_period.status_code == 422
    assert reversed_period.json()["errors"][0]["code"] == "end_before_start"
    assert _export(client, {"event_type": "peek"}).status_code == 422
    assert _export(client, {"limit": 10}).status_code == 422  # no paging: the whole result
    assert client.post("/api/audit/export", "{", content_type="application/json").status_code == 400
    assert not AuditEvent.objects.filter(event_type=EventType.EXPORT).exists()


@pytest.mark.parametrize("persona", ["caseworker_a", "manager", "administrator", "controller"])
def test_only_the_dpo_exports_the_audit_trail(world, login, persona):  # type: ignore[no-untyped-def]
    response = _export(login(getattr(world, persona)), {})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not AuditEvent.objects.filter(event_type=EventType.EXPORT).exists()
