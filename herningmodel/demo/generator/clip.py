"""Cutting the burn-in off the simulated history.

The simulation starts ``burn_in_years`` before the history's first day so that, on that day,
the municipality already has its children in placements and ongoing cases (a history that
started empty would show placements growing for years, whatever the model does). Everything
that ended before the first day is dropped; cases still open then are kept as *migrated* from
the previous case system: their earlier dates are moved to the first day, which keeps every
rule of the process (an episode still starts on or after its decision, a placement's assessment
is still finished by the decision's day).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from herningmodel.demo.generator.records import (
    CaseRec,
    DecisionRec,
    EpisodeRec,
    History,
    MeetingRec,
    TalkRec,
)
from herningmodel.demo.generator.texts import JUSTIFICATION
from herningmodel.staircase import rules


def clip(history: History, start: dt.date) -> History:
    def on(day: dt.date) -> dt.date:
        return max(day, start)

    case_map: dict[int, int] = {}
    cases: list[CaseRec] = []
    for index, case in enumerate(history.cases):
        if case.closed_on is not None and case.closed_on < start:
            continue
        case_map[index] = len(cases)
        cases.append(dataclasses.replace(case, opened_on=on(case.opened_on)))
    for case in cases:
        case.reopens = case_map.get(case.reopens) if case.reopens is not None else None

    episode_map: dict[int, int] = {}
    episodes: list[EpisodeRec] = []
    for index, episode in enumerate(history.episodes):
        if episode.end is not None and episode.end < start:
            continue
        episode_map[index] = len(episodes)
        planned = episode.planned_end and on(episode.planned_end)
        episodes.append(dataclasses.replace(episode, start=on(episode.start), planned_end=planned))

    _justify(episodes)

    talk_map: dict[int, int] = {}
    talks: list[TalkRec] = []
    for index, talk in enumerate(history.talks):
        if talk.case in case_map:
            talk_map[index] = len(talks)
            talks.append(
                dataclasses.replace(
                    talk,
                    case=case_map[talk.case],
                    held_on=talk.held_on and on(talk.held_on),
                    not_held_on=talk.not_held_on and on(talk.not_held_on),
                )
            )

    decisions: list[DecisionRec] = []
    for decision in history.decisions:
        kept = [episode_map[e] for e in decision.episodes if e in episode_map]
        if decision.case in case_map and kept:
            decisions.append(
                dataclasses.replace(
                    decision,
                    case=case_map[decision.case],
                    decided_on=on(decision.decided_on),
                    talk=talk_map.get(decision.talk) if decision.talk is not None else None,
                    episodes=kept,
                )
            )

    meeting_map: dict[int, int] = {}
    meetings: list[MeetingRec] = []
    for index, meeting in enumerate(history.meetings):
        if meeting.case in case_map and meeting.held_on >= start:
            meeting_map[index] = len(meetings)
            meetings.append(dataclasses.replace(meeting, case=case_map[meeting.case]))

    result = History(
        districts=history.districts,
        teams=history.teams,
        children=history.children,
        cases=cases,
        talks=talks,
        decisions=decisions,
        episodes=episodes,
        meetings=meetings,
        workers=history.workers,
    )
    result.notifications = [
        dataclasses.replace(n, case=case_map[n.case] if n.case is not None else None)
        for n in history.notifications
        if n.received_at.date() >= start and (n.case is None or n.case in case_map)
    ]
    result.assessments = [
        dataclasses.replace(
            a,
            case=case_map[a.case],
            need_known_on=on(a.need_known_on),
            started_on=on(a.started_on),
            preliminary_on=a.preliminary_on and on(a.preliminary_on),
            finished_on=a.finished_on and on(a.finished_on),
        )
        for a in history.assessments
        if a.case in case_map
    ]
    result.plans = [
        dataclasses.replace(
            p,
            case=case_map[p.case],
            approved_on=on(p.approved_on),
            meeting=meeting_map.get(p.meeting) if p.meeting is not None else None,
        )
        for p in history.plans
        if p.case in case_map
    ]
    result.follow_ups = [
        dataclasses.replace(f, case=case_map[f.case])
        for f in history.follow_ups
        if f.case in case_map and f.held_on >= start
    ]
    result.handovers = [
        dataclasses.replace(h, case=case_map[h.case])
        for h in history.handovers
        if h.case in case_map and h.on >= start
    ]
    return result


def _justify(episodes: list[EpisodeRec]) -> None:
    """Moving starts can change what the staircase rule asks of an episode (a step-down before
    the first day becomes the child's first, unjustified placement): apply the rule again."""
    by_child: dict[int, list[EpisodeRec]] = {}
    for episode in episodes:
        by_child.setdefault(episode.child, []).append(episode)
    for own in by_child.values():
        spans: list[rules.Span] = []
        for episode in sorted(own, key=lambda e: e.start):
            if not episode.justification and rules.justification_required(
                spans, episode.step, episode.start
            ):
                episode.justification = JUSTIFICATION
            spans.append(rules.Span(episode.step, episode.start, episode.end))
