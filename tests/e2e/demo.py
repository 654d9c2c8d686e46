"""The product's `small` demo for the browser tests, and the people and data the journeys use.

The demo is generated once per test session by the product's own loader (what
`herningmodel demo --size small` runs), then copied table by table into snapshot tables inside
the database. Before each test the tables are copied back and PostgreSQL's sequences reset, so
every test starts from the demo as generated whatever the test before it wrote. The copy stays
inside the database (INSERT … SELECT), a fraction of a second for the ≈ 33,000 rows; Django's
serialized_rollback would rebuild every row from JSON before each test.

The demo is simulated afresh for each day (its history ends today), so the journeys never name
a child or a colleague: they ask the data below for "a caseworker of the team", "a child with no
case yet", "an open case with a plan" and so on, and log in with the demo's log-ins, whose
password is the demo's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractUser
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from herningmodel.access.policy import team_ids
from herningmodel.cases import deadlines
from herningmodel.cases.models import Case, CaseStatus
from herningmodel.cases.queries import case_facts
from herningmodel.coordination.access import households_in_reach
from herningmodel.coordination.models import FamilyCoordination, Prototype
from herningmodel.demo import seed
from herningmodel.organisation.models import AreaTeam, Role, StaffMember
from herningmodel.people.models import Child, Household

DEMO_PASSWORD = seed.DEMO_PASSWORD
SIZE = "small"
# The copies of the tables carry this prefix (PostgreSQL allows 63 characters in a name).
SNAPSHOT_PREFIX = "e2e_demo_"


@dataclass(frozen=True)
class Snapshot:
    """The demo's rows, copied inside the database, with the tables they came from."""

    tables: tuple[str, ...]

    @classmethod
    def take(cls) -> Snapshot:
        tables = tuple(sorted(connection.introspection.django_table_names(only_existing=True)))
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in tables:
                copy = qn(SNAPSHOT_PREFIX + table)
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
                cursor.execute(f"CREATE TABLE {copy} AS SELECT * FROM {qn(table)}")  # noqa: S608
        return cls(tables)

    def restore(self) -> None:
        """Put every table back as it was when the snapshot was taken."""
        # Django's own table names, quoted: nothing here comes from outside.
        qn = connection.ops.quote_name
        copies = [(qn(t), qn(SNAPSHOT_PREFIX + t)) for t in self.tables]
        if connection.vendor == "postgresql":
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                cursor.execute("TRUNCATE " + ", ".join(table for table, _ in copies))
                for table, copy in copies:
                    cursor.execute(f"INSERT INTO {table} SELECT * FROM {copy}")  # noqa: S608
                # The copied rows keep their ids; new rows must not collide with them.
                models = apps.get_models(include_auto_created=True)
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        elif connection.vendor == "sqlite":
            # SQLite checks foreign keys row by row unless they are off (outside a transaction).
            with connection.constraint_checks_disabled():
                with transaction.atomic(), connection.cursor() as cursor:
                    for table, copy in copies:
                        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
                        cursor.execute(f"INSERT INTO {table} SELECT * FROM {copy}")  # noqa: S608
        else:
            raise NotImplementedError(f"no snapshot for {connection.vendor}")


def generate(migrated_rows: str) -> Snapshot:
    """Empty the test database back to its migrated rows, load the small demo, snapshot it.

    `migrated_rows` is Django's serialization of the rows the data migrations wrote (the
    catalogue, the instruments…): tests before the browser tests may have flushed them.
    """
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(migrated_rows)
    seed.load(size=SIZE)
    return Snapshot.take()


# --- the people: the demo's log-ins, found by role and team ---------------------------------


def logins() -> QuerySet[StaffMember]:
    """The demo users who can log in (the generated colleagues have no usable password)."""
    return (
        StaffMember.objects.filter(is_demo_account=True, user__is_active=True)
        .exclude(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .select_related("user")
        .order_by("user__username")
    )


def login(role: Role, *, team: AreaTeam | None = None) -> AbstractUser:
    """The demo's log-in with this role (in this team, if given)."""
    staff = logins().filter(role=role)
    if team is not None:
        staff = staff.filter(memberships__team=team, memberships__end__isnull=True)
    member = staff.first()
    assert member is not None, f"the {SIZE} demo has no log-in as {role} in {team}"
    return member.user  # type: ignore[return-value]


def team_leader() -> AbstractUser:
    return login(Role.TEAM_LEADER)


def home_team() -> AreaTeam:
    """The first of the team leader's teams with a caseworker's log-in: the journeys' team."""
    for team in teams_of(team_leader()):
        if logins().filter(role=Role.CASEWORKER, memberships__team=team).exists():
            return team
    raise AssertionError(f"no team of the {SIZE} demo's team leader has a caseworker log-in")


def caseworker() -> AbstractUser:
    """The caseworker's log-in of the home team."""
    return login(Role.CASEWORKER, team=home_team())


def caseworker_of_another_team() -> AbstractUser:
    """A caseworker's log-in in a team that neither the caseworker nor the team leader is in."""
    theirs = team_ids(caseworker()) | team_ids(team_leader())
    member = (
        logins()
        .filter(role=Role.CASEWORKER, memberships__team__isnull=False)
        .exclude(memberships__team__in=theirs)
        .first()
    )
    assert member is not None, f"the {SIZE} demo has one team only"
    return member.user  # type: ignore[return-value]


def job_centre() -> AbstractUser:
    """The job centre's contact: a caseworker's log-in in no area team (no case file in reach)."""
    member = logins().filter(role=Role.CASEWORKER, memberships__isnull=True).first()
    assert member is not None, f"the {SIZE} demo has no job-centre log-in"
    return member.user  # type: ignore[return-value]


def username(user: AbstractUser) -> str:
    return user.get_username()


def full_name(user: AbstractUser) -> str:
    return user.get_full_name()


# --- the children and their cases --------------------------------------------------------------


def name(child: Child) -> str:
    return f"{child.first_name} {child.last_name}"


def _one_of_a_kind(children: QuerySet[Child]) -> QuerySet[Child]:
    """Children whose whole name no other child in the demo has: a link or a heading with the
    name then points at this child alone."""
    names = Counter(Child.objects.values_list("first_name", "last_name"))
    unique = [
        pk
        for pk, first, last in children.values_list("pk", "first_name", "last_name")
        if names[(first, last)] == 1
    ]
    return children.filter(pk__in=unique)


def child_without_a_case(team: AreaTeam) -> Child:
    """A school child of the team never notified about: the start of the caseworker's journey."""
    today = timezone.localdate()
    children = (
        Child.objects.filter(
            area_team=team,
            is_unborn=False,
            birth_date__lte=today - dt.timedelta(days=6 * 365),
            birth_date__gte=today - dt.timedelta(days=12 * 365),
        )
        .annotate(n=Count("notifications") + Count("cases") + Count("episodes"))
        .filter(n=0)
        .order_by("pk")
    )
    child = _one_of_a_kind(children).first()
    assert child is not None, f"every child of {team} in the {SIZE} demo is known already"
    return child


def open_cases(team: AreaTeam) -> QuerySet[Case]:
    return Case.objects.filter(area_team=team, status=CaseStatus.OPEN).order_by("pk")


def case_with_a_plan(team: AreaTeam) -> Case:
    """An open case of the team with an approved plan and a follow-up: a journey well under way."""
    cases = open_cases(team).filter(
        plans__approved_on__isnull=False, follow_ups__isnull=False, decisions__isnull=False
    )
    case = cases.filter(child__in=_one_of_a_kind(Child.objects.all())).distinct().first()
    assert case is not None, f"no open case of {team} in the {SIZE} demo has a plan"
    return case


def case_assessing(team: AreaTeam) -> Case:
    """An open case of the team with its child assessment still running.

    The demo is simulated up to today, so on some days no case of the team happens to be
    under assessment; then the team's caseworker starts one on an open case through the
    service, as the journey would, so the pages exist whatever the date."""
    case = (
        open_cases(team)
        .filter(assessments__isnull=False, assessments__finished_on__isnull=True)
        .distinct()
        .first()
    )
    if case is not None:
        return case
    from herningmodel.cases.services import start_assessment

    case = open_cases(team).first()
    assert case is not None, f"no open case of {team} in the {SIZE} demo"
    today = timezone.localdate()
    start_assessment(
        actor=caseworker(), case=case, need_known_on=today, started_on=today, source="e2e"
    )
    return case


def my_case_under_way(user: AbstractUser) -> Case:
    """One of the caseworker's open cases (on "Mine sager") with an intervention decided and
    followed up: a follow-up can be saved on it."""
    case = (
        Case.objects.filter(
            caseworker=user,
            status=CaseStatus.OPEN,
            decisions__isnull=False,
            follow_ups__isnull=False,
        )
        .order_by("child__last_name", "child__first_name")
        .select_related("child")
        .first()
    )
    assert case is not None, f"{user} carries no case under way in the {SIZE} demo"
    return case


def first_deadline_child(teams: QuerySet[AreaTeam]) -> Child:
    """The child of the teams' open case with the most pressing deadline (the first overdue, or
    else the first coming): the team page lists it whatever else it lists."""
    today = timezone.localdate()
    rows = []
    for case in Case.objects.filter(area_team__in=teams, status=CaseStatus.OPEN).select_related(
        "child"
    ):
        for deadline in deadlines.open_deadlines(
            deadlines.case_deadlines(case_facts(case), today=today)
        ):
            overdue = deadline.state == deadlines.State.OVERDUE
            rows.append((not overdue, deadline.due, case.pk, case.child))
    assert rows, f"no open deadline in {list(teams)} in the {SIZE} demo"
    return min(rows, key=lambda row: row[:3])[3]


def busiest_caseworker(teams: QuerySet[AreaTeam]) -> AbstractUser:
    """The caseworker with the most open cases in the teams: first in the team's caseload table."""
    row = (
        Case.objects.filter(area_team__in=teams, status=CaseStatus.OPEN)
        .values("caseworker")
        .annotate(n=Count("pk"))
        .order_by("-n", "caseworker")
        .first()
    )
    assert row is not None, f"no open case in {list(teams)} in the {SIZE} demo"
    return get_user_model().objects.get(pk=row["caseworker"])  # type: ignore[no-any-return]


def teams_of(user: AbstractUser) -> QuerySet[AreaTeam]:
    return AreaTeam.objects.filter(pk__in=team_ids(user)).order_by("name")


# --- the families of "Familier på vej" ---------------------------------------------------------


def coordination_of(coordinator: AbstractUser) -> FamilyCoordination:
    """The coordinator's running coordination with a plan and a network meeting."""
    coordination = (
        FamilyCoordination.objects.filter(
            coordinator=coordinator,
            ended_on__isnull=True,
            plan__isnull=False,
            meetings__isnull=False,
        )
        .distinct()
        .order_by("pk")
        .first()
    )
    assert coordination is not None, f"the {SIZE} demo has no coordination with a plan"
    return coordination


def prototype() -> Prototype:
    found = Prototype.objects.order_by("pk").first()
    assert found is not None, f"the {SIZE} demo has no prototype"
    return found


@dataclass(frozen=True)
class Family:
    household: Household
    case: Case


def family_to_coordinate(coordinator: AbstractUser) -> Family:
    """A family in the coordinator's reach with no coordination yet and a child's case open."""
    households = households_in_reach(coordinator).filter(coordinations__isnull=True)
    case = (
        Case.objects.filter(
            status=CaseStatus.OPEN,
            child__household__in=households,
            area_team__in=teams_of(coordinator),
        )
        .exclude(child__household__label="")
        .select_related("child__household")
        .order_by("pk")
        .first()
    )
    assert case is not None, f"no family to coordinate in the {SIZE} demo"
    household = case.child.household
    assert household is not None
    return Family(household, case)
