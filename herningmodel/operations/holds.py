"""Legal holds: the DPO keeps a child's data past its retention period (a complaint, a court
case, an inquiry from the Ombudsman). Placing and lifting are audited."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from herningmodel.access.policy import Perm, User, has_perm
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.operations.models import LegalHold
from herningmodel.people.models import Child


class HoldRefused(Exception):
    pass


def place_hold(child_id: int, *, reason: str, actor: User) -> LegalHold:
    if not has_perm(actor, Perm.VIEW_AUDIT):
        raise HoldRefused("Only the data-protection officer places legal holds.")
    if not reason.strip():
        raise HoldRefused("Give the reason for the hold.")
    child = Child.objects.filter(pk=child_id).first()
    if child is None:
        raise HoldRefused(f"No child {child_id}.")
    try:
        with transaction.atomic():
            hold = LegalHold.objects.create(
                child=child,
                reason=reason.strip(),
                placed_by=actor,  # type: ignore[misc]  # an authenticated user (has_perm above)
                placed_at=timezone.now(),
            )
            audit.record(
                EventType.CREATE,
                actor=actor,
                child_id=child.pk,
                obj=hold,
                source="cli:retention hold",
                changes={"legal_hold": "placed"},
            )
    except IntegrityError as exc:
        raise HoldRefused(f"Child {child_id} is already under a legal hold.") from exc
    return hold


def lift_hold(child_id: int, *, actor: User) -> LegalHold:
    if not has_perm(actor, Perm.VIEW_AUDIT):
        raise HoldRefused("Only the data-protection officer lifts legal holds.")
    with transaction.atomic():
        hold = (
            LegalHold.objects.select_for_update()
            .filter(child_id=child_id, lifted_at__isnull=True)
            .first()
        )
        if hold is None:
            raise HoldRefused(f"Child {child_id} has no legal hold.")
        hold.lifted_at = timezone.now()
        hold.save(update_fields=["lifted_at"])
        audit.record(
            EventType.UPDATE,
            actor=actor,
            child_id=child_id,
            obj=hold,
            source="cli:retention release",
            changes={"legal_hold": "lifted"},
        )
    return hold
