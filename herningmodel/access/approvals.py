"""The second pair of eyes: approving or rejecting a grant another administrator requested.

An approver is another administrator or the DPO (``Perm.APPROVE_ACCESS``), never the person
who asked, and never the person the grant is for. Approval applies the grant through the same
code as a direct change (access/staffing.py) and records one ``STAFF_CHANGED`` event naming
both people; a rejection records ``ACCESS_REJECTED``. The requester may withdraw their own
request (a rejection by them).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from herningmodel.access import staffing
from herningmodel.access.models import AccessRequest, GrantKind, GrantOutcome
from herningmodel.access.policy import Perm, User, has_perm
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.organisation.models import Role


def pending() -> list[AccessRequest]:
    return list(
        AccessRequest.objects.filter(outcome=GrantOutcome.PENDING).select_related(
            "staff__user", "requested_by"
        )
    )


def _may_decide(request: AccessRequest, actor: User) -> None:
    if not has_perm(actor, Perm.APPROVE_ACCESS):
        raise staffing.AccessRefused("forbidden", _("Your role cannot approve access."))
    if request.staff.user_id == actor.pk:
        raise staffing.AccessRefused(
            "own_account", _("No one changes their own access. Ask another administrator.")
        )


def _locked_pending(request: AccessRequest) -> AccessRequest:
    locked = (
        AccessRequest.objects.select_for_update()
        .select_related("staff__user", "requested_by")
        .get(pk=request.pk)
    )
    if locked.outcome != GrantOutcome.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    return locked


def approve(request: AccessRequest, *, actor: User, source: str) -> None:
    _may_decide(request, actor)
    if request.requested_by_id == actor.pk:
        raise staffing.AccessRefused(
            "same_person", _("The person who asked for a grant cannot approve it.")
        )
    with transaction.atomic():
        request = _locked_pending(request)
        staff = staffing.locked(request.staff)
        before = staffing.snapshot(staff)
        if request.kind == GrantKind.ROLE:
            staffing.apply_role(staff, Role(request.value), actor=actor, source=source)
        elif request.kind == GrantKind.GROUP:
            staffing.apply_group(staff, request.value)
        else:
            staffing.apply_active(staff, True, actor=actor, source=source)
        request.outcome = GrantOutcome.APPROVED
        request.decided_by = actor  # type: ignore[assignment]
        request.decided_at = timezone.now()
        request.save(update_fields=["outcome", "decided_by", "decided_at"])
        staffing.record_change(
            staff,
            str(request.kind),
            before,
            actor=actor,
            reason=request.reason,
            source=source,
            extra={
                "request": request.pk,
                "requested_by": request.requested_by.get_username(),
                "approved_by": actor.get_username(),
            },
        )


def reject(request: AccessRequest, *, actor: User, note: str, source: str) -> None:
    if request.requested_by_id != actor.pk:
        _may_decide(request, actor)
    text = staffing.reason_text(note, "note")
    with transaction.atomic():
        request = _locked_pending(request)
        request.outcome = GrantOutcome.REJECTED
        request.decided_by = actor  # type: ignore[assignment]
        request.decided_at = timezone.now()
        request.decision_note = text
        request.save(update_fields=["outcome", "decided_by", "decided_at", "decision_note"])
        audit.record(
            EventType.ACCESS_REJECTED,
            actor=actor,
            obj=request,
            source=source,
            changes={
                "staff": request.staff.user.get_username(),
                "change": str(request.kind),
                "value": request.value,
                "requested_by": request.requested_by.get_username(),
                "note": text,
            },
        )
