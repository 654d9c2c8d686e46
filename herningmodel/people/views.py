"""Pages for children: list, read (audited), register and edit, all within the user's scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from herningmodel.access.lookups import children_for_user, get_child_for_user
from herningmodel.access.policy import Perm, Scope, has_perm, scope_of, team_ids
from herningmodel.audit import services as audit
from herningmodel.cases.models import Case
from herningmodel.cases.queries import notifications_of
from herningmodel.people import family, services
from herningmodel.people.forms import ChildForm
from herningmodel.people.models import Child
from herningmodel.progress.chart import progression_charts
from herningmodel.validation import field_errors

PAGE_SIZE = 50


def _source(request: HttpRequest) -> str:
    return f"page:{request.resolver_match.view_name if request.resolver_match else request.path}"


SEARCH_KEY = "people:child_search"


def _search_text(request: HttpRequest) -> str:
    """The name searched for, kept out of the URL.

    A child's name in a URL ends up in browser history, Referer headers and access logs, so
    the search is POSTed and remembered in the session for paging; a fresh visit clears it.
    """
    if request.method == "POST":
        q = request.POST.get("q", "").replace("\x00", "")[:100]
        request.session[SEARCH_KEY] = q
        return q
    if "page" in request.GET:
        return str(request.session.get(SEARCH_KEY, ""))
    request.session.pop(SEARCH_KEY, None)
    return ""


@login_required
def child_list(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.VIEW_CHILD):
        raise PermissionDenied
    q = _search_text(request)
    qs = children_for_user(request.user).select_related("area_team", "district")
    if q:
        qs = services.search_by_name(qs, q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record_list_read(
        [c.pk for c in page.object_list], actor=request.user, source=_source(request)
    )
    template = (
        "people/_child_rows.html" if getattr(request, "htmx", False) else "people/child_list.html"
    )
    return render(
        request,
        template,
        {"page": page, "q": q, "can_create": _can_register(request)},
    )


@login_required
def child_detail(request: HttpRequest, child_id: int) -> HttpResponse:
    child = get_child_for_user(request.user, child_id)
    shown = family.family_of(child)
    family.record_read(shown, actor=request.user, source=_source(request))
    return render(
        request,
        "people/child_detail.html",
        {
            "child": child,
            "show_cpr": has_perm(request.user, Perm.VIEW_CPR),
            "can_edit": has_perm(request.user, Perm.CHANGE_CHILD),
            "relations": shown.relations,
            "siblings": shown.siblings,
            "cases": Case.objects.filter(child=child)
            .select_related("caseworker")
            .order_by("-opened_on"),
            "pending_notifications": notifications_of(child.pk, pending=True),
            "charts": progression_charts(child.pk),
        },
    )


def _can_register(request: HttpRequest) -> bool:
    """A child is registered in one of the user's teams: without a team (e.g. a job-centre
    caseworker who only takes part in family coordination) there is nowhere to put it."""
    return has_perm(request.user, Perm.CHANGE_CHILD) and _allowed_teams(request) != []


def _allowed_teams(request: HttpRequest) -> list[int] | None:
    return None if scope_of(request.user) is Scope.ALL else sorted(team_ids(request.user))


def _save(request: HttpRequest, form: ChildForm, child: Child | None) -> Child | None:
    """Call the service; put its coded errors back on the form's fields."""
    cleaned = form.cleaned_data
    data = services.ChildData(
        first_name=cleaned["first_name"],
        last_name=cleaned["last_name"],
        district_id=cleaned["district"].pk,
        area_team_id=cleaned["area_team"].pk,
        cpr=cleaned["cpr"] or None,
        birth_date=cleaned["birth_date"],
        is_unborn=cleaned["is_unborn"],
        expected_birth_date=cleaned["expected_birth_date"],
    )
    try:
        if child is None:
            return services.create_child(data, actor=request.user, source=_source(request))
        return services.update_child(
            child, data, actor=request.user, source=_source(request), version=cleaned["version"]
        )
    except ValidationError as exc:
        for error in field_errors(exc):
            name = error.field if error.field in form.fields else None
            form.add_error(name, error.message)
    except services.ConflictError:
        form.add_error(
            None,
            _("Someone else saved this child after you opened the page. Reload and try again."),
        )
    return None


@login_required
def child_create(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.CHANGE_CHILD):
        raise PermissionDenied
    teams = _allowed_teams(request)
    if teams == []:
        messages.error(
            request,
            _(
                "You are not a member of an area team, so you cannot register a child. "
                "Ask an administrator."
            ),
        )
        return redirect("people:list")
    form = ChildForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        child = _save(request, form, None)
        if child is not None:
            messages.success(request, _("The child was registered."))
            return redirect("people:detail", child_id=child.pk)
    return render(request, "people/child_form.html", {"form": form, "child": None})


@login_required
def child_edit(request: HttpRequest, child_id: int) -> HttpResponse:
    child = get_child_for_user(request.user, child_id, write=True)
    teams = _allowed_teams(request)
    if request.method == "POST":
        form = ChildForm(request.POST, instance=Child.objects.get(pk=child.pk), teams=teams)
        if form.is_valid():
            saved = _save(request, form, child)
            if saved is not None:
                messages.success(request, _("The changes were saved."))
                return redirect("people:detail", child_id=saved.pk)
    else:
        services.record_child_read(child, actor=request.user, source=_source(request))
        form = ChildForm(instance=child, initial={"version": child.version}, teams=teams)
    return render(request, "people/child_form.html", {"form": form, "child": child})
