"""Prototype pages: the list, and the decision page with trial versus comparison.

Prototypes hold aggregate numbers, no personal data: those who steer (aggregates) and family
coordinators see them; team leaders and department managers register and decide them.
"""

from __future__ import annotations

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

from herningmodel.access.policy import Perm, User, has_perm, role_of
from herningmodel.cases.forms import DATE, text
from herningmodel.cases.views import source
from herningmodel.coordination import services
from herningmodel.coordination.actions import page
from herningmodel.coordination.effect import compare
from herningmodel.coordination.models import Prototype, PrototypeDecision
from herningmodel.organisation.models import Role
from herningmodel.portal.submit import done, put_errors


def can_view(user: User) -> bool:
    return has_perm(user, Perm.VIEW_AGGREGATES) or role_of(user) == Role.FAMILY_COORDINATOR


def can_decide(user: User) -> bool:
    return role_of(user) in (Role.TEAM_LEADER, Role.DEPARTMENT_MANAGER)


class PrototypeForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    hypothesis = text(gettext_lazy("Hypothesis"))
    intervention = text(gettext_lazy("Intervention"))
    target_group = text(gettext_lazy("Target group"))
    success_metric = forms.CharField(
        label=gettext_lazy("Success metric"), max_length=200, required=False
    )
    comparison_group = text(gettext_lazy("Comparison group"))
    trial_start = forms.DateField(label=gettext_lazy("Trial starts"), widget=DATE, required=False)
    trial_end = forms.DateField(label=gettext_lazy("Trial ends"), widget=DATE, required=False)
    decision_on = forms.DateField(label=gettext_lazy("Decision date"), widget=DATE, required=False)


class ResultForm(forms.Form):
    trial_n = forms.IntegerField(label=gettext_lazy("In the trial group"), min_value=0)
    trial_successes = forms.IntegerField(label=gettext_lazy("Successes in trial"), min_value=0)
    comparison_n = forms.IntegerField(label=gettext_lazy("In the comparison group"), min_value=0)
    comparison_successes = forms.IntegerField(
        label=gettext_lazy("Successes in comparison"), min_value=0
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"), choices=PrototypeDecision.choices, widget=forms.RadioSelect
    )
    note = text(gettext_lazy("Why"))


@login_required
def prototype_list(request: HttpRequest) -> HttpResponse:
    if not can_view(request.user):
        raise Http404
    return render(
        request,
        "coordination/prototypes.html",
        {"prototypes": Prototype.objects.all(), "can_decide": can_decide(request.user)},
    )


@login_required
def prototype_new(request: HttpRequest) -> HttpResponse:
    if not can_decide(request.user):
        raise Http404
    form = PrototypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prototype = services.register_prototype(
                actor=request.user,
                data=services.PrototypeData(**form.cleaned_data),
                source=source(request),
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return done(request, reverse("coordination:prototype", args=[prototype.pk]))
    return page(request, {"form": form, "title": _("Register a prototype")})


def _perform(request: HttpRequest, prototype: Prototype, form: forms.Form) -> Any:
    if isinstance(form, ResultForm):
        return services.record_result(
            actor=request.user, prototype=prototype, source=source(request), **form.cleaned_data
        )
    return services.decide_prototype(
        actor=request.user, prototype=prototype, source=source(request), **form.cleaned_data
    )


@login_required
def prototype_detail(request: HttpRequest, prototype_id: int) -> HttpResponse:
    if not can_view(request.user):
        raise Http404
    prototype = get_object_or_404(Prototype, pk=prototype_id)
    deciding = can_decide(request.user) and not prototype.decision
    result_form = ResultForm(prefix="result")
    decision_form = DecisionForm(prefix="decision")
    status = 200
    if request.method == "POST":
        if not deciding:
            raise Http404
        form: forms.Form = (
            ResultForm(request.POST, prefix="result")
            if "result-trial_n" in request.POST
            else DecisionForm(request.POST, prefix="decision")
        )
        if form.is_valid():
            try:
                _perform(request, prototype, form)
            except ValidationError as error:
                put_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return done(request, reverse("coordination:prototype", args=[prototype.pk]))
        status = 422
        if isinstance(form, ResultForm):
            result_form = form
        else:
            decision_form = form  # type: ignore[assignment]
    result = (
        compare(
            prototype.trial_successes or 0,
            prototype.trial_n or 0,
            prototype.comparison_successes or 0,
            prototype.comparison_n or 0,
        )
        if prototype.has_result and prototype.trial_n and prototype.comparison_n
        else None
    )
    context = {
        "prototype": prototype,
        "result": result,
        "deciding": deciding,
        "due": timezone.localdate() >= prototype.decision_on,
        "result_form": result_form,
        "decision_form": decision_form,
    }
    return render(request, "coordination/prototype_detail.html", context, status=status)
