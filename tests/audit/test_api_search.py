"""``POST /api/audit/search``: the DPO's audit search in the API, audited as on the page."""

from __future__ import annotations

import pytest

from herningmodel.audit.models import AuditEvent, EventType


def _search(client, body):  # type: ignore[no-untyped-def]
    return client.post("/api/audit/search", body, content_type="application/json")


def test_the_dpo_finds_who_read_a_child_and_the_search_is_audited(world, login):  # type: ignore[no-untyped-def]
    login(world.caseworker_a).get(f"/api/children/{world.child_a.pk}")
    login(world.caseworker_b).get(f"/api/children/{world.child_b.pk}")
    client = login(world.dpo)
    response = _search(client, {"child_id": world.child_a.pk, "event_type": "read"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 1
    assert {e["child_id"] for e in body["items"]} == {world.child_a.pk}
    assert "cw_a" in {e["actor_label"] for e in body["items"]}
    search = AuditEvent.objects.filter(event_type=EventType.SEARCH).get()
    assert search.actor_id == world.dpo.pk
    assert search.source == "api:POST /api/audit/search"
    assert search.changes == {"child_id": world.child_a.pk, "event_type": "read"}


def test_the_page_and_the_api_find_the_same_events(world, login):  # type: ignore[no-untyped-def]
    login(world.caseworker_a).get(f"/api/children/{world.child_a.pk}")
    client = login(world.dpo)
    page = client.get("/audit/", {"username": "cw_a"})
    api = _search(client, {"username": "cw_a"}).json()
    assert [e.seq for e in page.context["page"]] == [e["seq"] for e in api["items"]]


def test_paging_and_a_reversed_period(world, login):  # type: ignore[no-untyped-def]
    for _ in range(3):
        login(world.caseworker_a).get(f"/api/children/{world.child_a.pk}")
    client = login(world.dpo)
    everything = _search(client, {"child_id": world.child_a.pk}).json()
    second = _search(client, {"child_id": world.child_a.pk, "limit": 1, "offset": 1}).json()
    assert second["count"] == everything["count"]
    assert second["items"] == everything["items"][1:2]
    reversed_period = _search(client, {"date_from": "2025-02-01", "date_to": "2025-01-01"})
    assert reversed_period.status_code == 422
    assert reversed_period.json()["errors"][0]["field"] == "date_to"
    assert reversed_period.json()["errors"][0]["code"] == "end_before_start"
    assert _search(client, {"event_type": "peek"}).status_code == 422
    assert _search(client, {"colour": "red"}).status_code == 422
    assert client.post("/api/audit/search", "{", content_type="application/json").status_code == 400


@pytest.mark.parametrize("persona", ["caseworker_a", "manager", "administrator", "controller"])
def test_only_the_dpo_searches_the_audit_trail(world, login, persona):  # type: ignore[no-untyped-def]
    response = _search(login(getattr(world, persona)), {})
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(event_type=EventType.SEARCH).exists()
