"""A case's course: assessment, decisions, episodes on the staircase, follow-ups, closure."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from herningmodel.cases.calendar import add_months
from herningmodel.demo.generator.params import Params
from herningmodel.demo.generator.records import (
    AssessmentRec,
    DecisionRec,
    EpisodeRec,
    FollowUpRec,
    HandoverRec,
    History,
    MeetingRec,
    PlanRec,
    TalkRec,
)
from herningmodel.demo.generator.texts import GOALS, JUSTIFICATION, TALK_ACUTE, TALK_TOO_YOUNG
from herningmodel.staircase import rules

# Which shipped types a step uses, with weights (codes missing from the catalogue are skipped).
TYPE_WEIGHTS: dict[int, list[tuple[str, float]]] = {
    1: [("ekstra-sundhedsplejebesoeg", 3), ("cos-p-foraeldregruppe", 2), ("adbb-opfoelgning", 2)],
    2: [("familieraadgivning", 5), ("netvaerksgruppe", 2), ("foraeldrekursus", 2)],
    3: [
        ("familiekonsulent", 5),
        ("kontaktperson", 3),
        ("praktisk-paedagogisk-stoette", 2),
        ("fft", 1),
        ("pmto", 1),
        ("aflastning", 1),
    ],
    4: [("netvaerksplejefamilie", 3), ("netvaerksplejefamilie-stoette", 1)],
    5: [
        ("plejefamilie", 20),
        ("forstaerket-plejefamilie", 3),
        ("specialiseret-plejefamilie", 0.5),
        ("kommunal-plejefamilie", 0.5),
    ],
    6: [
        ("opholdssted", 5),
        ("boernehjem", 4),
        ("intensiv-korttidsanbringelse", 1),
        ("sikret-afdeling", 0.2),
    ],
}
MODEL_INSTITUTION = "intensiv-korttidsanbringelse"  # the model's time-limited placements
BASIS = {1: "30", 2: "30", 3: "32", 4: "46", 5: "46", 6: "46"}
HANDOVER_REASONS = ["illness", "workload", "staff_left", "other", "moved"]


@dataclass
class CaseState:
    case: int
    child: int
    end: dt.date  # today, or the day before the 18th birthday
    step: int | None = None
    episode: int | None = None
    assessed: bool = False
    talk: int | None = None
    talk_day: dt.date | None = None
    wellbeing: float = 4.0
    squeezed_down: bool = False
    floor: dt.date | None = None  # nothing is decided before this day (a finished assessment)
    last_follow_up: dt.date | None = None


class Course:
    def __init__(
        self,
        params: Params,
        history: History,
        catalogue: dict[str, tuple[int, str]],
        rng: random.Random,
    ) -> None:
        self.params = params
        self.history = history
        self.rng = rng
        self.types: dict[int, list[tuple[str, float]]] = {}
        for step in range(1, 7):
            known = [(c, w) for c, w in TYPE_WEIGHTS[step] if c in catalogue]
            others = [(c, 1.0) for c, (s, _) in sorted(catalogue.items()) if s == step]
            self.types[step] = known or others
        self.units = {code: unit for code, (_, unit) in catalogue.items()}
        self.spans: dict[int, list[rules.Span]] = {}

    # ------------------------------------------------------------------ regime

    def on_model(self, district: int, day: dt.date) -> bool:
        return day >= self.history.districts[district].model_start

    def squeezed(self, district: int, day: dt.date) -> bool:
        start = self.history.districts[district].squeeze_from
        return start is not None and day >= start

    def _district(self, state: CaseState) -> int:
        return self.history.children[state.child].district

    def later_notification(self, state: CaseState, day: dt.date) -> None:
        raise NotImplementedError

    def _days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    # ------------------------------------------------------------------ assessment

    def assessment_path(self, state: CaseState, *, need_known_on: dt.date, acute: bool) -> None:
        p = self.params
        rng = self.rng
        case = self.history.cases[state.case]
        assessment = AssessmentRec(state.case, need_known_on, case.opened_on)
        self.history.assessments.append(assessment)
        if acute:
            self.acute_placement(state, case.opened_on)
        low, high = p.assessment_days
        if rng.random() < p.late_assessment_share:
            length = rng.randint(125, 200)
            preliminary = add_months(need_known_on, 4) - self._days(0, 6)
            if preliminary <= min(p.today, state.end):
                assessment.preliminary_on = max(preliminary, case.opened_on)
        else:
            length = rng.randint(low, high)
        finished = case.opened_on + dt.timedelta(days=length)
        self.talk(state, case.opened_on + self._days(5, max(5, length - 3)))
        if finished > state.end:
            self.wrap_up(state)
            return
        assessment.finished_on = finished
        state.assessed = True
        state.floor = finished
        if acute and state.step is not None:
            # The acute placement continues, or the child goes home with support.
            if rng.random() < 0.55:
                self.follow(state)
            else:
                self.change_step(state, finished, 3, "step_down")
                if self.history.cases[state.case].closed_on is None and state.episode is not None:
                    self.follow(state)
            return
        step = self.first_step(state, finished)
        assessment.recommendation = {0: "none", 1: "30", 2: "30", 3: "32"}.get(step, "46")
        if step == 0:
            self.close(state, finished + self._days(0, 14), "no_need")
            return
        decided = finished + self._days(3, 21)
        if decided > state.end:
            self.wrap_up(state)
            return
        self.decide(state, step, decided)
        self.follow(state)

    def first_step(self, state: CaseState, day: dt.date) -> int:
        model = self.on_model(self._district(state), day)
        weights = list(self.params.first_step_model if model else self.params.first_step_usual)
        age = (day - self.history.children[state.child].birth).days / 365.25
        if age >= 12:  # DST: teenagers are the largest group of placed children
            weights[4] *= 1.3
            weights[5] *= 2.0
        elif age < 6:  # the youngest are placed less often, and in families
            weights[3] *= 0.6
            weights[5] = 0.0
        step = self.rng.choices([0, 2, 3, 4, 5, 6], weights)[0]
        if step == 2 and model and age < 3 and self.rng.random() < 0.5:
            step = 1  # the model's earlier help in universal services (health nurse, COS-P)
        return step

    def focused_path(self, state: CaseState) -> None:
        """§ 19: a focused assessment; about half lead to early preventive help (§ 30)."""
        case = self.history.cases[state.case]
        model = self.on_model(self._district(state), case.opened_on)
        if self.rng.random() < (0.55 if model else 0.40):
            decided = case.opened_on + self._days(10, 45)
            if decided > state.end:
                self.wrap_up(state)
                return
            age = (decided - self.history.children[state.child].birth).days / 365.25
            self.decide(state, 1 if model and age < 6 else 2, decided)
            self.follow(state)
        else:
            self.close(state, case.opened_on + self._days(20, 90), "no_need")

    def acute_placement(self, state: CaseState, day: dt.date) -> None:
        age = (day - self.history.children[state.child].birth).days / 365.25
        talk = TalkRec(state.case, None, day, TALK_ACUTE)
        self.history.talks.append(talk)
        state.talk, state.talk_day = len(self.history.talks) - 1, day
        institution = age >= 6
        if self.on_model(self._district(state), day):
            institution = institution and self.rng.random() < self.params.acute_institution_model
        self.decide(state, 6 if institution else 5, day, acute=True)

    # ------------------------------------------------------------------ decisions and episodes

    def talk(self, state: CaseState, day: dt.date) -> None:
        """A talk with the child (§ 5) on or before ``day``; the youngest get a recorded reason."""
        case = self.history.cases[state.case]
        day = max(case.opened_on, min(day, self.params.today, state.end))
        age = (day - self.history.children[state.child].birth).days / 365.25
        if age < 4:
            self.history.talks.append(TalkRec(state.case, None, day, TALK_TOO_YOUNG))
        else:
            self.history.talks.append(TalkRec(state.case, day, None))
        state.talk, state.talk_day = len(self.history.talks) - 1, day

    def _type(self, step: int, model: bool, age: float) -> str:
        options = self.types[step]
        if step == 6 and model and any(c == MODEL_INSTITUTION for c, _ in options):
            if self.rng.random() < 0.3:
                return MODEL_INSTITUTION
        codes = [c for c, _ in options]
        return self.rng.choices(codes, [w for _, w in options])[0]

    def _duration(self, step: int, model: bool, code: str) -> int:
        p = self.params
        if step <= 2:
            low, high = 60, 240
        elif step == 3:
            low, high = p.home_days
        elif step in (4, 5):
            low, high = p.foster_days
        else:
            low, high = p.institution_days_model if model else p.institution_days_usual
            if code == MODEL_INSTITUTION:
                low, high = 60, 180
        return self.rng.randint(low, high)

    def decide(
        self, state: CaseState, step: int, day: dt.date, *, acute: bool = False, start_gap: int = -1
    ) -> None:
        p = self.params
        rng = self.rng
        district = self._district(state)
        model = self.on_model(district, day)
        basis = BASIS[step]
        consent: bool | None = None
        if basis == "46":
            consent = rng.random() < 0.75
            basis = "46" if consent else "47"
        if basis != "30" and (state.talk_day is None or (day - state.talk_day).days > 180):
            self.talk(state, day - self._days(0, 10))
        if not acute and rng.random() < (p.meeting_share_model if model else p.meeting_share_usual):
            held = max(self.history.cases[state.case].opened_on, day - self._days(0, 10))
            self.history.meetings.append(MeetingRec(state.case, held, rng.random() < 0.8))
        gap = start_gap if start_gap >= 0 else rng.randint(0, 10)
        start = min(day + dt.timedelta(days=gap), state.end)
        age = (start - self.history.children[state.child].birth).days / 365.25
        code = self._type(step, model, age)
        length = self._duration(step, model, code)
        unit = self.units[code]
        volume: float | None = None
        if unit == "hour":
            volume = p.home_hours_model if model else p.home_hours_usual
            volume = round(volume * rng.uniform(0.6, 1.4), 1) if step == 3 else 1.5
        elif code == "aflastning":
            volume = 2.0  # two days a week of respite
        spans = self.spans.setdefault(state.child, [])
        required = rules.justification_required(spans, step, start)
        episode = EpisodeRec(
            child=state.child,
            type_code=code,
            step=step,
            start=start,
            planned_end=start + dt.timedelta(days=length),
            volume=volume,
            justification=JUSTIFICATION if required else "",
        )
        self.history.episodes.append(episode)
        state.episode = len(self.history.episodes) - 1
        state.step = step
        spans.append(rules.Span(step, start, None))
        decision = DecisionRec(
            case=state.case,
            legal_basis=basis,
            decided_on=day,
            months=max(1, min(240, math.ceil(length / 30.4))),
            acute=acute,
            consent=consent if basis in ("46", "47") else None,
            talk=state.talk if basis != "30" else None,
            plan_choice=(rng.random() < 0.7) if basis == "32" else None,
            episodes=[state.episode],
        )
        self.history.decisions.append(decision)
        if basis in ("46", "47") or decision.plan_choice:
            approved = day + self._days(0, 100 if not model else 70)
            if approved <= p.today:
                meeting = len(self.history.meetings) - 1 if self.history.meetings else None
                if meeting is not None and self.history.meetings[meeting].case != state.case:
                    meeting = None
                goals = tuple(rng.sample(GOALS, 2))
                self.history.plans.append(PlanRec(state.case, meeting, approved, goals))
        state.wellbeing = max(1.0, min(9.0, 2 + (6 - step) * 0.6 + rng.gauss(0, 0.8)))

    def end_episode(self, state: CaseState, day: dt.date, reason: str) -> None:
        if state.episode is None:
            return
        episode = self.history.episodes[state.episode]
        episode.end = max(day, episode.start)
        episode.end_reason = reason
        spans = self.spans[state.child]
        spans[-1] = rules.Span(episode.step, episode.start, episode.end)
        state.episode = None

    def change_step(self, state: CaseState, day: dt.date, step: int, reason: str) -> None:
        """End the current episode today and decide the next step (starting tomorrow)."""
        if step >= 4 and not state.assessed:
            finished = day + self._days(30, 90)
            self.history.assessments.append(AssessmentRec(state.case, day, day))
            if finished > state.end:
                self.wrap_up(state)
                return
            self.history.assessments[-1].finished_on = finished
            self.history.assessments[-1].recommendation = "46"
            state.assessed = True
            day = finished
        self.end_episode(state, day, reason)
        self.decide(state, step, day, start_gap=1)

    # ------------------------------------------------------------------ follow-up

    def follow(self, state: CaseState) -> None:
        """Follow-ups until the intervention ends, the child turns 18 or the history ends."""
        p = self.params
        rng = self.rng
        district = self._district(state)
        assert state.episode is not None
        episode = self.history.episodes[state.episode]
        due = add_months(episode.start, 3)
        while True:
            if state.episode is None:
                return
            episode = self.history.episodes[state.episode]
            model = self.on_model(district, due)
            squeeze = self.squeezed(district, due)
            planned = episode.planned_end or episode.start
            if squeeze:
                planned = episode.start + (planned - episode.start) * 6 // 10
            if rng.random() < p.late_follow_up_share * (0.6 if model else 1.0):
                held = due + self._days(31, 100)
            else:
                held = due - self._days(0, 21)
            held = max(held, episode.start, state.floor or episode.start)
            # Notifications keep coming while the case is open.
            risk = self.history.children[state.child].risk
            if rng.random() < 1 - math.exp(-p.notification_rate * p.repeat_factor * risk / 2):
                extra = episode.start + self._days(1, max(1, (held - episode.start).days))
                if extra <= state.end:
                    self.later_notification(state, extra)
            if squeeze and (state.step or 0) >= 3 and not state.squeezed_down:
                if rng.random() < p.squeeze_step_down_without_follow_up:
                    # The budget squeeze: a step-down between follow-ups, with no measurement.
                    # After the last follow-up (the squeeze starts between two of them).
                    last = max(episode.start, state.last_follow_up or episode.start)
                    cut = last + self._days(30, max(30, (held - last).days))
                    cut = max(cut, state.floor or cut)
                    if cut <= state.end:
                        target = 3 if (state.step or 3) >= 4 else 2
                        self.change_step(state, cut, target, "step_down")
                        state.squeezed_down = True
                        if state.episode is None:
                            return
                        episode = self.history.episodes[state.episode]
                        due = add_months(episode.start, 3)
                        continue
            if held > state.end:
                self.wrap_up(state)
                return
            drift = rng.gauss(0.45 if model else 0.3, 1.0)
            if state.squeezed_down and rng.random() < p.squeeze_step_up_after_down:
                drift = -1.5
            state.wellbeing = max(1.0, min(10.0, state.wellbeing + drift))
            moved = "yes" if drift > 0.6 else "partly" if drift > 0.1 else "no"
            moved = "worse" if drift < -0.5 else moved
            step = state.step or 2
            decision, target = "continue", step
            if (
                moved == "worse"
                and step < 6
                and (rng.random() < p.step_up_share or state.squeezed_down)
            ):
                decision = "step_up"
                target = {1: 2, 2: 3, 3: 5, 4: 5, 5: 6}[step]
                age = (held - self.history.children[state.child].birth).days / 365.25
                if step == 3 and age >= 12 and not model and rng.random() < 0.5:
                    target = 6  # usual practice: teenagers to an institution
                if target == 6 and (age < 12 or (model and rng.random() < 0.6)):
                    target = 5  # a placement breaking down moves to another family
            elif held >= planned or (moved == "yes" and rng.random() < p.step_down_share / 3):
                if step <= 2 or (step == 3 and rng.random() < 0.6):
                    decision = "end"
                else:
                    decision = "step_down"
                    target = {3: 2, 4: 3, 5: 3, 6: 3 if model and rng.random() < 0.6 else 5}[step]
            elif rng.random() < 0.1:
                decision = "adjust"
            if squeeze and decision == "continue" and step >= 3 and rng.random() < 0.3:
                decision, target = "step_down", step - 1 if step != 4 else 3
            scores = tuple(
                max(1, min(10, round(state.wellbeing + rng.gauss(0, 0.8)))) for _ in range(3)
            )
            self.history.follow_ups.append(
                FollowUpRec(state.case, held, moved, decision, (scores[0], scores[1], scores[2]))
            )
            state.last_follow_up = held
            if model and rng.random() < p.meeting_at_follow_up_model:
                self.history.meetings.append(MeetingRec(state.case, held, True))
            if decision == "end":
                self.end_episode(state, held, "goals_reached")
                self.close(state, held + self._days(0, 30), "goals_reached")
                return
            if decision in ("step_up", "step_down"):
                state.squeezed_down = state.squeezed_down and decision == "step_down"
                self.change_step(state, held, target, decision)
                if state.episode is None:
                    return
                due = add_months(self.history.episodes[state.episode].start, 3)
                continue
            interval = p.follow_up_model if model else p.follow_up_usual
            self.history.cases[state.case].interval = interval
            due = add_months(held, interval)

    # ------------------------------------------------------------------ closure

    def close(self, state: CaseState, day: dt.date, reason: str) -> None:
        if day > state.end:
            self.wrap_up(state)
            return
        self.end_episode(state, day, "goals_reached" if reason == "goals_reached" else "other")
        case = self.history.cases[state.case]
        case.closed_on = max(day, case.opened_on)
        case.closure_reason = reason

    def wrap_up(self, state: CaseState) -> None:
        """The history ends: the case stays open, unless the child turned 18 before today."""
        if state.end >= self.params.today:
            return
        self.end_episode(state, state.end, "other")
        case = self.history.cases[state.case]
        case.closed_on = max(state.end, case.opened_on)
        case.closure_reason = "turned_18"

    def handovers(self, state: CaseState) -> None:
        case = self.history.cases[state.case]
        last = case.closed_on or state.end
        if last > self.params.today:
            last = self.params.today
        years = (last - case.opened_on).days / 365.25
        model = self.on_model(self._district(state), case.opened_on)
        rate = self.params.handover_rate_model if model else self.params.handover_rate_usual
        count = 0
        threshold = math.exp(-rate * years)
        product = self.rng.random()
        while product > threshold:
            count += 1
            product *= self.rng.random()
        days = sorted(
            self.rng.randint(1, max(1, (last - case.opened_on).days)) for _ in range(count)
        )
        for offset in days:
            on = case.opened_on + dt.timedelta(days=offset)
            if on <= last:
                reason = self.rng.choice(HANDOVER_REASONS)
                self.history.handovers.append(HandoverRec(state.case, on, reason))
