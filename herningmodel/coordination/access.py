"""Need-to-know access to a family's coordination.

The family coordinator sees everything of their coordination. A department's contact person
sees the common plan and their own department's actions, and only while the family's consent
to share with that department is active: withdrawing it removes access at once. Everyone else
gets 404, for "missing" and "not yours" alike, so that a family's coordination does not leak.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from herningmodel.access.lookups import children_for_user
from herningmodel.access.policy import User, role_of
from herningmodel.coordination.models import (
    Consent,
    DepartmentContact,
    FamilyCoordination,
    OwnerKind,
    PlanAction,
    PlanDecision,
    RunningIntervention,
)
from herningmodel.organisation.models import Role
from herningmodel.people.models import Household


@dataclass(frozen=True)
class Sight:
    """What one user may see of one coordination."""

    coordination: FamilyCoordination
    is_coordinator: bool
    departments: frozenset[str]  # the departments the user speaks for, with active consent

    def sees_action(self, action: PlanAction) -> bool:
        if self.is_coordinator:
            return True
        return action.owner_kind == OwnerKind.DEPARTMENT and action.department in self.departments

    def sees_decision(self, decision: PlanDecision) -> bool:
        """Decisions about goals are the plan itself; decisions about actions follow the action."""
        if self.is_coordinator or not decision.is_about_action:
            return True
        return (
            decision.owner_kind == OwnerKind.DEPARTMENT and decision.department in self.departments
        )

    def sees_intervention(self, intervention: RunningIntervention) -> bool:
        # Ending an intervention is a decision visible to all departments on the plan.
        return (
            self.is_coordinator
            or intervention.department in self.departments
            or not intervention.is_running
        )


def households_in_reach(user: User) -> QuerySet[Household]:
    """Families a family coordinator may start coordinating: those with a child in their reach."""
    if role_of(user) != Role.FAMILY_COORDINATOR:
        return Household.objects.none()
    return Household.objects.filter(children__in=children_for_user(user, write=True)).distinct()


def consented_departments(coordination: FamilyCoordination, on: dt.date) -> set[str]:
    return set(
        coordination.consents.filter(Consent.active_q(on)).values_list("department", flat=True)
    )


def contact_departments(user: User, coordination: FamilyCoordination, on: dt.date) -> set[str]:
    """The departments this user is the contact for, where the family's consent is active."""
    if not user.is_authenticated:
        return set()
    mine = set(
        DepartmentContact.objects.filter(coordination=coordination, staff_id=user.pk).values_list(
            "department", flat=True
        )
    )
    return mine & consented_departments(coordination, on) if mine else set()


def coordinations_for_user(user: User, on: dt.date | None = None) -> QuerySet[FamilyCoordination]:
    if not user.is_authenticated or not user.is_active:
        return FamilyCoordination.objects.none()
    day = on or timezone.localdate()
    # One filter() call, so the contact and the consent are about the same department.
    as_contact = FamilyCoordination.objects.filter(
        Q(contacts__staff_id=user.pk, consents__department=F("contacts__department"))
        & Consent.active_q(day, prefix="consents__")
    )
    return FamilyCoordination.objects.filter(
        Q(coordinator_id=user.pk) | Q(pk__in=as_contact.values("pk"))
    )


def get_sight_for_user(user: User, coordination_id: int, *, write: bool = False) -> Sight:
    """The coordination with what the user may see of it; 404 if missing or not theirs.

    ``write`` asks for the coordinator's rights: only the coordinator changes the plan.
    """
    coordination = (
        FamilyCoordination.objects.select_related("household", "coordinator")
        .filter(pk=coordination_id)
        .first()
    )
    if coordination is None or not user.is_authenticated or not user.is_active:
        raise Http404("No such coordination.")
    is_coordinator = coordination.coordinator_id == user.pk
    departments = contact_departments(user, coordination, timezone.localdate())
    if not is_coordinator and (write or not departments):
        raise Http404("No such coordination.")
    return Sight(coordination, is_coordinator, frozenset(departments))
