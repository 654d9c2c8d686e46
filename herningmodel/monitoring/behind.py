"""The cases behind a dashboard figure as one user may see them: who may drill down, which
series exist, and the drill's cases intersected with the user's own reach.

Shared by the drill-down page and ``GET /api/monitoring/cases``; the caller records the read
of every case returned.
"""

from __future__ import annotations

from typing import Any

from herningmodel.access.lookups import cases_for_user
from herningmodel.access.policy import Perm, has_perm
from herningmodel.cases.models import Case
from herningmodel.monitoring import board as boards
from herningmodel.monitoring import drill, indicators
from herningmodel.monitoring.scope import Scope


def may_drill_down(user: Any) -> bool:
    """Only roles with case access see the cases behind a figure (and then only theirs)."""
    return boards.may_view(user) and has_perm(user, Perm.VIEW_CHILD)


def drillable_series(indicator_id: str) -> set[str] | None:
    """The series one may drill into for the indicator; None when it has no drill-down."""
    if not drill.drillable(indicator_id):
        return None
    return {key for key, _label in indicators.get(indicator_id).all_series}


def cases_behind(user: Any, indicator_id: str, scope: Scope, series: str) -> list[tuple[Case, str]]:
    """The user's readable cases behind the cell, each with what it contributes, ordered by
    district, opening date and id."""
    behind = drill.cases_behind(indicator_id, scope, series)
    cases = (
        cases_for_user(user)
        .filter(pk__in=list(behind))
        .select_related("child", "district", "caseworker")
        .order_by("district__name", "opened_on", "pk")
    )
    return [(case, behind[case.pk]) for case in cases]
