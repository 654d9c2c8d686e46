"""Demo coordination data: a handful of families in "Familier på vej", and prototypes.

Written after the case work, from the same seed: the family coordinator's families with an open
child-welfare case get a coordination with consent, department contacts, a common plan with goals
under the core tasks, running interventions (one ended at the family's wish), network meetings
with decisions and movement scores. The prototypes include the job centre's financial adviser,
decided on its result measured from the demo's own monitoring data with the decision that result
supports (``coordination.judgement``), so the decision page works on demo data and never shows
"stop: no clear difference" beside a clear improvement.

As the rest of the writer, rows are bulk-created after ``full_clean()`` and not audited one by
one (the run's one audit event covers them).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models

from herningmodel.coordination.judgement import consistent_decision, departure
from herningmodel.coordination.metric import metric
from herningmodel.coordination.models import (
    CommonPlan,
    Consent,
    DecisionKind,
    Department,
    DepartmentContact,
    FamilyCoordination,
    MovementScore,
    NetworkMeeting,
    PlanAction,
    PlanDecision,
    PlanGoal,
    Prototype,
    RunningIntervention,
)
from herningmodel.coordination.services import measure, reading
from herningmodel.demo.generator.writing import DEMO_PASSWORD, WriterBase
from herningmodel.organisation.models import Role, StaffMember
from herningmodel.people.models import Household

FAMILIES = 4
MEETINGS = 3  # network meetings per family, about a quarter apart
JOB_CENTRE_LOGIN = ("jobcenter", "Mads", "Holm")

# (core task, goal in the family's words, owner kind, department, action)
GOALS: list[tuple[str, str, str, str, str]] = [
    (
        "employment",
        "Mor arbejder 15 timer om ugen",
        "department",
        "job_centre",
        "Virksomhedspraktik i nærområdet",
    ),
    (
        "learning",
        "Børnene kommer i skole hver dag",
        "department",
        "school_ppr",
        "Fast morgenaftale med klasselæreren",
    ),
    (
        "leisure_community",
        "Den ældste går til fodbold",
        "network",
        "",
        "Morfar kører til træning om tirsdagen",
    ),
    (
        "social_care",
        "Ro på økonomien og i hjemmet",
        "department",
        "family",
        "Familiebehandling hver anden uge",
    ),
]
_ADVISER_NOTES = {
    "scale": "Tydeligt færre familier genunderrettes inden for 12 måneder i forsøgsdistrikterne "
    "end i sammenligningsdistrikterne: rådgiveren udbredes til alle distrikter.",
    "stop": "Ingen tydelig forskel i genunderretninger mellem forsøgs- og "
    "sammenligningsgruppen: forsøget stoppes.",
    "adjust": "Intervallet er for bredt til at afgøre noget: rådgiverens besøg justeres, og "
    "forsøget gentages.",
}
FAMILY_ACTION = "Familien holder familiemøde hver søndag"
INTERVENTIONS: list[tuple[str, str]] = [
    ("job_centre", "Aktiveringsforløb (jobsøgningskursus)"),
    ("family", "Familiebehandling i hjemmet"),
    ("school_ppr", "Støttetimer i klassen"),
]


def _clean(objs: Sequence[models.Model]) -> None:
    for obj in objs:
        skip = [f.name for f in obj._meta.concrete_fields if f.is_relation]
        obj.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)


class CoordinationWriter(WriterBase):
    def coordination(self) -> None:
        rng = random.Random(self.params.seed + 9)
        users = get_user_model()
        coordinator = users.objects.filter(username="familiekoordinator").first()
        manager = users.objects.filter(username="leder").first()
        if coordinator is None or manager is None:
            return
        job_centre = self._job_centre_login()
        households = self._families(coordinator.pk)
        today = self.params.today
        for index, household in enumerate(households):
            started = today - dt.timedelta(days=330 - 20 * index)
            self._family(rng, household, coordinator.pk, job_centre.pk, started, ended=index == 0)
        self._prototypes(manager.pk)

    def _job_centre_login(self) -> models.Model:
        """The job centre's contact: a demo log-in outside the area teams (no case files)."""
        username, first, last = JOB_CENTRE_LOGIN
        user = get_user_model().objects.create(
            username=username,
            first_name=first,
            last_name=last,
            password=make_password(DEMO_PASSWORD),
        )
        StaffMember.objects.create(user=user, role=Role.CASEWORKER, is_demo_account=True)
        self.rows += 2
        return user

    def _families(self, coordinator_id: int) -> list[Household]:
        """The coordinator's families: a child with an open case in the coordinator's team."""
        team_ids = StaffMember.objects.get(user_id=coordinator_id).memberships.values_list(
            "team_id", flat=True
        )
        return list(
            Household.objects.filter(
                children__area_team_id__in=list(team_ids), children__cases__status="open"
            )
            .distinct()
            .order_by("pk")[:FAMILIES]
        )

    def _family(
        self,
        rng: random.Random,
        household: Household,
        coordinator_id: int,
        job_centre_id: int,
        started: dt.date,
        *,
        ended: bool,
    ) -> None:
        coordination = FamilyCoordination(
            household=household, coordinator_id=coordinator_id, started_on=started
        )
        _clean([coordination])
        coordination.save()
        departments = [Department.FAMILY, Department.JOB_CENTRE, Department.SCHOOL_PPR]
        consents = [
            Consent(
                coordination=coordination,
                department=d,
                what="Den fælles plan og forvaltningens egne handlinger",
                given_on=started,
                until=started + dt.timedelta(days=730),
            )
            for d in departments
        ]
        staff = {Department.FAMILY: coordinator_id, Department.JOB_CENTRE: job_centre_id}
        names = {
            Department.FAMILY: "Familieafdelingen",
            Department.JOB_CENTRE: "Jobcentret",
            Department.SCHOOL_PPR: "Skolen og PPR",
        }
        contacts = [
            DepartmentContact(
                coordination=coordination, department=d, name=names[d], staff_id=staff.get(d)
            )
            for d in departments
        ]
        plan = CommonPlan(
            coordination=coordination,
            dreams="At mor kommer i arbejde, og at børnene har venner med hjem.",
            version=1,
        )
        self._bulk(consents, contacts, [plan])
        goals = [PlanGoal(plan=plan, text=text, core_task=task) for task, text, *_ in GOALS]
        self._bulk(goals)
        first = started + dt.timedelta(days=60)
        actions = [
            PlanAction(
                goal=goal,
                owner_kind=who,
                department=department,
                description=what,
                due_on=first + dt.timedelta(days=rng.randint(0, 90)),
            )
            for goal, (_task, _text, who, department, what) in zip(goals, GOALS, strict=True)
        ]
        actions.append(PlanAction(goal=goals[3], owner_kind="family", description=FAMILY_ACTION))
        self._bulk(actions)
        self._interventions(coordination, started, job_centre_id, ended=ended)
        self._meetings(rng, coordination, goals, actions, coordinator_id)

    def _interventions(
        self, coordination: FamilyCoordination, started: dt.date, job_centre_id: int, *, ended: bool
    ) -> None:
        rows = [
            RunningIntervention(
                coordination=coordination,
                department=department,
                description=what,
                started_on=started - dt.timedelta(days=120),
            )
            for department, what in INTERVENTIONS
        ]
        # "What don't you need from us?": the job-centre course, ended at the family's wish.
        course = rows[0]
        course.family_wants_ended = True
        if ended:
            course.ended_on = started + dt.timedelta(days=45)
            course.end_reason = "Familien har ikke brug for kurset: mor er i praktik."
            course.ended_by_id = job_centre_id
        self._bulk(rows)

    def _meetings(
        self,
        rng: random.Random,
        coordination: FamilyCoordination,
        goals: list[PlanGoal],
        actions: list[PlanAction],
        coordinator_id: int,
    ) -> None:
        days = [
            coordination.started_on + dt.timedelta(days=30 + 91 * n)
            for n in range(MEETINGS)
            if coordination.started_on + dt.timedelta(days=30 + 91 * n) <= self.params.today
        ]
        meetings = [
            NetworkMeeting(
                coordination=coordination,
                held_on=day,
                family_attendees="Mor, far og den ældste",
                network_attendees="Morfar",
                departments=["family", "job_centre", "school_ppr"],
                recorded_by_id=coordinator_id,
            )
            for day in days
        ]
        self._bulk(meetings)
        scores = []
        level = {g.pk: rng.randint(1, 4) for g in goals}
        for meeting in meetings:
            for goal in goals:
                scores.append(
                    MovementScore(
                        goal=goal, held_on=meeting.held_on, score=level[goal.pk], meeting=meeting
                    )
                )
                level[goal.pk] = min(10, level[goal.pk] + rng.randint(0, 3))
        decisions = []
        if len(meetings) >= 2:
            # At the second meeting the praktik is done and a job application follows.
            trial = actions[0]
            trial.ended_on = meetings[1].held_on
            PlanAction.objects.filter(pk=trial.pk).update(ended_on=trial.ended_on)
            follow = PlanAction(
                goal=goals[0],
                owner_kind="family",
                description="Mor søger job på bageriet",
                due_on=meetings[1].held_on + dt.timedelta(days=30),
            )
            self._bulk([follow])
            decisions = [
                PlanDecision(
                    meeting=meetings[1],
                    kind=DecisionKind.END_ACTION,
                    goal=goals[0],
                    action=trial,
                    owner_kind=trial.owner_kind,
                    department=trial.department,
                    core_task=goals[0].core_task,
                    text="Praktikken er gennemført",
                ),
                PlanDecision(
                    meeting=meetings[1],
                    kind=DecisionKind.NEW_ACTION,
                    goal=goals[0],
                    action=follow,
                    owner_kind="family",
                    core_task=goals[0].core_task,
                    text=follow.description,
                ),
            ]
        self._bulk(scores, decisions)

    def _prototypes(self, manager_id: int) -> None:
        today = self.params.today
        pilot = [d.pk for d in self.districts if d.model_status == "pilot"]
        control = [d.pk for d in self.districts if d.model_status != "pilot"]
        if not pilot or not control or metric("renotified_within_12_months") is None:
            return
        year = today.year - 2
        adviser = Prototype(
            title="Økonomisk rådgiver fra jobcentret",
            hypothesis="En økonomisk rådgiver i hjemmet giver ro på økonomien, så forældre på "
            "offentlig forsørgelse kommer nærmere arbejde, og færre familier kommer igen.",
            intervention="Jobcentrets økonomiske rådgiver besøger familien hver anden uge.",
            target_group="Familier på vej i pilotdistrikterne",
            success_metric="renotified_within_12_months",
            comparison_group="Familier i kontroldistrikterne",
            trial_start=dt.date(year - 1, 1, 1),
            trial_end=dt.date(year, 12, 31),
            decision_on=dt.date(year + 1, 2, 1),
            registered_by_id=manager_id,
        )
        joint = Prototype(
            title="Fælles opfølgning i tværfagligt team hver 14. dag",
            hypothesis="Opfølgning hver 14. dag i et fælles team betyder, at ingen trappes ned "
            "uden en måling.",
            intervention="Velfærdsrådgivningen følger op i fælles teams hver 14. dag.",
            target_group="Sager i pilotdistrikterne",
            success_metric="step_downs_without_measurement",
            comparison_group="Sager i kontroldistrikterne",
            trial_start=dt.date(year, 1, 1),
            trial_end=dt.date(year + 1, 12, 31),
            decision_on=min(today, dt.date(year + 2, 3, 1)),
            registered_by_id=manager_id,
        )
        prototypes = [adviser, joint]
        _clean(prototypes)
        self._bulk(prototypes)
        for prototype in prototypes:
            prototype.trial_districts.set(pilot)
            prototype.comparison_districts.set(control)
        # The adviser is decided on its result measured from the demo's own data, as deciding
        # through the page would, and the decision is the one that result supports: a clear
        # fall in re-notifications is scaled, no clear difference stopped (DOMAIN.md §7: "dare
        # to stop"), an interval too wide to decide on adjusted and tried again.
        measured = measure(adviser)
        read_as = reading(adviser, measured)
        if measured is not None and read_as is not None:
            adviser.trial_n, adviser.trial_successes = measured.trial.n, measured.trial.successes
            adviser.comparison_n = measured.comparison.n
            adviser.comparison_successes = measured.comparison.successes
            adviser.decision = consistent_decision(read_as)
            adviser.decided_on = adviser.decision_on
            adviser.result_reading = read_as.value
            adviser.decision_note = _ADVISER_NOTES[adviser.decision]
            if departure(adviser.decision, read_as) is not None:  # only a hidden result
                adviser.justification = (
                    "Resultatet er skjult af diskretionshensyn; forsøget justeres og gentages "
                    "med flere familier, så det kan måles."
                )
            adviser.save()

    def _bulk(self, *groups: Sequence[models.Model]) -> None:
        for objs in groups:
            if objs:
                _clean(objs)
                type(objs[0])._default_manager.bulk_create(list(objs))
                self.rows += len(objs)
