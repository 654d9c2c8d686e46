"""The family's coordination through its services: plan, ending interventions, movement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from herningmodel.audit.models import AuditEvent
from herningmodel.coordination import services
from herningmodel.coordination.models import (
    CommonPlan,
    Consent,
    MovementScore,
    PlanGoal,
    RunningIntervention,
)
from tests.coordination.conftest import SRC, STARTED, Family, plan_data


def codes(error: ValidationError) -> set[str]:
    return {e.code or "" for errors in error.error_dict.values() for e in errors}


def test_the_familys_journey(family: Family) -> None:
    # Given the family with a coordinator and two departments,
    coordination = family.coordination
    plan = services.save_common_plan(
        actor=family.coordinator, coordination=coordination, data=plan_data(), source=SRC
    )
    assert {g.core_task for g in plan.goals.all()} == {"employment", "leisure_community"}
    job = services.register_intervention(
        actor=family.coordinator,
        coordination=coordination,
        department="job_centre",
        description="Weekly activation course",
        started_on=STARTED,
        source=SRC,
    )
    # when the family says it does not need the course and the job centre ends it,
    services.record_family_wish_to_end(actor=family.coordinator, intervention=job, source=SRC)
    services.end_intervention(
        actor=family.job_centre_worker,
        intervention=job,
        ended_on=dt.date(2024, 2, 1),
        reason="The family does not need it; the job trial replaces it.",
        source=SRC,
    )
    # and two network meetings score the movement,
    goals = list(plan.goals.all())
    for held_on, base in ((dt.date(2024, 2, 5), 2), (dt.date(2024, 4, 8), 5)):
        services.record_movement(
            actor=family.coordinator,
            coordination=coordination,
            held_on=held_on,
            scores={g.pk: base + i for i, g in enumerate(goals)},
            source=SRC,
        )
    # then the intervention is ended with its reason and the movement shows over time,
    job.refresh_from_db()
    assert job.ended_on == dt.date(2024, 2, 1)
    assert job.family_wants_ended
    assert job.ended_by == family.job_centre_worker
    assert list(goals[0].scores.values_list("score", flat=True)) == [2, 5]
    # and everything is audited.
    assert AuditEvent.objects.filter(object_type="RunningIntervention").count() == 3
    assert AuditEvent.objects.filter(object_type="MovementScore").count() == 2


def test_a_goal_without_an_owner_is_refused(family: Family) -> None:
    data = services.CommonPlanData(
        dreams="", goals=[services.GoalData(text="Asta sleeps well", core_task="social_care")]
    )
    with pytest.raises(ValidationError) as caught:
        services.save_common_plan(
            actor=family.coordinator, coordination=family.coordination, data=data, source=SRC
        )
    assert "goal_without_owner" in codes(caught.value)
    assert not CommonPlan.objects.exists()


def test_an_action_for_a_department_without_consent_is_refused(family: Family) -> None:
    data = services.CommonPlanData(
        dreams="",
        goals=[
            services.GoalData(
                text="A bigger flat",
                core_task="social_care",
                actions=[services.ActionData("department", "Find a flat", "housing")],
            )
        ],
    )
    with pytest.raises(ValidationError) as caught:
        services.save_common_plan(
            actor=family.coordinator, coordination=family.coordination, data=data, source=SRC
        )
    assert "no_consent" in codes(caught.value)
    assert not PlanGoal.objects.exists()


def test_a_contact_without_consent_is_refused(family: Family) -> None:
    with pytest.raises(ValidationError) as caught:
        services.add_department_contact(
            actor=family.coordinator,
            coordination=family.coordination,
            department="housing",
            name="Boligkontoret",
            source=SRC,
        )
    assert codes(caught.value) == {"no_consent"}
    assert not family.coordination.contacts.filter(department="housing").exists()


def test_another_departments_intervention_cannot_be_ended(family: Family) -> None:
    support = services.register_intervention(
        actor=family.coordinator,
        coordination=family.coordination,
        department="family",
        description="Family therapy",
        started_on=STARTED,
        source=SRC,
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.end_intervention(
            actor=family.job_centre_worker,
            intervention=support,
            ended_on=dt.date(2024, 2, 1),
            reason="Not needed",
            source=SRC,
        )
    assert codes(caught.value) == {"other_department"}
    support.refresh_from_db()
    assert support.is_running
    assert AuditEvent.objects.count() == before


def test_a_stale_plan_is_a_conflict(family: Family) -> None:
    plan = services.save_common_plan(
        actor=family.coordinator, coordination=family.coordination, data=plan_data(), source=SRC
    )
    services.save_common_plan(
        actor=family.coordinator,
        coordination=family.coordination,
        data=plan_data(),
        expected_version=plan.version,
        source=SRC,
    )
    with pytest.raises(services.ConflictError):
        services.save_common_plan(
            actor=family.coordinator,
            coordination=family.coordination,
            data=plan_data(),
            expected_version=plan.version,
            source=SRC,
        )


def test_a_kept_goal_keeps_its_movement_and_a_left_out_goal_is_dropped(family: Family) -> None:
    plan = services.save_common_plan(
        actor=family.coordinator, coordination=family.coordination, data=plan_data(), source=SRC
    )
    first, second = plan.goals.all()
    services.record_movement(
        actor=family.coordinator,
        coordination=family.coordination,
        held_on=dt.date(2024, 2, 5),
        scores={first.pk: 3, second.pk: 4},
        source=SRC,
    )
    data = plan_data()
    services.save_common_plan(
        actor=family.coordinator,
        coordination=family.coordination,
        data=services.CommonPlanData(dreams=data.dreams, goals=data.goals[:1]),
        expected_version=plan.version,
        source=SRC,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.dropped_on is None
    assert second.dropped_on is not None
    assert MovementScore.objects.count() == 2


def test_a_movement_score_above_ten_is_refused(family: Family) -> None:
    plan = services.save_common_plan(
        actor=family.coordinator, coordination=family.coordination, data=plan_data(), source=SRC
    )
    goal = plan.goals.first()
    assert goal is not None
    with pytest.raises(ValidationError) as caught:
        services.record_movement(
            actor=family.coordinator,
            coordination=family.coordination,
            held_on=dt.date(2024, 2, 5),
            scores={goal.pk: 11},
            source=SRC,
        )
    assert codes(caught.value) == {"out_of_range"}
    assert not MovementScore.objects.exists()


def test_withdrawing_consent_takes_effect_at_once(family: Family) -> None:
    consent = Consent.objects.get(coordination=family.coordination, department="job_centre")
    services.withdraw_consent(actor=family.coordinator, consent=consent, source=SRC)
    assert not consent.is_active(consent.withdrawn_on or STARTED)
    job = RunningIntervention.objects.create(
        coordination=family.coordination,
        department="job_centre",
        description="Course",
        started_on=STARTED,
    )
    with pytest.raises(ValidationError) as caught:
        services.end_intervention(
            actor=family.job_centre_worker,
            intervention=job,
            ended_on=dt.date(2024, 2, 1),
            reason="Not needed",
            source=SRC,
        )
    assert codes(caught.value) == {"other_department"}


def test_a_coordinator_cannot_take_on_a_family_outside_their_reach(family: Family) -> None:
    from herningmodel.coordination.models import FamilyCoordination
    from herningmodel.organisation.models import Role
    from herningmodel.people.models import Household
    from tests.factories import staff

    other_team_coordinator = staff(Role.FAMILY_COORDINATOR, family.world.team_b).user
    family.world.child_b.household = Household.objects.create(label="Familien B")
    family.world.child_b.save()
    outsider = staff(Role.FAMILY_COORDINATOR, family.world.team_a).user
    with pytest.raises(ValidationError) as error:
        services.start_coordination(
            actor=outsider,
            household=family.world.child_b.household,
            coordinator=outsider,
            started_on=STARTED,
            source=SRC,
        )
    assert "household_out_of_reach" in {e.code for e in error.value.error_dict["household"]}
    coordination = services.start_coordination(
        actor=other_team_coordinator,
        household=family.world.child_b.household,
        coordinator=other_team_coordinator,
        started_on=STARTED,
        source=SRC,
    )
    assert FamilyCoordination.objects.filter(pk=coordination.pk).exists()
