"""Coordination operations: each validates, writes and audits in one transaction."""

from herningmodel.cases.services.errors import ConflictError
from herningmodel.coordination.services.family import (
    add_department_contact,
    give_consent,
    start_coordination,
    withdraw_consent,
)
from herningmodel.coordination.services.interventions import (
    end_intervention,
    record_family_wish_to_end,
    register_intervention,
)
from herningmodel.coordination.services.meetings import (
    DecisionData,
    MeetingData,
    record_network_meeting,
)
from herningmodel.coordination.services.plan import (
    ActionData,
    CommonPlanData,
    GoalData,
    record_movement,
    save_common_plan,
)
from herningmodel.coordination.services.prototypes import (
    PrototypeData,
    decide_prototype,
    decided_against,
    measure,
    reading,
    register_prototype,
)

__all__ = [
    "ActionData",
    "CommonPlanData",
    "ConflictError",
    "DecisionData",
    "GoalData",
    "MeetingData",
    "PrototypeData",
    "add_department_contact",
    "decide_prototype",
    "decided_against",
    "end_intervention",
    "give_consent",
    "measure",
    "record_family_wish_to_end",
    "record_movement",
    "record_network_meeting",
    "register_intervention",
    "reading",
    "register_prototype",
    "save_common_plan",
    "start_coordination",
    "withdraw_consent",
]
