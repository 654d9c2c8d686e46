"""The case-work services' rules, checked on the simulated records before anything is written.

``full_clean()`` covers what the models know; these are the rules the services add (see
docs/case-work.md). A violation is a bug in the simulation: the run stops and writes nothing.
"""

from __future__ import annotations

import datetime as dt

from herningmodel.demo.generator.records import History
from herningmodel.staircase import rules


class SimulationBroken(AssertionError):
    """The simulation produced a history the services would refuse."""


def problems(history: History, today: dt.date) -> list[str]:
    found: list[str] = []
    h = history
    finished: dict[int, list[dt.date]] = {}
    for a in h.assessments:
        if a.finished_on is not None:
            finished.setdefault(a.case, []).append(a.finished_on)
            if a.finished_on < a.started_on:
                found.append(f"assessment of case {a.case} finishes before it starts")
    open_per_child: dict[int, int] = {}
    for index, case in enumerate(h.cases):
        if case.closed_on is None:
            open_per_child[case.child] = open_per_child.get(case.child, 0) + 1
        elif case.closed_on < case.opened_on:
            found.append(f"case {index} closes before it opens")
        if case.opened_on > today or (case.closed_on and case.closed_on > today):
            found.append(f"case {index} is dated in the future")
    found += [f"child {c} has {n} open cases" for c, n in open_per_child.items() if n > 1]
    first_start: dict[int, dt.date] = {}
    for index, d in enumerate(h.decisions):
        case = h.cases[d.case]
        if d.decided_on < case.opened_on or d.decided_on > today:
            found.append(f"decision {index} outside its case or in the future")
        if d.legal_basis in ("32", "46", "47"):
            talk = h.talks[d.talk] if d.talk is not None else None
            day = (talk.held_on or talk.not_held_on) if talk is not None else None
            if talk is None or talk.case != d.case or day is None or day > d.decided_on:
                found.append(f"decision {index} without a talk with the child before it")
        if d.legal_basis in ("46", "47") and not d.acute:
            if not any(f <= d.decided_on for f in finished.get(d.case, [])):
                found.append(f"placement decision {index} without a finished assessment")
        if (d.legal_basis == "46") != (d.consent is True) and d.legal_basis in ("46", "47"):
            found.append(f"decision {index}: consent does not match the legal basis")
        for e in d.episodes:
            episode = h.episodes[e]
            if episode.start < d.decided_on:
                found.append(f"episode {e} starts before its decision {index}")
            if episode.end is not None and episode.end < episode.start:
                found.append(f"episode {e} ends before it starts")
            if episode.start > today or (episode.end and episode.end > today):
                found.append(f"episode {e} is dated in the future")
            first = first_start.get(d.case)
            first_start[d.case] = episode.start if first is None else min(first, episode.start)
    for index, f in enumerate(h.follow_ups):
        start = first_start.get(f.case)
        if start is None or f.held_on < start or f.held_on > today:
            found.append(f"follow-up {index} before the first intervention or in the future")
        case = h.cases[f.case]
        if case.closed_on is not None and f.held_on > case.closed_on:
            found.append(f"follow-up {index} after its case closed")
    for index, n in enumerate(h.notifications):
        if n.assessed_at is not None and n.assessed_at < n.received_at:
            found.append(f"notification {index} assessed before it was received")
        if n.outcome and n.assessed_at is None:
            found.append(f"notification {index} concluded without the 24-hour assessment")
    spans: dict[int, list[rules.Span]] = {}
    for index in sorted(range(len(h.episodes)), key=lambda i: h.episodes[i].start):
        episode = h.episodes[index]
        own = spans.setdefault(episode.child, [])
        if not episode.justification and rules.justification_required(
            own, episode.step, episode.start
        ):
            found.append(f"episode {index} needs a written justification (staircase rule)")
        own.append(rules.Span(episode.step, episode.start, episode.end))
    for index, m in enumerate(h.meetings):
        if m.held_on < h.cases[m.case].opened_on or m.held_on > today:
            found.append(f"network meeting {index} outside its case")
    return found


def check(history: History, today: dt.date) -> None:
    found = problems(history, today)
    if found:
        shown = "; ".join(found[:10])
        raise SimulationBroken(f"{len(found)} broken rules in the simulation: {shown}")
