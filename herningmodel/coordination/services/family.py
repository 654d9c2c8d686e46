"""Starting a coordination, naming department contacts, and the family's consent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User, role_of
from herningmodel.audit.models import EventType
from herningmodel.cases.services.errors import Errors, user_id
from herningmodel.coordination.access import households_in_reach
from herningmodel.coordination.models import (
    Consent,
    Department,
    DepartmentContact,
    FamilyCoordination,
)
from herningmodel.coordination.services.trail import family_event
from herningmodel.organisation.models import Role
from herningmodel.people.models import Household


def start_coordination(
    *,
    actor: User,
    household: Household,
    coordinator: User,
    started_on: dt.date,
    source: str,
) -> FamilyCoordination:
    errors = Errors()
    if role_of(coordinator) != Role.FAMILY_COORDINATOR:
        errors.add(
            "coordinator", _("The coordinator must be a family coordinator."), "not_coordinator"
        )
    errors.not_future("started_on", started_on, _("The date cannot be in the future."))
    if not households_in_reach(actor).filter(pk=household.pk).exists():
        errors.add(
            "household",
            _("You can only coordinate a family with a child in your area team."),
            "household_out_of_reach",
        )
    if FamilyCoordination.objects.filter(household=household, ended_on__isnull=True).exists():
        errors.add(
            "household", _("The family already has a family coordinator."), "already_coordinated"
        )
    errors.raise_if_any()
    with transaction.atomic():
        coordination = FamilyCoordination.objects.create(
            household=household, coordinator_id=user_id(coordinator), started_on=started_on
        )
        family_event(
            EventType.CREATE,
            coordination,
            coordination,
            actor=actor,
            source=source,
            coordinator=coordination.coordinator_id,
            started_on=started_on,
        )
    return coordination


def _check_open(errors: Errors, coordination: FamilyCoordination) -> None:
    if not coordination.is_open:
        errors.add("__all__", _("The coordination has ended."), "coordination_ended")


def _check_department(errors: Errors, department: str) -> None:
    if department not in Department.values:
        errors.add("department", _("Unknown department."), "invalid_choice")


def has_consent(coordination: FamilyCoordination, department: str, on: dt.date) -> bool:
    return coordination.consents.filter(Consent.active_q(on), department=department).exists()


def add_department_contact(
    *,
    actor: User,
    coordination: FamilyCoordination,
    department: str,
    name: str,
    staff: User | None = None,
    source: str,
) -> DepartmentContact:
    """Name a department's contact; the plan is shared with them, so consent comes first."""
    errors = Errors()
    _check_open(errors, coordination)
    _check_department(errors, department)
    if not name.strip():
        errors.add("name", _("This field is required."), "required")
    if department in Department.values and not has_consent(
        coordination, department, timezone.localdate()
    ):
        errors.add(
            "department",
            _("The family has not consented to sharing with this department."),
            "no_consent",
        )
    if coordination.contacts.filter(department=department).exists():
        errors.add("department", _("This department already has a contact."), "duplicate")
    errors.raise_if_any()
    with transaction.atomic():
        contact = DepartmentContact.objects.create(
            coordination=coordination,
            department=department,
            name=name.strip(),
            staff_id=user_id(staff) if staff is not None else None,
        )
        family_event(
            EventType.CREATE,
            coordination,
            contact,
            actor=actor,
            source=source,
            department=department,
            staff=contact.staff_id,
        )
    return contact


def give_consent(
    *,
    actor: User,
    coordination: FamilyCoordination,
    department: str,
    what: str,
    given_on: dt.date,
    until: dt.date | None = None,
    source: str,
) -> Consent:
    errors = Errors()
    _check_open(errors, coordination)
    _check_department(errors, department)
    if not what.strip():
        errors.add("what", _("Say what the family consents to sharing."), "required")
    errors.not_future("given_on", given_on, _("The date cannot be in the future."))
    if until is not None and until < given_on:
        errors.add("until", _("The consent cannot end before it was given."), "before_given")
    errors.raise_if_any()
    with transaction.atomic():
        consent = Consent.objects.create(
            coordination=coordination,
            department=department,
            what=what.strip(),
            given_on=given_on,
            until=until,
        )
        family_event(
            EventType.CREATE,
            coordination,
            consent,
            actor=actor,
            source=source,
            department=department,
            what=consent.what,
            given_on=given_on,
            until=until,
        )
    return consent


def withdraw_consent(*, actor: User, consent: Consent, source: str) -> Consent:
    """Withdrawing takes effect at once: access through this consent ends with this call."""
    errors = Errors()
    if consent.withdrawn_on is not None:
        errors.add("__all__", _("The consent is already withdrawn."), "already_withdrawn")
    errors.raise_if_any()
    with transaction.atomic():
        consent.withdrawn_on = timezone.localdate()
        consent.save(update_fields=["withdrawn_on"])
        family_event(
            EventType.UPDATE,
            consent.coordination,
            consent,
            actor=actor,
            source=source,
            department=consent.department,
            withdrawn_on=consent.withdrawn_on,
        )
    return consent
