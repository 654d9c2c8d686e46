"""The leaders' pages in the API: team overview, supervision and handbook — same permissions,
team scope and audit as the pages."""

from __future__ import annotations

import pytest

from herningmodel.audit.models import AuditEvent
from herningmodel.cases.models import (
    ChecklistItem,
    HandbookEntry,
    ProcessStep,
    Supervision,
    SupervisionFinding,
)
from herningmodel.organisation.models import Role
from tests.cases.journey import open_case_by_notification
from tests.factories import staff


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


def _draw(client, worker_id, size=1):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/supervisions",
        {"worker_id": worker_id, "sample_size": size},
        content_type="application/json",
    )


def _answers(value: bool) -> dict[str, dict[str, object]]:
    return {item.code: {"fulfilled": value, "note": ""} for item in ChecklistItem.objects.all()}


def test_a_leader_draws_answers_and_reads_a_supervision(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    client = login(world.team_leader)
    drawn = _draw(client, world.caseworker_a.pk)
    assert drawn.status_code == 201
    sid = drawn.json()["id"]
    assert drawn.json()["case_ids"] == [case.pk]
    assert AuditEvent.objects.filter(object_type="Supervision", event_type="create").exists()

    url = f"/api/supervisions/{sid}/cases/{case.pk}/findings"
    answered = client.post(url, {"answers": _answers(True)}, content_type="application/json")
    assert answered.status_code == 200
    row = answered.json()["cases"][0]
    assert row["case_id"] == case.pk
    assert set(row["findings"].values()) == {True}
    assert (
        SupervisionFinding.objects.filter(fulfilled=True).count() == ChecklistItem.objects.count()
    )

    detail = client.get(f"/api/supervisions/{sid}").json()
    assert [i["code"] for i in detail["checklist"]] == list(
        ChecklistItem.objects.values_list("code", flat=True)
    )
    assert AuditEvent.objects.filter(
        child_id=case.child_id, source=f"api:GET /api/supervisions/{sid}"
    ).exists()
    listed = client.get("/api/supervisions").json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == sid


def test_the_supervision_page_records_the_read_of_the_sampled_children(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    client = login(world.team_leader)
    sid = _draw(client, world.caseworker_a.pk).json()["id"]
    assert client.get(f"/cases/supervision/{sid}/").status_code == 200
    assert AuditEvent.objects.filter(
        child_id=case.child_id, source="page:cases:supervision_detail"
    ).exists()


def test_incomplete_or_unknown_answers_are_field_errors(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    client = login(world.team_leader)
    sid = _draw(client, world.caseworker_a.pk).json()["id"]
    url = f"/api/supervisions/{sid}/cases/{case.pk}/findings"
    answers = _answers(False)
    first = next(iter(answers))
    del answers[first]
    answers["no-such-item"] = {"fulfilled": True}
    response = client.post(url, {"answers": answers}, content_type="application/json")
    assert response.status_code == 422
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {
        (f"answers.{first}", "required"),
        ("answers.no-such-item", "unknown_item"),
    }
    assert not SupervisionFinding.objects.exists()
    other = client.post(
        f"/api/supervisions/{sid}/cases/{case.pk + 1000}/findings",
        {"answers": _answers(True)},
        content_type="application/json",
    )
    assert other.status_code == 404


def test_a_leader_samples_only_their_own_teams_workers(world, login):  # type: ignore[no-untyped-def]
    open_case_by_notification(world)
    client = login(world.team_leader)
    for worker in (world.caseworker_b, world.team_leader):
        response = _draw(client, worker.pk)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "worker_id"
    assert _draw(client, world.caseworker_a.pk, size=51).status_code == 422
    assert not Supervision.objects.exists()


def test_another_leader_cannot_read_or_answer_the_sample(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    sid = _draw(login(world.team_leader), world.caseworker_a.pk).json()["id"]
    other = login(staff(Role.TEAM_LEADER, world.team_b, username="leader_b").user)
    assert other.get(f"/api/supervisions/{sid}").status_code == 404
    answered = other.post(
        f"/api/supervisions/{sid}/cases/{case.pk}/findings",
        {"answers": _answers(True)},
        content_type="application/json",
    )
    assert answered.status_code == 404
    assert other.get("/api/supervisions").json()["count"] == 0
    assert not SupervisionFinding.objects.exists()


@pytest.mark.parametrize("persona", ["caseworker_a", "manager", "controller", "dpo"])
def test_only_team_leaders_supervise(world, login, persona):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    sid = _draw(login(world.team_leader), world.caseworker_a.pk).json()["id"]
    client = login(getattr(world, persona))
    assert client.get("/api/supervisions").status_code == 403
    assert client.get(f"/api/supervisions/{sid}").status_code == 403
    assert _draw(client, world.caseworker_a.pk).status_code == 403
    answered = client.post(
        f"/api/supervisions/{sid}/cases/{case.pk}/findings",
        {"answers": _answers(True)},
        content_type="application/json",
    )
    assert answered.status_code == 403
    assert Supervision.objects.count() == 1


def test_a_manager_writes_a_new_version_and_caseworkers_read_it(world, login):  # type: ignore[no-untyped-def]
    manager = login(world.manager)
    body = {"step": ProcessStep.CHILD_TALK, "text": "Tal med barnet alene."}
    first = manager.post("/api/handbook", body, content_type="application/json")
    assert first.status_code == 201
    assert first.json()["version"] == 1
    second = manager.post(
        "/api/handbook", {**body, "text": "Tal med barnet."}, content_type="application/json"
    )
    assert second.json()["version"] == 2
    assert HandbookEntry.objects.count() == 2
    assert (
        AuditEvent.objects.filter(
            object_type="HandbookEntry", source="api:POST /api/handbook"
        ).count()
        == 2
    )

    steps = login(world.caseworker_a).get("/api/handbook").json()
    assert [s["step"] for s in steps] == list(ProcessStep.values)
    talk = next(s for s in steps if s["step"] == ProcessStep.CHILD_TALK)
    assert (talk["version"], talk["text"]) == (2, "Tal med barnet.")
    assert all(s["version"] is None for s in steps if s["step"] != ProcessStep.CHILD_TALK)


def test_bad_guidance_is_a_field_error(world, login):  # type: ignore[no-untyped-def]
    manager = login(world.manager)
    for body, field in (
        ({"step": "nope", "text": "x"}, "step"),
        ({"step": ProcessStep.CHILD_TALK, "text": "   "}, "text"),
        ({"step": ProcessStep.CHILD_TALK, "text": ""}, "text"),
        ({"step": ProcessStep.CHILD_TALK}, "text"),
    ):
        response = manager.post("/api/handbook", body, content_type="application/json")
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["field"] == field
    assert manager.post("/api/handbook", "[", content_type="application/json").status_code == 400
    assert not HandbookEntry.objects.exists()


@pytest.mark.parametrize("persona", ["caseworker_a", "team_leader"])
def test_case_roles_read_but_cannot_write_the_handbook(world, login, persona):  # type: ignore[no-untyped-def]
    client = login(getattr(world, persona))
    assert client.get("/api/handbook").status_code == 200
    response = client.post(
        "/api/handbook",
        {"step": ProcessStep.CHILD_TALK, "text": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not HandbookEntry.objects.exists()


@pytest.mark.parametrize("persona", ["controller", "politician", "dpo"])
def test_roles_without_case_access_cannot_read_the_handbook(world, login, persona):  # type: ignore[no-untyped-def]
    assert login(getattr(world, persona)).get("/api/handbook").status_code == 403
