from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "herningmodel.access"
    verbose_name = _("Access")

    def ready(self) -> None:
        from herningmodel.access import signals  # noqa: F401 - revokes tokens on a lock-out
