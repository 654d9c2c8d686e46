"""Searching children by name through the API: the name travels in a POST body, never a URL."""

from __future__ import annotations

from typing import Any

import pytest

from herningmodel.audit.models import AuditEvent, EventType
from tests.conftest import World

pytestmark = pytest.mark.django_db


def search(client: Any, **body: Any) -> Any:
    return client.post("/api/children/search", body, content_type="application/json")


def test_a_search_finds_children_in_reach_by_part_of_a_name(world: World, login: Any) -> None:
    client = login(world.caseworker_a)
    response = search(client, q="ast")
    assert response.status_code == 200
    assert [c["first_name"] for c in response.json()["items"]] == ["Asta"]
    # Bjørn is in team B: outside the caseworker's reach, so not found even by exact name.
    assert search(client, q="Bjørn").json() == {"count": 0, "items": []}
    assert search(login(world.manager), q="Bjørn").json()["count"] == 1


def test_a_search_is_paged_filtered_and_audited_as_a_list_read(world: World, login: Any) -> None:
    client = login(world.manager)
    page = search(client, limit=1, offset=1).json()
    assert page["count"] == 2
    assert len(page["items"]) == 1
    assert search(client, area_team_id=world.team_b.pk).json()["items"][0]["first_name"] == "Bjørn"
    reads = AuditEvent.objects.filter(
        event_type=EventType.READ, source="api:POST /api/children/search"
    )
    assert reads.exists()
    assert all("Bjørn" not in str(e.changes) for e in AuditEvent.objects.all())


def test_a_name_in_the_list_url_is_refused(world: World, login: Any) -> None:
    client = login(world.caseworker_a)
    for key in ("q", "name", "cpr"):
        response = client.get("/api/children", {key: "Asta"})
        assert response.status_code == 400
        assert response.json()["code"] == "personal_data_in_url"
        assert "POST /api/children/search" in response.json()["message"]


def test_unknown_search_fields_and_bad_paging_are_422(world: World, login: Any) -> None:
    client = login(world.caseworker_a)
    response = search(client, cpr="010101-4900")
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "unknown_field"
    assert search(client, limit=0).status_code == 422


def test_a_search_needs_a_log_in(client: Any) -> None:
    assert search(client, q="Asta").status_code == 401


def test_a_search_by_the_whole_name_finds_the_child(world: World, login: Any) -> None:
    """Every word must be in the first or the last name: "Asta <last name>" finds Asta, and a
    word in neither name finds nobody (each word narrows the search)."""
    client = login(world.caseworker_a)
    whole = f"{world.child_a.first_name} {world.child_a.last_name}"
    assert [c["first_name"] for c in search(client, q=whole).json()["items"]] == ["Asta"]
    assert [c["first_name"] for c in search(client, q=f"  {whole.lower()}  ").json()["items"]] == [
        "Asta"
    ]
    assert search(client, q="Asta Zzyzx").json()["count"] == 0
