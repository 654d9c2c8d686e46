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
from herningmodel.coordination.judgement import READING_LABELS, stored
from herningmodel.coordination.metric import metric, metric_choices
from herningmodel.coordination.models import Prototype, PrototypeDecision
from herningmodel.organisation.models import District, Role
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
    success_metric = forms.ChoiceField(
        label=gettext_lazy("Success metric (from monitoring)"),
        choices=lambda: [("", "–"), *metric_choices()],
        required=False,
    )
    trial_districts = forms.ModelMultipleChoiceField(
        District.objects.order_by("name"),
        label=gettext_lazy("Trial districts"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comparison_group = text(gettext_lazy("Comparison group"))
    comparison_districts = forms.ModelMultipleChoiceField(
        District.objects.order_by("name"),
        label=gettext_lazy("Comparison districts"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    trial_start = forms.DateField(label=gettext_lazy("Trial starts"), widget=DATE, required=False)
    trial_end = forms.DateField(label=gettext_lazy("Trial ends"), widget=DATE, required=False)
    decision_on = forms.DateField(label=gettext_lazy("Decision date"), widget=DATE, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"), choices=PrototypeDecision.choices, widget=forms.RadioSelect
    )
    note = text(gettext_lazy("Why"))
    justification = text(
        gettext_lazy("Why decide against or without the measured result"), required=False
    )


@login_required
def prototype_list(request: HttpRequest) -> HttpResponse:
    if not can_view(request.user):
        raise Http404
    return render(
        request,
        "coordination/prototypes.html",
        {
            "prototypes": [
                (p, metric(p.success_metric), services.decided_against(p))
                for p in Prototype.objects.all()
            ],
            "can_decide": can_decide(request.user),
        },
    )


def prototype_data(d: dict[str, Any]) -> services.PrototypeData:
    return services.PrototypeData(
        **{
            **d,
            "trial_districts": [x.pk for x in d["trial_districts"]],
            "comparison_districts": [x.pk for x in d["comparison_districts"]],
        }
    )


@login_required
def prototype_new(request: HttpRequest) -> HttpResponse:
    if not can_decide(request.user):
        raise Http404
    form = PrototypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prototype = services.register_prototype(
                actor=request.user, data=prototype_data(form.cleaned_data), source=source(request)
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return done(request, reverse("coordination:prototype", args=[prototype.pk]))
    return page(request, {"form": form, "title": _("Register a prototype")})


@login_required
def prototype_detail(request: HttpRequest, prototype_id: int) -> HttpResponse:
    if not can_view(request.user):
        raise Http404
    prototype = get_object_or_404(Prototype, pk=prototype_id)
    deciding = can_decide(request.user) and not prototype.decision
    decision_form = DecisionForm(request.POST or None, prefix="decision")
    status = 200
    if request.method == "POST":
        if not deciding:
            raise Http404
        if decision_form.is_valid():
            try:
                services.decide_prototype(
                    actor=request.user,
                    prototype=prototype,
                    source=source(request),
                    **decision_form.cleaned_data,
                )
            except ValidationError as error:
                put_errors(decision_form, error)
            else:
                messages.success(request, _("Saved."))
                return done(request, reverse("coordination:prototype", args=[prototype.pk]))
        status = 422
    measured = services.measure(prototype)
    read_as = stored(prototype.result_reading) or services.reading(prototype, measured)
    context = {
        "prototype": prototype,
        "indicator": metric(prototype.success_metric),
        "trial_districts": list(prototype.trial_districts.order_by("name")),
        "comparison_districts": list(prototype.comparison_districts.order_by("name")),
        "measured": measured,
        "result": measured.comparison_result if measured and not measured.suppressed else None,
        "reading": READING_LABELS[read_as] if read_as else "",
        "departs": services.decided_against(prototype),
        "deciding": deciding,
        "due": timezone.localdate() >= prototype.decision_on,
        "decision_form": decision_form,
    }
    return render(request, "coordination/prototype_detail.html", context, status=status)
