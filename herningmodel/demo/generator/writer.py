"""Writing a simulated history into the database: bulk inserts in one transaction.

Writing years of history through the per-object services would take hours, so rows are
bulk-inserted. They still pass the same validation as user input: ``full_clean()`` on every row
(``validate="all"``, used for ``small``) or on a deterministic sample (every ``sample``-th row of
each model), and the service-level rules are checked on the records before anything is written
(``invariants.py``). A failed check raises and, as everything runs in one transaction, nothing
is written.

Audit: the generated history gets **one** audit event per run (the run's parameters and row
counts), not one per row: millions of events describing fiction would drown the trail the DPO
reads, and the hash chain would take longer to write than the history itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import models

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
from herningmodel.demo.fictitious import fictitious_cpr
from herningmodel.demo.generator.params import Params
from herningmodel.demo.generator.population import add_years
from herningmodel.demo.generator.records import History
from herningmodel.demo.generator.texts import (
    ASSESSMENT,
    NOTIFICATION_TEXTS,
    PURPOSES,
    TALK_VIEWS,
    UNBORN_TEXT,
)
from herningmodel.organisation.models import (
    AreaTeam,
    Discipline,
    District,
    Method,
    ModelStatus,
    Municipality,
    Role,
    StaffMember,
    TeamMembership,
    TrainingRecord,
)
from herningmodel.people.models import Child, Household, Person, Relation, RelationKind
from herningmodel.progress.models import Instrument, Measurement, Score
from herningmodel.staircase.ledger import rebuild_ledgers
from herningmodel.staircase.models import Episode, InterventionType, Price, Step

M = TypeVar("M", bound=models.Model)
Progress = Callable[[str, int, int], None]
DEMO_PASSWORD = "demo-herning"  # noqa: S105 - demo accounts only log in in demo mode
BATCH = 2000
STAGES = 27  # the tables written one after another, then the cost ledger (for progress bars)

# Named log-ins besides one caseworker per area team: (username, first, last, role, teams).
OTHER_LOGINS: list[tuple[str, str, str, Role, list[int]]] = [
    ("sundhedsplejerske", "Dorte", "Vang", Role.HEALTH_NURSE, [0]),
    ("ppr", "Emil", "Brink", Role.PPR_PSYCHOLOGIST, [0]),
    ("familiekoordinator", "Frida", "Dahl", Role.FAMILY_COORDINATOR, [1]),
    ("teamleder", "Gustav", "Friis", Role.TEAM_LEADER, [0, 1]),
    ("leder", "Hanne", "Skov", Role.DEPARTMENT_MANAGER, []),
    ("controller", "Ib", "Mose", Role.CONTROLLER, []),
    ("politiker", "Jette", "Bech", Role.POLITICIAN, []),
    ("dpo", "Karl", "Storm", Role.DPO, []),
    ("admin", "Lis", "Eng", Role.ADMINISTRATOR, []),
]
MOTHERS = "Maria Camilla Louise Sara Julie Anne Mette Pernille Stine Tina".split()
FATHERS = "Jens Peter Michael Lars Thomas Henrik Martin Søren Kasper Rasmus".split()
GRANDPARENTS = "Birgit Inge Hanne Kirsten Poul Erik Bent Jytte".split()
DISCIPLINES = {
    Role.HEALTH_NURSE: Discipline.HEALTH_NURSE,
    Role.PPR_PSYCHOLOGIST: Discipline.PPR_PSYCHOLOGIST,
    Role.FAMILY_COORDINATOR: Discipline.FAMILY_THERAPIST,
    Role.TEAM_LEADER: Discipline.TEAM_LEADER,
}


def catalogue_for(params: Params) -> dict[str, tuple[int, str]]:
    """Active types with a price in force from the history's first day: code → (step, unit)."""
    priced = set(
        Price.objects.filter(
            valid_from__lte=params.start, provider__active=True, intervention_type__active=True
        ).values_list("intervention_type__code", flat=True)
    )
    return {
        code: (step, unit)
        for code, step, unit in InterventionType.objects.filter(code__in=priced).values_list(
            "code", "step__number", "unit"
        )
    }


class Writer:
    def __init__(
        self, params: Params, history: History, *, validate: str, progress: Progress
    ) -> None:
        self.params = params
        self.h = history
        self.validate = validate  # "all" or "sample"
        self.progress = progress
        self.stage = 0
        self.rows = 0

    # ------------------------------------------------------------------ helpers

    def _check(self, objs: Sequence[models.Model], exclude: list[str] | None = None) -> None:
        """``full_clean()`` on every row, or on every 50th: field validators and each model's
        ``clean()``. Foreign keys, unique and check constraints are left to the database, which
        enforces them on insert (a violation fails the run and rolls everything back): checking
        them here costs a query per row."""
        if not objs:
            return
        skip = set(exclude or [])
        skip |= {f.name for f in objs[0]._meta.concrete_fields if f.is_relation}
        step = 1 if self.validate == "all" else max(1, len(objs) // 50)
        for obj in objs[::step]:
            obj.full_clean(exclude=sorted(skip), validate_unique=False, validate_constraints=False)

    def _create(
        self, label: str, objs: list[M], *, exclude: list[str] | None = None, check: bool = True
    ) -> list[M]:
        if check:
            self._check(objs, exclude)
        model = type(objs[0]) if objs else None
        created = model._default_manager.bulk_create(objs, batch_size=BATCH) if model else []
        self.rows += len(created)
        self.stage += 1
        self.progress(label, self.stage, STAGES)
        return created

    def _worker_on(self, case: int, day: dt.date) -> int:
        """The user id of the case's caseworker on a day (handovers change it)."""
        worker = self.first_worker[case]
        for on, to in self.case_handovers.get(case, []):
            if on <= day:
                worker = to
        return self.user_ids[worker]

    # ------------------------------------------------------------------ the run

    def write(self) -> dict[str, int]:
        self.organisation()
        self.staff()
        self.people()
        self.cases()
        self.casework()
        self.episodes()
        self.follow_ups()
        self.progress("cost ledger", self.stage, STAGES)
        entries = rebuild_ledgers(include_closed=True, today=self.params.today)
        self.rows += entries
        self.progress("done", STAGES, STAGES)
        return {"rows": self.rows, "ledger_entries": entries}

    def organisation(self) -> None:
        self.municipality = Municipality(name="Demo Kommune (fiktiv)", code="999", is_demo=True)
        self.municipality.full_clean()
        self.municipality.save()
        self.rows += 1
        districts = [
            District(
                municipality=self.municipality,
                name=d.name,
                model_status=ModelStatus.PILOT if d.pilot else ModelStatus.CONTROL,
                model_start=d.model_start if d.model_start <= self.params.today else None,
            )
            for d in self.h.districts
        ]
        self.districts = self._create("districts", districts)
        teams = [
            AreaTeam(
                district=self.districts[t.district],
                name=t.name,
                caseload_target=self.params.caseload_model
                if self.h.districts[t.district].model_start <= self.params.today
                else self.params.caseload_usual,
            )
            for t in self.h.teams
        ]
        self.teams = self._create("area teams", teams)

    def staff(self) -> None:
        users = get_user_model()
        password = make_password(DEMO_PASSWORD)
        unusable = make_password(None)
        first_of_team: dict[int, int] = {}
        accounts = []
        for index, worker in enumerate(self.h.workers):
            district = self.h.teams[worker.team].district
            slug = self.h.districts[district].slug
            if self.params.size.teams_per_district > 1:
                slug += f"-{worker.team % self.params.size.teams_per_district + 1}"
            login = worker.team not in first_of_team
            first_of_team.setdefault(worker.team, index)
            name = f"sagsbehandler-{slug}" if login else f"raadgiver-{slug}-{index}"
            accounts.append(
                users(
                    username=name,
                    first_name=worker.first_name,
                    last_name=worker.last_name,
                    password=password if login else unusable,
                )
            )
        for username, first, last, role, _ in OTHER_LOGINS:
            accounts.append(
                users(
                    username=username,
                    first_name=first,
                    last_name=last,
                    password=password,
                    is_staff=role == Role.ADMINISTRATOR,
                )
            )
        created = self._create("users", accounts, exclude=["password"])
        self.user_ids = [u.pk for u in created]
        roles = [Role.CASEWORKER] * len(self.h.workers) + [r for _, _, _, r, _ in OTHER_LOGINS]
        staff = self._create(
            "staff",
            [
                StaffMember(user_id=u.pk, role=role, is_demo_account=True)
                for u, role in zip(created, roles, strict=True)
            ],
        )
        admin = created[-1]
        admin.user_permissions.set(
            Permission.objects.filter(content_type__app_label="organisation")
        )
        memberships = []
        training = []
        for index, worker in enumerate(self.h.workers):
            memberships.append(
                TeamMembership(
                    staff=staff[index],
                    team=self.teams[worker.team],
                    discipline=Discipline.AUTHORITY_SOCIAL_WORKER,
                    start=worker.start,
                )
            )
            switch = self.h.districts[self.h.teams[worker.team].district].model_start
            trained = max(switch, worker.start)
            if trained <= self.params.today:
                for method in (Method.NETWORK_MEETINGS, Method.ICS, Method.SIGNS_OF_SAFETY):
                    training.append(
                        TrainingRecord(staff=staff[index], method=method, completed_on=trained)
                    )
        offset = len(self.h.workers)
        for n, (_, _, _, role, team_indexes) in enumerate(OTHER_LOGINS):
            for team_index in team_indexes:
                if team_index < len(self.teams):
                    memberships.append(
                        TeamMembership(
                            staff=staff[offset + n],
                            team=self.teams[team_index],
                            discipline=DISCIPLINES[role],
                            start=self.params.start,
                        )
                    )
        self._create("team memberships", memberships)
        self._create("training", training)

    def people(self) -> None:
        known = sorted(
            {n.child for n in self.h.notifications}
            | {c.child for c in self.h.cases}
            | {e.child for e in self.h.episodes}
        )
        today = self.params.today
        # Families with their network for the children known to the services.
        households = self._create(
            "households",
            [Household(label=f"Familien {self.h.children[i].last_name}") for i in known],
        )
        household_of = dict(zip(known, households, strict=True))
        serials: dict[dt.date, int] = {}
        children = []
        child_index: list[int] = []
        for index, rec in enumerate(self.h.children):
            unborn = rec.birth > today
            gone = add_years(rec.birth, 18) <= self.params.start  # grown up before the history
            if (unborn or gone) and index not in household_of:
                continue
            cpr = None
            if not unborn and 2000 <= rec.birth.year <= 2036:
                n = serials.get(rec.birth, 0)
                serials[rec.birth] = n + 1
                cpr = fictitious_cpr(rec.birth, n)
            children.append(
                Child(
                    first_name="Ufødt" if unborn else rec.first_name,
                    last_name=rec.last_name,
                    cpr=cpr,
                    birth_date=None if unborn else rec.birth,
                    is_unborn=unborn,
                    expected_birth_date=rec.birth if unborn else None,
                    district=self.districts[rec.district],
                    area_team=self.teams[rec.team],
                    household=household_of.get(index),
                )
            )
            child_index.append(index)
        created = self._create("children", children)
        self.child_ids: dict[int, int] = {
            index: child.pk for index, child in zip(child_index, created, strict=True)
        }
        persons: list[Person] = []
        relations: list[tuple[int, int, str, bool, bool]] = []
        self.family: dict[int, tuple[str, str]] = {}
        for index in known:
            last = self.h.children[index].last_name
            mother = MOTHERS[index % len(MOTHERS)]
            grandparent = GRANDPARENTS[index % len(GRANDPARENTS)]
            self.family[index] = (f"{mother} {last}", f"{grandparent} {last}")
            people = [
                (mother, RelationKind.MOTHER, True, False),
                (grandparent, RelationKind.GRANDPARENT, False, True),
            ]
            if index % 3:
                people.append((FATHERS[index % len(FATHERS)], RelationKind.FATHER, True, False))
            for first, kind, custody, network in people:
                persons.append(
                    Person(first_name=first, last_name=last, household=household_of[index])
                )
                relations.append((index, len(persons) - 1, kind, custody, network))
        persons = self._create("persons", persons)
        self._create(
            "relations",
            [
                Relation(
                    child_id=self.child_ids[c],
                    person=persons[p],
                    kind=kind,
                    has_custody=custody,
                    is_network=network,
                )
                for c, p, kind, custody, network in relations
            ],
            exclude=["child"],
        )

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
            attendees.append(
                MeetingAttendee(meeting=meeting, kind="family", name=mother, role="mor")
            )
            if (held.held_on - self.h.children[child].birth).days > 6 * 365:
                name = self.h.children[child].first_name
                attendees.append(MeetingAttendee(meeting=meeting, kind="child", name=name))
            if held.with_network:
                attendees.append(
                    MeetingAttendee(
                        meeting=meeting, kind="network", name=grandparent, role="bedsteforælder"
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


def write(params: Params, history: History, *, validate: str, progress: Progress) -> Any:
    return Writer(params, history, validate=validate, progress=progress).write()
