from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The shell every page shares: layout, log-in, the front page per role, language."""

    name = "herningmodel.portal"
    verbose_name = _("Portal")
