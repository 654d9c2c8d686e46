"""The leaders' pages in the API: team overview, supervision and handbook — same permissions,
team scope and audit as the pages."""

from __future__ import annotations

import pytest

from herningmodel.audit.models import AuditEvent
from tests.cases.journey import open_case_by_notification


def test_the_team_leader_sees_the_teams_caseload_and_deadlines(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    client = login(world.team_leader)
    body = client.get("/api/team").json()
    assert [t["id"] for t in body["teams"]] == [world.team_a.pk]
    assert body["open_cases"] == 1
    assert body["loads"][0]["caseworker_id"] == world.caseworker_a.pk
    assert body["loads"][0]["open"] == 1
    assert body["count"] == len(body["deadlines"]) > 0
    assert {d["case_id"] for d in body["deadlines"]} == {case.pk}
    assert body["overdue_count"] == sum(d["state"] == "overdue" for d in body["deadlines"])
    assert AuditEvent.objects.filter(
        actor=world.team_leader, child_id=case.child_id, source="api:GET /api/team"
    ).exists()
    paged = client.get("/api/team?limit=1&offset=1").json()
    assert paged["count"] == body["count"]
    assert paged["deadlines"] == body["deadlines"][1:2]


def test_the_page_and_the_api_agree(world, login):  # type: ignore[no-untyped-def]
    open_case_by_notification(world)
    client = login(world.team_leader)
    page = client.get("/cases/team/")
    body = client.get("/api/team").json()
    assert page.context["open_cases"] == body["open_cases"]
    assert [(w.worker.pk, w.open, w.overdue) for w in page.context["loads"]] == [
        (w["caseworker_id"], w["open"], w["overdue"]) for w in body["loads"]
    ]


def test_the_manager_sees_every_team_and_can_narrow_to_one(world, login):  # type: ignore[no-untyped-def]
    open_case_by_notification(world)
    client = login(world.manager)
    assert {t["id"] for t in client.get("/api/team").json()["teams"]} == {
        world.team_a.pk,
        world.team_b.pk,
    }
    narrowed = client.get(f"/api/team?team_id={world.team_b.pk}").json()
    assert [t["id"] for t in narrowed["teams"]] == [world.team_b.pk]
    assert narrowed["open_cases"] == 0


def test_a_leader_cannot_narrow_to_another_team(world, login):  # type: ignore[no-untyped-def]
    open_case_by_notification(world)
    response = login(world.team_leader).get(f"/api/team?team_id={world.team_b.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("persona", ["caseworker_a", "controller", "politician", "dpo"])
def test_only_leaders_get_the_team_overview(world, login, persona):  # type: ignore[no-untyped-def]
    open_case_by_notification(world)
    response = login(getattr(world, persona)).get("/api/team")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not AuditEvent.objects.filter(source="api:GET /api/team").exists()


def test_bad_team_filters_are_422(world, login):  # type: ignore[no-untyped-def]
    client = login(world.team_leader)
    for query in ("team_id=x", "limit=0", "limit=201", "offset=-1"):
        assert client.get(f"/api/team?{query}").status_code == 422, query
