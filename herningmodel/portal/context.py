"""What the navigation shows: only what the user's role can actually do."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from herningmodel.access.policy import Perm, has_perm, role_of
from herningmodel.organisation.models import Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role = role_of(user)
    return {
        "nav_role": role.label if role else "",
        "nav_children": has_perm(user, Perm.VIEW_CHILD),
        "nav_team": has_perm(user, Perm.VIEW_TEAM_CASELOAD),
        "nav_supervision": has_perm(user, Perm.SUPERVISE),
        "nav_handbook": has_perm(user, Perm.VIEW_CHILD) or has_perm(user, Perm.EDIT_HANDBOOK),
        "nav_audit": has_perm(user, Perm.VIEW_AUDIT),
        "nav_staircase": has_perm(user, Perm.VIEW_CATALOGUE),
        "nav_budget": has_perm(user, Perm.VIEW_COSTS),
        "nav_monitoring": has_perm(user, Perm.VIEW_AGGREGATES),
        "nav_coordination": role == Role.FAMILY_COORDINATOR,
        "nav_prototypes": role == Role.FAMILY_COORDINATOR or has_perm(user, Perm.VIEW_AGGREGATES),
        "nav_staff": has_perm(user, Perm.ADMINISTER_STAFF) or has_perm(user, Perm.APPROVE_ACCESS),
        "nav_admin": has_perm(user, Perm.CONFIGURE) and user.is_staff,
        "nav_transfer": has_perm(user, Perm.IMPORT_DATA) or has_perm(user, Perm.EXPORT_DATA),
    }
