"""``GET /api/cases/{id}/record``: the case record (sagsakten) as the case page shows it.

The same access rule (``get_case_for_user``), the same audit (one READ of the child naming the
case) and the same entries (``record.case_record``) as the page. Not paged: it is one case's
record, which the page shows whole.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from pydantic import BaseModel, Field

from herningmodel.access.lookups import get_case_for_user
from herningmodel.audit import services as audit
from herningmodel.cases.api import READ, CaseOut, Id, case_out
from herningmodel.cases.queries import case_facts
from herningmodel.cases.record import CaseRecord, case_measurements, case_record
from herningmodel.progress.models import Measurement

router = Router(tags=["cases"])


def _source(request: HttpRequest) -> str:
    return f"api:{request.method} {request.path}"


class RecordNotificationOut(BaseModel):
    id: int
    source: str
    notifier: str
    received_at: dt.datetime
    content: str
    assessed_at: dt.datetime | None
    in_danger: bool | None
    acute_measures: bool | None
    assessment_note: str
    receipt_sent_on: dt.date | None
    outcome: str
    outcome_on: dt.date | None


class RecordAssessmentOut(BaseModel):
    id: int
    need_known_on: dt.date
    started_on: dt.date
    child_development: str
    parenting_capacity: str
    family_and_network: str
    preliminary_on: dt.date | None
    preliminary_text: str
    finished_on: dt.date | None
    conclusion: str
    recommendation: str


class RecordTalkOut(BaseModel):
    id: int
    held_on: dt.date | None
    child_views: str
    not_held_on: dt.date | None
    not_held_reason: str


class RecordEpisodeOut(BaseModel):
    id: int
    step: int
    intervention_type: str
    provider_id: int
    start: dt.date
    planned_end: dt.date | None
    end: dt.date | None


class RecordDecisionOut(BaseModel):
    id: int
    decided_on: dt.date
    legal_basis: str
    legal_item: str
    acute: bool
    purpose: str
    expected_duration_months: int
    consent: bool | None
    child_talk_id: int | None
    episodes: list[RecordEpisodeOut]


class RecordAttendeeOut(BaseModel):
    kind: str
    name: str
    role: str
    person_id: int | None


class RecordMeetingOut(BaseModel):
    id: int
    held_on: dt.date
    family_chaired: bool
    summary: str
    attendees: list[RecordAttendeeOut]


class RecordGoalOut(BaseModel):
    id: int
    text: str
    target_on: dt.date | None
    achieved_on: dt.date | None


class RecordTaskOut(BaseModel):
    goal_id: int | None
    description: str
    responsible_kind: str
    responsible_name: str
    due_on: dt.date | None
    done_on: dt.date | None


class RecordPlanOut(BaseModel):
    id: int
    version: int
    meeting_id: int | None
    is_youth_plan: bool
    childs_words: str
    familys_words: str
    approved_on: dt.date | None
    goals: list[RecordGoalOut]
    tasks: list[RecordTaskOut]


class RecordFollowUpOut(BaseModel):
    id: int
    held_on: dt.date
    goals_moved: str
    decision: str
    note: str
    ended_episode_id: int | None = Field(None, description="A step-down: the episode it ended.")
    step_down_decision_id: int | None = Field(
        None, description="A step-down: the decision that started the lower step."
    )


class RecordScoreOut(BaseModel):
    dimension: str
    value: int


class RecordMeasurementOut(BaseModel):
    id: int
    instrument: str
    measured_on: dt.date
    follow_up_id: int | None
    scores: list[RecordScoreOut]


class RecordHandoverOut(BaseModel):
    on: dt.date
    from_worker_id: int
    to_worker_id: int
    reason: str
    note: str


class CaseRecordOut(BaseModel):
    case: CaseOut
    notifications: list[RecordNotificationOut]
    assessments: list[RecordAssessmentOut]
    child_talks: list[RecordTalkOut]
    decisions: list[RecordDecisionOut]
    network_meetings: list[RecordMeetingOut]
    plans: list[RecordPlanOut]
    follow_ups: list[RecordFollowUpOut]
    measurements: list[RecordMeasurementOut]
    handovers: list[RecordHandoverOut]
    earlier_case_ids: list[int]


def _measurement_out(m: Measurement) -> RecordMeasurementOut:
    return RecordMeasurementOut(
        id=m.pk,
        instrument=m.instrument.code,
        measured_on=m.measured_on,
        follow_up_id=m.follow_up_id,
        scores=[RecordScoreOut(dimension=s.dimension.code, value=s.value) for s in m.scores.all()],
    )


def record_out(
    entries: CaseRecord, measurements: list[Measurement], today: dt.date
) -> CaseRecordOut:
    """The record as JSON, every section in the page's order."""
    case = entries.case
    return CaseRecordOut(
        case=case_out(case, today, case_facts(case)),
        notifications=[
            RecordNotificationOut(
                id=n.pk,
                source=n.source,
                notifier=n.notifier,
                received_at=n.received_at,
                content=n.content,
                assessed_at=n.assessed_at,
                in_danger=n.in_danger,
                acute_measures=n.acute_measures,
                assessment_note=n.assessment_note,
                receipt_sent_on=n.receipt_sent_on,
                outcome=n.outcome,
                outcome_on=n.outcome_on,
            )
            for n in entries.notifications
        ],
        assessments=[
            RecordAssessmentOut(
                id=a.pk,
                need_known_on=a.need_known_on,
                started_on=a.started_on,
                child_development=a.child_development,
                parenting_capacity=a.parenting_capacity,
                family_and_network=a.family_and_network,
                preliminary_on=a.preliminary_on,
                preliminary_text=a.preliminary_text,
                finished_on=a.finished_on,
                conclusion=a.conclusion,
                recommendation=a.recommendation,
            )
            for a in entries.assessments
        ],
        child_talks=[
            RecordTalkOut(
                id=t.pk,
                held_on=t.held_on,
                child_views=t.child_views,
                not_held_on=t.not_held_on,
                not_held_reason=t.not_held_reason,
            )
            for t in entries.talks
        ],
        decisions=[
            RecordDecisionOut(
                id=d.pk,
                decided_on=d.decided_on,
                legal_basis=d.legal_basis,
                legal_item=d.legal_item,
                acute=d.acute,
                purpose=d.purpose,
                expected_duration_months=d.expected_duration_months,
                consent=d.consent,
                child_talk_id=d.child_talk_id,
                episodes=[
                    RecordEpisodeOut(
                        id=e.pk,
                        step=e.step.number,
                        intervention_type=e.intervention_type.code,
                        provider_id=e.provider_id,
                        start=e.start,
                        planned_end=e.planned_end,
                        end=e.end,
                    )
                    for e in d.episodes.all()
                ],
            )
            for d in entries.decisions
        ],
        network_meetings=[
            RecordMeetingOut(
                id=m.pk,
                held_on=m.held_on,
                family_chaired=m.family_chaired,
                summary=m.summary,
                attendees=[
                    RecordAttendeeOut(kind=a.kind, name=a.name, role=a.role, person_id=a.person_id)
                    for a in m.attendees.all()
                ],
            )
            for m in entries.meetings
        ],
        plans=[
            RecordPlanOut(
                id=p.pk,
                version=p.version,
                meeting_id=p.meeting_id,
                is_youth_plan=p.is_youth_plan,
                childs_words=p.childs_words,
                familys_words=p.familys_words,
                approved_on=p.approved_on,
                goals=[
                    RecordGoalOut(
                        id=g.pk, text=g.text, target_on=g.target_on, achieved_on=g.achieved_on
                    )
                    for g in p.goals.all()
                ],
                tasks=[
                    RecordTaskOut(
                        goal_id=t.goal_id,
                        description=t.description,
                        responsible_kind=t.responsible_kind,
                        responsible_name=t.responsible_name,
                        due_on=t.due_on,
                        done_on=t.done_on,
                    )
                    for t in p.tasks.all()
                ],
            )
            for p in entries.plans
        ],
        follow_ups=[
            RecordFollowUpOut(
                id=f.pk,
                held_on=f.held_on,
                goals_moved=f.goals_moved,
                decision=f.decision,
                note=f.note,
                ended_episode_id=f.ended_episode_id,
                step_down_decision_id=f.step_down_decision_id,
            )
            for f in entries.follow_ups
        ],
        measurements=[_measurement_out(m) for m in measurements],
        handovers=[
            RecordHandoverOut(
                on=h.on,
                from_worker_id=h.from_worker_id,
                to_worker_id=h.to_worker_id,
                reason=h.reason,
                note=h.note,
            )
            for h in entries.handovers
        ],
        earlier_case_ids=[c.pk for c in entries.earlier_cases],
    )


@router.get("/cases/{case_id}/record", response={200: CaseRecordOut, **READ})
def read_record(request: HttpRequest, case_id: Id) -> CaseRecordOut:
    """The whole record of a case you may read, the same entries as the case page; the read is
    audited as one READ of the child naming the case, as the page does."""
    case = get_case_for_user(request.user, case_id)
    audit.record(
        audit.EventType.READ,
        actor=request.user,
        child_id=case.child_id,
        obj=case,
        source=_source(request),
    )
    return record_out(case_record(case), case_measurements(case), timezone.localdate())
