"""Opening a case, handing it over, closing it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import Scope, User, role_of, scope_of, team_ids
from herningmodel.audit.models import EventType
from herningmodel.cases.models import Case, CaseStatus, ClosureReason, Handover, HandoverReason
from herningmodel.cases.models.case import REOPENING_WINDOW_DAYS
from herningmodel.cases.services.errors import ConflictError, Errors, audit_change, user_id
from herningmodel.organisation.models import Role
from herningmodel.people.models import Child
from herningmodel.validation import childhood_problem

# Health nurses and PPR psychologists work on cases but are never the responsible caseworker.
CARRYING_ROLES = frozenset({Role.CASEWORKER, Role.FAMILY_COORDINATOR, Role.TEAM_LEADER})


def can_carry(worker: User, team_id: int, on: dt.date | None = None) -> bool:
    """Whether a user may be the responsible caseworker for a case in this team."""
    if role_of(worker) not in CARRYING_ROLES:
        return False
    return scope_of(worker) is Scope.ALL or team_id in team_ids(worker, on)


def open_case(
    *, actor: User, child: Child, caseworker: User, opened_on: dt.date, source: str
) -> Case:
    errors = Errors()
    errors.not_future("opened_on", opened_on, _("A case cannot be opened in the future."))
    # The same rule as the import's (``validation``): a child's case, from up to ten months
    # before the birth (an unborn child) until the 23rd birthday.
    born = child.birth_date or child.expected_birth_date
    if problem := childhood_problem(opened_on, born=born, before_birth=True):
        errors.add("opened_on", problem[1], problem[0])
    if not can_carry(caseworker, child.area_team_id):
        errors.add(
            "caseworker",
            _("The caseworker must be a member of the child's area team."),
            "caseworker_not_in_team",
        )
    errors.raise_if_any()
    with transaction.atomic():
        # Lock the child so two people cannot open two cases for it at the same moment.
        Child.objects.select_for_update().filter(pk=child.pk).first()
        if Case.objects.filter(child=child, status=CaseStatus.OPEN).exists():
            errors.add("child", _("The child already has an open case."), "case_already_open")
            errors.raise_if_any()
        previous = (
            Case.objects.filter(child=child, status=CaseStatus.CLOSED)
            .order_by("-closed_on")
            .first()
        )
        reopens = None
        if previous is not None and previous.closed_on is not None:
            if opened_on < previous.closed_on:
                errors.add(
                    "opened_on",
                    _("The child's previous case was closed after this date."),
                    "overlaps_previous_case",
                )
                errors.raise_if_any()
            if (opened_on - previous.closed_on).days <= REOPENING_WINDOW_DAYS:
                reopens = previous
        case = Case.objects.create(
            child=child,
            area_team_id=child.area_team_id,
            district_id=child.district_id,
            caseworker_id=user_id(caseworker),
            opened_on=opened_on,
            reopens=reopens,
        )
        audit_change(
            EventType.CREATE,
            case,
            child.pk,
            actor=actor,
            source=source,
            opened_on=opened_on,
            caseworker=caseworker.pk,
            reopens=reopens,
        )
    return case


def hand_over(
    *,
    actor: User,
    case: Case,
    to_worker: User,
    on: dt.date,
    reason: str,
    note: str = "",
    source: str,
) -> Handover:
    errors = Errors()
    if not case.is_open:
        errors.add("__all__", _("A closed case cannot be handed over."), "case_closed")
    if reason not in HandoverReason.values:
        errors.add("reason", _("Choose a reason for the handover."), "invalid_choice")
    if to_worker.pk == case.caseworker_id:
        errors.add("to_worker", _("The case already has this caseworker."), "same_caseworker")
    elif not can_carry(to_worker, case.area_team_id, on):
        errors.add(
            "to_worker",
            _("The caseworker must be a member of the child's area team."),
            "caseworker_not_in_team",
        )
    if on < case.opened_on:
        errors.add("on", _("A handover cannot come before the case was opened."), "before_opened")
    errors.not_future("on", on, _("A handover cannot be recorded in the future."))
    last = case.handovers.order_by("-on").first()
    if last is not None and on < last.on:
        errors.add("on", _("A later handover is already recorded."), "before_last_handover")
    errors.raise_if_any()
    with transaction.atomic():
        handover = Handover.objects.create(
            case=case,
            on=on,
            from_worker_id=case.caseworker_id,
            to_worker_id=user_id(to_worker),
            reason=reason,
            note=note,
        )
        before = case.caseworker_id
        case.caseworker_id = user_id(to_worker)
        case.version += 1
        case.save(update_fields=["caseworker", "version"])
        audit_change(
            EventType.UPDATE,
            handover,
            case.child_id,
            actor=actor,
            source=source,
            caseworker=[before, to_worker.pk],
            reason=reason,
            on=on,
        )
    return handover


def close_case(
    *,
    actor: User,
    case: Case,
    closed_on: dt.date,
    reason: str,
    note: str = "",
    expected_version: int | None = None,
    source: str,
) -> Case:
    from herningmodel.cases.queries import open_episodes

    errors = Errors()
    if not case.is_open:
        errors.add("__all__", _("The case is already closed."), "case_closed")
    if reason not in ClosureReason.values:
        errors.add("reason", _("Choose a reason for closing the case."), "invalid_choice")
    if closed_on < case.opened_on:
        errors.add("closed_on", _("A case cannot close before it was opened."), "before_opened")
    errors.not_future("closed_on", closed_on, _("A case cannot be closed in the future."))
    if open_episodes(case).exists():
        errors.add(
            "__all__",
            _("End the child's open interventions before closing the case."),
            "open_interventions",
        )
    errors.raise_if_any()
    with transaction.atomic():
        current = Case.objects.select_for_update().filter(pk=case.pk).values("version").first()
        expected = case.version if expected_version is None else expected_version
        if current is None or current["version"] != expected:
            raise ConflictError
        case.status = CaseStatus.CLOSED
        case.closed_on = closed_on
        case.closure_reason = reason
        case.closure_note = note
        case.version = expected + 1
        case.save()
        audit_change(
            EventType.UPDATE,
            case,
            case.child_id,
            actor=actor,
            source=source,
            status=[CaseStatus.OPEN, CaseStatus.CLOSED],
            closed_on=closed_on,
            reason=reason,
        )
    return case
