"""Administrators configure steps, intervention types, providers and budgets here.

Prices are added only through the price form, the API or the Excel import, because a price
recomputes the ledger and writes an audit event; the admin shows them read-only.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from herningmodel.audit.admin_deletion import DeletePageWithoutPeople
from herningmodel.staircase import models


@admin.register(models.Step)
class StepAdmin(DeletePageWithoutPeople):
    list_display = ["number", "name_da", "name_en"]


@admin.register(models.InterventionType)
class InterventionTypeAdmin(DeletePageWithoutPeople):
    list_display = ["name", "code", "step", "legal_basis", "evidence_programme", "unit", "active"]
    list_filter = ["step", "legal_basis", "unit", "active"]
    search_fields = ["name", "code"]


@admin.register(models.Provider)
class ProviderAdmin(DeletePageWithoutPeople):
    list_display = ["name", "kind", "cvr", "active"]
    list_filter = ["kind", "active"]


@admin.register(models.Price)
class PriceAdmin(DeletePageWithoutPeople):
    list_display = ["intervention_type", "provider", "valid_from", "amount"]
    list_filter = ["provider"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Budget)
class BudgetAdmin(DeletePageWithoutPeople):
    list_display = ["year", "step", "amount"]
    list_filter = ["year"]
