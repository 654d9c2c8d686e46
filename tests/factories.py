"""Factories for the organisation and people; all names and CPR numbers are generated."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from herningmodel.demo.fictitious import fictitious_cpr
from herningmodel.organisation.models import (
    AreaTeam,
    Discipline,
    District,
    ModelStatus,
    Municipality,
    Role,
    StaffMember,
    TeamMembership,
)
from herningmodel.people.models import Child

PASSWORD = "correct-horse-battery"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    name = "Testkommune"
    code = "998"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Distrikt {n}")
    model_status = ModelStatus.CONTROL


class AreaTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaTeam

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Områdeteam {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.django.Password(PASSWORD)


def staff(
    role: Role, *teams: AreaTeam, username: str | None = None, demo: bool = False
) -> StaffMember:
    user = UserFactory(username=username) if username else UserFactory()
    member = StaffMember.objects.create(user=user, role=role, is_demo_account=demo)
    discipline = (
        Discipline.TEAM_LEADER if role == Role.TEAM_LEADER else Discipline.AUTHORITY_SOCIAL_WORKER
    )
    for team in teams:
        TeamMembership.objects.create(
            staff=member, team=team, discipline=discipline, start=dt.date(2020, 1, 1)
        )
    return member


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    first_name = factory.Sequence(lambda n: f"Barn{n}")
    last_name = "Testesen"
    birth_date = factory.Sequence(lambda n: dt.date(2010, 1, 1) + dt.timedelta(days=n))
    cpr = factory.LazyAttribute(lambda o: fictitious_cpr(o.birth_date))
    area_team = factory.SubFactory(AreaTeamFactory)
    district = factory.LazyAttribute(lambda o: o.area_team.district)
