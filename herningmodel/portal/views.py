"""The front page: who you are, your teams, and what your role lets you do."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import GRANTS, Perm, Scope, role_of, scope_of
from herningmodel.audit import services as audit
from herningmodel.cases.services.casefile import CARRYING_ROLES
from herningmodel.cases.views import work_list
from herningmodel.organisation.models import TeamMembership

CAPABILITIES = {
    Perm.VIEW_CHILD: _("See the children and cases of your teams"),
    Perm.CHANGE_CHILD: _("Register children and change their details"),
    Perm.VIEW_CPR: _("See full CPR numbers"),
    Perm.VIEW_TEAM_CASELOAD: _("Follow your teams' caseload and deadlines"),
    Perm.VIEW_AGGREGATES: _("See aggregate figures (small numbers suppressed)"),
    Perm.VIEW_COSTS: _("See costs and budgets"),
    Perm.VIEW_AUDIT: _("Search the audit trail: who read or changed what"),
    Perm.CONFIGURE: _("Configure the organisation (no access to case content)"),
    Perm.USE_API_TOKEN: _("Use the API with a personal token"),
    Perm.VIEW_CATALOGUE: _("See the intervention catalogue and its prices"),
    Perm.CHANGE_PRICES: _("Add prices to the intervention catalogue"),
    Perm.SUPERVISE: _("Draw and record management supervision of cases"),
    Perm.EDIT_HANDBOOK: _("Edit the quality handbook"),
    Perm.IMPORT_DATA: _("Import extracts from other systems"),
    Perm.EXPORT_DATA: _("Export all of the municipality's data"),
    Perm.ADMINISTER_STAFF: _("Change other staff members' roles, teams and groups"),
    Perm.APPROVE_ACCESS: _("Approve grants of wide access that another administrator asked for"),
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    today = timezone.localdate()
    memberships = (
        TeamMembership.objects.filter(staff__user_id=request.user.pk or 0, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("team", "team__district")
        .order_by("team__name")
    )
    capabilities = [CAPABILITIES[p] for p in Perm if role is not None and p in GRANTS[role]]
    context: dict[str, Any] = {
        "role": role,
        "memberships": memberships,
        "capabilities": capabilities,
        "sees_all_teams": scope_of(request.user) is Scope.ALL,
    }
    if role in CARRYING_ROLES:
        # Those who carry cases start the day with their deadlines on the front page.
        work = work_list(request.user, today)
        audit.record_list_read(
            {c.child_id for c in work["cases"]}, actor=request.user, source="page:home"
        )
        context.update(work, carries_cases=True)
    return render(request, "portal/home.html", context)


class LoginView(auth_views.LoginView):
    """Django's log-in, telling the page whether demo log-ins apply."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "demo_mode": settings.HERNINGMODEL_DEMO,
            "sso_enabled": settings.OIDC_ENABLED,
            "sso_name": settings.HERNINGMODEL_OIDC_NAME,
            "saml_enabled": settings.SAML_ENABLED,
            "saml_name": settings.HERNINGMODEL_SAML_NAME,
            "local_passwords": settings.HERNINGMODEL_LOCAL_PASSWORDS,
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Passwords turned off: refuse before the form is read (the backend refuses too).
        if not settings.HERNINGMODEL_LOCAL_PASSWORDS:
            return HttpResponse(
                _("Log-in with a password is turned off. Use the identity provider."),
                status=403,
                content_type="text/plain; charset=utf-8",
            )
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response
