"""Caseworkers per area team, sized to the caseload of each regime, and case assignment.

A team has enough authority social workers for ``caseload_usual`` open cases each before its
district switches, and is topped up to ``caseload_model`` cases each on the switch (DOMAIN §1:
"8 social workers instead of 4, about 24 cases each"). Each new case goes to the active worker
with the fewest open cases; handovers go to another worker of the team.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random

from herningmodel.demo.generator.params import Params
from herningmodel.demo.generator.population import FIRST_NAMES, LAST_NAMES
from herningmodel.demo.generator.records import HandoverRec, History, WorkerRec


def _mean_open(history: History, team: int, first: dt.date, last: dt.date) -> float:
    """Average number of open cases of a team between two days (sampled monthly)."""
    if last <= first:
        return 0.0
    days = [first + dt.timedelta(days=d) for d in range(0, (last - first).days, 30)]
    total = 0
    for case in history.cases:
        if case.team != team:
            continue
        closed = case.closed_on or dt.date.max
        total += sum(1 for d in days if case.opened_on <= d < closed)
    return total / max(1, len(days))


def assign(params: Params, history: History, rng: random.Random) -> None:
    by_team: dict[int, list[int]] = {}
    for index, case in enumerate(history.cases):
        by_team.setdefault(case.team, []).append(index)
    for team_index, team in enumerate(history.teams):
        switch = history.districts[team.district].model_start
        before = _mean_open(history, team_index, params.start, min(switch, params.today))
        after = _mean_open(history, team_index, switch, params.today)
        usual = max(2, round(before / params.caseload_usual))
        model = max(2, round(after / params.caseload_model)) if switch < params.today else 0
        workers: list[int] = []
        for n in range(max(usual, model)):
            start = params.start if n < usual else switch
            history.workers.append(
                WorkerRec(team_index, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), start)
            )
            workers.append(len(history.workers) - 1)
        loads: dict[int, list[dt.date]] = {w: [] for w in workers}
        for index in sorted(by_team.get(team_index, []), key=lambda i: history.cases[i].opened_on):
            case = history.cases[index]
            active = [w for w in workers if history.workers[w].start <= case.opened_on]
            for w in active:
                while loads[w] and loads[w][0] <= case.opened_on:
                    heapq.heappop(loads[w])
            worker = min(active, key=lambda w: (len(loads[w]), w))
            case.worker = worker
            heapq.heappush(loads[worker], case.closed_on or dt.date.max)
    _handovers(history, rng)


def _handovers(history: History, rng: random.Random) -> None:
    """Give each handover its workers; the case ends with the last one it was handed to."""
    result: list[HandoverRec] = []
    team_workers: dict[int, list[int]] = {}
    for index, worker in enumerate(history.workers):
        team_workers.setdefault(worker.team, []).append(index)
    for handover in history.handovers:
        case = history.cases[handover.case]
        candidates = [
            w
            for w in team_workers[case.team]
            if w != case.worker and history.workers[w].start <= handover.on
        ]
        if not candidates:
            continue
        to = rng.choice(candidates)
        result.append(HandoverRec(handover.case, handover.on, handover.reason, to, case.worker))
        case.worker = to
    history.handovers = result
