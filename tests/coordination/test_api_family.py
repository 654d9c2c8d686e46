"""Every coordination capability of the pages, through the API: same rules, same audit."""

from __future__ import annotations

from herningmodel.audit.models import AuditEvent
from herningmodel.coordination.models import (
    Consent,
    DepartmentContact,
    FamilyCoordination,
    MovementScore,
    NetworkMeeting,
    PlanGoal,
    RunningIntervention,
)
from herningmodel.people.models import Household
from tests.coordination.conftest import Family
from tests.coordination.test_api import PLAN

JSON = "application/json"


def base(family: Family) -> str:
    return f"/api/coordination/{family.coordination.pk}"


def test_start_a_coordination_and_page_the_list(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    household = Household.objects.create(label="Familien Berg")
    family.world.child_a.household = household  # a child in the coordinator's team
    family.world.child_a.save()
    client = login(family.coordinator)
    body = {"household_id": household.pk, "started_on": "2024-02-01"}
    started = client.post("/api/coordination", body, content_type=JSON)
    assert started.status_code == 201, started.content
    assert started.json()["is_coordinator"] is True
    assert AuditEvent.objects.filter(object_type="FamilyCoordination", event_type="create").exists()
    again = client.post("/api/coordination", body, content_type=JSON)
    assert again.status_code == 422
    assert {e["code"] for e in again.json()["errors"]} == {"already_coordinated"}

    page = client.get("/api/coordination?limit=1&offset=1").json()
    assert page["count"] == 2
    assert len(page["items"]) == 1
    assert client.get("/api/coordination?limit=0").status_code == 422


def test_starting_is_refused_outside_reach_and_for_other_roles(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    outside = Household.objects.create(label="Familien Dal")
    family.world.child_b.household = outside  # team B: not the coordinator's
    family.world.child_b.save()
    body = {"household_id": outside.pk, "started_on": "2024-02-01"}
    assert (
        login(family.coordinator).post("/api/coordination", body, content_type=JSON).status_code
        == 404
    )
    assert (
        login(family.world.caseworker_b)
        .post("/api/coordination", body, content_type=JSON)
        .status_code
        == 404
    )
    assert FamilyCoordination.objects.count() == 1


def test_consent_and_contacts(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    client = login(family.coordinator)
    given = client.post(
        f"{base(family)}/consents",
        {"department": "housing", "what": "The plan", "given_on": "2024-02-01"},
        content_type=JSON,
    )
    assert given.status_code == 201
    assert given.json()["active"] is True
    contact = client.post(
        f"{base(family)}/contacts",
        {"department": "housing", "name": "Boligkontoret"},
        content_type=JSON,
    )
    assert contact.status_code == 201
    assert {c["department"] for c in client.get(f"{base(family)}/contacts").json()} == {
        "family",
        "job_centre",
        "housing",
    }
    consent = Consent.objects.get(department="housing")
    withdrawn = client.post(f"{base(family)}/consents/{consent.pk}/withdraw")
    assert withdrawn.status_code == 200
    listed = {c["department"]: c["active"] for c in client.get(f"{base(family)}/consents").json()}
    assert listed["housing"] is False


def test_consent_and_contacts_validation_and_refusals(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    client = login(family.coordinator)
    bad = client.post(
        f"{base(family)}/consents",
        {"department": "moon", "what": "x\x00", "given_on": "2024-02-01", "extra": 1},
        content_type=JSON,
    )
    assert bad.status_code == 422
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"department", "what", "extra"} <= fields
    no_consent = client.post(
        f"{base(family)}/contacts", {"department": "housing", "name": "X"}, content_type=JSON
    )
    assert no_consent.status_code == 422
    assert {e["code"] for e in no_consent.json()["errors"]} == {"no_consent"}
    assert not DepartmentContact.objects.filter(department="housing").exists()
    # A department contact reads the plan, not the consents or contacts, and changes nothing.
    job_centre = login(family.job_centre_worker)
    assert job_centre.get(f"{base(family)}/consents").status_code == 404
    assert job_centre.get(f"{base(family)}/contacts").status_code == 404
    body = {"department": "housing", "what": "All", "given_on": "2024-02-01"}
    assert job_centre.post(f"{base(family)}/consents", body, content_type=JSON).status_code == 404
    # The child's own caseworker has no part in the coordination either.
    assert login(family.world.caseworker_a).get(f"{base(family)}/consents").status_code == 404


def test_interventions_the_familys_wish_and_ending(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    client = login(family.coordinator)
    made = client.post(
        f"{base(family)}/interventions",
        {"department": "job_centre", "description": "Course", "started_on": "2024-01-10"},
        content_type=JSON,
    )
    assert made.status_code == 201
    course = made.json()["id"]
    assert client.post(f"{base(family)}/interventions/{course}/wish").json()["family_wants_ended"]
    twice = client.post(f"{base(family)}/interventions/{course}/wish")
    assert twice.status_code == 422
    ended = login(family.job_centre_worker).post(
        f"{base(family)}/interventions/{course}/end",
        {"ended_on": "2024-02-01", "reason": "The family does not need it."},
        content_type=JSON,
    )
    assert ended.status_code == 200
    assert RunningIntervention.objects.get().ended_on is not None
    # The job centre cannot register interventions: only the coordinator does.
    refused = login(family.job_centre_worker).post(
        f"{base(family)}/interventions",
        {"department": "job_centre", "description": "More", "started_on": "2024-01-10"},
        content_type=JSON,
    )
    assert refused.status_code == 404


def test_movement_and_network_meetings(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    client = login(family.coordinator)
    assert client.put(f"{base(family)}/plan", PLAN, content_type=JSON).status_code == 200
    work = PlanGoal.objects.get(core_task="employment")
    football = PlanGoal.objects.get(core_task="leisure_community")
    moved = client.post(
        f"{base(family)}/movement",
        {"held_on": "2024-02-05", "scores": [{"goal_id": work.pk, "score": 3}]},
        content_type=JSON,
    )
    assert moved.status_code == 201
    out_of_range = client.post(
        f"{base(family)}/movement",
        {"held_on": "2024-02-06", "scores": [{"goal_id": work.pk, "score": 11}]},
        content_type=JSON,
    )
    assert out_of_range.status_code == 422
    assert {e["code"] for e in out_of_range.json()["errors"]} == {"out_of_range"}

    meeting = {
        "held_on": "2024-04-08",
        "family_attendees": "Mette and Asta",
        "departments": ["job_centre"],
        "decisions": [
            {
                "kind": "new_action",
                "goal_id": work.pk,
                "text": "CV workshop",
                "owner_kind": "department",
                "department": "job_centre",
            },
            {
                "kind": "new_action",
                "goal_id": football.pk,
                "text": "Club fee for spring",
                "owner_kind": "department",
                "department": "family",
            },
        ],
        "scores": [{"goal_id": work.pk, "score": 5}, {"goal_id": football.pk, "score": 7}],
    }
    made = client.post(f"{base(family)}/meetings", meeting, content_type=JSON)
    assert made.status_code == 201, made.content
    assert len(made.json()["decisions"]) == 2
    assert MovementScore.objects.filter(meeting__isnull=False).count() == 2

    # The job centre sees the meeting's decision on its own action, not the family department's.
    seen = login(family.job_centre_worker).get(f"{base(family)}/meetings").json()
    assert seen["count"] == 1
    assert [d["text"] for d in seen["items"][0]["decisions"]] == ["CV workshop"]
    assert (
        login(family.job_centre_worker)
        .post(f"{base(family)}/meetings", meeting, content_type=JSON)
        .status_code
        == 404
    )


def test_a_meeting_without_the_family_is_a_coded_error(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    client = login(family.coordinator)
    client.put(f"{base(family)}/plan", PLAN, content_type=JSON)
    response = client.post(
        f"{base(family)}/meetings",
        {
            "held_on": "2024-04-08",
            "family_attendees": "",
            "decisions": [{"kind": "nope", "text": "x"}],
        },
        content_type=JSON,
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"decisions.0.kind"}
    response = client.post(
        f"{base(family)}/meetings",
        {"held_on": "2024-04-08", "family_attendees": " "},
        content_type=JSON,
    )
    assert {e["code"] for e in response.json()["errors"]} == {"family_absent"}
    assert not NetworkMeeting.objects.exists()
