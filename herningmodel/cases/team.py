"""The team leader's overview: the team's open cases, their deadlines and who carries how many.

Shared by the team page and ``GET /api/team``; the caller checks ``team.view_caseload`` and
records the list read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from herningmodel.access.lookups import cases_for_user
from herningmodel.access.policy import Scope, scope_of, team_ids
from herningmodel.cases import deadlines
from herningmodel.cases.models import Case, CaseStatus
from herningmodel.cases.queries import facts_by_case
from herningmodel.organisation.models import AreaTeam

Row = tuple[deadlines.Deadline, Case]


@dataclass
class WorkerLoad:
    worker: Any
    open: int = 0
    overdue: int = 0


@dataclass
class TeamOverview:
    teams: list[AreaTeam]
    cases: list[Case]
    loads: list[WorkerLoad]
    target: int | None
    overdue: list[Row]
    upcoming: list[Row]


def deadline_rows(cases: list[Case], today: dt.date) -> list[Row]:
    """Every open deadline of the cases, the earliest first.

    The facts are read as flat rows in a fixed number of queries (``facts_by_case``), which
    keeps the caseworker's list and the team page cheap however many cases they hold.
    """
    facts = facts_by_case(cases)
    rows = []
    for case in cases:
        for deadline in deadlines.open_deadlines(
            deadlines.case_deadlines(facts[case.pk], today=today)
        ):
            rows.append((deadline, case))
    rows.sort(key=lambda row: row[0].due)
    return rows


def team_overview(user: Any, today: dt.date, team_id: int | None = None) -> TeamOverview:
    """A department manager's scope is every team; a team leader sees the teams they lead.

    ``team_id`` narrows to one of those teams; a team out of reach gives no teams at all.
    """
    visible = (
        AreaTeam.objects.all()
        if scope_of(user) is Scope.ALL
        else AreaTeam.objects.filter(pk__in=team_ids(user))
    )
    if team_id is not None:
        visible = visible.filter(pk=team_id)
    teams = list(visible.order_by("name"))
    cases = list(
        cases_for_user(user)
        .filter(status=CaseStatus.OPEN, area_team__in=teams)
        .select_related("child", "area_team", "caseworker")
    )
    rows = deadline_rows(cases, today)
    loads: dict[int, WorkerLoad] = {}
    for case in cases:
        loads.setdefault(case.caseworker_id, WorkerLoad(worker=case.caseworker)).open += 1
    for deadline, case in rows:
        if deadline.state == deadlines.State.OVERDUE:
            loads[case.caseworker_id].overdue += 1
    return TeamOverview(
        teams=teams,
        cases=cases,
        loads=sorted(loads.values(), key=lambda e: (-e.open, e.worker.pk)),
        target=min((t.caseload_target for t in teams), default=None),
        overdue=[r for r in rows if r[0].state == deadlines.State.OVERDUE],
        upcoming=[r for r in rows if r[0].state != deadlines.State.OVERDUE],
    )
