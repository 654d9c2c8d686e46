"""Pages for management supervision (team leaders) and the quality handbook (managers)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.access.policy import Perm, has_perm
from herningmodel.audit import services as audit
from herningmodel.cases import handbook as handbook_domain
from herningmodel.cases import services
from herningmodel.cases import supervision as supervision_domain
from herningmodel.cases.forms import HandbookForm, WorkerChoiceField
from herningmodel.cases.models import ProcessStep
from herningmodel.cases.views import source
from herningmodel.portal.submit import put_errors


class DrawForm(forms.Form):
    worker = WorkerChoiceField(
        label=gettext_lazy("Caseworker"), queryset=get_user_model().objects.none()
    )
    sample_size = forms.IntegerField(
        label=gettext_lazy("Number of cases"), min_value=1, max_value=50, initial=5
    )


@login_required
def supervision_list(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.SUPERVISE):
        raise PermissionDenied
    form = DrawForm(request.POST or None)
    form.fields["worker"].queryset = supervision_domain.eligible_workers(request.user)  # type: ignore[attr-defined,unused-ignore]
    if request.method == "POST" and form.is_valid():
        try:
            supervision = services.draw_supervision(
                actor=request.user,
                worker=form.cleaned_data["worker"],
                drawn_on=timezone.localdate(),
                sample_size=form.cleaned_data["sample_size"],
                source=source(request),
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            return redirect("cases:supervision_detail", supervision_id=supervision.pk)
    supervisions = supervision_domain.supervisions_of(request.user)
    return render(
        request, "cases/supervision_list.html", {"form": form, "supervisions": supervisions}
    )


@login_required
def supervision_detail(request: HttpRequest, supervision_id: int) -> HttpResponse:
    if not has_perm(request.user, Perm.SUPERVISE):
        raise PermissionDenied
    supervision = supervision_domain.supervision_of(request.user, supervision_id)
    items = supervision_domain.checklist()
    cases = supervision_domain.sampled_cases(supervision)
    if request.method == "POST":
        case = next((c for c in cases if str(c.pk) == request.POST.get("case")), None)
        if case is None:
            raise Http404
        answers = {
            item.code: (
                request.POST.get(f"item_{item.code}") == "yes",
                request.POST.get(f"note_{item.code}", "")[:2000].replace("\x00", ""),
            )
            for item in items
            if request.POST.get(f"item_{item.code}") in ("yes", "no")
        }
        try:
            services.record_findings(
                actor=request.user,
                supervision=supervision,
                case=case,
                answers=answers,
                source=source(request),
            )
        except ValidationError:
            messages.error(request, _("Answer every question for the case."))
        else:
            messages.success(request, _("The findings were saved."))
        return redirect("cases:supervision_detail", supervision_id=supervision.pk)
    findings = supervision_domain.findings_by_case(supervision)
    # The sample shows each child's name: a read of their case, as on every list.
    audit.record_list_read({c.child_id for c in cases}, actor=request.user, source=source(request))
    return render(
        request,
        "cases/supervision_detail.html",
        {
            "supervision": supervision,
            "items": items,
            "rows": [(case, findings.get(case.pk, {})) for case in cases],
        },
    )


@login_required
def handbook(request: HttpRequest) -> HttpResponse:
    can_edit = handbook_domain.may_edit(request.user)
    if not handbook_domain.may_read(request.user):
        raise PermissionDenied
    step = request.GET.get("step") or request.POST.get("step") or ""
    form = None
    if can_edit and step in ProcessStep.values:
        current = handbook_domain.guidance_for(step)
        form = HandbookForm(request.POST or None, initial={"text": current.text if current else ""})
        if request.method == "POST" and form.is_valid():
            services.write_handbook_entry(
                actor=request.user,
                step=step,
                text=form.cleaned_data["text"],
                source=source(request),
            )
            messages.success(request, _("A new version of the guidance was saved."))
            return redirect(f"{request.path}?step={step}")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "cases/handbook.html",
        {
            "steps": handbook_domain.current_guidance(),
            "form": form,
            "step": step,
            "can_edit": can_edit,
        },
    )
