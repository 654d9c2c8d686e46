"""The per-child simulation: each child's path through the process, as plain records.

Pure Python on one ``random.Random(seed)``, children simulated one after another in a fixed
order, so the same parameters and seed give identical records. The process is the law's:

notification → 24-hour assessment → outcome → case → § 20 assessment (mostly within four
months, else a preliminary assessment) → talk with the child → decision with its legal basis →
episodes on the staircase → network meeting and plan → follow-ups with an ICS scaling measurement
→ step-down / step-up → closure; later notifications may re-open a case.

Interventions and follow-ups are in ``course.py``; this module handles the child's life line,
the notifications and the opening of cases.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from herningmodel.demo.generator.course import CaseState, Course
from herningmodel.demo.generator.params import Params, origin
from herningmodel.demo.generator.population import add_years
from herningmodel.demo.generator.records import CaseRec, History, NotificationRec
from herningmodel.demo.generator.texts import NOTIFICATION_TEXTS

TZ = ZoneInfo("Europe/Copenhagen")
PROFESSIONAL = {"school", "day_care", "health_nurse", "police", "hospital"}
REOPENING_DAYS = 365


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


class Simulator(Course):
    def __init__(self, params: Params, history: History, catalogue: dict[str, tuple[int, str]]):
        super().__init__(params, history, catalogue, random.Random(params.seed))

    def run(self) -> History:
        for index in range(len(self.history.children)):
            self.child(index)
        return self.history

    # ------------------------------------------------------------------ the child's life line

    def child(self, index: int) -> None:
        rec = self.history.children[index]
        p = self.params
        adult = add_years(rec.birth, 18) - dt.timedelta(days=1)
        end = min(p.today, adult)
        begin = origin(p)
        day = max(begin, rec.birth)
        self.last_closed: tuple[int, dt.date] | None = None
        # A notification before birth: more often under the model (earlier action).
        known_from = rec.birth - dt.timedelta(days=150)
        if begin <= known_from <= p.today:
            model = self.on_model(rec.district, known_from)
            if self.rng.random() < (p.unborn_rate_model if model else p.unborn_rate_usual):
                received = rec.birth - dt.timedelta(days=self.rng.randint(20, 140))
                if begin <= received <= p.today:
                    day = max(day, self.notification(index, received, end, unborn=True))
        if rec.birth > p.today:
            return
        while True:
            age = max(0, (day - rec.birth).days / 365.25)
            factor = 0.8 if age < 6 else (1.0 if age < 13 else p.teen_factor)
            if age < 6 and self.on_model(rec.district, day):
                factor *= p.young_notification_factor_model
            if self.last_closed is not None and (day - self.last_closed[1]).days < 365:
                if self.squeezed(rec.district, day):
                    factor *= p.squeeze_renotify_factor
                else:
                    factor *= 1.5
            rate = p.notification_rate * rec.risk * factor
            if rate <= 0:
                return
            wait = self.rng.expovariate(rate) * 365.25
            if wait > (end - day).days:
                return
            day = day + dt.timedelta(days=1 + int(wait))
            if day > end:
                return
            day = self.notification(index, day, end)
            if day > end:
                return

    # ------------------------------------------------------------------ notifications

    def _source(self, age: float) -> str:
        if age < 1:
            pool = ["health_nurse"] * 5 + ["hospital"] * 2 + ["police", "relative", "anonymous"]
        elif age < 6:
            pool = ["day_care"] * 5 + ["health_nurse", "police", "hospital", "relative"]
            pool += ["anonymous"]
        else:
            pool = ["school"] * 6 + ["police"] * 2 + ["hospital", "relative", "anonymous"]
            pool += ["child"] if age >= 10 else []
        return self.rng.choice(pool)

    def record_notification(
        self, child: int, day: dt.date, *, unborn: bool = False, case: int | None = None
    ) -> NotificationRec:
        p = self.params
        rng = self.rng
        rec = self.history.children[child]
        age = max(0.0, (day - rec.birth).days / 365.25)
        source = "health_nurse" if unborn else self._source(age)
        received = _at(day, rng.randint(8, 15), rng.randint(0, 59))
        hours = rng.randint(1, 20) if rng.random() > 0.05 else rng.randint(25, 60)
        assessed: dt.datetime | None = received + dt.timedelta(hours=hours)
        acute = not unborn and case is None and rng.random() < p.acute_share
        if assessed is not None and assessed.date() >= p.today:
            assessed = None  # today's notifications still wait for their 24-hour assessment
        receipt: dt.date | None = None
        if source in PROFESSIONAL and rng.random() > 0.08:
            receipt = day + dt.timedelta(days=rng.randint(1, 6))
            receipt = receipt if receipt <= p.today else None
        note = NotificationRec(
            child=child,
            source=source,
            received_at=received,
            assessed_at=assessed,
            in_danger=None if assessed is None else (acute or rng.random() < 0.08),
            acute=None if assessed is None else acute,
            receipt_on=receipt,
            outcome="",
            outcome_on=None,
            case=case,
        )
        self.history.notifications.append(note)
        return note

    def notification(
        self, child: int, day: dt.date, end: dt.date, *, unborn: bool = False
    ) -> dt.date:
        """A notification with no case open; returns the day the child is next 'at risk'."""
        p = self.params
        rng = self.rng
        rec = self.history.children[child]
        note = self.record_notification(child, day, unborn=unborn)
        if note.assessed_at is None:
            return day
        model = self.on_model(rec.district, day)
        delay = rng.randint(0, 1) if model else rng.randint(0, 5)
        outcome_on = note.assessed_at.date() + dt.timedelta(days=delay)
        if outcome_on > p.today or outcome_on > end:
            return day
        age = (day - rec.birth).days / 365.25
        act = p.open_case_model if model else p.open_case_usual
        if model and age < 6:
            act += p.young_bonus_model
        draw = rng.random()
        if note.acute or unborn or draw < act:
            note.outcome = "assessment_20"
        elif draw < act + p.focused_share:
            note.outcome = "focused_19"
        else:
            note.outcome = "no_action"
        note.outcome_on = outcome_on
        if note.outcome == "no_action":
            return outcome_on
        case_index = self.open_case(child, outcome_on)
        note.case = case_index
        state = CaseState(case=case_index, child=child, end=end)
        if note.outcome == "assessment_20":
            self.assessment_path(state, need_known_on=day, acute=bool(note.acute))
        else:
            self.focused_path(state)
        self.handovers(state)
        closed = self.history.cases[case_index].closed_on
        if closed is None:
            return end + dt.timedelta(days=1)
        self.last_closed = (case_index, closed)
        return closed

    def open_case(self, child: int, day: dt.date) -> int:
        rec = self.history.children[child]
        model = self.on_model(rec.district, day)
        case = CaseRec(
            child=child,
            team=rec.team,
            opened_on=day,
            interval=self.params.follow_up_model if model else self.params.follow_up_usual,
        )
        if self.last_closed is not None and (day - self.last_closed[1]).days <= REOPENING_DAYS:
            case.reopens = self.last_closed[0]
        self.history.cases.append(case)
        return len(self.history.cases) - 1

    def later_notification(self, state: CaseState, day: dt.date) -> None:
        """Notifications while the case is open join it (outcome: existing case)."""
        note = self.record_notification(state.child, day, case=state.case)
        if note.assessed_at is not None:
            outcome_on = note.assessed_at.date() + dt.timedelta(days=self.rng.randint(0, 3))
            if outcome_on <= self.params.today:
                note.outcome = "existing_case"
                note.outcome_on = outcome_on


__all__ = ["Simulator", "NOTIFICATION_TEXTS"]
