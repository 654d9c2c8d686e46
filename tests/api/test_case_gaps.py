"""The notification receipt and measurements outside a follow-up, through the API: the same
services, access and audit as the pages."""

from __future__ import annotations

from herningmodel.audit.models import AuditEvent
from herningmodel.cases.models import Notification
from herningmodel.progress.models import Measurement
from tests.cases.journey import open_case_by_notification


def _post(client, url, body):  # type: ignore[no-untyped-def]
    return client.post(url, body, content_type="application/json")


def test_the_receipt_is_recorded_and_audited(world, login):  # type: ignore[no-untyped-def]
    notification = open_case_by_notification(world).notifications.get()
    client = login(world.caseworker_a)
    response = _post(
        client, f"/api/notifications/{notification.pk}/receipt", {"sent_on": "2025-01-10"}
    )
    assert response.status_code == 200
    assert response.json()["receipt_sent_on"] == "2025-01-10"
    notification.refresh_from_db()
    assert str(notification.receipt_sent_on) == "2025-01-10"
    assert AuditEvent.objects.filter(
        object_type="Notification", object_id=str(notification.pk), source__startswith="api:"
    ).exists()


def test_a_receipt_before_the_notification_is_a_field_error(world, login):  # type: ignore[no-untyped-def]
    notification = open_case_by_notification(world).notifications.get()
    client = login(world.caseworker_a)
    response = _post(
        client, f"/api/notifications/{notification.pk}/receipt", {"sent_on": "2024-12-01"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "sent_on",
        "code": "before_received",
        "message": response.json()["errors"][0]["message"],
    }
    assert Notification.objects.get().receipt_sent_on.isoformat() == "2025-01-09"
    not_a_date = _post(client, f"/api/notifications/{notification.pk}/receipt", {"sent_on": "x"})
    assert not_a_date.status_code == 422
    assert not_a_date.json()["errors"][0]["field"] == "sent_on"
    assert (
        _post(client, "/api/notifications/999999/receipt", {"sent_on": "2025-01-10"}).status_code
        == 404
    )


def test_another_team_cannot_receipt(world, login):  # type: ignore[no-untyped-def]
    notification = open_case_by_notification(world).notifications.get()
    for user in (world.caseworker_b, world.controller):
        response = _post(
            login(user), f"/api/notifications/{notification.pk}/receipt", {"sent_on": "2025-01-10"}
        )
        assert response.status_code == 404
    assert Notification.objects.get().receipt_sent_on.isoformat() == "2025-01-09"


SDQ = {"emotional": 3, "conduct": 2, "hyperactivity": 5, "peer": 1}


def test_a_measurement_outside_a_follow_up(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    client = login(world.caseworker_a)
    response = _post(
        client,
        f"/api/cases/{case.pk}/measurements",
        {"instrument": "sdq", "measured_on": "2025-02-01", "scores": SDQ},
    )
    assert response.status_code == 201
    measurement = Measurement.objects.get(pk=response.json()["id"])
    assert measurement.case_id == case.pk
    assert measurement.follow_up_id is None
    assert {s.dimension.code: s.value for s in measurement.scores.all()} == SDQ
    assert AuditEvent.objects.filter(child_id=case.child_id, source__startswith="api:").exists()


def test_bad_measurements_are_field_errors_and_write_nothing(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    client = login(world.caseworker_a)
    url = f"/api/cases/{case.pk}/measurements"
    unknown = _post(client, url, {"instrument": "nope", "measured_on": "2025-02-01", "scores": {}})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "instrument"
    out_of_range = _post(
        client,
        url,
        {"instrument": "sdq", "measured_on": "2025-02-01", "scores": {**SDQ, "peer": 11}},
    )
    assert out_of_range.status_code == 422
    assert [e["field"] for e in out_of_range.json()["errors"]] == ["scores.peer"]
    missing = _post(client, url, {"instrument": "sdq", "measured_on": "2025-02-01", "scores": {}})
    assert {e["code"] for e in missing.json()["errors"]} == {"required"}
    not_json = client.post(url, "{", content_type="application/json")
    assert not_json.status_code == 400
    assert not Measurement.objects.exists()


def test_another_team_cannot_measure(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    body = {"instrument": "sdq", "measured_on": "2025-02-01", "scores": SDQ}
    for user in (world.caseworker_b, world.politician):
        assert _post(login(user), f"/api/cases/{case.pk}/measurements", body).status_code == 404
    assert not Measurement.objects.exists()
