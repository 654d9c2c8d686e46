"""The identity provider says so: a person's account, role, area teams and research-group
membership made to match what the provider's groups give them (``mapping.Entitlement``).

This is the staffing service's entry point for the provider (see access/staffing.py): the same
primitives, the same ``STAFF_CHANGED`` events in the hash chain, with the provider as the actor
(``actor_label`` names its issuer) and a reason that names the provider and the group claim it
sent. Nobody's own claims decide anything: only mapped groups in a token the provider signed,
and a wide-access grant only where the mapping file says ``wide_access = true``.

At each log-in:
- no mapped group: an existing account is deactivated at once (its API tokens end), a new one
  is never made, and the log-in is refused;
- a deactivated account stays deactivated (an administrator may have had a reason): refused;
- otherwise the account is made if new, and the role, teams and research group are set to the
  mapping's; whatever the mapping no longer gives ends now (role lowered, membership ended,
  group left, tokens of the old role revoked).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from herningmodel.access import staffing
from herningmodel.access.policy import RESEARCH_GROUP
from herningmodel.access.sso.mapping import Entitlement
from herningmodel.organisation.models import AreaTeam, StaffMember, TeamMembership

SOURCE = "sso:oidc"


class Refusal(enum.StrEnum):
    NO_MAPPED_GROUP = "no_mapped_group"
    DEACTIVATED = "deactivated"
    UNKNOWN_TEAM = "unknown_team"
    ASSURANCE = "assurance_too_low"
    NO_IDENTITY = "no_identity"


class LoginRefused(Exception):
    def __init__(self, code: Refusal, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ProviderSays:
    """Who the provider says logged in, and what it said about them."""

    provider: str  # the issuer
    username: str
    groups: tuple[str, ...]
    claim: str  # the name of the group claim
    profile: dict[str, str]  # email, first_name, last_name

    def reason(self, entitlement: Entitlement) -> str:
        return (
            f"The identity provider {self.provider} says so at log-in: "
            f"claim {self.claim!r} = {list(self.groups)!r}; "
            f"mapped groups {list(entitlement.groups)!r}."
        )


class _Change:
    """Records each change to one staff member with the provider as the actor."""

    def __init__(self, says: ProviderSays, entitlement: Entitlement) -> None:
        self.label = f"identity provider {says.provider}"[:150]
        self.reason = says.reason(entitlement)[:1000]

    def record(self, staff: StaffMember, change: str, before: dict[str, Any], **extra: Any) -> None:
        staffing.record_change(
            staff,
            change,
            before,
            actor=None,
            actor_label=self.label,
            reason=self.reason,
            source=SOURCE,
            extra=extra or None,
        )


def follow_provider(says: ProviderSays, entitlement: Entitlement) -> AbstractBaseUser:
    """The user, made to match ``entitlement``; raises ``LoginRefused`` (after committing a
    deactivation, which must stand even though the log-in fails)."""
    with transaction.atomic():
        refusal = _follow(says, entitlement)
    if isinstance(refusal, LoginRefused):
        raise refusal
    return refusal


def _follow(says: ProviderSays, entitlement: Entitlement) -> AbstractBaseUser | LoginRefused:
    users = get_user_model().objects.select_for_update()
    user = users.filter(username=says.username).first()
    change = _Change(says, entitlement)
    staff = StaffMember.objects.filter(user=user).first() if user is not None else None
    if entitlement.role is None:
        if staff is not None and user is not None and user.is_active:
            staff = staffing.locked(staff)
            before = staffing.snapshot(staff)
            staffing.apply_active(staff, False, actor=None, source=SOURCE)
            change.record(staff, "deactivate", before)
        return LoginRefused(
            Refusal.NO_MAPPED_GROUP,
            _("Your groups at the identity provider give no access to Herningmodel."),
        )
    teams = {t.name: t for t in AreaTeam.objects.filter(name__in=entitlement.teams)}
    unknown = sorted(set(entitlement.teams) - set(teams))
    if unknown:
        return LoginRefused(
            Refusal.UNKNOWN_TEAM,
            _("The group mapping names an area team that does not exist: %(teams)s.")
            % {"teams": ", ".join(unknown)},
        )
    if user is None:
        user = get_user_model().objects.create_user(says.username, **says.profile)
    elif not user.is_active:
        return LoginRefused(
            Refusal.DEACTIVATED,
            _("Your account is deactivated. Ask an administrator."),
        )
    _update_profile(user, says.profile)
    if staff is None:
        staff = StaffMember.objects.create(user=user, role=entitlement.role)
        empty: dict[str, Any] = {"role": None, "active": True, "teams": [], "groups": []}
        change.record(staff, "enrol", empty)
    staff = staffing.locked(staff)
    if staff.role != entitlement.role:
        before = staffing.snapshot(staff)
        staffing.apply_role(staff, entitlement.role, actor=None, source=SOURCE)
        change.record(staff, "role", before)
    _follow_teams(staff, entitlement, teams, change)
    _follow_research(staff, entitlement, change)
    return user


def _update_profile(user: Any, profile: dict[str, str]) -> None:
    changed = [name for name, value in profile.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, profile[name])
    if changed:
        user.save(update_fields=changed)


def _follow_teams(
    staff: StaffMember, entitlement: Entitlement, teams: dict[str, AreaTeam], change: _Change
) -> None:
    if not entitlement.manages_teams:
        return
    current = {m.team.name: m for m in staffing.current_memberships(staff)}
    for name, discipline in entitlement.teams.items():
        if name not in current:
            before = staffing.snapshot(staff)
            TeamMembership.objects.create(
                staff=staff, team=teams[name], discipline=discipline, start=timezone.localdate()
            )
            change.record(staff, "add_team", before, team=name)
    for name, membership in current.items():
        if name not in entitlement.teams:
            before = staffing.snapshot(staff)
            day = staffing.ending_day(membership)
            membership.end = day
            membership.save(update_fields=["end"])
            change.record(staff, "end_team", before, team=name, end=day.isoformat())


def _follow_research(staff: StaffMember, entitlement: Entitlement, change: _Change) -> None:
    if not entitlement.manages_research:
        return
    member = staff.user.groups.filter(name=RESEARCH_GROUP).first()
    if entitlement.research and member is None:
        before = staffing.snapshot(staff)
        staffing.apply_group(staff, RESEARCH_GROUP)
        change.record(staff, "add_group", before)
    elif not entitlement.research and member is not None:
        before = staffing.snapshot(staff)
        staff.user.groups.remove(member)
        change.record(staff, "remove_group", before)
