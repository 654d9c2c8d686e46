"""Writing the case work: cases, notifications, assessments, talks, meetings, plans,
decisions with their episodes, and follow-ups with their measurements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from herningmodel.cases.models import (
    Assessment,
    Case,
    ChildTalk,
    Decision,
    FollowUp,
    Goal,
    Handover,
    MeetingAttendee,
    NetworkMeeting,
    Notification,
    Plan,
    Task,
)
from herningmodel.demo.generator.texts import (
    ASSESSMENT,
    NOTIFICATION_TEXTS,
    PURPOSES,
    TALK_VIEWS,
    UNBORN_TEXT,
)
from herningmodel.demo.generator.writing import BATCH, WriterBase
from herningmodel.progress.models import Instrument, Measurement, Score
from herningmodel.staircase.models import Episode, InterventionType, Price, Step


class CaseworkWriter(WriterBase):
    def cases(self) -> None:
        self.first_worker: list[int] = []
        self.case_handovers: dict[int, list[tuple[dt.date, int]]] = {}
        for h in self.h.handovers:
            self.case_handovers.setdefault(h.case, []).append((h.on, h.to_worker))
        firsts: dict[int, int] = {}
        for h in self.h.handovers:
            firsts.setdefault(h.case, h.from_worker)
        cases = []
        for index, rec in enumerate(self.h.cases):
            self.first_worker.append(firsts.get(index, rec.worker))
            team = self.teams[rec.team]
            cases.append(
                Case(
                    child_id=self.child_ids[rec.child],
                    area_team=team,
                    district_id=team.district_id,
                    caseworker_id=self.user_ids[rec.worker],
                    opened_on=rec.opened_on,
                    status="closed" if rec.closed_on else "open",
                    closed_on=rec.closed_on,
                    closure_reason=rec.closure_reason,
                    follow_up_interval_months=rec.interval,
                )
            )
        # One open case per child is a database constraint; the uniqueness check per row
        # would cost a query each, so it is left to the database (and the invariant tests).
        self.case_objs = self._create("cases", cases, exclude=["child", "caseworker"])
        reopening = []
        for case, rec in zip(self.case_objs, self.h.cases, strict=True):
            if rec.reopens is not None:
                case.reopens_id = self.case_objs[rec.reopens].pk
                reopening.append(case)
        Case.objects.bulk_update(reopening, ["reopens"], batch_size=BATCH)
        self._create(
            "handovers",
            [
                Handover(
                    case=self.case_objs[h.case],
                    on=h.on,
                    from_worker_id=self.user_ids[h.from_worker],
                    to_worker_id=self.user_ids[h.to_worker],
                    reason=h.reason,
                )
                for h in self.h.handovers
            ],
        )

    def casework(self) -> None:
        team_first: dict[int, int] = {}
        for index, worker in enumerate(self.h.workers):
            team_first.setdefault(worker.team, index)
        notes = []
        for n in self.h.notifications:
            rec = self.h.children[n.child]
            if n.case is not None:
                assessor = self.first_worker[n.case]
            else:
                assessor = team_first[rec.team]
            unborn = n.received_at.date() < rec.birth
            notes.append(
                Notification(
                    child_id=self.child_ids[n.child],
                    case=self.case_objs[n.case] if n.case is not None else None,
                    source=n.source,
                    received_at=n.received_at,
                    content=UNBORN_TEXT if unborn else NOTIFICATION_TEXTS[n.source],
                    assessed_at=n.assessed_at,
                    assessed_by_id=self.user_ids[assessor] if n.assessed_at else None,
                    in_danger=n.in_danger,
                    acute_measures=n.acute,
                    receipt_sent_on=n.receipt_on,
                    outcome=n.outcome,
                    outcome_on=n.outcome_on,
                )
            )
        self._create("notifications", notes, exclude=["child"])
        assessments = []
        for a in self.h.assessments:
            done = a.finished_on is not None
            assessments.append(
                Assessment(
                    case=self.case_objs[a.case],
                    need_known_on=a.need_known_on,
                    started_on=a.started_on,
                    preliminary_on=a.preliminary_on,
                    preliminary_text=ASSESSMENT["preliminary"] if a.preliminary_on else "",
                    finished_on=a.finished_on,
                    recommendation=a.recommendation,
                    conclusion=ASSESSMENT["conclusion"] if done else "",
                    child_development=ASSESSMENT["child_development"] if done else "",
                    parenting_capacity=ASSESSMENT["parenting_capacity"] if done else "",
                    family_and_network=ASSESSMENT["family_and_network"] if done else "",
                )
            )
        self._create("assessments", assessments)
        talks = [
            ChildTalk(
                case=self.case_objs[t.case],
                held_on=t.held_on,
                not_held_on=t.not_held_on,
                not_held_reason=t.reason,
                child_views=TALK_VIEWS if t.held_on else "",
                recorded_by_id=self._worker_on(t.case, t.held_on or t.not_held_on or dt.date.max),
            )
            for t in self.h.talks
        ]
        self.talk_objs = self._create("talks", talks)
        meetings = [
            NetworkMeeting(
                case=self.case_objs[m.case],
                held_on=m.held_on,
                summary="Familien sad for bordenden og formulerede selv målene (fiktivt).",
                recorded_by_id=self._worker_on(m.case, m.held_on),
            )
            for m in self.h.meetings
        ]
        self.meeting_objs = self._create("network meetings", meetings)
        names = dict(
            get_user_model().objects.filter(pk__in=self.user_ids).values_list("pk", "first_name")
        )
        attendees = []
        for meeting, held in zip(self.meeting_objs, self.h.meetings, strict=True):
            child = self.h.cases[held.case].child
            mother, grandparent = self.family[child]
            mother_id, grandparent_id = self.family_ids[child]
            attendees.append(
                MeetingAttendee(
                    meeting=meeting, kind="family", name=mother, role="mor", person_id=mother_id
                )
            )
            if (held.held_on - self.h.children[child].birth).days > 6 * 365:
                name = self.h.children[child].first_name
                attendees.append(MeetingAttendee(meeting=meeting, kind="child", name=name))
            if held.with_network:
                attendees.append(
                    MeetingAttendee(
                        meeting=meeting,
                        kind="network",
                        name=grandparent,
                        role="bedsteforælder",
                        person_id=grandparent_id,
                    )
                )
            attendees.append(
                MeetingAttendee(
                    meeting=meeting,
                    kind="professional",
                    name=names[meeting.recorded_by_id],
                    role="sagsbehandler",
                )
            )
        self._create("attendees", attendees)
        plans = [
            Plan(
                case=self.case_objs[p.case],
                meeting=self.meeting_objs[p.meeting] if p.meeting is not None else None,
                familys_words="Vi vil have ro og overskud i hverdagen.",
                childs_words="At det bliver godt derhjemme.",
                approved_on=p.approved_on,
                updated_by_id=self._worker_on(p.case, p.approved_on),
            )
            for p in self.h.plans
        ]
        plan_objs = self._create("plans", plans)
        goals: list[Goal] = []
        for plan, planned in zip(plan_objs, self.h.plans, strict=True):
            target = planned.approved_on + dt.timedelta(days=180)
            goals.extend(Goal(plan=plan, text=text, target_on=target) for text in planned.goals)
        goal_objs = self._create("goals", goals)
        tasks = []
        for goal in goal_objs:
            tasks.append(
                Task(
                    plan=goal.plan,
                    goal=goal,
                    description="Familien følger aftalerne fra netværksmødet.",
                    responsible_kind="family",
                    responsible_name="Familien",
                )
            )
        self._create("tasks", tasks)

    def episodes(self) -> None:
        types = {t.code: t for t in InterventionType.objects.all()}
        steps = {s.number: s.pk for s in Step.objects.all()}
        providers: dict[str, list[tuple[dt.date, int]]] = {}
        for code, valid_from, provider in (
            Price.objects.filter(provider__active=True)
            .values_list("intervention_type__code", "valid_from", "provider_id")
            .order_by("provider_id", "valid_from")
        ):
            providers.setdefault(code, []).append((valid_from, provider))
        episodes = []
        for e in self.h.episodes:
            rec = self.h.children[e.child]
            team = self.teams[rec.team]
            provider = next(p for v, p in providers[e.type_code] if v <= e.start)
            episodes.append(
                Episode(
                    child_id=self.child_ids[e.child],
                    intervention_type=types[e.type_code],
                    provider_id=provider,
                    step_id=steps[e.step],
                    district_id=team.district_id,
                    area_team=team,
                    start=e.start,
                    planned_end=e.planned_end,
                    end=e.end,
                    end_reason=e.end_reason,
                    planned_volume=Decimal(str(e.volume)) if e.volume is not None else None,
                    justification=e.justification,
                )
            )
        episode_objs = self._create("episodes", episodes, exclude=["child", "provider"])
        decisions = [
            Decision(
                case=self.case_objs[d.case],
                legal_basis=d.legal_basis,
                decided_on=d.decided_on,
                purpose=PURPOSES[self.h.episodes[d.episodes[0]].step],
                expected_duration_months=d.months,
                acute=d.acute,
                consent=d.consent,
                child_talk=self.talk_objs[d.talk] if d.talk is not None else None,
                plan_choice=d.plan_choice,
                plan_choice_on=d.decided_on if d.plan_choice is not None else None,
                decided_by_id=self._worker_on(d.case, d.decided_on),
            )
            for d in self.h.decisions
        ]
        decision_objs = self._create("decisions", decisions)
        through = Decision.episodes.through
        self._create(
            "decision episodes",
            [
                through(decision_id=obj.pk, episode_id=episode_objs[e].pk)
                for obj, rec in zip(decision_objs, self.h.decisions, strict=True)
                for e in rec.episodes
            ],
            check=False,
        )

    def follow_ups(self) -> None:
        instrument = Instrument.objects.get(code="ics-scaling")
        dimensions = list(instrument.dimensions.order_by("position"))
        rows = [
            FollowUp(
                case=self.case_objs[f.case],
                held_on=f.held_on,
                goals_moved=f.goals_moved,
                decision=f.decision,
                recorded_by_id=self._worker_on(f.case, f.held_on),
            )
            for f in self.h.follow_ups
        ]
        objs = self._create("follow-ups", rows)
        measurements = [
            Measurement(
                child_id=self.child_ids[self.h.cases[f.case].child],
                instrument=instrument,
                measured_on=f.held_on,
                case=obj.case,
                follow_up=obj,
                measured_by_id=obj.recorded_by_id,
            )
            for obj, f in zip(objs, self.h.follow_ups, strict=True)
        ]
        measured = self._create("measurements", measurements, exclude=["child"])
        scores = [
            Score(measurement=m, dimension=d, value=value)
            for m, f in zip(measured, self.h.follow_ups, strict=True)
            for d, value in zip(dimensions, f.scores, strict=True)
        ]
        self._create("scores", scores)
