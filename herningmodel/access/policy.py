"""The one permission policy of the product: which role may do what, over which teams.

A permission is a named codename; a role grants a set of them. Scope says over which area
teams a user's case permissions reach: a caseworker's own teams, a team leader's teams,
everything for a department manager. Roles without case access (controller, politician, DPO,
administrator) never reach personal data through this module.
"""

from __future__ import annotations

import datetime as dt
import enum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from herningmodel.organisation.models import Role, StaffMember, TeamMembership


class Perm(enum.StrEnum):
    VIEW_CHILD = "child.view"
    CHANGE_CHILD = "child.change"
    VIEW_CPR = "child.view_cpr"
    VIEW_TEAM_CASELOAD = "team.view_caseload"
    VIEW_AGGREGATES = "aggregates.view"
    VIEW_COSTS = "costs.view"
    VIEW_AUDIT = "audit.view"
    CONFIGURE = "configuration.change"
    VIEW_CATALOGUE = "catalogue.view"
    CHANGE_PRICES = "prices.change"
    USE_API_TOKEN = "api.token"  # noqa: S105 - a permission name, not a secret
    SUPERVISE = "cases.supervise"
    EDIT_HANDBOOK = "handbook.change"
    # Granted to no role: only to users the DPO approved, by membership of the group
    # ``evaluation.extract.RESEARCH_GROUP`` (see evaluation/extract.py and docs/evaluation.md).
    RESEARCH_EXTRACT = "research.extract"
    # Loading other systems' extracts and taking every row back out (interchange): the IT
    # administrator who migrates the municipality's data. Both touch every child's data, so no
    # role that works with cases or aggregates has them; every run is audited.
    IMPORT_DATA = "data.import"
    EXPORT_DATA = "data.export"
    # Separation of duties (access/staffing.py): the administrator changes others' roles, teams,
    # groups and activation; a grant that reaches every child also needs an approver, who is
    # another administrator or the DPO.
    ADMINISTER_STAFF = "staff.change"
    APPROVE_ACCESS = "staff.approve"


#: The group whose members have ``Perm.RESEARCH_EXTRACT`` (see evaluation/extract.py).
RESEARCH_GROUP = "Research extract (DPO-approved)"


class Scope(enum.Enum):
    NONE = "none"
    OWN_TEAMS = "own_teams"
    ALL = "all"


_CASE_WORK = {Perm.VIEW_CHILD, Perm.CHANGE_CHILD, Perm.VIEW_CPR, Perm.USE_API_TOKEN}
# Those who choose interventions (caseworkers, family coordinators) see the catalogue and its
# prices, as do those who steer and pay for them.
_CHOOSES = _CASE_WORK | {Perm.VIEW_CATALOGUE}

GRANTS: dict[Role, frozenset[Perm]] = {
    Role.CASEWORKER: frozenset(_CHOOSES),
    Role.HEALTH_NURSE: frozenset({Perm.VIEW_CHILD, Perm.CHANGE_CHILD}),
    Role.PPR_PSYCHOLOGIST: frozenset({Perm.VIEW_CHILD, Perm.CHANGE_CHILD}),
    Role.FAMILY_COORDINATOR: frozenset(_CHOOSES),
    Role.TEAM_LEADER: frozenset(
        _CHOOSES | {Perm.VIEW_TEAM_CASELOAD, Perm.VIEW_AGGREGATES, Perm.SUPERVISE}
    ),
    Role.DEPARTMENT_MANAGER: frozenset(
        _CHOOSES
        | {Perm.VIEW_TEAM_CASELOAD, Perm.VIEW_AGGREGATES, Perm.VIEW_COSTS, Perm.EDIT_HANDBOOK}
    ),
    Role.CONTROLLER: frozenset(
        {
            Perm.VIEW_AGGREGATES,
            Perm.VIEW_COSTS,
            Perm.USE_API_TOKEN,
            Perm.VIEW_CATALOGUE,
            Perm.CHANGE_PRICES,
        }
    ),
    Role.POLITICIAN: frozenset({Perm.VIEW_AGGREGATES}),
    Role.DPO: frozenset({Perm.VIEW_AUDIT, Perm.APPROVE_ACCESS}),
    Role.ADMINISTRATOR: frozenset(
        {
            Perm.CONFIGURE,
            Perm.ADMINISTER_STAFF,
            Perm.APPROVE_ACCESS,
            Perm.VIEW_CATALOGUE,
            Perm.CHANGE_PRICES,
            Perm.IMPORT_DATA,
            Perm.EXPORT_DATA,
        }
    ),
}

SCOPES: dict[Role, Scope] = {
    Role.CASEWORKER: Scope.OWN_TEAMS,
    Role.HEALTH_NURSE: Scope.OWN_TEAMS,
    Role.PPR_PSYCHOLOGIST: Scope.OWN_TEAMS,
    Role.FAMILY_COORDINATOR: Scope.OWN_TEAMS,
    Role.TEAM_LEADER: Scope.OWN_TEAMS,
    Role.DEPARTMENT_MANAGER: Scope.ALL,
}

User = AbstractBaseUser | AnonymousUser

# What a second person must approve before it is granted: a permission that reaches every
# child's data (every team, every row in or out, the whole audit trail) or that administers
# or approves access itself.
_FOUR_EYES_PERMS = frozenset(
    {
        Perm.IMPORT_DATA,
        Perm.EXPORT_DATA,
        Perm.VIEW_AUDIT,
        Perm.ADMINISTER_STAFF,
        Perm.APPROVE_ACCESS,
        Perm.RESEARCH_EXTRACT,
    }
)
FOUR_EYES_GROUPS = frozenset({RESEARCH_GROUP})


def needs_second_person(role: Role) -> bool:
    """Whether granting ``role`` waits for a second person's approval."""
    return SCOPES.get(role) is Scope.ALL or bool(GRANTS[role] & _FOUR_EYES_PERMS)


def role_of(user: User) -> Role | None:
    if not user.is_authenticated or not user.is_active:
        return None
    staff: StaffMember | None = getattr(user, "staff", None)
    return Role(staff.role) if staff is not None else None


def has_perm(user: User, perm: Perm) -> bool:
    role = role_of(user)
    return role is not None and perm in GRANTS[role]


def scope_of(user: User) -> Scope:
    role = role_of(user)
    return SCOPES.get(role, Scope.NONE) if role is not None else Scope.NONE


def team_ids(user: User, on: dt.date | None = None) -> set[int]:
    """The area teams a user is a current member of."""
    return set(team_ids_query(user, on))


def team_ids_query(user: User, on: dt.date | None = None) -> QuerySet[TeamMembership, int]:
    """``team_ids`` as an unevaluated query, to use as a subquery (``pk__in=``)."""
    if not user.is_authenticated:
        return TeamMembership.objects.none().values_list("team_id", flat=True)
    day = on or timezone.localdate()
    return (
        TeamMembership.objects.filter(staff__user_id=user.pk, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .values_list("team_id", flat=True)
    )


def team_filter(user: User, field: str = "area_team") -> Q | None:
    """A filter restricting a queryset to the user's scope; None means no access at all."""
    scope = scope_of(user)
    if scope is Scope.ALL:
        return Q()
    if scope is Scope.OWN_TEAMS:
        return Q(**{f"{field}__in": team_ids(user)})
    return None
