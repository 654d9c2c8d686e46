"""One child from a school's notification to closure, with every deadline and audit row checked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from herningmodel.audit.models import AuditEvent
from herningmodel.cases import deadlines, services
from herningmodel.cases.models import (
    AttendeeKind,
    CaseStatus,
    ClosureReason,
    FollowUpDecision,
    GoalMovement,
)
from herningmodel.cases.queries import case_facts
from herningmodel.progress.models import Instrument, Measurement
from herningmodel.staircase import services as staircase
from tests.cases.journey import SRC, open_case_by_notification, priced_type, section_32_decision


def _deadlines(case, today):  # type: ignore[no-untyped-def]
    return {(d.kind, d.ref): d for d in deadlines.case_deadlines(case_facts(case), today=today)}


def test_a_child_walks_the_whole_process(world):  # type: ignore[no-untyped-def]
    cw = world.caseworker_a
    # Given a school's notification, assessed within 24 hours and receipted, leading to § 20
    case = open_case_by_notification(world)
    assert case.caseworker == cw
    assert case.opened_on == dt.date(2025, 1, 8)
    assessment = case.assessments.get()
    assert assessment.need_known_on == dt.date(2025, 1, 6)

    found = _deadlines(case, dt.date(2025, 1, 10))
    acute = next(d for (k, _), d in found.items() if k == deadlines.Kind.ACUTE_24H)
    receipt = next(d for (k, _), d in found.items() if k == deadlines.Kind.RECEIPT)
    four_months = next(d for (k, _), d in found.items() if k == deadlines.Kind.ASSESSMENT)
    assert acute.state == deadlines.State.MET
    assert receipt.state == deadlines.State.MET
    assert four_months.due == dt.date(2025, 5, 6)
    assert four_months.state == deadlines.State.UPCOMING

    # When the assessment is finished after a talk with the child
    services.finish_assessment(
        actor=cw,
        assessment=assessment,
        finished_on=dt.date(2025, 3, 28),
        conclusion="Behov for familiebehandling.",
        recommendation="32",
        child_development="Trives i skolen, men træt.",
        parenting_capacity="Mor er presset.",
        family_and_network="Mormor bor tæt på.",
        source=SRC,
    )
    meeting = services.hold_network_meeting(
        actor=cw,
        case=case,
        held_on=dt.date(2025, 4, 2),
        attendees=[
            services.AttendeeData(AttendeeKind.FAMILY, "Mor (fiktiv)"),
            services.AttendeeData(AttendeeKind.NETWORK, "Mormor (fiktiv)"),
            services.AttendeeData(AttendeeKind.PROFESSIONAL, "Sundhedsplejerske", "sundhedspleje"),
        ],
        summary="Familien sad for bordenden.",
        source=SRC,
    )
    decision = section_32_decision(world, case)
    episode = decision.episodes.get()
    assert episode.step.number == 3
    services.save_plan(
        actor=cw,
        case=case,
        data=services.PlanData(
            goals=[
                services.GoalData(
                    "Asta møder udhvilet i skole",
                    tasks=[
                        services.TaskData("Putter Asta kl. 20", "family", "Mor"),
                        services.TaskData("Henter Asta tirsdag", "network", "Mormor"),
                    ],
                )
            ],
            familys_words="Vi vil have ro om aftenen.",
            approved_on=dt.date(2025, 4, 10),
            meeting_id=meeting.pk,
        ),
        source=SRC,
    )

    # Then the assessment and plan deadlines are met and the first follow-up is due 3 months on
    found = _deadlines(case, dt.date(2025, 4, 15))
    states = {k: d.state for (k, _), d in found.items() if k != deadlines.Kind.FOLLOW_UP}
    assert set(states.values()) == {deadlines.State.MET}
    assert deadlines.Kind.PLAN in states
    follow = [d for (k, _), d in found.items() if k == deadlines.Kind.FOLLOW_UP]
    assert [d.due for d in follow] == [dt.date(2025, 7, 7)]

    # When two follow-ups measure progression, the second deciding to step down
    scaling = Instrument.objects.get(code="ics-scaling")
    services.record_follow_up(
        actor=cw,
        case=case,
        held_on=dt.date(2025, 7, 1),
        goals_moved=GoalMovement.PARTLY,
        decision=FollowUpDecision.CONTINUE,
        instrument=scaling,
        scores={"child": 4, "parenting": 5, "family": 6},
        source=SRC,
    )
    # (the step-down acts: the § 32 treatment ends and a § 30 preventive intervention starts)
    kind, provider = priced_type(2)
    stepped = services.record_follow_up(
        actor=cw,
        case=case,
        held_on=dt.date(2025, 10, 1),
        goals_moved=GoalMovement.YES,
        decision=FollowUpDecision.STEP_DOWN,
        instrument=scaling,
        scores={"child": 7, "parenting": 7, "family": 8},
        step_down_to=services.StepDownData(
            episode=episode,
            legal_basis="30",
            purpose="Rådgivning i familien.",
            expected_duration_months=3,
            intervention_type=kind,
            provider=provider,
            start=dt.date(2025, 10, 6),
            planned_volume=Decimal("2"),
        ),
        source=SRC,
    )
    assert Measurement.objects.filter(child=world.child_a).count() == 2
    found = _deadlines(case, dt.date(2025, 10, 2))
    follow = sorted(
        (d for (k, _), d in found.items() if k == deadlines.Kind.FOLLOW_UP), key=lambda d: d.due
    )
    assert [d.state for d in follow] == [
        deadlines.State.MET,
        deadlines.State.MET,
        deadlines.State.UPCOMING,
    ]
    assert follow[-1].due == dt.date(2026, 1, 1)

    # And the step-down took effect: the § 32 treatment ended the day before § 30 started
    episode.refresh_from_db()
    assert (episode.end, episode.end_reason) == (dt.date(2025, 10, 5), "step_down")
    lower = stepped.step_down_decision
    assert lower is not None
    lower_episode = lower.episodes.get()
    assert lower_episode.step.number == 2
    lower_episode.refresh_from_db()
    staircase.end_episode(
        actor=cw,
        episode=lower_episode,
        end=dt.date(2026, 1, 9),
        reason="goals_reached",
        expected_version=lower_episode.version,
    )
    case.refresh_from_db()
    services.close_case(
        actor=cw,
        case=case,
        closed_on=dt.date(2026, 1, 12),
        reason=ClosureReason.GOALS_REACHED,
        source=SRC,
    )

    # Then the case is closed, nothing is left open, and every step is in the audit trail
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert (
        deadlines.open_deadlines(
            deadlines.case_deadlines(case_facts(case), today=dt.date(2026, 6, 1))
        )
        == []
    )
    audited = list(
        AuditEvent.objects.filter(child_id=world.child_a.pk).values_list(
            "object_type", "event_type"
        )
    )
    for expected in [
        ("Notification", "create"),
        ("Case", "create"),
        ("Assessment", "create"),
        ("Assessment", "update"),
        ("ChildTalk", "create"),
        ("NetworkMeeting", "create"),
        ("Decision", "create"),
        ("Plan", "create"),
        ("FollowUp", "create"),
        ("Measurement", "create"),
        ("Case", "update"),
    ]:
        assert expected in audited, expected
    assert (
        sum(1 for t, _ in audited if t == "Notification") == 4
    )  # received, 24 h, receipt, outcome
