"""The case-work steps through the API, with the same rules and errors as the pages."""

from __future__ import annotations

from herningmodel.cases.models import Decision, Plan
from herningmodel.organisation.models import Role
from herningmodel.staircase.models import Episode
from tests.cases.journey import open_case_by_notification, priced_type
from tests.factories import staff


def _post(client, url, body, method="post"):  # type: ignore[no-untyped-def]
    return getattr(client, method)(url, body, content_type="application/json")


def test_the_process_steps_through_the_api(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    client = login(world.caseworker_a)
    base = f"/api/cases/{case.pk}"
    assessment = case.assessments.get()

    talk = _post(client, f"{base}/child-talks", {"held_on": "2025-01-20", "child_views": "Ro."})
    assert talk.status_code == 201
    finish = _post(
        client,
        f"{base}/assessments/{assessment.pk}/finish",
        {
            "finished_on": "2025-03-28",
            "conclusion": "Støtte.",
            "recommendation": "32",
            "child_development": "a",
            "parenting_capacity": "b",
            "family_and_network": "c",
        },
    )
    assert finish.status_code == 200, finish.json()
    meeting = _post(
        client,
        f"{base}/network-meetings",
        {"held_on": "2025-04-02", "attendees": [{"kind": "family", "name": "Mor"}]},
    )
    assert meeting.status_code == 201
    kind, provider = priced_type(3)
    decision = _post(
        client,
        f"{base}/decisions",
        {
            "legal_basis": "32",
            "decided_on": "2025-04-03",
            "purpose": "Familiebehandling",
            "expected_duration_months": 6,
            "child_talk_id": talk.json()["id"],
            "plan_choice": True,
            "episodes": [
                {
                    "intervention_type": kind.code,
                    "provider_id": provider.pk,  # type: ignore[attr-defined]
                    "start": "2025-04-07",
                    "planned_volume": "3",
                }
            ],
        },
    )
    assert decision.status_code == 201, decision.json()
    assert Decision.objects.get(pk=decision.json()["id"]).episodes.count() == 1

    plan = _post(
        client,
        f"{base}/plans",
        {
            "goals": [
                {
                    "text": "Ro om aftenen",
                    "tasks": [
                        {
                            "description": "Sengetid",
                            "responsible_kind": "family",
                            "responsible_name": "Mor",
                        }
                    ],
                }
            ],
            "meeting_id": meeting.json()["id"],
            "approved_on": "2025-04-10",
        },
    )
    assert plan.status_code == 201
    plan_id, version = plan.json()["id"], plan.json()["version"]
    changed = _post(
        client,
        f"{base}/plans/{plan_id}",
        {"goals": [{"text": "Ro og søvn"}], "version": version},
        method="put",
    )
    assert changed.status_code == 200
    stale = _post(
        client,
        f"{base}/plans/{plan_id}",
        {"goals": [{"text": "Noget andet"}], "version": version},
        method="put",
    )
    assert stale.status_code == 409
    assert [g.text for g in Plan.objects.get(pk=plan_id).goals.all()] == ["Ro og søvn"]

    colleague = staff(Role.CASEWORKER, world.team_a).user
    handed = _post(
        client,
        f"{base}/handovers",
        {"to_worker_id": colleague.pk, "on": "2025-05-01", "reason": "workload"},
    )
    assert handed.status_code == 201
    case.refresh_from_db()
    assert case.caseworker == colleague


def test_an_unknown_intervention_names_its_field_and_writes_nothing(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    response = _post(
        login(world.caseworker_a),
        f"/api/cases/{case.pk}/decisions",
        {
            "legal_basis": "30",
            "decided_on": "2025-02-01",
            "purpose": "Rådgivning",
            "expected_duration_months": 3,
            "episodes": [{"intervention_type": "nope", "provider_id": 1, "start": "2025-02-03"}],
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "episodes.0.intervention_type"
    assert not Decision.objects.exists()
    assert not Episode.objects.exists()


def test_a_placement_without_assessment_is_refused_through_the_api(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    client = login(world.caseworker_a)
    talk = _post(client, f"/api/cases/{case.pk}/child-talks", {"held_on": "2025-01-20"}).json()[
        "id"
    ]
    response = _post(
        client,
        f"/api/cases/{case.pk}/decisions",
        {
            "legal_basis": "46",
            "decided_on": "2025-02-01",
            "purpose": "Anbringelse",
            "expected_duration_months": 12,
            "consent": True,
            "child_talk_id": talk,
        },
    )
    assert response.status_code == 422
    assert "assessment_required" in {e["code"] for e in response.json()["errors"]}


def test_another_team_cannot_use_the_steps(world, login):  # type: ignore[no-untyped-def]
    case = open_case_by_notification(world)
    response = _post(
        login(world.caseworker_b), f"/api/cases/{case.pk}/child-talks", {"held_on": "2025-01-20"}
    )
    assert response.status_code == 404
