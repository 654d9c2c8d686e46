"""Saved business-case scenarios. A save never overwrites: it adds the next version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.validation import no_nul


class Scenario(models.Model):
    name = models.CharField(_("name"), max_length=120, validators=[no_nul])
    version = models.PositiveIntegerField(_("version"))
    toml = models.TextField(_("scenario (TOML)"), validators=[no_nul])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = _("business-case scenario")
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="scenario_name_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"
