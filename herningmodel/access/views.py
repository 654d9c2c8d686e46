"""The staff page: administrators change others' access with a reason; wide grants wait for
a second person (another administrator or the DPO); the DPO reads every change. The pages
parse and render; access/staffing.py decides (see docs/access-and-audit.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from herningmodel.access import approvals, staffing
from herningmodel.access.changes import Change, make_change
from herningmodel.access.forms import ChangeForm, EnrolForm, RejectForm
from herningmodel.access.models import AccessRequest, GrantOutcome
from herningmodel.access.policy import Perm, User, has_perm
from herningmodel.access.roster import change_events, describe, roster
from herningmodel.organisation.models import StaffMember
from herningmodel.portal.submit import put_errors


def _require_staff_pages(user: User) -> None:
    if not (has_perm(user, Perm.ADMINISTER_STAFF) or has_perm(user, Perm.APPROVE_ACCESS)):
        raise PermissionDenied


def _source(request: HttpRequest) -> str:
    match = request.resolver_match
    return f"page:{match.view_name}" if match else "page:staff"


def _apply(request: HttpRequest, form: Any, perform: Any) -> staffing.Outcome | None:
    """Run a service call for a valid form; refusals and coded errors go onto the form."""
    try:
        return perform()
    except staffing.AccessRefused as refused:
        form.add_error(None, refused.message)
    except ValidationError as error:
        put_errors(form, error)
    return None


def _said(request: HttpRequest, outcome: staffing.Outcome) -> None:
    if outcome.applied:
        messages.success(request, _("Saved."))
    else:
        messages.info(
            request,
            _("The grant waits for approval by another administrator or the DPO."),
        )


def _list_context(request: HttpRequest, enrol_form: EnrolForm) -> dict[str, Any]:
    return {
        "rows": roster(),
        "pending": len(approvals.pending()),
        "enrol_form": enrol_form,
        "may_change": has_perm(request.user, Perm.ADMINISTER_STAFF),
    }


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _require_staff_pages(request.user)
    return render(request, "access/staff_list.html", _list_context(request, EnrolForm()))


@login_required
@require_POST
def enrol(request: HttpRequest) -> HttpResponse:
    _require_staff_pages(request.user)
    form = EnrolForm(request.POST)
    if form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"]).first()
        if user is None:
            form.add_error("username", _("There is no such user account."))
        else:
            outcome = _apply(
                request,
                form,
                lambda: staffing.enrol(
                    user,
                    form.cleaned_data["role"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    source=_source(request),
                ),
            )
            if outcome is not None:
                _said(request, outcome)
                return redirect("staff:list")
    context = _list_context(request, form)
    return render(request, "access/staff_list.html", context, status=400)


@login_required
def detail(request: HttpRequest, staff_id: int) -> HttpResponse:
    _require_staff_pages(request.user)
    staff = get_object_or_404(StaffMember.objects.select_related("user"), pk=staff_id)
    form = ChangeForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        outcome = _apply(
            request,
            form,
            lambda: make_change(
                staff,
                Change(form.cleaned_data["change"]),
                form.args(),
                actor=request.user,
                reason=form.cleaned_data["reason"],
                source=_source(request),
            ),
        )
        if outcome is not None:
            _said(request, outcome)
            return redirect("staff:detail", staff_id=staff.pk)
    row = next(r for r in roster() if r.staff.pk == staff.pk)
    context = {
        "row": row,
        "form": form,
        "own": staff.user_id == request.user.pk,
        "may_change": has_perm(request.user, Perm.ADMINISTER_STAFF),
        "waiting": AccessRequest.objects.filter(staff=staff, outcome=GrantOutcome.PENDING),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "access/staff_detail.html", context, status=status)


@login_required
def requests(request: HttpRequest) -> HttpResponse:
    _require_staff_pages(request.user)
    return render(
        request,
        "access/requests.html",
        {"requests": approvals.pending(), "reject_form": RejectForm()},
    )


@login_required
@require_POST
def decide(request: HttpRequest, request_id: int) -> HttpResponse:
    """Approve, or reject with a note, one waiting grant."""
    _require_staff_pages(request.user)
    grant = get_object_or_404(AccessRequest, pk=request_id, outcome=GrantOutcome.PENDING)
    form = RejectForm(request.POST if request.POST.get("decision") == "reject" else None)
    try:
        if request.POST.get("decision") == "approve":
            approvals.approve(grant, actor=request.user, source=_source(request))
            messages.success(request, _("Approved. The grant applies now."))
        elif form.is_valid():
            approvals.reject(
                grant, actor=request.user, note=form.cleaned_data["note"], source=_source(request)
            )
            messages.success(request, _("Rejected."))
        else:
            messages.error(request, _("Give a note saying why the grant is rejected."))
    except staffing.AccessRefused as refused:
        messages.error(request, refused.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("staff:requests")


@login_required
def changes(request: HttpRequest) -> HttpResponse:
    """The DPO's view of staff-access changes; reading it is a SEARCH event."""
    _require_staff_pages(request.user)
    events = change_events(actor=request.user, source=_source(request))
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    rows = [describe(event) for event in page.object_list]
    return render(request, "access/changes.html", {"page": page, "rows": rows})
