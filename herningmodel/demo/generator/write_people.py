"""Writing the organisation, the staff with their log-ins, and the children and families."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission

from herningmodel.demo.fictitious import fictitious_cpr
from herningmodel.demo.generator.population import add_years, population_counts
from herningmodel.demo.generator.writing import DEMO_PASSWORD, WriterBase
from herningmodel.monitoring.models import ChildPopulation
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


class PeopleWriter(WriterBase):
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
        # The family's attendees at network meetings are these persons (``write_casework``).
        self.family_ids = {}
        for c, p, relation, _custody, _network in relations:
            if relation in (RelationKind.MOTHER, RelationKind.GRANDPARENT):
                mother_id, grandparent_id = self.family_ids.get(c, (0, 0))
                if relation == RelationKind.MOTHER:
                    mother_id = persons[p].pk
                else:
                    grandparent_id = persons[p].pk
                self.family_ids[c] = (mother_id, grandparent_id)
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

    def population(self) -> None:
        """The child population per district, year and age, for the "per 1,000" indicators."""
        counts = population_counts(self.h, self.params.start.year, self.params.today.year)
        self._create(
            "child population",
            [
                ChildPopulation(district=self.districts[d], year=year, age=age, count=n)
                for (d, year, age), n in sorted(counts.items())
            ],
        )
