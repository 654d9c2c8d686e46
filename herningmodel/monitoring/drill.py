"""The cases behind a dashboard figure, for roles with case access.

For the case-based indicators, the cases that make up one cell (a district, or all districts,
and a series), each with what it contributes to the figure. Built on the same querysets as the
indicators themselves, so the list and the figure cannot disagree. Access is not decided here:
the view intersects the list with the cases the user may read (``access.lookups``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from django.utils.translation import gettext as _

from herningmodel.cases import deadlines
from herningmodel.cases.models import Case
from herningmodel.monitoring.scope import Scope
from herningmodel.monitoring.themes import caseload, compliance, intake, steps

CasesBehind = dict[int, str]  # case id → what the case contributes to the figure
Drill = Callable[[Scope, str], CasesBehind]


def _open_cases(scope: Scope, series: str) -> CasesBehind:
    return dict.fromkeys(caseload.open_at_end(scope).values_list("pk", flat=True), "")


def _continuity(scope: Scope, series: str) -> CasesBehind:
    return {
        pk: _("handed over") if moved else _("one caseworker")
        for pk, moved in caseload.active_cases(scope).values_list("pk", "moved")  # type: ignore[misc]
    }


def _deadlines(scope: Scope, series: str) -> CasesBehind:
    """The cases behind the deadlines counted; a notification that joined no case counts in
    the figure but has no case to list."""
    met: dict[int, int] = defaultdict(int)
    due: dict[int, int] = defaultdict(int)
    for case, d in compliance.counted_deadlines(scope):
        if d.kind.value == series and case.pk is not None:
            due[case.pk] += 1
            met[case.pk] += d.state is deadlines.State.MET
    return {
        pk: _("%(met)s of %(due)s on time") % {"met": met[pk], "due": n} for pk, n in due.items()
    }


def _opened(scope: Scope, series: str) -> CasesBehind:
    return dict.fromkeys(
        Case.objects.filter(
            opened_on__gte=scope.period.start,
            opened_on__lte=scope.period.end,
        )
        .filter(scope.place_q(), scope.age_q())
        .values_list("pk", flat=True),
        "",
    )


def _renotified(scope: Scope, series: str) -> CasesBehind:
    return {
        pk: _("notified again") if back else _("not notified again")
        for pk, back in intake.closed_cases(scope).values_list("pk", "back")  # type: ignore[misc]
    }


def _step_up_after_down(scope: Scope, series: str) -> CasesBehind:
    """A step-down is an episode, not a case: its case is the child's case that was open on
    the day the episode ended."""
    downs = list(steps.step_downs_marked(scope).values_list("child_id", "end", "back"))  # type: ignore[misc]
    if not downs:
        return {}
    found: CasesBehind = {}
    candidates = Case.objects.filter(child_id__in={child for child, _e, _b in downs}).values_list(
        "pk", "child_id", "opened_on", "closed_on"
    )
    by_child: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
    for pk, child, opened, closed in candidates:
        by_child[child].append((pk, opened, closed))
    for child, end, back in downs:
        for pk, opened, closed in by_child[child]:
            if opened <= end and (closed is None or closed >= end):
                note = _("back up within 6 months") if back else _("stayed down")
                found[pk] = note if pk not in found or back else found[pk]
    return found


DRILLS: dict[str, Drill] = {
    "open_cases_per_caseworker": _open_cases,
    "caseworkers_over_target": _open_cases,
    "continuity": _continuity,
    "deadlines_on_time": _deadlines,
    "age_at_opening": _opened,
    "opened_before_birth_or_age_0": _opened,
    "renotified_within_12_months": _renotified,
    "step_up_after_step_down": _step_up_after_down,
}


def drillable(indicator_id: str) -> bool:
    return indicator_id in DRILLS


def cases_behind(indicator_id: str, scope: Scope, series: str = "") -> CasesBehind:
    """The cases behind the indicator's cell for the scope (its district filter picks the row)
    and series; raises KeyError for an indicator without a drill-down."""
    return DRILLS[indicator_id](scope, series)
