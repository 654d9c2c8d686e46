"""Coordination data for the browser tests: Noah's family, and one coordination with a plan,
a network meeting and a prototype for the accessibility check."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from herningmodel.cases import services as case_services
from herningmodel.coordination import services
from herningmodel.organisation.models import District, Role
from herningmodel.people.models import Child, Household, Person
from tests.e2e import scenario

SOURCE = "e2e"


def family_of_noah() -> int:
    """Noah (the coordinator's area team) lives with his mother, who is on benefits; his case
    is in the family department. Returns the case id."""
    noah = Child.objects.get(first_name="Noah")
    household = Household.objects.create(label="Familien Pedersen")
    noah.household = household
    noah.save(update_fields=["household"])
    Person.objects.create(first_name="Pia", last_name="Pedersen", household=household)
    south = get_user_model().objects.get(username="sagsbehandler-syd")
    case = case_services.open_case(
        actor=south,
        child=noah,
        caseworker=south,
        opened_on=timezone.localdate() - dt.timedelta(days=60),
        source="e2e",
    )
    # The job centre's worker: a log-in outside the area teams, so no case file in reach.
    scenario._user("jobcenter", "Mads", "Holm", Role.CASEWORKER)
    return case.pk


def coordination_for_axe() -> tuple[int, int]:
    """A coordination with everything its page can show, and a prototype: (ids)."""
    family_of_noah()
    users = get_user_model().objects
    coordinator = users.get(username="familiekoordinator")
    job_centre = users.get(username="jobcenter")
    today = timezone.localdate()
    started = today - dt.timedelta(days=40)
    coordination = services.start_coordination(
        actor=coordinator,
        household=Household.objects.get(label="Familien Pedersen"),
        coordinator=coordinator,
        started_on=started,
        source=SOURCE,
    )
    for department, user in (("family", coordinator), ("job_centre", job_centre)):
        services.give_consent(
            actor=coordinator,
            coordination=coordination,
            department=department,
            what="Den fælles plan",
            given_on=started,
            source=SOURCE,
        )
        services.add_department_contact(
            actor=coordinator,
            coordination=coordination,
            department=department,
            name=user.get_full_name(),
            staff=user,
            source=SOURCE,
        )
    services.save_common_plan(
        actor=coordinator,
        coordination=coordination,
        data=services.CommonPlanData(
            dreams="At Pia får arbejde.",
            goals=[
                services.GoalData(
                    "Pia arbejder 15 timer om ugen",
                    "employment",
                    [services.ActionData("department", "Praktik", "job_centre")],
                ),
                services.GoalData(
                    "Noah går til fodbold",
                    "leisure_community",
                    [services.ActionData("network", "Morfar kører")],
                ),
            ],
        ),
        source=SOURCE,
    )
    course = services.register_intervention(
        actor=coordinator,
        coordination=coordination,
        department="job_centre",
        description="Jobsøgningskursus",
        started_on=started,
        source=SOURCE,
    )
    services.record_family_wish_to_end(actor=coordinator, intervention=course, source=SOURCE)
    goal = coordination.plan.goals.first()
    assert goal is not None
    services.record_network_meeting(
        actor=coordinator,
        coordination=coordination,
        data=services.MeetingData(
            held_on=today - dt.timedelta(days=5),
            family_attendees="Pia og Noah",
            departments=["job_centre"],
            decisions=[
                services.DecisionData(
                    "new_action", "CV-værksted", goal_id=goal.pk, owner_kind="family"
                )
            ],
            scores={goal.pk: 4},
        ),
        source=SOURCE,
    )
    districts = list(District.objects.order_by("name").values_list("pk", flat=True))
    prototype = services.register_prototype(
        actor=users.get(username="leder"),
        data=services.PrototypeData(
            title="Økonomisk rådgiver fra jobcentret",
            hypothesis="Ro på økonomien.",
            intervention="Rådgiver hver anden uge.",
            target_group="Familier på vej",
            success_metric="renotified_within_12_months",
            comparison_group="De andre distrikter",
            trial_start=today - dt.timedelta(days=400),
            trial_end=today - dt.timedelta(days=30),
            decision_on=today,
            trial_districts=districts[:1],
            comparison_districts=districts[1:],
        ),
        source=SOURCE,
    )
    return coordination.pk, prototype.pk
