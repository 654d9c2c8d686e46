"""The family's coordination through its pages, and who gets 404."""

from __future__ import annotations

import datetime as dt

from herningmodel.audit.models import AuditEvent
from herningmodel.coordination.models import (
    CommonPlan,
    Consent,
    MovementScore,
    PlanGoal,
    RunningIntervention,
)
from tests.coordination.conftest import STARTED, Family

PLAN = {
    "dreams": "That Mette gets a job and the children have friends over.",
    "goals": "employment; Mette works 15 hours a week\nleisure_community; Asta goes to football",
    "actions": (
        "1; department; job_centre; 2024-03-01; Job trial at the bakery\n"
        "1; family; ; ; Mette finds childcare for mornings\n"
        "2; department; family; ; Pay the club fee\n"
        "2; network; ; ; Grandmother drives on Tuesdays"
    ),
    "version": "0",
}


def url(family: Family, *parts: object) -> str:
    return "/coordination/" + "".join(f"{p}/" for p in (family.coordination.pk, *parts))


def test_the_familys_journey_through_the_pages(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    client = login(family.coordinator)
    assert "/coordination/" in client.get("/").content.decode()
    assert client.post(url(family, "plan"), PLAN).status_code == 302
    assert {g.core_task for g in PlanGoal.objects.all()} == {"employment", "leisure_community"}
    for department, what in (("job_centre", "Activation course"), ("family", "Home visits")):
        response = client.post(
            url(family, "intervention"),
            {"department": department, "description": what, "started_on": "2024-01-10"},
        )
        assert response.status_code == 302
    course = RunningIntervention.objects.get(department="job_centre")
    assert client.post(url(family, "wish", course.pk), {}).status_code == 302
    goals = list(PlanGoal.objects.order_by("pk"))
    for held_on, base in (("2024-02-05", 2), ("2024-04-08", 6)):
        data = {"held_on": held_on, **{f"score_{g.pk}": base + i for i, g in enumerate(goals)}}
        assert client.post(url(family, "movement"), data).status_code == 302

    # The job centre owns the course: its contact ends it, at the family's wish.
    job_centre = login(family.job_centre_worker)
    response = job_centre.post(
        url(family, "end", course.pk),
        {"ended_on": "2024-02-06", "reason": "The family does not need it."},
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.ended_on == dt.date(2024, 2, 6)

    page = login(family.coordinator).get(url(family)).content.decode()
    # The page speaks Danish by default: the core tasks by their Danish names.
    for text in ("Beskæftigelse", "Fritid &amp; Fællesskab", "Pay the club fee", "The family does"):
        assert text in page
    assert MovementScore.objects.count() == 4
    assert AuditEvent.objects.filter(event_type="read", object_type="FamilyCoordination").exists()


def test_the_job_centre_sees_the_plan_but_not_the_family_departments_part(
    family: Family,
    login,  # type: ignore[no-untyped-def]
) -> None:
    login(family.coordinator).post(url(family, "plan"), PLAN)
    client = login(family.job_centre_worker)
    response = client.get(url(family))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mette works 15 hours a week" in page
    assert "Job trial at the bakery" in page
    assert "Pay the club fee" not in page
    assert "Grandmother drives" not in page
    # nor the family department's case file,
    assert client.get(f"/cases/{family.case.pk}/").status_code == 404
    # nor may it change the plan.
    assert client.get(url(family, "plan")).status_code == 404


def test_withdrawing_consent_removes_access_at_once(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    assert login(family.job_centre_worker).get(url(family)).status_code == 200
    consent = Consent.objects.get(department="job_centre")
    response = login(family.coordinator).post(url(family, "withdraw-consent", consent.pk), {})
    assert response.status_code == 302
    assert login(family.job_centre_worker).get(url(family)).status_code == 404


def test_others_get_404(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    world = family.world
    for user in (world.caseworker_a, world.manager, world.controller, world.dpo):
        client = login(user)
        assert client.get(url(family)).status_code == 404
        assert client.get(url(family, "plan")).status_code == 404


def test_a_goal_without_an_owner_shows_an_error_and_writes_nothing(
    family: Family,
    login,  # type: ignore[no-untyped-def]
) -> None:
    data = {**PLAN, "actions": "1; department; job_centre; ; Job trial"}
    response = login(family.coordinator).post(url(family, "plan"), data)
    assert response.status_code == 422
    assert "har ingen ansvarlig" in response.content.decode()
    assert not CommonPlan.objects.exists()


def test_another_departments_intervention_cannot_be_ended_from_the_page(
    family: Family,
    login,  # type: ignore[no-untyped-def]
) -> None:
    visits = RunningIntervention.objects.create(
        coordination=family.coordination,
        department="family",
        description="Home visits",
        started_on=STARTED,
    )
    client = login(family.job_centre_worker)
    response = client.post(url(family, "end", visits.pk), {"ended_on": "2024-02-06", "reason": "x"})
    # The job centre does not even see the family department's running intervention.
    assert response.status_code == 404
    visits.refresh_from_db()
    assert visits.is_running


def test_a_family_coordinator_starts_a_coordination(world, login) -> None:  # type: ignore[no-untyped-def]
    from herningmodel.coordination.models import FamilyCoordination
    from herningmodel.organisation.models import Role
    from herningmodel.people.models import Household
    from tests.factories import staff

    household = Household.objects.create(label="Familien Hansen")
    world.child_a.household = household
    world.child_a.save()
    coordinator = staff(Role.FAMILY_COORDINATOR, world.team_a, username="fc").user
    client = login(coordinator)
    assert client.get("/coordination/start/").status_code == 200
    response = client.post(
        "/coordination/start/", {"household": household.pk, "started_on": "2024-01-08"}
    )
    assert response.status_code == 302
    assert FamilyCoordination.objects.get().coordinator == coordinator
    # Only family coordinators start one.
    assert login(world.caseworker_a).get("/coordination/start/").status_code == 404


def test_a_form_opened_with_htmx_is_only_the_panel(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    response = login(family.coordinator).get(url(family, "consent"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="action-panel"' in body
    assert "<html" not in body
