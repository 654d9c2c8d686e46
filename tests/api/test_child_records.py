"""A child's notifications and family through the API: the child's access rules, audited as a
read of the child, the same lists as the child page."""

from __future__ import annotations

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.people.models import Household, Person, Relation, RelationKind
from tests.cases.journey import open_case_by_notification
from tests.factories import ChildFactory


def _notify(client, child_id):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/children/{child_id}/notifications",
        {"source": "school", "received_at": "2025-03-03T09:00:00+01:00", "content": "Igen."},
        content_type="application/json",
    )


def test_a_childs_notifications_with_the_pending_ones(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    client = login(world.caseworker_a)
    again = _notify(client, world.child_a.pk).json()["id"]  # joins the open case
    body = client.get(f"/api/children/{world.child_a.pk}/notifications").json()
    assert body["count"] == 2
    assert body["items"][0]["id"] == again  # the newest first
    assert {n["case_id"] for n in body["items"]} == {case.pk}
    # The second notification joined the open case but still awaits its own outcome.
    waiting = client.get(f"/api/children/{world.child_a.pk}/notifications?pending=true").json()
    assert [n["id"] for n in waiting["items"]] == [again]
    assert AuditEvent.objects.filter(
        event_type=EventType.READ,
        child_id=world.child_a.pk,
        source=f"api:GET /api/children/{world.child_a.pk}/notifications",
    ).exists()
    one = client.get(f"/api/children/{world.child_a.pk}/notifications?limit=1&offset=1").json()
    assert one["items"] == body["items"][1:]

    other = login(world.caseworker_b)
    pending_id = _notify(other, world.child_b.pk).json()["id"]  # no case yet
    pending = other.get(f"/api/children/{world.child_b.pk}/notifications?pending=true").json()
    assert [n["id"] for n in pending["items"]] == [pending_id]
    page = other.get(f"/children/{world.child_b.pk}/")
    assert [n.pk for n in page.context["pending_notifications"]] == [pending_id]


def test_notifications_follow_the_childs_access(world, login):  # type: ignore[no-untyped-def]
    open_case_by_notification(world)
    for user in (world.caseworker_b, world.controller, world.politician):
        response = login(user).get(f"/api/children/{world.child_a.pk}/notifications")
        assert response.status_code == 404
    client = login(world.caseworker_a)
    assert client.get("/api/children/999999/notifications").status_code == 404
    assert client.get(f"/api/children/{world.child_a.pk}/notifications?limit=0").status_code == 422


def test_a_childs_family(world, login):  # type: ignore[no-untyped-def]
    household = Household.objects.create(label="Hjemmet")
    world.child_a.household = household
    world.child_a.save()
    sibling = ChildFactory(area_team=world.team_a, first_name="Bo", household=household)
    mother = Person.objects.create(first_name="Mette", last_name="Jensen", cpr="0101801234")
    Relation.objects.create(
        child=world.child_a, person=mother, kind=RelationKind.MOTHER, has_custody=True
    )
    client = login(world.caseworker_a)
    body = client.get(f"/api/children/{world.child_a.pk}/family").json()
    assert body["relations"] == [
        {
            "person_id": mother.pk,
            "first_name": "Mette",
            "last_name": "Jensen",
            "kind": "mother",
            "has_custody": True,
            "is_network": False,
        }
    ]
    assert [s["child_id"] for s in body["siblings"]] == [sibling.pk]
    assert (
        "0101801234" not in client.get(f"/api/children/{world.child_a.pk}/family").content.decode()
    )
    assert AuditEvent.objects.filter(
        child_id=world.child_a.pk, source=f"api:GET /api/children/{world.child_a.pk}/family"
    ).exists()


def test_the_family_follows_the_childs_access(world, login):  # type: ignore[no-untyped-def]
    for user in (world.caseworker_b, world.controller, world.dpo):
        assert login(user).get(f"/api/children/{world.child_a.pk}/family").status_code == 404
    assert login(world.caseworker_a).get("/api/children/0/family").status_code == 422
