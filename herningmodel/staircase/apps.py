from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaircaseConfig(AppConfig):
    name = "herningmodel.staircase"
    label = "staircase"
    verbose_name = _("Intervention staircase")
    default_auto_field = "django.db.models.BigAutoField"
