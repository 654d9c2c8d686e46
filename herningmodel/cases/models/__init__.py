"""Case work models, split by the step of the process they record."""

from herningmodel.cases.models.assessment import Assessment, ChildTalk
from herningmodel.cases.models.case import Case, CaseStatus, ClosureReason, Handover, HandoverReason
from herningmodel.cases.models.decision import Decision, LegalBasis
from herningmodel.cases.models.followup import FollowUp, FollowUpDecision, GoalMovement
from herningmodel.cases.models.intake import Notification, NotificationOutcome, NotificationSource
from herningmodel.cases.models.oversight import (
    ChecklistItem,
    HandbookEntry,
    ProcessStep,
    Supervision,
    SupervisionFinding,
)
from herningmodel.cases.models.plan import (
    AttendeeKind,
    Goal,
    MeetingAttendee,
    NetworkMeeting,
    Plan,
    Task,
)

__all__ = [
    "Assessment",
    "AttendeeKind",
    "Case",
    "CaseStatus",
    "ChecklistItem",
    "ChildTalk",
    "ClosureReason",
    "Decision",
    "FollowUp",
    "FollowUpDecision",
    "Goal",
    "GoalMovement",
    "HandbookEntry",
    "Handover",
    "HandoverReason",
    "LegalBasis",
    "MeetingAttendee",
    "NetworkMeeting",
    "Notification",
    "NotificationOutcome",
    "NotificationSource",
    "Plan",
    "ProcessStep",
    "Supervision",
    "SupervisionFinding",
    "Task",
]
