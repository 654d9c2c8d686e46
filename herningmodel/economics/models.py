"""Saved business-case scenarios. A save never overwrites: it adds the next version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.validation import external_id_field, no_nul


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


class Adoption(models.Model):
    """A scenario version adopted as the plan that benefit realisation follows.

    At most one is current; adopting another ends the current one (kept, with who ended it and
    when). ``starts_on`` is the first day of the quarter in which the scenario's year 1 begins.
    """

    external_id = external_id_field()
    scenario = models.ForeignKey(
        Scenario, on_delete=models.PROTECT, related_name="adoptions", verbose_name=_("scenario")
    )
    starts_on = models.DateField(_("year 1 starts"))
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    adopted_at = models.DateTimeField(_("adopted"), auto_now_add=True)
    current = models.BooleanField(_("current"), default=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-adopted_at", "-pk"]
        verbose_name = _("adopted scenario")
        constraints = [
            models.UniqueConstraint(
                fields=["current"], condition=models.Q(current=True), name="one_current_adoption"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scenario} ({self.starts_on:%Y-%m-%d})"
