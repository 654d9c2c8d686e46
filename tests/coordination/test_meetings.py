"""Network meetings: the family at the head of the table, and the minutes as plan decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from herningmodel.audit.models import AuditEvent
from herningmodel.coordination import services
from herningmodel.coordination.models import (
    CommonPlan,
    MovementScore,
    NetworkMeeting,
    PlanAction,
    PlanDecision,
    PlanGoal,
)
from tests.coordination.conftest import SRC, Family, plan_data

MEETING = dt.date(2024, 3, 4)


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors if e.code}


def with_plan(family: Family) -> dict[str, PlanGoal]:
    services.save_common_plan(
        actor=family.coordinator,
        coordination=family.coordination,
        data=plan_data(),
        source=SRC,
    )
    return {g.core_task: g for g in PlanGoal.objects.all()}


def meet(family: Family, **changes: object) -> NetworkMeeting:
    data = {
        "held_on": MEETING,
        "family_attendees": "Mette and Asta",
        "network_attendees": "Grandmother",
        "departments": ["job_centre", "family"],
        **changes,
    }
    return services.record_network_meeting(
        actor=family.coordinator,
        coordination=family.coordination,
        data=services.MeetingData(**data),  # type: ignore[arg-type]
        source=SRC,
    )


def test_decisions_at_the_meeting_change_the_plan_and_carry_its_date(family: Family) -> None:
    goals = with_plan(family)
    work, football = goals["employment"], goals["leisure_community"]
    trial = PlanAction.objects.get(description="Job trial at the bakery")
    meeting = meet(
        family,
        decisions=[
            services.DecisionData(
                kind="new_goal",
                text="Asta sleeps through the night",
                core_task="social_care",
                action_text="Health nurse advises on sleep",
                owner_kind="department",
                department="family",
            ),
            services.DecisionData(kind="end_action", text="Trial done", action_id=trial.pk),
            services.DecisionData(
                kind="new_action",
                text="Apply for the bakery job",
                goal_id=work.pk,
                owner_kind="family",
            ),
            services.DecisionData(
                kind="change_goal", text="Asta plays handball", goal_id=football.pk
            ),
        ],
        scores={work.pk: 4, football.pk: 7},
    )
    sleep = PlanGoal.objects.get(text="Asta sleeps through the night")
    assert sleep.core_task == "social_care"
    assert sleep.actions.get().department == "family"
    trial.refresh_from_db()
    assert trial.ended_on == MEETING
    football.refresh_from_db()
    assert football.text == "Asta plays handball"
    assert work.actions.filter(ended_on__isnull=True, owner_kind="family").count() == 2
    kinds = list(meeting.decisions.values_list("kind", flat=True))
    assert kinds == ["new_goal", "new_action", "end_action", "new_action", "change_goal"]
    assert set(MovementScore.objects.values_list("meeting", "score")) == {
        (meeting.pk, 4),
        (meeting.pk, 7),
    }
    # The plan changed under any open plan form: its version moves on.
    assert CommonPlan.objects.get().version == 2
    event = AuditEvent.objects.filter(object_type="NetworkMeeting").get()
    assert event.changes["family_attendees"] == "Mette and Asta"


def test_a_meeting_without_the_family_is_refused(family: Family) -> None:
    with_plan(family)
    with pytest.raises(ValidationError) as caught:
        meet(family, family_attendees="  ")
    assert codes(caught.value) == {"family_absent"}
    assert not NetworkMeeting.objects.exists()


def test_a_decision_that_leaves_a_goal_without_owner_writes_nothing(family: Family) -> None:
    goals = with_plan(family)
    football = goals["leisure_community"]
    decisions = [
        services.DecisionData(kind="end_action", text="Done", action_id=a.pk)
        for a in football.actions.all()
    ]
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        meet(family, decisions=decisions)
    assert codes(caught.value) == {"goal_without_owner"}
    assert not PlanAction.objects.filter(ended_on__isnull=False).exists()
    assert not NetworkMeeting.objects.exists()
    assert AuditEvent.objects.count() == before


def test_bad_decisions_name_what_is_wrong(family: Family) -> None:
    with_plan(family)
    with pytest.raises(ValidationError) as caught:
        meet(
            family,
            departments=["housing"],
            decisions=[
                services.DecisionData(
                    kind="new_goal", text="A bigger flat", core_task="social_care"
                ),
                services.DecisionData(kind="end_goal", text="", goal_id=999_999),
                services.DecisionData(
                    kind="new_action",
                    text="Find a flat",
                    goal_id=PlanGoal.objects.first().pk,  # type: ignore[union-attr]
                    owner_kind="department",
                    department="housing",
                ),
            ],
            scores={999_999: 11},
        )
    assert codes(caught.value) == {
        "no_consent",
        "invalid_choice",  # a new goal's first action without anyone doing it
        "goal_without_owner",
        "required",
        "unknown_goal",
        "out_of_range",
    }
    assert not NetworkMeeting.objects.exists()


def test_ending_a_goal_drops_it_from_the_plan_but_keeps_its_decision(family: Family) -> None:
    football = with_plan(family)["leisure_community"]
    meet(family, decisions=[services.DecisionData("end_goal", "Asta has a team", football.pk)])
    football.refresh_from_db()
    assert football.dropped_on == MEETING
    assert PlanDecision.objects.get().goal == football


def url(family: Family, *parts: object) -> str:
    return "/coordination/" + "".join(f"{p}/" for p in (family.coordination.pk, *parts))


def test_the_meeting_page_and_what_each_department_sees(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    goals = with_plan(family)
    work, football = goals["employment"], goals["leisure_community"]
    fee = PlanAction.objects.get(description="Pay the club fee")  # the family department's
    client = login(family.coordinator)
    form = client.get(url(family, "meeting"), HTTP_HX_REQUEST="true")
    assert form.status_code == 200
    assert "d1_kind" in form.content.decode()
    response = client.post(
        url(family, "meeting"),
        {
            "held_on": "2024-03-04",
            "family_attendees": "Mette and Asta",
            "departments": ["job_centre", "family"],
            "d1_kind": "new_action",
            "d1_goal": str(work.pk),
            "d1_text": "CV workshop at the job centre",
            "d1_owner_kind": "department",
            "d1_department": "job_centre",
            "d2_kind": "change_action",
            "d2_action": str(fee.pk),
            "d2_text": "Pay the handball fee",
            f"score_{work.pk}": "3",
            f"score_{football.pk}": "6",
        },
    )
    assert response.status_code == 302, response.content.decode()
    page = client.get(url(family)).content.decode()
    assert "CV workshop at the job centre" in page
    assert "Pay the handball fee" in page
    assert "Mette and Asta" in page

    # The job centre sees the decisions on the plan and its own action, not the family
    # department's action, and still gets 404 on the child's case file.
    job_centre = login(family.job_centre_worker)
    page = job_centre.get(url(family)).content.decode()
    assert "CV workshop at the job centre" in page
    assert "Pay the handball fee" not in page
    assert job_centre.get(f"/cases/{family.case.pk}/").status_code == 404
    assert job_centre.get(url(family, "meeting")).status_code == 404


def test_a_refused_meeting_form_shows_the_error_and_saves_nothing(family: Family, login) -> None:  # type: ignore[no-untyped-def]
    with_plan(family)
    response = login(family.coordinator).post(
        url(family, "meeting"), {"held_on": "2024-03-04", "family_attendees": ""}
    )
    assert response.status_code == 422
    assert not NetworkMeeting.objects.exists()
