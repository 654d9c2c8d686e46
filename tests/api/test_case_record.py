"""``GET /api/cases/{id}/record``: the case record through the API, the same entries as the case
page, the case's access rule, and audited as the page audits a read of the case."""

from __future__ import annotations

from herningmodel.audit.models import AuditEvent, EventType
from tests.cases.journey import open_case_by_notification, section_32_decision
from tests.cases.test_pages_queries import case_with_history


def test_the_record_has_every_entry_the_case_page_shows(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    decision = section_32_decision(world, case)
    client = login(world.caseworker_a)
    body = client.get(f"/api/cases/{case.pk}/record").json()
    page = client.get(f"/cases/{case.pk}/").context
    assert body["case"]["id"] == case.pk
    assert [n["id"] for n in body["notifications"]] == [n.pk for n in page["notifications"]]
    assert body["notifications"][0]["content"] == "Asta kommer ofte sulten i skole."
    assert body["notifications"][0]["receipt_sent_on"] == "2025-01-09"
    assert [t["id"] for t in body["child_talks"]] == [t.pk for t in page["talks"]]
    assert body["child_talks"][0]["child_views"] == "Asta vil gerne have ro derhjemme."
    assert [d["id"] for d in body["decisions"]] == [decision.pk]
    assert body["decisions"][0]["legal_basis"] == "32"
    assert body["decisions"][0]["episodes"][0]["step"] == 3
    assert body["decisions"][0]["episodes"][0]["start"] == "2025-04-07"
    assert body["plans"] == body["follow_ups"] == body["handovers"] == []
    assert body["earlier_case_ids"] == []
    # The record names the same deadlines as the case itself.
    assert body["case"] == client.get(f"/api/cases/{case.pk}").json()


def test_a_long_record_has_every_section_in_the_pages_order(world, login):  # type: ignore[no-untyped-def]
    case = case_with_history(world, world.child_a, extra_rounds=1)
    client = login(world.caseworker_a)
    body = client.get(f"/api/cases/{case.pk}/record").json()
    page = client.get(f"/cases/{case.pk}/").context
    for section, key in (
        ("assessments", "assessments"),
        ("decisions", "decisions"),
        ("network_meetings", "meetings"),
        ("plans", "plans"),
        ("follow_ups", "follow_ups"),
    ):
        assert [e["id"] for e in body[section]] == [e.pk for e in page[key]], section
    assert len(body["follow_ups"]) == 2
    assert body["network_meetings"][0]["attendees"][0]["name"] == "Mor (fiktiv)"
    plan = body["plans"][0]
    assert [g["text"] for g in plan["goals"]] == ["Asta møder udhvilet i skole", "Asta har en ven"]
    assert plan["tasks"][0]["responsible_name"] == "Mor"
    assert plan["tasks"][0]["goal_id"] == plan["goals"][0]["id"]
    assert [h["to_worker_id"] for h in body["handovers"]] == [world.team_leader.pk]
    # The follow-ups' scores, the points of the page's progression chart on this case.
    scores = {s["dimension"]: s["value"] for s in body["measurements"][0]["scores"]}
    assert scores == {"child": 4, "parenting": 5, "family": 6}
    assert body["measurements"][0]["follow_up_id"] == body["follow_ups"][0]["id"]


def test_reading_the_record_is_audited_as_a_read_of_the_child(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    login(world.caseworker_a).get(f"/api/cases/{case.pk}/record")
    read = AuditEvent.objects.get(
        event_type=EventType.READ, source=f"api:GET /api/cases/{case.pk}/record"
    )
    assert read.child_id == world.child_a.pk
    assert read.actor_id == world.caseworker_a.pk
    assert (read.object_type, read.object_id) == ("Case", str(case.pk))


def test_the_record_follows_the_cases_access(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    for user in (world.caseworker_b, world.controller, world.politician, world.dpo):
        response = login(user).get(f"/api/cases/{case.pk}/record")
        assert response.status_code == 404, user
        assert response.json()["code"] == "not_found"
    assert not AuditEvent.objects.filter(source__endswith="/record").exists()
    client = login(world.caseworker_a)
    assert client.get("/api/cases/999999/record").status_code == 404
    assert client.get("/api/cases/x/record").status_code == 422
    assert login(world.manager).get(f"/api/cases/{case.pk}/record").status_code == 200
