"""The coordination API: the same rules and need-to-know access as the pages."""

from __future__ import annotations

from herningmodel.coordination.models import CommonPlan, Consent, RunningIntervention
from tests.coordination.conftest import STARTED, Family

PLAN = {
    "dreams": "A job and friends",
    "goals": [
        {
            "text": "Mette works 15 hours a week",
            "core_task": "employment",
            "actions": [
                {"owner_kind": "department", "department": "job_centre", "description": "Trial"}
            ],
        },
        {
            "text": "Asta goes to football",
            "core_task": "leisure_community",
            "actions": [
                {"owner_kind": "department", "department": "family", "description": "Club fee"}
            ],
        },
    ],
}


def test_the_plan_through_the_api_and_need_to_know(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    url = f"/api/coordination/{family.coordination.pk}"
    client = login(family.coordinator)
    saved = client.put(f"{url}/plan", PLAN, content_type="application/json")
    assert saved.status_code == 200
    assert saved.json()["version"] == 1
    stale = client.put(f"{url}/plan", PLAN, content_type="application/json")
    assert stale.status_code == 409

    job_centre = login(family.job_centre_worker)
    seen = job_centre.get(url).json()
    actions = [a["description"] for g in seen["goals"] for a in g["actions"]]
    assert actions == ["Trial"]
    assert job_centre.put(f"{url}/plan", PLAN, content_type="application/json").status_code == 404

    consent = Consent.objects.get(department="job_centre")
    login(family.coordinator).post(f"{url}/consents/{consent.pk}/withdraw")
    assert login(family.job_centre_worker).get(url).status_code == 404


def test_a_goal_without_an_owner_is_a_coded_error(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    body = {"goals": [{"text": "Sleep well", "core_task": "social_care", "actions": []}]}
    response = login(family.coordinator).put(
        f"/api/coordination/{family.coordination.pk}/plan", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert "goal_without_owner" in {e["code"] for e in response.json()["errors"]}
    assert not CommonPlan.objects.exists()


def test_ending_another_departments_intervention_is_refused(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    course = RunningIntervention.objects.create(
        coordination=family.coordination,
        department="job_centre",
        description="Course",
        started_on=STARTED,
    )
    # The coordinator speaks for the family department, not the job centre.
    response = login(family.coordinator).post(
        f"/api/coordination/{family.coordination.pk}/interventions/{course.pk}/end",
        {"ended_on": "2024-02-01", "reason": "Not needed"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {e["code"] for e in response.json()["errors"]} == {"other_department"}
    course.refresh_from_db()
    assert course.is_running
