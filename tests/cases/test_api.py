"""The case-work API: the same rules as the pages, JSON errors, and the same access policy."""

from __future__ import annotations

from herningmodel.audit.models import AuditEvent
from herningmodel.cases.models import Case, Notification


def _post(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, body, content_type="application/json")


def _notify(client, child_id):  # type: ignore[no-untyped-def]
    return _post(
        client,
        f"/api/children/{child_id}/notifications",
        {
            "source": "school",
            "received_at": "2025-01-06T09:00:00+01:00",
            "content": "Barnet kommer ofte sulten i skole.",
        },
    )


def test_a_notification_through_the_api_opens_a_case_with_deadlines(world, login):  # type: ignore[no-untyped-def]
    client = login(world.caseworker_a)
    created = _notify(client, world.child_a.pk)
    assert created.status_code == 201
    nid = created.json()["id"]
    acute = _post(
        client,
        f"/api/notifications/{nid}/acute-assessment",
        {"assessed_at": "2025-01-06T14:00:00+01:00", "in_danger": False, "acute_measures": False},
    )
    assert acute.status_code == 200
    outcome = _post(
        client,
        f"/api/notifications/{nid}/outcome",
        {"outcome": "assessment_20", "on": "2025-01-08", "caseworker_id": world.caseworker_a.pk},
    )
    assert outcome.status_code == 200
    case_id = outcome.json()["case_id"]

    body = client.get(f"/api/cases/{case_id}").json()
    kinds = {d["kind"]: d for d in body["deadlines"]}
    assert kinds["acute_24h"]["state"] == "met"
    assert kinds["assessment"]["due"] == "2025-05-06"
    assert AuditEvent.objects.filter(child_id=world.child_a.pk, object_type="Case").exists()
    listed = client.get("/api/cases?status=open&mine=true").json()
    assert [c["id"] for c in listed["items"]] == [case_id]


def test_another_teams_caseworker_cannot_see_or_notify(world, login):  # type: ignore[no-untyped-def]
    client = login(world.caseworker_b)
    assert _notify(client, world.child_a.pk).status_code == 404
    assert not Notification.objects.exists()


def test_a_time_without_zone_is_rejected_and_nothing_written(world, login):  # type: ignore[no-untyped-def]
    client = login(world.caseworker_a)
    response = _post(
        client,
        f"/api/children/{world.child_a.pk}/notifications",
        {"source": "school", "received_at": "2025-01-06T09:00:00", "content": "x"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "received_at"
    assert not Notification.objects.exists()


def test_closing_with_a_stale_version_is_a_conflict(world, login):  # type: ignore[no-untyped-def]
    from tests.cases.journey import open_case_by_notification

    case = open_case_by_notification(world)
    client = login(world.caseworker_a)
    stale = _post(
        client,
        f"/api/cases/{case.pk}/close",
        {"closed_on": "2025-02-01", "reason": "no_need", "version": case.version + 5},
    )
    assert stale.status_code == 409
    assert Case.objects.get(pk=case.pk).status == "open"
    closed = _post(
        client,
        f"/api/cases/{case.pk}/close",
        {"closed_on": "2025-02-01", "reason": "no_need", "version": case.version},
    )
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"


def test_a_follow_up_before_any_intervention_is_refused(world, login):  # type: ignore[no-untyped-def]
    from tests.cases.journey import open_case_by_notification

    case = open_case_by_notification(world)
    response = _post(
        login(world.caseworker_a),
        f"/api/cases/{case.pk}/follow-ups",
        {
            "held_on": "2025-02-01",
            "goals_moved": "yes",
            "decision": "continue",
            "scores": {"child": 5, "parenting": 5, "family": 5},
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "no_intervention"
