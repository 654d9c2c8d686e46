"""Interventions running for the family across departments, and the decision to end one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.coordination.models.family import Department, FamilyCoordination
from herningmodel.validation import external_id_field, no_nul


class RunningIntervention(models.Model):
    external_id = external_id_field()
    coordination = models.ForeignKey(
        FamilyCoordination, on_delete=models.CASCADE, related_name="interventions"
    )
    department = models.CharField(_("department"), max_length=20, choices=Department.choices)
    description = models.TextField(_("intervention"), validators=[no_nul])
    started_on = models.DateField(_("started"))
    # "What don't you need from us?": the family's wish is recorded before anyone decides.
    family_wants_ended = models.BooleanField(_("the family doesn't need this"), default=False)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True, default="")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    class Meta:
        verbose_name = _("running intervention")
        verbose_name_plural = _("running interventions")
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_running(self) -> bool:
        return self.ended_on is None
