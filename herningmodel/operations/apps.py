from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "herningmodel.operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from herningmodel.operations import metrics  # noqa: F401 - counts failed log-ins
