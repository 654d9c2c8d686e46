"""The legal deadlines of one case, versioned by law. Pure: no ORM, no request.

The caller (the ``cases`` services and views) turns a case's rows into the frozen ``*Facts``
records below and asks :func:`case_deadlines` for every deadline of the case with its due date
and :class:`State`; :func:`open_deadlines` keeps the ones still to be acted on.

Which law applies is decided per deadline by the date that starts it (the notification's
receipt, the day the need became known, the decision, the start of the intervention or the
previous follow-up): Serviceloven (SEL) before 1 January 2024, Barnets Lov (BL) from then on.
Barnets Lov's transitional provisions are not modelled [U].

Every rule, its legal source and its uncertainties ([U], as in DOMAIN.md) are listed in
``docs/deadlines.md``; each rule's function below repeats the essentials.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from herningmodel.cases.calendar import add_months, add_working_days

__all__ = [
    "ACUTE_HOURS",
    "ASSESSMENT_MONTHS",
    "BARNETS_LOV_IN_FORCE",
    "COPENHAGEN",
    "FIRST_FOLLOW_UP_MONTHS",
    "NOTE_FIRST_FOLLOW_UP_AT_ASSESSMENT_END",
    "NOTE_INTERVAL_CAPPED",
    "NOTE_PRELIMINARY_MISSING",
    "NOTE_PRELIMINARY_RECORDED",
    "OPEN_STATES",
    "PLAN_MONTHS",
    "RECEIPT_WORKING_DAYS",
    "REF_NEXT_FOLLOW_UP",
    "SEL_MAX_FOLLOW_UP_INTERVAL_MONTHS",
    "SEL_URGENT_PLAN_MONTHS",
    "AssessmentFacts",
    "CaseFacts",
    "Deadline",
    "DecisionFacts",
    "FollowUpFacts",
    "Kind",
    "Law",
    "NotificationFacts",
    "PlanFacts",
    "State",
    "add_months",
    "add_working_days",
    "case_deadlines",
    "deadline_state",
    "law_in_force",
    "open_deadlines",
]

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
BARNETS_LOV_IN_FORCE = date(2024, 1, 1)

ACUTE_HOURS = 24
RECEIPT_WORKING_DAYS = 6
ASSESSMENT_MONTHS = 4
PLAN_MONTHS = 3
SEL_URGENT_PLAN_MONTHS = 4
FIRST_FOLLOW_UP_MONTHS = 3
SEL_MAX_FOLLOW_UP_INTERVAL_MONTHS = 6

# Notes are stable strings, so the UI can translate them by lookup.
NOTE_PRELIMINARY_RECORDED = "preliminary assessment recorded"
NOTE_PRELIMINARY_MISSING = "preliminary assessment missing"
NOTE_FIRST_FOLLOW_UP_AT_ASSESSMENT_END = "first follow-up at the end of the parallel assessment"
NOTE_INTERVAL_CAPPED = "interval capped at the legal maximum of 6 months"

# The open follow-up has no row yet, so it cannot be named by id.
REF_NEXT_FOLLOW_UP = "follow_up:next"


class Law(StrEnum):
    SERVICELOVEN = "sel"
    BARNETS_LOV = "bl2024"  # Barnets Lov, in force 2024-01-01


def law_in_force(on: date) -> Law:
    """The law that governs a deadline started on ``on``."""
    return Law.BARNETS_LOV if on >= BARNETS_LOV_IN_FORCE else Law.SERVICELOVEN


class Kind(StrEnum):
    ACUTE_24H = "acute_24h"
    RECEIPT = "receipt"
    ASSESSMENT = "assessment"
    PLAN = "plan"
    PLAN_CHOICE = "plan_choice"
    FOLLOW_UP = "follow_up"


class State(StrEnum):
    MET = "met"
    MET_LATE = "met_late"
    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


OPEN_STATES = frozenset({State.UPCOMING, State.DUE_SOON, State.OVERDUE})


@dataclass(frozen=True)
class Deadline:
    kind: Kind
    due: date
    done_on: date | None
    state: State
    ref: str  # "notification:12", "assessment:3", "decision:5", "follow_up:2", "follow_up:next"
    due_at: datetime | None = None  # only for the 24-hour rule; aware, Europe/Copenhagen
    note: str = ""  # one of the NOTE_* constants, or ""
    law: Law | None = None
    source: str = ""  # the legal source, e.g. "barnets lov § 91, stk. 2"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


# The facts of a case's rows are named tuples: the deadline-compliance indicator builds tens of
# thousands of them per board, and a frozen dataclass costs several times as much to build.
class NotificationFacts(NamedTuple):
    id: int
    received_at: datetime  # aware
    assessed_at: datetime | None  # aware; the 24-hour assessment
    professional_notifier: bool
    receipt_sent_on: date | None


class AssessmentFacts(NamedTuple):
    id: int
    need_known_on: date
    finished_on: date | None
    preliminary_on: date | None


class DecisionFacts(NamedTuple):
    id: int
    legal_basis: str  # "30", "32", "46", "47" (Barnets Lov paragraphs; "§ 32 stk. 1" also works)
    decided_on: date
    acute: bool
    plan_choice: bool | None  # § 32: True = make a plan, False = decided not to, None = not yet
    plan_choice_on: date | None


class PlanFacts(NamedTuple):
    id: int
    approved_on: date | None


class FollowUpFacts(NamedTuple):
    id: int
    held_on: date


@dataclass(frozen=True)
class CaseFacts:
    notifications: Sequence[NotificationFacts] = ()
    assessments: Sequence[AssessmentFacts] = ()
    decisions: Sequence[DecisionFacts] = ()
    plans: Sequence[PlanFacts] = ()
    follow_ups: Sequence[FollowUpFacts] = ()
    first_intervention_start: date | None = None
    follow_up_interval_months: int = 3
    closed_on: date | None = None


def deadline_state(
    due: date, done_on: date | None, *, today: date, due_soon_days: int = 14
) -> State:
    """MET/MET_LATE when done; otherwise OVERDUE after ``due``, DUE_SOON within
    ``due_soon_days`` of it (the due day itself included), else UPCOMING."""
    if done_on is not None:
        return State.MET if done_on <= due else State.MET_LATE
    if today > due:
        return State.OVERDUE
    if (due - today).days <= due_soon_days:
        return State.DUE_SOON
    return State.UPCOMING


def open_deadlines(deadlines: Iterable[Deadline]) -> list[Deadline]:
    """The deadlines still to be acted on (UPCOMING, DUE_SOON, OVERDUE), order kept."""
    return [d for d in deadlines if d.state in OPEN_STATES]


def case_deadlines(
    facts: CaseFacts,
    *,
    today: date | None = None,
    due_soon_days: int = 14,
    now: datetime | None = None,
    due_from: date | None = None,
    due_until: date | None = None,
) -> list[Deadline]:
    """Every deadline of the case, sorted by due date (then kind, then ref).

    With ``due_from`` and/or ``due_until``, only the deadlines due in that window (both days
    included): the same list as without them, filtered by ``due``, but deadlines outside the
    window are not built (the monitoring asks for one period over thousands of cases).

    Give ``now`` (aware) where the time of day is known: the 24-hour rule is then exact. With
    only ``today``, the 24-hour rule is judged at the end of that day, so a notification
    due at 10:00 today already shows as OVERDUE in the morning (erring towards acting).
    ``today`` defaults to the Copenhagen date of ``now``; giving both with different dates
    is an error.

    A closed case (``closed_on``) keeps its done deadlines and has no open ones.
    """
    clock = _Clock.of(
        today=today,
        now=now,
        due_soon_days=due_soon_days,
        due_from=due_from or date.min,
        due_until=due_until or date.max,
    )
    found: list[Deadline] = []
    for notification in facts.notifications:
        found.extend(_notification_deadlines(notification, clock))
    for assessment in facts.assessments:
        deadline = _assessment_deadline(assessment, clock)
        if deadline is not None:
            found.append(deadline)
    for decision in facts.decisions:
        found.extend(_decision_deadlines(decision, facts.plans, clock))
    found.extend(_follow_up_deadlines(facts, clock))
    if facts.closed_on is not None:
        found = [d for d in found if d.done_on is not None]
    return sorted(found, key=_sort_key)


_KIND_ORDER = {kind: index for index, kind in enumerate(Kind)}


def _sort_key(deadline: Deadline) -> tuple[date, int, str]:
    return (deadline.due, _KIND_ORDER[deadline.kind], deadline.ref)


@dataclass(frozen=True)
class _Clock:
    today: date
    now: datetime
    due_soon_days: int
    due_from: date = date.min  # the window of due dates asked for
    due_until: date = date.max

    @classmethod
    def of(
        cls,
        *,
        today: date | None,
        now: datetime | None,
        due_soon_days: int,
        due_from: date = date.min,
        due_until: date = date.max,
    ) -> _Clock:
        if due_soon_days < 0:
            raise ValueError("due_soon_days must not be negative")
        if now is None:
            if today is None:
                raise ValueError("give today or now")
            moment = datetime.combine(today, time.max, tzinfo=COPENHAGEN)
            return cls(today, moment, due_soon_days, due_from, due_until)
        local_today = _local_date(now, "now")
        if today is not None and today != local_today:
            raise ValueError("today and now disagree")
        return cls(local_today, now, due_soon_days, due_from, due_until)

    def wants(self, due: date) -> bool:
        """Whether a deadline due on ``due`` is in the window asked for."""
        return self.due_from <= due <= self.due_until

    def deadline(
        self,
        kind: Kind,
        due: date,
        done_on: date | None,
        ref: str,
        law: Law,
        *,
        note: str = "",
        source: str = "",
    ) -> Deadline:
        state = self.state(due, done_on)
        return Deadline(kind, due, done_on, state, ref, note=note, law=law, source=source)

    def state(self, due: date, done_on: date | None) -> State:
        return deadline_state(due, done_on, today=self.today, due_soon_days=self.due_soon_days)


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return moment


def _local_date(moment: datetime, name: str) -> date:
    return _aware(moment, name).astimezone(COPENHAGEN).date()


def _by_law(law: Law, barnets_lov: str, serviceloven: str) -> str:
    return barnets_lov if law is Law.BARNETS_LOV else serviceloven


def _notification_deadlines(notification: NotificationFacts, clock: _Clock) -> list[Deadline]:
    """ACUTE_24H and, for professional notifiers, RECEIPT.

    ACUTE_24H (BL §§ 136–137, SEL § 155, stk. 2; paragraph numbers [U]): within 24 hours of
    receipt, assess whether the child's health or development is in danger and acute measures
    are needed. "24 hours" is 24 *elapsed* hours, so across a DST change the wall-clock due time
    moves by an hour (received Sat 30 Mar 2024 10:00 → due Sun 31 Mar 11:00 CEST) [U]. Met when
    ``assessed_at <= due_at``.

    RECEIPT (municipal practice pages; paragraph not verified [U]): a professional notifier
    gets a receipt within 6 working days after the day of receipt (Copenhagen date).
    """
    received_on = _local_date(notification.received_at, "received_at")
    if received_on > clock.due_until:  # both deadlines fall due after the receipt
        return []
    law = law_in_force(received_on)
    source = _by_law(law, "barnets lov §§ 136–137", "serviceloven § 155")
    ref = f"notification:{notification.id}"
    found: list[Deadline] = []

    # Add in UTC: adding to a Copenhagen datetime would add wall-clock hours. Compare in UTC
    # too: aware datetimes sharing a tzinfo compare by wall clock, wrong in the autumn hour.
    due_utc = notification.received_at.astimezone(UTC) + timedelta(hours=ACUTE_HOURS)
    due_at = due_utc.astimezone(COPENHAGEN)
    if clock.wants(due_at.date()):
        assessed_at = notification.assessed_at
        done_on = None if assessed_at is None else _local_date(assessed_at, "assessed_at")
        if assessed_at is not None:
            state = State.MET if assessed_at.astimezone(UTC) <= due_utc else State.MET_LATE
        elif clock.now.astimezone(UTC) > due_utc:
            state = State.OVERDUE
        else:
            state = clock.state(due_at.date(), done_on)
        found.append(
            Deadline(
                Kind.ACUTE_24H, due_at.date(), done_on, state, ref, due_at, law=law, source=source
            )
        )
    if notification.professional_notifier:
        due = add_working_days(received_on, RECEIPT_WORKING_DAYS)
        if clock.wants(due):
            found.append(
                clock.deadline(
                    Kind.RECEIPT, due, notification.receipt_sent_on, ref, law, source=source
                )
            )
    return found


def _assessment_deadline(assessment: AssessmentFacts, clock: _Clock) -> Deadline | None:
    """ASSESSMENT (BL § 20, stk. 3; SEL § 50, stk. 7 [U]).

    Finish the child assessment at the latest 4 months after the municipality became aware of
    the need (``need_known_on``). If it cannot be finished, a preliminary assessment is made and
    the assessment is finished as soon as possible: the deadline stays OVERDUE (or MET_LATE),
    and the note says whether a preliminary assessment is recorded.
    """
    due = add_months(assessment.need_known_on, ASSESSMENT_MONTHS)
    if not clock.wants(due):
        return None
    law = law_in_force(assessment.need_known_on)
    note = ""
    if clock.state(due, assessment.finished_on) in (State.OVERDUE, State.MET_LATE):
        recorded = assessment.preliminary_on is not None
        note = NOTE_PRELIMINARY_RECORDED if recorded else NOTE_PRELIMINARY_MISSING
    return clock.deadline(
        Kind.ASSESSMENT,
        due,
        assessment.finished_on,
        f"assessment:{assessment.id}",
        law,
        note=note,
        source=_by_law(law, "barnets lov § 20, stk. 3", "serviceloven § 50"),
    )


def _paragraph(legal_basis: str) -> str:
    """ "§ 32, stk. 1" → "32"; "46" → "46"; "" when there is no leading number."""
    match = re.match(r"\s*§?\s*(\d+)", legal_basis)
    return match.group(1) if match else ""


def _decision_deadlines(
    decision: DecisionFacts, plans: Sequence[PlanFacts], clock: _Clock
) -> list[Deadline]:
    """PLAN and PLAN_CHOICE for one decision.

    Barnets Lov § 91 (checked against the consolidated act):
    - § 46 (placement with consent): plan ≤ 3 months after the decision, acute or not (stk. 2).
    - § 47 (without consent): plan before the decision, i.e. due on ``decided_on``; if acute,
      ≤ 3 months after it (the issue's rule; the law routes urgent cases through § 143 [U]).
    - § 32: a recorded choice whether to make a plan, due on ``decided_on`` because the
      decision itself must take that position (stk. 1); if yes, plan ≤ 3 months after it.
    - § 30 and other bases: no plan deadline.

    Serviceloven § 140 (decisions before 2024): a plan (handleplan) before every decision on
    a support measure or placement (§§ 32/46/47 here), or, if urgent, within 4 months. This
    is where DOMAIN.md's "4 months" comes from. No plan choice existed under SEL.
    """
    decided = decision.decided_on
    if decided > clock.due_until:  # every deadline of a decision is due on it or later
        return []
    law = law_in_force(decided)
    paragraph = _paragraph(decision.legal_basis)
    ref = f"decision:{decision.id}"
    in_3_months = add_months(decided, PLAN_MONTHS)

    def plan(due: date, source: str) -> list[Deadline]:
        if not clock.wants(due):
            return []
        return [clock.deadline(Kind.PLAN, due, _plan_done_on(plans, due), ref, law, source=source)]

    if law is Law.SERVICELOVEN:
        if paragraph not in {"32", "46", "47"}:
            return []
        due = add_months(decided, SEL_URGENT_PLAN_MONTHS) if decision.acute else decided
        return plan(due, "serviceloven § 140")
    if paragraph == "46":
        return plan(in_3_months, "barnets lov § 91, stk. 2")
    if paragraph == "47":
        return plan(in_3_months if decision.acute else decided, "barnets lov § 91, stk. 2")
    if paragraph != "32":
        return []

    chosen = None if decision.plan_choice is None else (decision.plan_choice_on or decided)
    source = "barnets lov § 91, stk. 1"
    found: list[Deadline] = []
    if clock.wants(decided):
        found.append(clock.deadline(Kind.PLAN_CHOICE, decided, chosen, ref, law, source=source))
    if decision.plan_choice:
        found.extend(plan(in_3_months, source))
    return found


def _plan_done_on(plans: Sequence[PlanFacts], due: date) -> date | None:
    """When a plan meets a deadline due on ``due``.

    Any approved plan of the case on or before ``due`` counts, including one approved before
    the decision; the latest such approval is reported (the plan in force at the deadline).
    Failing that, the first approval after ``due`` makes the deadline MET_LATE. Plans are not
    linked to decisions, so an older plan satisfies a later decision's deadline [U].
    """
    approved = sorted(p.approved_on for p in plans if p.approved_on is not None)
    in_time = [day for day in approved if day <= due]
    if in_time:
        return in_time[-1]
    return approved[0] if approved else None


def _follow_up_deadlines(facts: CaseFacts, clock: _Clock) -> list[Deadline]:
    """FOLLOW_UP: every held follow-up as MET/MET_LATE, then exactly one open next one.

    Barnets Lov § 95, stk. 2–3: the first follow-up is due at the earlier of the end of an
    assessment running in parallel with the intervention (here: the earliest assessment
    finished after ``first_intervention_start``) and 3 months after the start; after that the
    municipality sets the case's own interval (Herning: 3 months).

    Serviceloven § 70 [U]: first follow-up 3 months after the start (no parallel-assessment
    clause), then at least every 6 months; a case interval above 6 is capped at 6.

    Each next follow-up is due ``follow_up_interval_months`` after the previous one was held.
    Follow-ups held before the intervention started do not count; nothing is due before it.
    """
    start = facts.first_intervention_start
    if start is None:
        return []
    interval = facts.follow_up_interval_months
    if interval < 1:
        raise ValueError("follow_up_interval_months must be at least 1")

    law = law_in_force(start)
    due = add_months(start, FIRST_FOLLOW_UP_MONTHS)
    note = ""
    parallel_ends = [
        a.finished_on
        for a in facts.assessments
        if a.finished_on is not None and a.finished_on > start
    ]
    if law is Law.BARNETS_LOV and parallel_ends and min(parallel_ends) < due:
        due, note = min(parallel_ends), NOTE_FIRST_FOLLOW_UP_AT_ASSESSMENT_END

    found: list[Deadline] = []

    # Reads the current law/due/note of the loop below; called before they move on.
    def follow_up(done_on: date | None, ref: str) -> None:
        if clock.wants(due):
            source = _by_law(law, "barnets lov § 95", "serviceloven § 70")
            found.append(
                clock.deadline(Kind.FOLLOW_UP, due, done_on, ref, law, note=note, source=source)
            )

    for held in sorted((f for f in facts.follow_ups if f.held_on >= start), key=_held_key):
        follow_up(held.held_on, f"follow_up:{held.id}")
        law = law_in_force(held.held_on)
        months, note = interval, ""
        if law is Law.SERVICELOVEN and months > SEL_MAX_FOLLOW_UP_INTERVAL_MONTHS:
            months, note = SEL_MAX_FOLLOW_UP_INTERVAL_MONTHS, NOTE_INTERVAL_CAPPED
        due = add_months(held.held_on, months)
    follow_up(None, REF_NEXT_FOLLOW_UP)
    return found


def _held_key(follow_up: FollowUpFacts) -> tuple[date, int]:
    return (follow_up.held_on, follow_up.id)
