"""User accounts and groups in the Django admin, without the fields that grant access.

An account's activation, its groups (the research group among them), its admin-site flags and
its Django permissions are access, so they change only through access/staffing.py (the staff
page, ``/api/staff``, ``herningmodel staff``). Here an administrator can still make an account
and set its name, e-mail and password; groups are shown, not edited (a group's permissions
decide what the admin site lets its members do, so editing them is access too). API tokens
are shown with their last use and expiry.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from herningmodel.access.models import AccessRequest, ApiToken
from herningmodel.organisation.admin import ReadOnly

ACCESS_FIELDS = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AccountAdmin(UserAdmin):
    readonly_fields = (*ACCESS_FIELDS, "last_login", "date_joined")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.readonly_fields if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an account ends by deactivation; the audit trail keeps naming it


@admin.register(Group)
class ReadOnlyGroupAdmin(ReadOnly, GroupAdmin):
    pass


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "role", "created_at", "last_used_at", "expires_at"]
    list_filter = ["revoked_because"]
    fields = [
        "prefix",
        "name",
        "owner",
        "role",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
        "revoked_because",
    ]
    readonly_fields = ["owner"]

    @admin.display(description=_("user name"))
    def owner(self, obj: ApiToken) -> str:
        return obj.user.get_username()


@admin.register(AccessRequest)
class AccessRequestAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["staff", "kind", "value", "requested_by", "requested_at", "outcome"]
    list_filter = ["outcome", "kind"]
    fields = ["staff", "kind", "value", "reason", "requested_at", "outcome", "decided_at"]
