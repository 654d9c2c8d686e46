from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "herningmodel.access"
    verbose_name = _("Access")

    def ready(self) -> None:
        from herningmodel.access import signals  # noqa: F401 - revokes tokens on a lock-out

        check_sso_mapping()


def check_sso_mapping() -> None:
    """A broken group mapping stops the start-up: better no server than wrong access."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from herningmodel.access.sso import mapping

    if settings.SSO_ENABLED:
        try:
            mapping.load(settings.HERNINGMODEL_SSO_MAPPING)
        except mapping.MappingError as exc:
            raise ImproperlyConfigured(f"HERNINGMODEL_SSO_MAPPING: {exc}") from exc
