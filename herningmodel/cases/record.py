"""The case record (sagsakten): everything recorded on one case, section by section.

Shared by the case page and ``GET /api/cases/{id}/record``, so both show the same entries in
the same order. The caller has already checked access to the case and recorded the read of the
child (one READ event naming the case, as for the case itself).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from herningmodel.cases.models import (
    Assessment,
    Case,
    CaseStatus,
    ChildTalk,
    Decision,
    FollowUp,
    Handover,
    NetworkMeeting,
    Notification,
    Plan,
)
from herningmodel.cases.queries import load_case_history
from herningmodel.progress.models import Measurement, Score


@dataclass(frozen=True)
class CaseRecord:
    """One case's entries; each list in the order the page shows it."""

    case: Case
    notifications: list[Notification]
    assessments: list[Assessment]
    talks: list[ChildTalk]
    decisions: list[Decision]
    meetings: list[NetworkMeeting]
    plans: list[Plan]
    follow_ups: list[FollowUp]
    handovers: list[Handover]
    # Lazy: the page passes it on without listing it, so it costs a query only where it is read.
    earlier_cases: QuerySet[Case]


def earlier_cases(case: Case) -> QuerySet[Case]:
    """The child's other, closed cases: a re-notified child's history starts there."""
    return (
        Case.objects.filter(child_id=case.child_id)
        .exclude(pk=case.pk)
        .filter(status=CaseStatus.CLOSED)
    )


def case_record(case: Case) -> CaseRecord:
    """Read the whole record of a case in a fixed number of queries.

    ``load_case_history`` prefetches what the deadline rules read too (notifications,
    assessments, decisions with their interventions, plans with goals and tasks, follow-ups),
    so the page computes its deadlines from the same rows it lists.
    """
    load_case_history(case)
    return CaseRecord(
        case=case,
        notifications=list(case.notifications.all()),
        assessments=list(case.assessments.all()),
        talks=list(case.child_talks.all()),
        decisions=list(case.decisions.all()),
        meetings=list(case.network_meetings.prefetch_related("attendees")),
        plans=list(case.plans.all()),
        follow_ups=list(case.follow_ups.all()),
        handovers=list(case.handovers.select_related("from_worker", "to_worker")),
        earlier_cases=earlier_cases(case),
    )


def case_measurements(case: Case) -> list[Measurement]:
    """The progression measurements recorded on this case with their scores: the points of the
    case page's progression charts that belong to the case (the charts draw the child's)."""
    return list(
        Measurement.objects.filter(case=case)
        .select_related("instrument")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("dimension")))
    )
