"""Configuration of the organisation for administrators. No personal data of children here.

Staff members and their team memberships are shown, never changed, here: who has which role
and team is changed only on the staff page (access/staffing.py), which refuses changes to
one's own account, records every change in the audit chain and asks a second person for wide
grants. An editable admin form would be a second door round all three.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from herningmodel.audit.admin_deletion import DeletePageWithoutPeople
from herningmodel.organisation import models


class ReadOnly:
    """View-only in the admin: no add, change or delete, whatever the user's permissions."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipInline(ReadOnly, admin.TabularInline):
    model = models.TeamMembership
    extra = 0


@admin.register(models.Municipality)
class MunicipalityAdmin(DeletePageWithoutPeople):
    list_display = ["name", "code", "is_demo"]
    readonly_fields = ["is_demo"]


@admin.register(models.District)
class DistrictAdmin(DeletePageWithoutPeople):
    list_display = ["name", "model_status", "model_start"]
    list_filter = ["model_status"]


@admin.register(models.AreaTeam)
class AreaTeamAdmin(DeletePageWithoutPeople):
    list_display = ["name", "district", "caseload_target"]
    inlines = [MembershipInline]


@admin.register(models.StaffMember)
class StaffMemberAdmin(ReadOnly, DeletePageWithoutPeople):
    list_display = ["__str__", "role", "is_demo_account"]
    list_filter = ["role"]
    # The account by name, not as a link: user accounts are administered apart (access/admin.py),
    # and a link the administrator may not open is a broken promise.
    fields = ["account", "role", "is_demo_account"]
    readonly_fields = ["account"]
    inlines = [MembershipInline]

    @admin.display(description=_("user name"))
    def account(self, obj: models.StaffMember) -> str:
        return obj.user.get_username()


@admin.register(models.TrainingRecord)
class TrainingRecordAdmin(DeletePageWithoutPeople):
    list_display = ["staff", "method", "completed_on"]
    list_filter = ["method"]
