"""Bad input on case work: a clear coded error, and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from herningmodel.cases import services
from herningmodel.cases.models import Case, Decision, FollowUp, Plan
from herningmodel.organisation.models import Role
from tests.cases.journey import SRC, open_case_by_notification, section_32_decision
from tests.factories import staff


def _codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


@pytest.fixture
def case(world):  # type: ignore[no-untyped-def]
    return open_case_by_notification(world)


def test_a_child_has_only_one_open_case(world, case):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.open_case(
            actor=world.caseworker_a,
            child=world.child_a,
            caseworker=world.caseworker_a,
            opened_on=dt.date(2025, 2, 1),
            source=SRC,
        )
    assert "case_already_open" in _codes(error.value)
    assert Case.objects.count() == 1


def test_a_health_nurse_cannot_be_the_responsible_caseworker(world):  # type: ignore[no-untyped-def]
    nurse = staff(Role.HEALTH_NURSE, world.team_a).user
    with pytest.raises(ValidationError) as error:
        services.open_case(
            actor=world.caseworker_a,
            child=world.child_a,
            caseworker=nurse,
            opened_on=dt.date(2025, 2, 1),
            source=SRC,
        )
    assert "caseworker_not_in_team" in _codes(error.value)


def test_a_decision_needs_a_legal_basis(world, case):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.make_decision(
            actor=world.caseworker_a,
            case=case,
            legal_basis="",
            decided_on=dt.date(2025, 2, 1),
            purpose="Støtte",
            expected_duration_months=6,
            source=SRC,
        )
    assert "legal_basis" in _codes(error.value)
    assert not Decision.objects.exists()


def test_a_section_32_decision_needs_the_talk_with_the_child(world, case):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.make_decision(
            actor=world.caseworker_a,
            case=case,
            legal_basis="32",
            decided_on=dt.date(2025, 2, 1),
            purpose="Støtte",
            expected_duration_months=6,
            source=SRC,
        )
    assert "child_talk_missing" in _codes(error.value)


def test_a_recorded_reason_replaces_the_talk(world, case):  # type: ignore[no-untyped-def]
    talk = services.record_child_talk(
        actor=world.caseworker_a,
        case=case,
        not_held_on=dt.date(2025, 1, 20),
        not_held_reason="Barnet er 1 år.",
        source=SRC,
    )
    decision = services.make_decision(
        actor=world.caseworker_a,
        case=case,
        legal_basis="32",
        decided_on=dt.date(2025, 2, 1),
        purpose="Støtte",
        expected_duration_months=6,
        child_talk=talk,
        source=SRC,
    )
    assert decision.child_talk == talk


def test_a_placement_needs_a_finished_assessment_unless_acute(world, case):  # type: ignore[no-untyped-def]
    talk = services.record_child_talk(
        actor=world.caseworker_a, case=case, held_on=dt.date(2025, 1, 20), source=SRC
    )
    arguments = {
        "actor": world.caseworker_a,
        "case": case,
        "legal_basis": "46",
        "decided_on": dt.date(2025, 2, 1),
        "purpose": "Anbringelse",
        "consent": True,
        "expected_duration_months": 12,
        "child_talk": talk,
        "source": SRC,
    }
    with pytest.raises(ValidationError) as error:
        services.make_decision(**arguments)
    assert "assessment_required" in _codes(error.value)
    assert services.make_decision(**arguments, acute=True).acute


def test_a_talk_must_be_held_or_reasoned(world, case):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.record_child_talk(actor=world.caseworker_a, case=case, source=SRC)
    assert "held_or_not_held" in _codes(error.value)


def test_closure_before_opening_is_refused(world, case):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.close_case(
            actor=world.caseworker_a,
            case=case,
            closed_on=dt.date(2024, 12, 1),
            reason="no_need",
            source=SRC,
        )
    assert "before_opened" in _codes(error.value)


def test_an_open_intervention_blocks_closure(world, case):  # type: ignore[no-untyped-def]
    section_32_decision(world, case)
    with pytest.raises(ValidationError) as error:
        services.close_case(
            actor=world.caseworker_a,
            case=case,
            closed_on=dt.date(2025, 6, 1),
            reason="goals_reached",
            source=SRC,
        )
    assert "open_interventions" in _codes(error.value)
    case.refresh_from_db()
    assert case.is_open


def test_a_follow_up_before_the_intervention_started_is_refused(world, case):  # type: ignore[no-untyped-def]
    from herningmodel.progress.models import Instrument

    section_32_decision(world, case)  # the intervention starts 7 April 2025
    with pytest.raises(ValidationError) as error:
        services.record_follow_up(
            actor=world.caseworker_a,
            case=case,
            held_on=dt.date(2025, 4, 1),
            goals_moved="yes",
            decision="continue",
            instrument=Instrument.objects.get(code="ics-scaling"),
            scores={"child": 5, "parenting": 5, "family": 11},
            source=SRC,
        )
    assert {"before_intervention", "out_of_range"} <= _codes(error.value)
    assert not FollowUp.objects.exists()


def test_two_people_saving_the_same_plan_the_second_gets_a_conflict(world, case):  # type: ignore[no-untyped-def]
    data = services.PlanData(goals=[services.GoalData("Ro om aftenen")])
    plan = services.save_plan(actor=world.caseworker_a, case=case, data=data, source=SRC)
    first_read, second_read = plan.version, plan.version
    services.save_plan(
        actor=world.caseworker_a,
        case=case,
        plan=plan,
        expected_version=first_read,
        data=services.PlanData(goals=[services.GoalData("Mor vælger")]),
        source=SRC,
    )
    with pytest.raises(services.ConflictError):
        services.save_plan(
            actor=world.team_leader,
            case=case,
            plan=Plan.objects.get(pk=plan.pk),
            expected_version=second_read,
            data=services.PlanData(goals=[services.GoalData("Leder vælger")]),
            source=SRC,
        )
    assert [g.text for g in Plan.objects.get(pk=plan.pk).goals.all()] == ["Mor vælger"]


def test_a_case_reopened_within_a_year_is_marked(world, case):  # type: ignore[no-untyped-def]
    services.close_case(
        actor=world.caseworker_a,
        case=case,
        closed_on=dt.date(2025, 2, 1),
        reason="no_need",
        source=SRC,
    )
    again = services.open_case(
        actor=world.caseworker_a,
        child=world.child_a,
        caseworker=world.caseworker_a,
        opened_on=dt.date(2025, 11, 1),
        source=SRC,
    )
    assert again.reopens == case


def test_a_handover_records_continuity(world, case):  # type: ignore[no-untyped-def]
    other = staff(Role.CASEWORKER, world.team_a).user
    services.hand_over(
        actor=world.team_leader,
        case=case,
        to_worker=other,
        on=dt.date(2025, 3, 1),
        reason="illness",
        source=SRC,
    )
    case.refresh_from_db()
    assert case.caseworker == other
    assert case.handovers.get().from_worker == world.caseworker_a


def test_the_supervision_sample_is_reproducible(world, case):  # type: ignore[no-untyped-def]
    from herningmodel.cases.services.oversight import draw_sample

    assert draw_sample(list(range(1, 40)), 5, seed=7) == draw_sample(
        list(range(39, 0, -1)), 5, seed=7
    )
    supervision = services.draw_supervision(
        actor=world.team_leader,
        worker=world.caseworker_a,
        drawn_on=dt.date(2025, 3, 1),
        sample_size=5,
        seed=1,
        source=SRC,
    )
    assert list(supervision.cases.all()) == [case]


def test_attendee_and_task_kinds_may_be_written_in_danish() -> None:
    from herningmodel.cases.forms import MeetingForm, PlanForm

    meeting = MeetingForm(
        {"held_on": "2025-04-02", "attendees": "familie; Mor\nnetværk; Mormor; mormor\nbarn; Asta"}
    )
    assert meeting.is_valid(), meeting.errors
    assert [kind for kind, _, _ in meeting.cleaned_data["attendees"]] == [
        "family",
        "network",
        "child",
    ]
    plan = PlanForm({"goals": "Ro", "tasks": "1; fagperson; Familiecentret; Behandling"})
    assert plan.is_valid(), plan.errors
    assert plan.cleaned_data["tasks"][0][1] == "professional"
    assert not MeetingForm({"held_on": "2025-04-02", "attendees": "nabo; Jens"}).is_valid()


def test_a_department_manager_sees_every_teams_caseload(world, case, login):  # type: ignore[no-untyped-def]
    page = login(world.manager).get("/cases/team/").content.decode()
    assert world.team_a.name in page
    assert world.team_b.name in page
