"""The family coordination kinds ("Familier på vej"): what the example files link, and the bad
rows each refuses (every error listed with its row and column, nothing written)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.coordination.models import (
    CommonPlan,
    Consent,
    DepartmentContact,
    FamilyCoordination,
    MovementScore,
    NetworkMeeting,
    PlanAction,
    PlanDecision,
    RunningIntervention,
)
from herningmodel.people.models import Household
from tests.interchange.test_kinds import import_examples, run
from tests.interchange.test_kinds_family import errors_of, write


@pytest.mark.django_db
def test_the_examples_give_a_family_its_coordination_plan_meetings_and_movement() -> None:
    import_examples()
    coordination = FamilyCoordination.objects.get(external_id="KOORD-1")
    assert coordination.household == Household.objects.get(external_id="HUS-1")
    assert coordination.coordinator.username == "rikke.raadgiver"
    assert coordination.is_open
    assert not FamilyCoordination.objects.get(external_id="KOORD-2").is_open
    plan = CommonPlan.objects.get(coordination=coordination)
    assert plan.version == 2
    assert plan.dreams.startswith("At mor kommer i arbejde")
    assert DepartmentContact.objects.get(department="family").staff is not None
    assert DepartmentContact.objects.get(department="job_centre").staff is None
    assert not Consent.objects.get(external_id="SAMTYKKE-3").is_active(dt.date(2024, 10, 1))
    assert Consent.objects.get(external_id="SAMTYKKE-1").is_active(dt.date(2024, 10, 1))
    course = RunningIntervention.objects.get(external_id="TILTAG-1")
    assert course.family_wants_ended
    assert course.ended_by is not None
    assert course.ended_by.username == "søren.sagsbehandler"
    assert list(plan.goals.values_list("external_id", flat=True)) == ["FMÅL-1", "FMÅL-2"]
    family_action = PlanAction.objects.get(external_id="FHAND-2")
    assert (family_action.owner_kind, family_action.department) == ("family", "")
    meeting = NetworkMeeting.objects.get(external_id="FMØDE-2")
    assert meeting.departments == ["family", "job_centre", "school_ppr"]
    ended = PlanDecision.objects.get(external_id="FBESL-1")
    assert (ended.meeting, ended.action) == (meeting, PlanAction.objects.get(external_id="FHAND-1"))
    scores = MovementScore.objects.filter(goal__external_id="FMÅL-1").order_by("held_on")
    assert [(s.score, s.meeting.external_id if s.meeting else None) for s in scores] == [
        (3, "FMØDE-1"),
        (5, "FMØDE-2"),
    ]


@pytest.mark.django_db
def test_a_family_has_one_open_coordination(tmp_path: Path) -> None:
    import_examples(until="coordinations")
    in_file = write(
        tmp_path,
        "coordinations",
        "KOORD-1;HUS-1;rikke.raadgiver;01-03-2024;",
        "KOORD-3;HUS-1;lise.leder;01-04-2024;",
    )
    assert errors_of("coordinations", in_file) == [
        (3, "household", "The family has another open coordination in row 2.")
    ]
    run("coordinations", write(tmp_path, "coordinations", "KOORD-1;HUS-1;lise.leder;01-03-2024;"))
    later = write(tmp_path, "coordinations", "KOORD-3;HUS-1;lise.leder;01-04-2024;")
    assert errors_of("coordinations", later) == [
        (2, "household", "The family already has another open coordination.")
    ]
    # An ended coordination is history beside the open one.
    ended = write(tmp_path, "coordinations", "KOORD-3;HUS-1;lise.leder;01-01-2023;01-02-2023")
    run("coordinations", ended)
    assert FamilyCoordination.objects.filter(household__external_id="HUS-1").count() == 2


@pytest.mark.django_db
def test_goals_need_the_common_plan_and_stay_in_their_family(tmp_path: Path) -> None:
    import_examples(until="plan_goals")
    CommonPlan.objects.filter(coordination__external_id="KOORD-2").delete()
    goal = write(tmp_path, "plan_goals", "FMÅL-9;KOORD-2;Ro i hjemmet;social_care;")
    assert errors_of("plan_goals", goal) == [
        (2, "coordination", "The coordination has no common plan; import the common plans first.")
    ]
    import_examples(until="plan_decisions")  # the common plans again, the other family's too
    run("plan_goals", write(tmp_path, "plan_goals", "FMÅL-9;KOORD-2;Ro i hjemmet;social_care;"))
    other_family = write(
        tmp_path,
        "plan_decisions",
        "FBESL-9;FMØDE-1;end_goal;FMÅL-9;;;;social_care;Målet er nået",
    )
    assert errors_of("plan_decisions", other_family) == [
        (2, "goal", "The goal is not of the meeting's family.")
    ]
    score = write(tmp_path, "movement_scores", "FMÅL-9;01-04-2024;4;FMØDE-1")
    assert errors_of("movement_scores", score) == [
        (2, "goal", "The goal is not of the meeting's family.")
    ]


@pytest.mark.django_db
def test_bad_coordination_rows_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    import_examples(until="plan_decisions")
    events = AuditEvent.objects.filter(event_type=EventType.DATA_IMPORTED).count()
    meetings = write(
        tmp_path,
        "coordination_meetings",
        "FMØDE-3;KOORD-1;01-04-2024;Mor;;rikke.raadgiver;",
        "FMØDE-4;KOORD-1;01-10-2024;;;rikke.raadgiver;",
        "FMØDE-5;KOORD-1;01-11-2024;Mor;;rikke.raadgiver;family|family",
        "FMØDE-6;KOORD-9;01-11-2024;Mor;;rikke.raadgiver;",
    )
    assert errors_of("coordination_meetings", meetings) == [
        (2, "held_on", "A network meeting is already recorded that day."),
        (3, "family_attendees", "A value is required."),
        (4, "departments", "A department is named twice."),
        (
            5,
            "coordination",
            "No family coordination has this external id; import the coordinations first.",
        ),
    ]
    actions = write(
        tmp_path,
        "plan_actions",
        "FHAND-8;FMÅL-1;network;job_centre;Morfar kører;;",
        "FHAND-9;FMÅL-1;family;;   ;;",
    )
    assert errors_of("plan_actions", actions) == [
        (2, "department", "Only a department's action names a department."),
        (3, "description", "A value is required."),
    ]
    decision = write(
        tmp_path, "plan_decisions", "FBESL-9;FMØDE-2;change_action;FMÅL-1;;;;employment;Ny dato"
    )
    assert errors_of("plan_decisions", decision) == [
        (2, "action", "A decision about an action names the action.")
    ]
    interventions = write(
        tmp_path,
        "running_interventions",
        "TILTAG-3;KOORD-1;health;Sundhedsplejerske;01-02-2024;nej;01-03-2024;;",
        "TILTAG-4;KOORD-1;health;Sundhedsplejerske;01-02-2024;nej;;Ikke brug for det;",
    )
    assert errors_of("running_interventions", interventions) == [
        (2, "end_reason", "Give the reason for ending."),
        (3, "ended_on", "Give the date it ended, or leave the reason and who ended it out."),
    ]
    assert NetworkMeeting.objects.count() == 2
    assert PlanAction.objects.count() == 3
    assert RunningIntervention.objects.count() == 2
    assert AuditEvent.objects.filter(event_type=EventType.DATA_IMPORTED).count() == events


@pytest.mark.django_db
def test_a_coordination_import_is_audited_with_its_counts() -> None:
    import_examples(until="consents")
    event = AuditEvent.objects.filter(event_type=EventType.DATA_IMPORTED).latest("pk")
    assert event.changes["kind"] == "department_contacts"
    assert (event.changes["created"], event.changes["rows"]) == (3, 3)
    assert event.actor_label == "cli"
