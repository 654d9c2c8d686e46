from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComparisonConfig(AppConfig):
    name = "herningmodel.comparison"
    verbose_name = _("National comparison")
    default_auto_field = "django.db.models.BigAutoField"
