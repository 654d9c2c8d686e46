"""The pages where a caseworker does each step: parse the form, call the service, show errors.

Each action is declared once (form, step of the process, what to call); one view serves them
all, shows the quality handbook's guidance for the step, and puts the service's coded errors
next to the fields they concern.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.access.lookups import (
    get_case_for_user,
    get_child_for_user,
    get_notification_for_user,
)
from herningmodel.cases import forms as f
from herningmodel.cases import services
from herningmodel.cases.handbook import guidance_for
from herningmodel.cases.models import Case, ProcessStep
from herningmodel.cases.views import source
from herningmodel.portal.submit import done, put_errors, save_form
from herningmodel.progress.models import Instrument
from herningmodel.progress.services import record_measurement

Perform = Callable[[HttpRequest, Case, dict[str, Any], Any], Any]


@dataclass(frozen=True)
class Action:
    title: Any
    form: type[forms.Form]
    step: str
    perform: Perform
    form_kwargs: Callable[[Case], dict[str, Any]] = field(default=lambda case: {})
    initial: Callable[[Case, Any], dict[str, Any]] = field(default=lambda case, obj: {})
    target: Callable[[Case], Any] | None = None  # which sub-object the obj_id names


def _today(case: Case, obj: Any) -> dict[str, Any]:
    return {key: timezone.localdate() for key in ("on", "held_on", "decided_on", "closed_on")}


def _handover(request: HttpRequest, case: Case, d: dict[str, Any], obj: Any) -> Any:
    return services.hand_over(
        actor=request.user,
        case=case,
        to_worker=d["to_worker"],
        on=d["on"],
        reason=d["reason"],
        note=d["note"],
        source=source(request),
    )


def _close(request: HttpRequest, case: Case, d: dict[str, Any], obj: Any) -> Any:
    return services.close_case(
        actor=request.user,
        case=case,
        closed_on=d["closed_on"],
        reason=d["reason"],
        note=d["note"],
        expected_version=d["version"],
        source=source(request),
    )


def _child_talk(request: HttpRequest, case: Case, d: dict[str, Any], obj: Any) -> Any:
    return services.record_child_talk(
        actor=request.user,
        case=case,
        held_on=d["held_on"],
        child_views=d["child_views"],
        not_held_on=d["not_held_on"],
        not_held_reason=d["not_held_reason"],
        source=source(request),
    )


def _assessment(request: HttpRequest, case: Case, d: dict[str, Any], obj: Any) -> Any:
    return services.start_assessment(
        actor=request.user,
        case=case,
        need_known_on=d["need_known_on"],
        started_on=d["started_on"],
        source=source(request),
    )


def _preliminary(request: HttpRequest, case: Case, d: dict[str, Any], obj: Any) -> Any:
    return services.record_preliminary_assessment(
        actor=request.user, assessment=obj, on=d["on"], text=d["text"], source=source(request)
    )


def _finish(request: HttpRequest, case: Case, d: dict[str, Any], obj: Any) -> Any:
    return services.finish_assessment(
        actor=request.user, assessment=obj, source=source(request), **d
    )


def _decision(request: HttpRequest, case: Case, d: dict[str, Any], obj: Any) -> Any:
    from herningmodel.cases.services.decisions import EpisodeData

    episodes = []
    if d.get("intervention_type"):
        episodes.append(
            EpisodeData(
                intervention_type=d["intervention_type"],
                provider=d["provider"],
                start=d["start"],
                planned_end=d["planned_end"],
                planned_volume=d["planned_volume"],
                justification=d["justification"],
            )
        )
    talk = case.child_talks.order_by("-pk").first()
    return services.make_decision(
        actor=request.user,
        case=case,
        legal_basis=d["legal_basis"],
        legal_item=d["legal_item"],
        decided_on=d["decided_on"],
        purpose=d["purpose"],
        expected_duration_months=d["expected_duration_months"],
        acute=d["acute"],
        consent=d["consent"] if d["legal_basis"] in ("46", "47") else None,
        child_talk=talk,
        plan_choice=d["plan_choice"],
        episodes=episodes,
        source=source(request),
    )


def _meeting(request: HttpRequest, case: Case, d: dict[str, Any], obj: Any) -> Any:
    return services.hold_network_meeting(
        actor=request.user,
        case=case,
        held_on=d["held_on"],
        attendees=[services.AttendeeData(kind=k, name=n, role=r) for k, n, r in d["attendees"]],
        family_chaired=d["family_chaired"],
        summary=d["summary"],
        source=source(request),
    )


def plan_data(d: dict[str, Any], meeting_id: int | None) -> services.PlanData:
    goals = [services.GoalData(text=text, tasks=[]) for text in d["goals"]]
    for number, who, name, what in d["tasks"]:
        if not 1 <= number <= len(goals):
            raise ValidationError(
                {
                    "tasks": ValidationError(
                        _("No goal has number %(n)s."), code="unknown_goal", params={"n": number}
                    )
                }
            )
        goals[number - 1].tasks.append(
            services.TaskData(description=what, responsible_kind=who, responsible_name=name)
        )
    return services.PlanData(
        goals=goals,
        childs_words=d["childs_words"],
        familys_words=d["familys_words"],
        approved_on=d["approved_on"],
        meeting_id=meeting_id,
    )


def _plan(request: HttpRequest, case: Case, d: dict[str, Any], obj: Any) -> Any:
    meeting = case.network_meetings.order_by("-held_on").first()
    return services.save_plan(
        actor=request.user,
        case=case,
        plan=obj,
        data=plan_data(d, obj.meeting_id if obj else (meeting.pk if meeting else None)),
        expected_version=d["version"] if obj else None,
        source=source(request),
    )


def _plan_initial(case: Case, plan: Any) -> dict[str, Any]:
    if plan is None:
        return {}
    goals = list(plan.goals.all())
    numbers = {g.pk: i + 1 for i, g in enumerate(goals)}
    return {
        "familys_words": plan.familys_words,
        "childs_words": plan.childs_words,
        "goals": "\n".join(g.text for g in goals),
        "tasks": "\n".join(
            f"{numbers.get(t.goal_id, 1)}; {t.responsible_kind}; {t.responsible_name}; "
            f"{t.description}"
            for t in plan.tasks.all()
        ),
        "approved_on": plan.approved_on,
        "version": plan.version,
    }


def _scaling() -> Instrument:
    return Instrument.objects.prefetch_related("dimensions").get(code="ics-scaling")


def _step_down(case: Case, d: dict[str, Any]) -> services.StepDownData:
    """The step-down section of the follow-up form; the talk is the case's latest, as for a
    decision made on its own page."""
    return services.StepDownData(
        episode=d["step_down_episode"],
        legal_basis=d["step_down_legal_basis"],
        purpose=d["step_down_purpose"],
        expected_duration_months=d["step_down_expected_duration_months"] or 0,
        intervention_type=d["step_down_intervention_type"],
        provider=d["step_down_provider"],
        start=d["step_down_start"],
        planned_volume=d["step_down_planned_volume"],
        child_talk=case.child_talks.order_by("-pk").first(),
    )


def _follow_up(request: HttpRequest, case: Case, d: dict[str, Any], obj: Any) -> Any:
    scores = {k[len("score_") :]: v for k, v in d.items() if k.startswith("score_")}
    return services.record_follow_up(
        actor=request.user,
        case=case,
        held_on=d["held_on"],
        goals_moved=d["goals_moved"],
        decision=d["decision"],
        instrument=_scaling(),
        scores=scores,
        note=d["note"],
        step_down_to=_step_down(case, d) if d["decision"] == "step_down" else None,
        source=source(request),
    )


ACTIONS: dict[str, Action] = {
    "handover": Action(
        gettext_lazy("Hand over the case"),
        f.HandoverForm,
        ProcessStep.FOLLOW_UP,
        _handover,
        form_kwargs=lambda case: {"team_id": case.area_team_id},
        initial=_today,
    ),
    "close": Action(
        gettext_lazy("Close the case"),
        f.CloseForm,
        ProcessStep.CLOSURE,
        _close,
        initial=lambda case, obj: {**_today(case, obj), "version": case.version},
    ),
    "child-talk": Action(
        gettext_lazy("Talk with the child"), f.ChildTalkForm, ProcessStep.CHILD_TALK, _child_talk
    ),
    "assessment": Action(
        gettext_lazy("Start a child assessment"),
        f.AssessmentStartForm,
        ProcessStep.ASSESSMENT,
        _assessment,
        initial=lambda case, obj: {
            "need_known_on": case.opened_on,
            "started_on": timezone.localdate(),
        },
    ),
    "preliminary": Action(
        gettext_lazy("Preliminary assessment"),
        f.PreliminaryForm,
        ProcessStep.ASSESSMENT,
        _preliminary,
        initial=_today,
        target=lambda case: case.assessments,
    ),
    "finish-assessment": Action(
        gettext_lazy("Finish the child assessment"),
        f.AssessmentFinishForm,
        ProcessStep.ASSESSMENT,
        _finish,
        target=lambda case: case.assessments,
        initial=lambda case, obj: {"finished_on": timezone.localdate()},
    ),
    "decision": Action(
        gettext_lazy("Decision"), f.DecisionForm, ProcessStep.DECISION, _decision, initial=_today
    ),
    "meeting": Action(
        gettext_lazy("Network meeting"),
        f.MeetingForm,
        ProcessStep.NETWORK_MEETING,
        _meeting,
        initial=lambda case, obj: {**_today(case, obj), "family_chaired": True},
    ),
    "plan": Action(
        gettext_lazy("The child's plan"),
        f.PlanForm,
        ProcessStep.PLAN,
        _plan,
        initial=_plan_initial,
        target=lambda case: case.plans,
    ),
    "follow-up": Action(
        gettext_lazy("Follow-up"),
        f.FollowUpForm,
        ProcessStep.FOLLOW_UP,
        _follow_up,
        form_kwargs=lambda case: {"instrument": _scaling(), "case": case},
        initial=_today,
    ),
}


@login_required
def case_action(
    request: HttpRequest, case_id: int, action: str, obj_id: int | None = None
) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    case = get_case_for_user(request.user, case_id, write=True)
    obj = None
    if obj_id is not None:
        if spec.target is None:
            raise Http404
        obj = get_object_or_404(spec.target(case), pk=obj_id)
    kwargs = spec.form_kwargs(case)
    if request.method == "POST":
        form = spec.form(request.POST, **kwargs)
        saved = save_form(
            request,
            form,
            lambda data: spec.perform(request, case, data, obj),
            reverse("cases:detail", args=[case.pk]),
        )
        if saved is not None:
            return saved
    else:
        form = spec.form(initial=spec.initial(case, obj), **kwargs)
    return page(
        request,
        {"case": case, "form": form, "title": spec.title, "guidance": guidance_for(spec.step)},
    )


def page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The whole page, or with htmx only the form panel that replaces itself in place.

    A rejected form answers 422 to a plain browser; htmx swaps only 2xx responses, so it gets
    the same panel with 200 and shows the errors in place.
    """
    partial = bool(getattr(request, "htmx", False))
    status = 422 if request.method == "POST" and not partial else 200
    template = "cases/_action_form.html" if partial else "cases/action_form.html"
    return render(request, template, {**context, "partial": partial}, status=status)


NOTIFICATION_ACTIONS: dict[str, tuple[Any, type[forms.Form]]] = {
    "acute": (gettext_lazy("24-hour assessment"), f.AcuteAssessmentForm),
    "receipt": (gettext_lazy("Receipt to the notifier"), f.ReceiptForm),
    "outcome": (gettext_lazy("Outcome of the notification"), f.OutcomeForm),
}


@login_required
def notification_new(request: HttpRequest, child_id: int) -> HttpResponse:
    child = get_child_for_user(request.user, child_id, write=True)
    form = f.NotificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notification = services.receive_notification(
                actor=request.user, child=child, origin=source(request), **form.cleaned_data
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("The notification was registered."))
            return done(request, reverse("cases:notification", args=[notification.pk, "acute"]))
    return page(
        request,
        {
            "child": child,
            "form": form,
            "title": _("Register a notification"),
            "guidance": guidance_for(ProcessStep.NOTIFICATION),
        },
    )


@login_required
def notification_action(request: HttpRequest, notification_id: int, action: str) -> HttpResponse:
    if action not in NOTIFICATION_ACTIONS:
        raise Http404
    notification = get_notification_for_user(request.user, notification_id, write=True)
    title, form_class = NOTIFICATION_ACTIONS[action]
    kwargs = {"team_id": notification.child.area_team_id} if action == "outcome" else {}
    now = timezone.localtime().replace(second=0, microsecond=0)
    initial = {"assessed_at": now, "sent_on": now.date(), "on": now.date()}
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        origin = source(request)
        try:
            if action == "acute":
                services.record_acute_assessment(
                    actor=request.user, notification=notification, origin=origin, **d
                )
            elif action == "receipt":
                services.record_receipt(
                    actor=request.user, notification=notification, origin=origin, **d
                )
            else:
                services.conclude_notification(
                    actor=request.user, notification=notification, origin=origin, **d
                )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            notification.refresh_from_db()
            if notification.case_id:
                return done(request, reverse("cases:detail", args=[notification.case_id]))
            return done(request, reverse("people:detail", args=[notification.child_id]))
    return page(
        request,
        {
            "child": notification.child,
            "notification": notification,
            "form": form,
            "title": title,
            "guidance": guidance_for(ProcessStep.NOTIFICATION),
        },
    )


@login_required
def measure(request: HttpRequest, case_id: int, code: str) -> HttpResponse:
    """A progression measurement outside a follow-up, e.g. SDQ scores from a questionnaire."""
    case = get_case_for_user(request.user, case_id, write=True)
    instrument = (
        Instrument.objects.filter(code=code, active=True).prefetch_related("dimensions").first()
    )
    if instrument is None:
        raise Http404
    form = f.MeasurementForm(
        request.POST or None,
        instrument=instrument,
        initial={"measured_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_measurement(
                actor=request.user,
                child=case.child,
                instrument=instrument,
                measured_on=form.cleaned_data["measured_on"],
                scores=form.scores(),
                case_id=case.pk,
                source=source(request),
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return done(request, reverse("cases:detail", args=[case.pk]))
    return page(
        request,
        {
            "case": case,
            "form": form,
            "title": instrument.label,
            "guidance": guidance_for(ProcessStep.FOLLOW_UP),
        },
    )
