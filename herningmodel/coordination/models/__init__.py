"""Coordination models, split by topic: who is involved, the common plan, what is running."""

from herningmodel.coordination.models.family import (
    Consent,
    Department,
    DepartmentContact,
    FamilyCoordination,
)
from herningmodel.coordination.models.intervention import RunningIntervention
from herningmodel.coordination.models.meeting import DecisionKind, NetworkMeeting, PlanDecision
from herningmodel.coordination.models.plan import (
    CommonPlan,
    CoreTask,
    MovementScore,
    OwnerKind,
    PlanAction,
    PlanGoal,
)
from herningmodel.coordination.models.prototype import Prototype, PrototypeDecision

__all__ = [
    "CommonPlan",
    "Consent",
    "CoreTask",
    "DecisionKind",
    "Department",
    "DepartmentContact",
    "FamilyCoordination",
    "MovementScore",
    "NetworkMeeting",
    "OwnerKind",
    "PlanAction",
    "PlanDecision",
    "PlanGoal",
    "Prototype",
    "PrototypeDecision",
    "RunningIntervention",
]
