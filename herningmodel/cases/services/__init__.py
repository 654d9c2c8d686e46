"""Case-work operations: each validates, writes and audits in one transaction.

Split by the step of the process; import the operations from here.
"""

from herningmodel.cases.services.casefile import close_case, hand_over, open_case
from herningmodel.cases.services.decisions import make_decision, record_plan_choice
from herningmodel.cases.services.errors import ConflictError
from herningmodel.cases.services.followup import record_follow_up
from herningmodel.cases.services.intake import (
    conclude_notification,
    receive_notification,
    record_acute_assessment,
    record_receipt,
)
from herningmodel.cases.services.investigation import (
    finish_assessment,
    record_child_talk,
    record_preliminary_assessment,
    start_assessment,
)
from herningmodel.cases.services.oversight import (
    draw_supervision,
    record_findings,
    write_handbook_entry,
)
from herningmodel.cases.services.planning import (
    AttendeeData,
    GoalData,
    PlanData,
    TaskData,
    hold_network_meeting,
    save_plan,
)
from herningmodel.cases.services.stepdown import StepDownData

__all__ = [
    "AttendeeData",
    "ConflictError",
    "GoalData",
    "PlanData",
    "TaskData",
    "close_case",
    "conclude_notification",
    "draw_supervision",
    "finish_assessment",
    "hand_over",
    "hold_network_meeting",
    "make_decision",
    "open_case",
    "receive_notification",
    "record_acute_assessment",
    "record_child_talk",
    "record_findings",
    "record_follow_up",
    "StepDownData",
    "record_plan_choice",
    "record_preliminary_assessment",
    "record_receipt",
    "save_plan",
    "start_assessment",
    "write_handbook_entry",
]
