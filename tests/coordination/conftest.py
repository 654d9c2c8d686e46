"""A family in "Familier på vej": a child with a case in the family department, a parent with
a job-centre case, one family coordinator and a job-centre worker."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractBaseUser

from herningmodel.cases import services as case_services
from herningmodel.cases.models import Case
from herningmodel.coordination import services
from herningmodel.coordination.models import Department, FamilyCoordination
from herningmodel.demo.fictitious import fictitious_cpr
from herningmodel.organisation.models import District, Role
from herningmodel.people.models import Household, Person
from tests.conftest import World
from tests.factories import AreaTeamFactory, ChildFactory, staff

SRC = "test"
_BIRTHS = itertools.count()
STARTED = dt.date(2024, 1, 8)


@dataclass
class Family:
    world: World
    household: Household
    case: Case
    coordinator: AbstractBaseUser
    job_centre_worker: AbstractBaseUser
    coordination: FamilyCoordination


@pytest.fixture
def family(world: World) -> Family:
    household = Household.objects.create(label="Familien Jensen")
    world.child_a.household = household
    world.child_a.save()
    Person.objects.create(first_name="Mette", last_name="Jensen", household=household)
    case = case_services.open_case(
        actor=world.caseworker_a,
        child=world.child_a,
        caseworker=world.caseworker_a,
        opened_on=dt.date(2023, 11, 1),
        source=SRC,
    )
    # The coordinator works in the family department and is its contact; the job-centre worker
    # is in no area team, so the child-welfare case is out of their reach.
    coordinator = staff(Role.FAMILY_COORDINATOR, world.team_a, username="coordinator").user
    job_centre_worker = staff(Role.CASEWORKER, username="jobcentre").user
    coordination = services.start_coordination(
        actor=coordinator,
        household=household,
        coordinator=coordinator,
        started_on=STARTED,
        source=SRC,
    )
    for department, user, name in (
        (Department.FAMILY, coordinator, "Familieafdelingen"),
        (Department.JOB_CENTRE, job_centre_worker, "Jobcentret"),
    ):
        services.give_consent(
            actor=coordinator,
            coordination=coordination,
            department=department,
            what="The common plan and the actions of the department",
            given_on=STARTED,
            source=SRC,
        )
        services.add_department_contact(
            actor=coordinator,
            coordination=coordination,
            department=department,
            staff=user,
            name=name,
            source=SRC,
        )
    return Family(world, household, case, coordinator, job_centre_worker, coordination)


def plan_data() -> services.CommonPlanData:
    return services.CommonPlanData(
        dreams="That Mette gets a job and the children have friends over.",
        goals=[
            services.GoalData(
                text="Mette works 15 hours a week",
                core_task="employment",
                actions=[
                    services.ActionData("department", "Job trial at the bakery", "job_centre"),
                    services.ActionData("family", "Mette finds childcare for mornings"),
                ],
            ),
            services.GoalData(
                text="Asta goes to football",
                core_task="leisure_community",
                actions=[
                    services.ActionData("department", "Pay the club fee", "family"),
                    services.ActionData("network", "Grandmother drives on Tuesdays"),
                ],
            ),
        ],
    )


def open_cases(world: World, district: District, early: int, later: int, on: dt.date) -> None:
    team = AreaTeamFactory(district=district)
    for i in range(early + later):
        birth = on - dt.timedelta(days=100) if i < early else dt.date(2015, 1, 1)
        # The n-th fictitious CPR number of the day, so that they differ.
        cpr = fictitious_cpr(birth, next(_BIRTHS))
        child = ChildFactory(area_team=team, birth_date=birth, cpr=cpr)
        Case.objects.create(
            child=child,
            area_team=team,
            district=district,
            caseworker=world.caseworker_a,
            opened_on=on,
        )


@pytest.fixture
def groups(world: World) -> tuple[District, District]:
    trial = District.objects.create(municipality=world.team_a.district.municipality, name="Trial")
    other = District.objects.create(municipality=world.team_a.district.municipality, name="Other")
    open_cases(world, trial, 7, 5, dt.date(2024, 3, 1))
    open_cases(world, other, 5, 15, dt.date(2024, 4, 1))
    # Outside the trial period: not counted.
    open_cases(world, trial, 5, 0, dt.date(2024, 8, 1))
    return trial, other
