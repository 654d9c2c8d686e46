"""Plain records the simulation produces and the writer turns into rows.

Records refer to each other by their index in the lists of ``History`` (``child``, ``case`` …),
so the simulation needs no database; the writer maps indexes to primary keys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DistrictRec:
    name: str
    slug: str
    weight: float
    pilot: bool
    model_start: dt.date
    squeeze_from: dt.date | None = None  # the district whose budget is squeezed after roll-out


@dataclass(frozen=True)
class TeamRec:
    district: int
    name: str


@dataclass(frozen=True)
class ChildRec:
    first_name: str
    last_name: str
    birth: dt.date
    district: int
    team: int
    risk: float


@dataclass
class NotificationRec:
    child: int
    source: str
    received_at: dt.datetime
    assessed_at: dt.datetime | None
    in_danger: bool | None
    acute: bool | None
    receipt_on: dt.date | None
    outcome: str
    outcome_on: dt.date | None
    case: int | None = None


@dataclass
class CaseRec:
    child: int
    team: int
    opened_on: dt.date
    interval: int
    closed_on: dt.date | None = None
    closure_reason: str = ""
    reopens: int | None = None
    worker: int = -1  # index into History.workers, set by staffing


@dataclass
class AssessmentRec:
    case: int
    need_known_on: dt.date
    started_on: dt.date
    preliminary_on: dt.date | None = None
    finished_on: dt.date | None = None
    recommendation: str = ""


@dataclass(frozen=True)
class TalkRec:
    case: int
    held_on: dt.date | None
    not_held_on: dt.date | None
    reason: str = ""


@dataclass
class EpisodeRec:
    child: int
    type_code: str
    step: int
    start: dt.date
    planned_end: dt.date | None
    volume: float | None
    justification: str = ""
    end: dt.date | None = None
    end_reason: str = ""


@dataclass
class DecisionRec:
    case: int
    legal_basis: str
    decided_on: dt.date
    months: int
    acute: bool = False
    consent: bool | None = None
    talk: int | None = None
    plan_choice: bool | None = None
    episodes: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class MeetingRec:
    case: int
    held_on: dt.date
    with_network: bool


@dataclass(frozen=True)
class PlanRec:
    case: int
    meeting: int | None
    approved_on: dt.date
    goals: tuple[str, ...]


@dataclass(frozen=True)
class FollowUpRec:
    case: int
    held_on: dt.date
    goals_moved: str
    decision: str
    scores: tuple[int, int, int]


@dataclass(frozen=True)
class HandoverRec:
    case: int
    on: dt.date
    reason: str
    to_worker: int = -1
    from_worker: int = -1


@dataclass(frozen=True)
class WorkerRec:
    team: int
    first_name: str
    last_name: str
    start: dt.date


@dataclass
class History:
    """Everything one run generates, in plain Python."""

    districts: list[DistrictRec] = field(default_factory=list)
    teams: list[TeamRec] = field(default_factory=list)
    children: list[ChildRec] = field(default_factory=list)
    notifications: list[NotificationRec] = field(default_factory=list)
    cases: list[CaseRec] = field(default_factory=list)
    assessments: list[AssessmentRec] = field(default_factory=list)
    talks: list[TalkRec] = field(default_factory=list)
    decisions: list[DecisionRec] = field(default_factory=list)
    episodes: list[EpisodeRec] = field(default_factory=list)
    meetings: list[MeetingRec] = field(default_factory=list)
    plans: list[PlanRec] = field(default_factory=list)
    follow_ups: list[FollowUpRec] = field(default_factory=list)
    handovers: list[HandoverRec] = field(default_factory=list)
    workers: list[WorkerRec] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self.__dataclass_fields__}
