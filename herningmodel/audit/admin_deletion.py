"""The Django admin's delete page without people's names.

Before deleting (or refusing to delete) a district, a team or an intervention type, the admin
lists every row that hangs on it — children, cases, episodes — by name. The administrator has
no access to any child, so such rows are listed by kind and number only ("Child #12"), which
still says why a deletion is refused, and nothing about who.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects, quote
from django.db import models, router
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from herningmodel.audit.sightings import is_about_people


class DeletePageWithoutPeople(admin.ModelAdmin):
    """A ``ModelAdmin`` whose delete page (Django's ``get_deleted_objects``) lists people by
    number only."""

    def get_deleted_objects(
        self, objs: Sequence[Any] | QuerySet[Any], request: HttpRequest
    ) -> tuple[list[str], dict[str, int], set[str], list[str]]:
        rows = list(objs)
        if not rows:
            return [], {}, set(), []
        origin = objs if isinstance(objs, QuerySet) else None
        collector = NestedObjects(using=router.db_for_write(rows[0]._meta.model), origin=origin)
        collector.collect(rows)
        perms_needed: set[str] = set()

        def describe(obj: models.Model) -> str:
            opts = obj._meta
            label = capfirst(str(opts.verbose_name))
            if is_about_people(type(obj)):
                return f"{label} #{obj.pk}"
            if not self.admin_site.is_registered(type(obj)):
                return f"{label}: {obj}"
            if not self.admin_site.get_model_admin(type(obj)).has_delete_permission(request, obj):
                perms_needed.add(str(opts.verbose_name))
            try:
                url = reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=(quote(obj.pk),),
                )
            except NoReverseMatch:
                return f"{label}: {obj}"
            return format_html('{}: <a href="{}">{}</a>', label, url, obj)

        to_delete = collector.nested(describe)
        protected: list[str] = [describe(obj) for obj in collector.protected]
        model_count = {
            str(model._meta.verbose_name_plural): len(found)  # type: ignore[attr-defined]
            for model, found in collector.model_objs.items()
        }
        return to_delete, model_count, perms_needed, protected
