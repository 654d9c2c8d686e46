"""The forms for each coordination operation: parse, check who may, call the service, show errors.

Each action is declared once, as in ``cases.actions``; one view serves them all and puts the
service's coded errors next to the fields they concern.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.access.policy import role_of
from herningmodel.cases.views import source
from herningmodel.coordination import forms as f
from herningmodel.coordination import services
from herningmodel.coordination.access import Sight, get_sight_for_user, households_in_reach
from herningmodel.coordination.models import PlanAction, PlanGoal
from herningmodel.organisation.models import Role
from herningmodel.people.models import Household
from herningmodel.portal.submit import done, put_errors, save_form

Perform = Callable[[HttpRequest, Sight, dict[str, Any], Any], Any]


@dataclass(frozen=True)
class Action:
    title: Any
    form: type[forms.Form]
    perform: Perform
    coordinator_only: bool = True
    form_kwargs: Callable[[Sight], dict[str, Any]] = field(default=lambda sight: {})
    initial: Callable[[Sight, Any], dict[str, Any]] = field(default=lambda sight, obj: {})
    target: Callable[[Sight], QuerySet[Any]] | None = None  # which sub-object obj_id names


def _today(sight: Sight, obj: Any) -> dict[str, Any]:
    return {key: timezone.localdate() for key in ("given_on", "started_on", "ended_on", "held_on")}


def _consent(request: HttpRequest, sight: Sight, d: dict[str, Any], obj: Any) -> Any:
    return services.give_consent(
        actor=request.user, coordination=sight.coordination, source=source(request), **d
    )


def _withdraw(request: HttpRequest, sight: Sight, d: dict[str, Any], obj: Any) -> Any:
    return services.withdraw_consent(actor=request.user, consent=obj, source=source(request))


def _contact(request: HttpRequest, sight: Sight, d: dict[str, Any], obj: Any) -> Any:
    return services.add_department_contact(
        actor=request.user, coordination=sight.coordination, source=source(request), **d
    )


def _intervention(request: HttpRequest, sight: Sight, d: dict[str, Any], obj: Any) -> Any:
    return services.register_intervention(
        actor=request.user, coordination=sight.coordination, source=source(request), **d
    )


def _wish(request: HttpRequest, sight: Sight, d: dict[str, Any], obj: Any) -> Any:
    return services.record_family_wish_to_end(
        actor=request.user, intervention=obj, source=source(request)
    )


def _end(request: HttpRequest, sight: Sight, d: dict[str, Any], obj: Any) -> Any:
    return services.end_intervention(
        actor=request.user, intervention=obj, source=source(request), **d
    )


def plan_data(d: dict[str, Any]) -> services.CommonPlanData:
    goals = [services.GoalData(text=text, core_task=task, actions=[]) for task, text in d["goals"]]
    for number, who, department, due, what in d["actions"]:
        if not 1 <= number <= len(goals):
            raise ValidationError(
                {
                    "actions": ValidationError(
                        _("No goal has number %(n)s."), code="unknown_goal", params={"n": number}
                    )
                }
            )
        goals[number - 1].actions.append(
            services.ActionData(owner_kind=who, description=what, department=department, due_on=due)
        )
    return services.CommonPlanData(dreams=d["dreams"], goals=goals)


def _plan(request: HttpRequest, sight: Sight, d: dict[str, Any], obj: Any) -> Any:
    return services.save_common_plan(
        actor=request.user,
        coordination=sight.coordination,
        data=plan_data(d),
        expected_version=d["version"],
        source=source(request),
    )


def _plan_initial(sight: Sight, obj: Any) -> dict[str, Any]:
    plan = getattr(sight.coordination, "plan", None)
    if plan is None:
        return {"version": 0}
    goals = list(plan.goals.filter(dropped_on__isnull=True).prefetch_related("actions"))
    return {
        "dreams": plan.dreams,
        "goals": "\n".join(f"{g.core_task}; {g.text}" for g in goals),
        "actions": "\n".join(
            f"{n}; {a.owner_kind}; {a.department}; {a.due_on or ''}; {a.description}"
            for n, g in enumerate(goals, start=1)
            for a in g.actions.all()
        ),
        "version": plan.version,
    }


def _goals(sight: Sight) -> QuerySet[PlanGoal]:
    return PlanGoal.objects.filter(
        plan__coordination=sight.coordination, dropped_on__isnull=True
    ).order_by("pk")


def _movement(request: HttpRequest, sight: Sight, d: dict[str, Any], obj: Any) -> Any:
    scores = {
        int(k[len("score_") :]): v for k, v in d.items() if k.startswith("score_") and v is not None
    }
    return services.record_movement(
        actor=request.user,
        coordination=sight.coordination,
        held_on=d["held_on"],
        scores=scores,
        source=source(request),
    )


def _actions(sight: Sight) -> QuerySet[PlanAction]:
    return (
        PlanAction.objects.filter(
            goal__plan__coordination=sight.coordination,
            goal__dropped_on__isnull=True,
            ended_on__isnull=True,
        )
        .select_related("goal")
        .order_by("goal_id", "pk")
    )


def meeting_data(d: dict[str, Any]) -> services.MeetingData:
    decisions = [
        services.DecisionData(
            kind=d[f"d{n}_kind"],
            text=d[f"d{n}_text"],
            goal_id=d[f"d{n}_goal"] or None,
            action_id=d[f"d{n}_action"] or None,
            core_task=d[f"d{n}_core_task"],
            action_text=d[f"d{n}_action_text"],
            owner_kind=d[f"d{n}_owner_kind"],
            department=d[f"d{n}_department"],
            due_on=d[f"d{n}_due_on"],
        )
        for n in range(1, f.DECISION_SLOTS + 1)
        if d[f"d{n}_kind"]
    ]
    return services.MeetingData(
        held_on=d["held_on"],
        family_attendees=d["family_attendees"],
        network_attendees=d["network_attendees"],
        departments=list(d["departments"]),
        decisions=decisions,
        scores={
            int(k[len("score_") :]): v
            for k, v in d.items()
            if k.startswith("score_") and v is not None
        },
    )


def _meeting(request: HttpRequest, sight: Sight, d: dict[str, Any], obj: Any) -> Any:
    return services.record_network_meeting(
        actor=request.user,
        coordination=sight.coordination,
        data=meeting_data(d),
        source=source(request),
    )


ACTIONS: dict[str, Action] = {
    "plan": Action(gettext_lazy("The common plan"), f.PlanForm, _plan, initial=_plan_initial),
    "consent": Action(
        gettext_lazy("The family's consent to sharing"), f.ConsentForm, _consent, initial=_today
    ),
    "withdraw-consent": Action(
        gettext_lazy("Withdraw the consent"),
        f.ConfirmForm,
        _withdraw,
        target=lambda sight: sight.coordination.consents.filter(withdrawn_on__isnull=True),
    ),
    "contact": Action(gettext_lazy("Department contact"), f.ContactForm, _contact),
    "intervention": Action(
        gettext_lazy("Running intervention"), f.InterventionForm, _intervention, initial=_today
    ),
    "wish": Action(
        gettext_lazy("The family doesn't need this"),
        f.ConfirmForm,
        _wish,
        coordinator_only=False,
        target=lambda sight: visible_interventions(sight),
    ),
    "end": Action(
        gettext_lazy("End the intervention"),
        f.EndForm,
        _end,
        coordinator_only=False,
        initial=_today,
        target=lambda sight: visible_interventions(sight),
    ),
    "movement": Action(
        gettext_lazy("Movement at a network meeting"),
        f.MovementForm,
        _movement,
        form_kwargs=lambda sight: {"goals": _goals(sight)},
        initial=_today,
    ),
    "meeting": Action(
        gettext_lazy("Network meeting"),
        f.MeetingForm,
        _meeting,
        form_kwargs=lambda sight: {"goals": _goals(sight), "actions": _actions(sight)},
        initial=_today,
    ),
}


def visible_interventions(sight: Sight) -> QuerySet[Any]:
    interventions = sight.coordination.interventions.filter(ended_on__isnull=True)
    if sight.is_coordinator:
        return interventions
    return interventions.filter(department__in=sight.departments)


def detail_url(sight: Sight) -> str:
    return reverse("coordination:detail", args=[sight.coordination.pk])


@login_required
def coordination_action(
    request: HttpRequest, coordination_id: int, action: str, obj_id: int | None = None
) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    sight = get_sight_for_user(request.user, coordination_id, write=spec.coordinator_only)
    obj = None
    if obj_id is not None:
        if spec.target is None:
            raise Http404
        obj = get_object_or_404(spec.target(sight), pk=obj_id)
    elif spec.target is not None:
        raise Http404
    kwargs = spec.form_kwargs(sight)
    if request.method == "POST":
        form = spec.form(request.POST, **kwargs)
        saved = save_form(
            request, form, lambda data: spec.perform(request, sight, data, obj), detail_url(sight)
        )
        if saved is not None:
            return saved
    else:
        form = spec.form(initial=spec.initial(sight, obj), **kwargs)
    return page(request, {"sight": sight, "form": form, "title": spec.title, "obj": obj})


def page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """As ``cases.actions.page``: the whole page, or with htmx only the form panel."""
    partial = bool(getattr(request, "htmx", False))
    status = 422 if request.method == "POST" and not partial else 200
    template = "cases/_action_form.html" if partial else "coordination/action_form.html"
    return render(request, template, {**context, "partial": partial}, status=status)


def households_for_user(request: HttpRequest) -> QuerySet[Household]:
    """The families in reach that have no coordination yet."""
    return households_in_reach(request.user).filter(coordinations__isnull=True)


@login_required
def start(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) != Role.FAMILY_COORDINATOR:
        raise Http404
    kwargs = {"households": households_for_user(request)}
    initial = {"started_on": timezone.localdate()}
    form = f.StartForm(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            coordination = services.start_coordination(
                actor=request.user,
                household=form.cleaned_data["household"],
                coordinator=request.user,
                started_on=form.cleaned_data["started_on"],
                source=source(request),
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return done(request, reverse("coordination:detail", args=[coordination.pk]))
    return page(request, {"form": form, "title": _("Start family coordination")})
