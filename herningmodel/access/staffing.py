"""Separation of duties: the one way a person's role, area teams, groups and activation change.

The staff page, ``/api/staff`` and ``herningmodel staff`` all call these functions, and the
Django admin shows these models read-only, so there is no second door. Every function

- refuses a change to the actor's own account (no one grants themselves access, or takes the
  DPO's oversight of it away),
- needs a reason, and records who, whom, before, after and the reason in the hash-chained
  audit trail (``STAFF_CHANGED``), in the same transaction as the change,
- and, for a grant that reaches every child (``policy.needs_second_person``: every team, every
  row in or out, the audit trail, access administration) or the research group, only files an
  ``AccessRequest`` that another administrator or the DPO approves (four eyes). The requester
  can never approve their own request.

Taking access away (a lower role, ending a membership, leaving a group, deactivation) needs no
second person: it happens at once, and ends the person's API tokens where it should.

With single sign-on the identity provider is the other actor: ``sso/provisioning.py`` makes the
provider's groups (through the mapping file) true at each log-in with the same primitives
below, recorded in the same ``STAFF_CHANGED`` events with the provider as the actor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from herningmodel.access import tokens
from herningmodel.access.models import AccessRequest, GrantKind, GrantOutcome
from herningmodel.access.policy import (
    FOUR_EYES_GROUPS,
    Perm,
    User,
    has_perm,
    needs_second_person,
)
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.organisation.models import (
    AreaTeam,
    Discipline,
    Role,
    StaffMember,
    TeamMembership,
)


class AccessRefused(PermissionDenied):
    """A change the actor may not make; ``code`` is stable, ``message`` translated."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Outcome:
    """Whether the change was made now, or waits for approval as ``request``."""

    applied: bool
    request: AccessRequest | None = None


def current_memberships(staff: StaffMember, on: dt.date | None = None) -> Any:
    day = on or timezone.localdate()
    return (
        staff.memberships.filter(start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related("team")
    )


def snapshot(staff: StaffMember) -> dict[str, Any]:
    """What the audit event records before and after: everything that decides access."""
    user = staff.user
    return {
        "role": staff.role,
        "active": user.is_active,
        "admin_site": user.is_staff,
        "teams": sorted(m.team.name for m in current_memberships(staff)),
        "groups": sorted(user.groups.values_list("name", flat=True)),
    }


def _refuse_unless_allowed(actor: User, staff: StaffMember | None, perm: Perm) -> None:
    if not has_perm(actor, perm):
        raise AccessRefused("forbidden", _("Your role cannot change staff access."))
    if staff is not None and staff.user_id == actor.pk:
        raise AccessRefused(
            "own_account",
            _("No one changes their own access. Ask another administrator."),
        )


def reason_text(reason: str, field: str = "reason") -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError(
            {field: ValidationError(_("Give a reason for the change."), code="required")}
        )
    if len(text) > 1000 or "\x00" in text:
        raise ValidationError(
            {field: ValidationError(_("The text is too long."), code="max_length")}
        )
    return text


def locked(staff: StaffMember) -> StaffMember:
    """The staff row locked for the change, so two administrators' changes do not interleave."""
    return StaffMember.objects.select_for_update().select_related("user").get(pk=staff.pk)


def record_change(
    staff: StaffMember,
    change: str,
    before: dict[str, Any],
    *,
    actor: User | None,
    reason: str,
    source: str,
    extra: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> None:
    after = snapshot(staff)
    audit.record(
        EventType.STAFF_CHANGED,
        actor=actor,
        actor_label=actor_label,
        obj=staff,
        source=source,
        changes={
            "staff": staff.user.get_username(),
            "change": change,
            "before": before,
            "after": after,
            "reason": reason,
            **(extra or {}),
        },
    )


def _request(
    staff: StaffMember, kind: GrantKind, value: str, *, actor: User, reason: str, source: str
) -> Outcome:
    pending = AccessRequest.objects.filter(
        staff=staff, kind=kind, value=value, outcome=GrantOutcome.PENDING
    )
    if pending.exists():
        raise ValidationError(
            _("The same grant is already waiting for approval."), code="already_requested"
        )
    request = AccessRequest.objects.create(
        staff=staff,
        kind=kind,
        value=value,
        reason=reason,
        requested_by=actor,  # type: ignore[misc]
    )
    audit.record(
        EventType.ACCESS_REQUESTED,
        actor=actor,
        obj=request,
        source=source,
        changes={
            "staff": staff.user.get_username(),
            "change": str(kind),
            "value": value,
            "before": snapshot(staff),
            "reason": reason,
        },
    )
    return Outcome(applied=False, request=request)


# ---- applying a change (after every check, inside the transaction) -------------------------


def apply_role(staff: StaffMember, role: Role, *, actor: User | None, source: str) -> None:
    staff.role = role
    staff.save(update_fields=["role"])
    user = staff.user
    # The Django admin (configuration) is for administrators only.
    if user.is_staff != (role == Role.ADMINISTRATOR):
        user.is_staff = role == Role.ADMINISTRATOR
        user.save(update_fields=["is_staff"])
    tokens.revoke_tokens_of(
        user,
        because=tokens.Revocation.ROLE_CHANGED,
        actor=actor,
        source=source,
        keep_role=str(role),
    )


def apply_group(staff: StaffMember, name: str) -> None:
    group, _created = Group.objects.get_or_create(name=name)
    staff.user.groups.add(group)


def apply_active(staff: StaffMember, active: bool, *, actor: User | None, source: str) -> None:
    user = staff.user
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        tokens.revoke_tokens_of(
            user, because=tokens.Revocation.DEACTIVATED, actor=actor, source=source
        )


# ---- the changes ---------------------------------------------------------------------------


def enrol(user: AbstractBaseUser, role: str, *, actor: User, reason: str, source: str) -> Outcome:
    """Give a user account (made in the admin, without any access) its staff record and a
    role. A role that needs a second person is requested after enrolling with another."""
    if has_perm(actor, Perm.ADMINISTER_STAFF) and user.pk == actor.pk:
        raise AccessRefused(
            "own_account", _("No one changes their own access. Ask another administrator.")
        )
    _refuse_unless_allowed(actor, None, Perm.ADMINISTER_STAFF)
    text = reason_text(reason)
    chosen = _role(role)
    if needs_second_person(chosen):
        raise ValidationError(
            {
                "role": ValidationError(
                    _("Enrol with a role without wide access first, then request this one."),
                    code="four_eyes_role",
                )
            }
        )
    with transaction.atomic():
        if StaffMember.objects.filter(user_id=user.pk).exists():
            raise ValidationError(_("This user is already staff."), code="already_staff")
        staff = StaffMember.objects.create(user=user, role=chosen)  # type: ignore[misc]
        before: dict[str, Any] = {"role": None, "active": user.is_active, "teams": [], "groups": []}
        record_change(staff, "enrol", before, actor=actor, reason=text, source=source)
    return Outcome(applied=True)


def _role(value: str) -> Role:
    if value not in Role.values:
        raise ValidationError(
            {"role": ValidationError(_("Choose one of the roles."), code="invalid_choice")}
        )
    return Role(value)


def change_role(staff: StaffMember, role: str, *, actor: User, reason: str, source: str) -> Outcome:
    _refuse_unless_allowed(actor, staff, Perm.ADMINISTER_STAFF)
    text = reason_text(reason)
    chosen = _role(role)
    with transaction.atomic():
        staff = locked(staff)
        if staff.role == chosen:
            raise ValidationError(
                {"role": ValidationError(_("The person already has this role."), code="unchanged")}
            )
        if needs_second_person(chosen):
            return _request(
                staff, GrantKind.ROLE, str(chosen), actor=actor, reason=text, source=source
            )
        before = snapshot(staff)
        apply_role(staff, chosen, actor=actor, source=source)
        record_change(staff, "role", before, actor=actor, reason=text, source=source)
    return Outcome(applied=True)


def add_to_team(
    staff: StaffMember,
    team: AreaTeam,
    *,
    discipline: str,
    start: dt.date | None = None,
    actor: User,
    reason: str,
    source: str,
) -> Outcome:
    _refuse_unless_allowed(actor, staff, Perm.ADMINISTER_STAFF)
    text = reason_text(reason)
    if discipline not in Discipline.values:
        raise ValidationError(
            {
                "discipline": ValidationError(
                    _("Choose one of the disciplines."), code="invalid_choice"
                )
            }
        )
    day = start or timezone.localdate()
    with transaction.atomic():
        staff = locked(staff)
        if current_memberships(staff, day).filter(team=team).exists():
            raise ValidationError(
                {"team": ValidationError(_("Already a member of this team."), code="unchanged")}
            )
        before = snapshot(staff)
        TeamMembership.objects.create(staff=staff, team=team, discipline=discipline, start=day)
        record_change(staff, "add_team", before, actor=actor, reason=text, source=source)
    return Outcome(applied=True)


def ending_day(membership: TeamMembership) -> dt.date:
    """The last day of a membership ended now: yesterday, or today for one that began today."""
    return max(timezone.localdate() - dt.timedelta(days=1), membership.start)


def end_membership(
    membership: TeamMembership,
    *,
    end: dt.date | None = None,
    actor: User,
    reason: str,
    source: str,
) -> Outcome:
    """End a team membership with ``end`` as its last day; by default it ends now (yesterday
    was its last day, or today for one that began today). The ended row keeps the history."""
    staff = membership.staff
    _refuse_unless_allowed(actor, staff, Perm.ADMINISTER_STAFF)
    text = reason_text(reason)
    with transaction.atomic():
        staff = locked(staff)
        membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
        day = end or ending_day(membership)
        if membership.end is not None and membership.end <= day:
            raise ValidationError(
                {"team": ValidationError(_("The membership has already ended."), code="unchanged")}
            )
        if day < membership.start:
            raise ValidationError(
                {"end": ValidationError(_("The end is before the start."), code="end_before_start")}
            )
        before = snapshot(staff)
        membership.end = day
        membership.save(update_fields=["end"])
        record_change(
            staff,
            "end_team",
            before,
            actor=actor,
            reason=text,
            source=source,
            extra={"team": membership.team.name, "end": day.isoformat()},
        )
    return Outcome(applied=True)


def add_to_group(
    staff: StaffMember, group: str, *, actor: User, reason: str, source: str
) -> Outcome:
    _refuse_unless_allowed(actor, staff, Perm.ADMINISTER_STAFF)
    text = reason_text(reason)
    if group not in FOUR_EYES_GROUPS and not Group.objects.filter(name=group).exists():
        raise ValidationError(
            {"group": ValidationError(_("There is no such group."), code="invalid_choice")}
        )
    with transaction.atomic():
        staff = locked(staff)
        if staff.user.groups.filter(name=group).exists():
            raise ValidationError(
                {"group": ValidationError(_("Already a member of this group."), code="unchanged")}
            )
        if group in FOUR_EYES_GROUPS:
            return _request(staff, GrantKind.GROUP, group, actor=actor, reason=text, source=source)
        before = snapshot(staff)
        apply_group(staff, group)
        record_change(staff, "add_group", before, actor=actor, reason=text, source=source)
    return Outcome(applied=True)


def remove_from_group(
    staff: StaffMember, group: str, *, actor: User, reason: str, source: str
) -> Outcome:
    _refuse_unless_allowed(actor, staff, Perm.ADMINISTER_STAFF)
    text = reason_text(reason)
    with transaction.atomic():
        staff = locked(staff)
        found = staff.user.groups.filter(name=group).first()
        if found is None:
            raise ValidationError(
                {"group": ValidationError(_("Not a member of this group."), code="unchanged")}
            )
        before = snapshot(staff)
        staff.user.groups.remove(found)
        record_change(staff, "remove_group", before, actor=actor, reason=text, source=source)
    return Outcome(applied=True)


def set_active(
    staff: StaffMember, active: bool, *, actor: User, reason: str, source: str
) -> Outcome:
    """Deactivate at once; activating a role that needs a second person is a request."""
    _refuse_unless_allowed(actor, staff, Perm.ADMINISTER_STAFF)
    text = reason_text(reason)
    with transaction.atomic():
        staff = locked(staff)
        if staff.user.is_active == active:
            raise ValidationError(
                {"active": ValidationError(_("Nothing to change."), code="unchanged")}
            )
        if active and needs_second_person(Role(staff.role)):
            return _request(staff, GrantKind.ACTIVATE, "", actor=actor, reason=text, source=source)
        before = snapshot(staff)
        apply_active(staff, active, actor=actor, source=source)
        change = "activate" if active else "deactivate"
        record_change(staff, change, before, actor=actor, reason=text, source=source)
    return Outcome(applied=True)
