"""Removing a generated demo municipality (``herningmodel demo --reset``).

Only ever called after checking that the municipality is a demo: then every row of case work,
people, staff and organisation is generated. The audit trail is append-only and hash-chained,
so its rows stay; demo users it names are kept inactive under an archived name (the trail's
actor column protects them), every other demo user is deleted.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import models, transaction

from herningmodel.access.models import ApiToken
from herningmodel.audit.models import AuditEvent
from herningmodel.cases.models import (
    Assessment,
    Case,
    ChildTalk,
    Decision,
    FollowUp,
    Goal,
    HandbookEntry,
    Handover,
    MeetingAttendee,
    NetworkMeeting,
    Notification,
    Plan,
    Supervision,
    SupervisionFinding,
    Task,
)
from herningmodel.coordination.models import FamilyCoordination, Prototype
from herningmodel.economics.models import Adoption, Scenario
from herningmodel.monitoring.models import ChildPopulation
from herningmodel.organisation.models import (
    AreaTeam,
    District,
    Municipality,
    StaffMember,
    TeamMembership,
    TrainingRecord,
)
from herningmodel.people.models import Child, Household, Person, Relation
from herningmodel.progress.models import Measurement, Score
from herningmodel.staircase.models import Episode, LedgerEntry, Price


@transaction.atomic
def remove_demo() -> None:
    municipality = Municipality.objects.get()
    assert municipality.is_demo, "only a generated demo municipality is ever removed"
    user_ids = list(
        StaffMember.objects.filter(is_demo_account=True).values_list("user_id", flat=True)
    )
    # Children before parents: the order matters because most foreign keys PROTECT.
    ordered: list[type[models.Model]] = [
        FamilyCoordination,  # with its contacts, consents, plan and interventions
        LedgerEntry,
        Decision.episodes.through,
        Score,
        Measurement,
        FollowUp,
        Task,
        Goal,
        Plan,
        MeetingAttendee,
        NetworkMeeting,
        Decision,
        ChildTalk,
        Assessment,
        Handover,
        Notification,
        SupervisionFinding,
        Supervision,
    ]
    for model in ordered:
        model._default_manager.all().delete()
    Case.objects.update(reopens=None)
    ordered = [Case, Episode, Relation, Child, Person, Household]
    ordered += [TrainingRecord, TeamMembership, StaffMember]
    for model in ordered:
        model._default_manager.all().delete()
    HandbookEntry.objects.filter(written_by_id__in=user_ids).delete()
    # Business cases the demo's log-ins saved belong to the demo: a new demo must not show them.
    demo_scenarios = Scenario.objects.filter(created_by_id__in=user_ids)
    Adoption.objects.filter(
        models.Q(scenario__in=demo_scenarios) | models.Q(adopted_by_id__in=user_ids)
    ).delete()
    demo_scenarios.filter(adoptions=None).delete()
    Prototype.objects.filter(registered_by_id__in=user_ids).delete()
    Price.objects.filter(created_by_id__in=user_ids).update(created_by=None)
    ApiToken.objects.filter(user_id__in=user_ids).delete()
    users = get_user_model().objects.filter(pk__in=user_ids)
    named = set(AuditEvent.objects.filter(actor_id__in=user_ids).values_list("actor_id", flat=True))
    for user in users.filter(pk__in=named):
        user.username = f"{user.get_username()}-arkiv-{user.pk}"[:150]
        user.is_active = False
        user.set_unusable_password()
        user.save()
    users.exclude(pk__in=named).delete()
    AreaTeam.objects.all().delete()
    ChildPopulation.objects.all().delete()
    District.objects.all().delete()
    municipality.delete()
