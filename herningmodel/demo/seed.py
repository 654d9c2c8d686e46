"""A small demo organisation until the full generator lands: three districts, three area teams,
one user per role (one caseworker per team) and a handful of fictitious children.

Idempotent: a second run leaves a loaded demo as it is. It refuses to touch a database that
holds a real (non-demo) municipality.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from herningmodel.demo.casework import seed_case_work
from herningmodel.demo.fictitious import fictitious_cpr
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

DEMO_PASSWORD = "demo-herning"  # noqa: S105 - demo accounts only log in in demo mode


class DemoRefused(Exception):
    """The database holds a real municipality; the demo never overwrites real data."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    teams: str


def load(today: dt.date | None = None) -> list[DemoLogin]:
    existing = Municipality.objects.first()
    if existing is not None and not existing.is_demo:
        raise DemoRefused(
            f"The database holds the municipality {existing.name!r}, which is not a demo. "
            "The demo never overwrites real data: point DATABASE_URL elsewhere."
        )
    if existing is None:
        with transaction.atomic():
            _build(today or timezone.localdate())
            seed_case_work(today or timezone.localdate())
    return logins()


def logins() -> list[DemoLogin]:
    result = []
    for staff in StaffMember.objects.filter(is_demo_account=True).select_related("user"):
        teams = ", ".join(m.team.name for m in staff.memberships.select_related("team"))
        result.append(DemoLogin(staff.user.get_username(), staff.get_role_display(), teams))
    return sorted(result, key=lambda d: d.username)


def _user(username: str, first: str, last: str, role: Role) -> StaffMember:
    user = get_user_model().objects.create_user(
        username, password=DEMO_PASSWORD, first_name=first, last_name=last
    )
    if role == Role.ADMINISTRATOR:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.user_permissions.set(Permission.objects.filter(content_type__app_label="organisation"))
    return StaffMember.objects.create(user=user, role=role, is_demo_account=True)


def _build(today: dt.date) -> None:
    municipality = Municipality.objects.create(name="Demo Kommune", code="999", is_demo=True)
    pilot_start = dt.date(today.year - 3, 1, 1)
    districts = [
        District.objects.create(
            municipality=municipality,
            name="Nordby",
            model_status=ModelStatus.PILOT,
            model_start=pilot_start,
        ),
        District.objects.create(
            municipality=municipality,
            name="Søndermark",
            model_status=ModelStatus.PILOT,
            model_start=pilot_start,
        ),
        District.objects.create(
            municipality=municipality, name="Vestervang", model_status=ModelStatus.CONTROL
        ),
    ]
    teams = [
        AreaTeam.objects.create(district=d, name=f"Områdeteam {d.name}", caseload_target=25)
        for d in districts
    ]
    start = dt.date(today.year - 3, 1, 1)
    people = [
        (
            "sagsbehandler-nord",
            "Anna",
            "Holm",
            Role.CASEWORKER,
            [0],
            Discipline.AUTHORITY_SOCIAL_WORKER,
        ),
        (
            "sagsbehandler-syd",
            "Bo",
            "Lund",
            Role.CASEWORKER,
            [1],
            Discipline.AUTHORITY_SOCIAL_WORKER,
        ),
        (
            "sagsbehandler-vest",
            "Cecilie",
            "Krog",
            Role.CASEWORKER,
            [2],
            Discipline.AUTHORITY_SOCIAL_WORKER,
        ),
        ("sundhedsplejerske", "Dorte", "Vang", Role.HEALTH_NURSE, [0], Discipline.HEALTH_NURSE),
        ("ppr", "Emil", "Brink", Role.PPR_PSYCHOLOGIST, [0], Discipline.PPR_PSYCHOLOGIST),
        (
            "familiekoordinator",
            "Frida",
            "Dahl",
            Role.FAMILY_COORDINATOR,
            [1],
            Discipline.FAMILY_THERAPIST,
        ),
        ("teamleder", "Gustav", "Friis", Role.TEAM_LEADER, [0, 1], Discipline.TEAM_LEADER),
        ("leder", "Hanne", "Skov", Role.DEPARTMENT_MANAGER, [], None),
        ("controller", "Ib", "Mose", Role.CONTROLLER, [], None),
        ("politiker", "Jette", "Bech", Role.POLITICIAN, [], None),
        ("dpo", "Karl", "Storm", Role.DPO, [], None),
        ("admin", "Lis", "Eng", Role.ADMINISTRATOR, [], None),
    ]
    for username, first, last, role, team_idx, discipline in people:
        staff = _user(username, first, last, role)
        for i in team_idx:
            assert discipline is not None
            TeamMembership.objects.create(
                staff=staff, team=teams[i], discipline=discipline, start=start
            )
        if role == Role.CASEWORKER:
            TrainingRecord.objects.create(
                staff=staff, method=Method.NETWORK_MEETINGS, completed_on=start
            )
    children = [
        ("Alma", "Nielsen", dt.date(2015, 3, 14), 0),
        ("Oscar", "Nielsen", dt.date(2018, 9, 2), 0),
        ("Ida", "Jensen", dt.date(2012, 11, 30), 0),
        ("Noah", "Pedersen", dt.date(2010, 6, 21), 1),
        ("Freja", "Andersen", dt.date(2016, 1, 8), 1),
        ("William", "Christensen", dt.date(2009, 4, 17), 2),
        ("Ella", "Larsen", dt.date(2020, 12, 24), 2),
    ]
    household = Household.objects.create(label="Familien Nielsen")
    for n, (first, last, birth, home) in enumerate(children):
        child = Child(
            first_name=first,
            last_name=last,
            cpr=fictitious_cpr(birth, n),
            birth_date=birth,
            district=districts[home],
            area_team=teams[home],
            household=household if last == "Nielsen" else None,
        )
        child.full_clean()
        child.save()
    unborn = Child(
        first_name="Ufødt",
        last_name="Sørensen",
        is_unborn=True,
        expected_birth_date=today + dt.timedelta(days=90),
        district=districts[0],
        area_team=teams[0],
    )
    unborn.full_clean()
    unborn.save()
    mother = Person.objects.create(first_name="Maria", last_name="Nielsen", household=household)
    grandmother = Person.objects.create(first_name="Birgit", last_name="Nielsen")
    for child in Child.objects.filter(household=household):
        Relation.objects.create(
            child=child, person=mother, kind=RelationKind.MOTHER, has_custody=True
        )
        Relation.objects.create(
            child=child, person=grandmother, kind=RelationKind.GRANDPARENT, is_network=True
        )
