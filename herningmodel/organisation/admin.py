"""Configuration of the organisation for administrators. No personal data of children here."""

from django.contrib import admin

from herningmodel.audit.admin_deletion import DeletePageWithoutPeople
from herningmodel.organisation import models


class MembershipInline(admin.TabularInline):
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
class StaffMemberAdmin(DeletePageWithoutPeople):
    list_display = ["__str__", "role", "is_demo_account"]
    list_filter = ["role"]
    inlines = [MembershipInline]


@admin.register(models.TrainingRecord)
class TrainingRecordAdmin(DeletePageWithoutPeople):
    list_display = ["staff", "method", "completed_on"]
    list_filter = ["method"]
