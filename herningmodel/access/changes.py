"""One staff change named by its kind, as the staff page, ``/api/staff`` and the CLI send it.

The three parse their input into a ``Change`` and ``ChangeArgs`` and call ``make_change``,
which looks up the team, membership or group and calls the one service (access/staffing.py);
so which arguments each kind needs, and the errors when they are missing, are written once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.access import staffing
from herningmodel.access.policy import User
from herningmodel.organisation.models import AreaTeam, Discipline, StaffMember


class Change(enum.StrEnum):
    ROLE = "role"
    ADD_TEAM = "add_team"
    END_TEAM = "end_team"
    ADD_GROUP = "add_group"
    REMOVE_GROUP = "remove_group"
    ACTIVATE = "activate"
    DEACTIVATE = "deactivate"


LABELS = {
    Change.ROLE: gettext_lazy("Change role"),
    Change.ADD_TEAM: gettext_lazy("Add to a team"),
    Change.END_TEAM: gettext_lazy("End a team membership"),
    Change.ADD_GROUP: gettext_lazy("Add to a group"),
    Change.REMOVE_GROUP: gettext_lazy("Remove from a group"),
    Change.ACTIVATE: gettext_lazy("Activate the account"),
    Change.DEACTIVATE: gettext_lazy("Deactivate the account"),
}


@dataclass(frozen=True)
class ChangeArgs:
    role: str = ""
    team: int | None = None
    discipline: str = Discipline.AUTHORITY_SOCIAL_WORKER
    membership: int | None = None
    group: str = ""


def _required(field: str) -> ValidationError:
    return ValidationError({field: ValidationError(_("This field is required."), code="required")})


def _team(team_id: int | None) -> AreaTeam:
    if team_id is None:
        raise _required("team")
    team = AreaTeam.objects.filter(pk=team_id).first()
    if team is None:
        raise ValidationError(
            {"team": ValidationError(_("There is no such team."), code="invalid_choice")}
        )
    return team


def make_change(
    staff: StaffMember,
    change: Change,
    args: ChangeArgs,
    *,
    actor: User,
    reason: str,
    source: str,
) -> staffing.Outcome:
    if change is Change.ROLE:
        if not args.role:
            raise _required("role")
        return staffing.change_role(staff, args.role, actor=actor, reason=reason, source=source)
    if change is Change.ADD_TEAM:
        team = _team(args.team)
        return staffing.add_to_team(
            staff, team, discipline=args.discipline, actor=actor, reason=reason, source=source
        )
    if change is Change.END_TEAM:
        membership = (
            staff.memberships.filter(pk=args.membership).first() if args.membership else None
        )
        if membership is None:
            raise _required("membership")
        return staffing.end_membership(membership, actor=actor, reason=reason, source=source)
    if change in (Change.ADD_GROUP, Change.REMOVE_GROUP):
        if not args.group:
            raise _required("group")
        act = staffing.add_to_group if change is Change.ADD_GROUP else staffing.remove_from_group
        return act(staff, args.group, actor=actor, reason=reason, source=source)
    active = change is Change.ACTIVATE
    return staffing.set_active(staff, active, actor=actor, reason=reason, source=source)
