"""A few demo children walked through the case-work process, so every page has something to show.

All dates are relative to the day the demo is loaded, so deadlines are overdue, due soon and
met whenever the demo is started. The full multi-year simulation is the demo generator's job.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from herningmodel.cases import services
from herningmodel.cases.services.decisions import EpisodeData
from herningmodel.people.models import Child
from herningmodel.progress.models import Instrument
from herningmodel.staircase.models import Price

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
