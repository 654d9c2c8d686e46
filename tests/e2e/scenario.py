"""The browser tests' own small municipality: three districts, one user per role with the demo
log-ins, and three named children in case work (Alma with a whole journey, Ida with an
assessment running, Oscar with no case yet), built in a fraction of a second.

The product's demo generator simulates thousands of children; these tests need a few known ones.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from herningmodel.cases import services
from herningmodel.cases.services.decisions import EpisodeData
from herningmodel.demo.fictitious import fictitious_cpr
from herningmodel.demo.seed import DEMO_PASSWORD
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
from herningmodel.progress.models import Instrument
from herningmodel.staircase.models import Price


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


SOURCE = "demo"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _priced(step: int, day: dt.date) -> tuple[object, object]:
    price = (
        Price.objects.filter(intervention_type__step__number=step, valid_from__lte=day)
        .select_related("intervention_type", "provider")
        .order_by("intervention_type__code")
        .first()
    )
    assert price is not None
    return price.intervention_type, price.provider


def seed_case_work(today: dt.date) -> None:
    users = get_user_model().objects
    north = users.get(username="sagsbehandler-nord")
    south = users.get(username="sagsbehandler-syd")
    alma = Child.objects.get(first_name="Alma")
    ida = Child.objects.get(first_name="Ida")
    noah = Child.objects.get(first_name="Noah")

    # Alma: the whole journey so far — notification, assessment, plan, § 32, two follow-ups.
    start = today - dt.timedelta(days=230)
    note = services.receive_notification(
        actor=north,
        child=alma,
        source="school",
        received_at=_at(start, 9),
        content="Alma er ofte træt og sulten i skolen (fiktivt eksempel).",
        notifier="Lærer, Nordby Skole",
        origin=SOURCE,
    )
    services.record_acute_assessment(
        actor=north,
        notification=note,
        assessed_at=_at(start, 14),
        in_danger=False,
        acute_measures=False,
        origin=SOURCE,
    )
    services.record_receipt(
        actor=north, notification=note, sent_on=start + dt.timedelta(days=2), origin=SOURCE
    )
    services.conclude_notification(
        actor=north,
        notification=note,
        outcome="assessment_20",
        on=start + dt.timedelta(days=2),
        caseworker=north,
        origin=SOURCE,
    )
    note.refresh_from_db()
    case = note.case
    assert case is not None
    talk = services.record_child_talk(
        actor=north,
        case=case,
        held_on=start + dt.timedelta(days=14),
        child_views="Alma vil gerne have, at mor er gladere.",
        source=SOURCE,
    )
    services.finish_assessment(
        actor=north,
        assessment=case.assessments.get(),
        finished_on=start + dt.timedelta(days=60),
        conclusion="Familien har brug for støtte i hjemmet.",
        recommendation="32",
        child_development="Alma trives fagligt, men er træt.",
        parenting_capacity="Mor er alene og presset.",
        family_and_network="Mormor Birgit bor i nærheden og vil gerne hjælpe.",
        source=SOURCE,
    )
    meeting = services.hold_network_meeting(
        actor=north,
        case=case,
        held_on=start + dt.timedelta(days=65),
        attendees=[
            services.AttendeeData("family", "Maria Nielsen", "mor"),
            services.AttendeeData("child", "Alma"),
            services.AttendeeData("network", "Birgit Nielsen", "mormor"),
            services.AttendeeData("professional", "Anna Holm", "sagsbehandler"),
        ],
        summary="Familien sad for bordenden og formulerede selv målene.",
        source=SOURCE,
    )
    kind, provider = _priced(3, start)
    services.make_decision(
        actor=north,
        case=case,
        legal_basis="32",
        legal_item="stk. 1, nr. 3",
        decided_on=start + dt.timedelta(days=66),
        purpose="Familiebehandling, så Alma får ro og struktur derhjemme.",
        expected_duration_months=6,
        child_talk=talk,
        plan_choice=True,
        episodes=[
            EpisodeData(kind, provider, start + dt.timedelta(days=70), planned_volume=Decimal("3"))  # type: ignore[arg-type]
        ],
        source=SOURCE,
    )
    services.save_plan(
        actor=north,
        case=case,
        data=services.PlanData(
            goals=[
                services.GoalData(
                    "Alma møder udhvilet i skole",
                    tasks=[
                        services.TaskData("Fast sengetid kl. 20", "family", "Maria"),
                        services.TaskData("Henter Alma tirsdag og torsdag", "network", "Birgit"),
                    ],
                ),
                services.GoalData(
                    "Mor har overskud til aftensmad",
                    tasks=[
                        services.TaskData(
                            "Familiebehandling hver uge", "professional", "Familiecentret"
                        ),
                    ],
                ),
            ],
            familys_words="Vi vil have ro om aftenen.",
            childs_words="At mor er glad.",
            approved_on=start + dt.timedelta(days=68),
            meeting_id=meeting.pk,
        ),
        source=SOURCE,
    )
    scaling = Instrument.objects.get(code="ics-scaling")
    for days, scores in ((160, (4, 4, 6)), (220, (6, 7, 7))):
        services.record_follow_up(
            actor=north,
            case=case,
            held_on=start + dt.timedelta(days=days),
            goals_moved="partly" if days == 160 else "yes",
            decision="continue",
            instrument=scaling,
            scores=dict(zip(("child", "parenting", "family"), scores, strict=True)),
            source=SOURCE,
        )

    # Ida: an assessment running for almost four months.
    received = today - dt.timedelta(days=110)
    note = services.receive_notification(
        actor=north,
        child=ida,
        source="health_nurse",
        received_at=_at(received, 10),
        content="Bekymring for trivsel (fiktivt eksempel).",
        origin=SOURCE,
    )
    services.record_acute_assessment(
        actor=north,
        notification=note,
        assessed_at=_at(received, 16),
        in_danger=False,
        acute_measures=False,
        origin=SOURCE,
    )
    services.conclude_notification(
        actor=north,
        notification=note,
        outcome="assessment_20",
        on=received + dt.timedelta(days=1),
        caseworker=north,
        origin=SOURCE,
    )

    # Noah: a notification from this morning that still needs its 24-hour assessment.
    services.receive_notification(
        actor=south,
        child=noah,
        source="police",
        received_at=min(timezone.now() - dt.timedelta(hours=3), _at(today, 7)),
        content="Politiet har været tilkaldt til uro på adressen (fiktivt eksempel).",
        origin=SOURCE,
    )


def load(today: dt.date | None = None) -> None:
    """Build the municipality and the three children's case work."""
    day = today or timezone.localdate()
    _build(day)
    seed_case_work(day)
