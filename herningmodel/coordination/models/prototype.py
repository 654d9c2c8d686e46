"""Prototypes: "dare to try things and dare to stop them" (Hedensted)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.organisation.models import District
from herningmodel.validation import no_nul


class PrototypeDecision(models.TextChoices):
    STOP = "stop", _("Stop")
    ADJUST = "adjust", _("Adjust")
    SCALE = "scale", _("Scale")


class Prototype(models.Model):
    """An experiment with a hypothesis, a success metric, a comparison group and a decision date.

    Stopped prototypes stay, with their result: what did not work is worth knowing too.
    """

    title = models.CharField(_("title"), max_length=200, validators=[no_nul])
    hypothesis = models.TextField(_("hypothesis"), validators=[no_nul])
    intervention = models.TextField(_("intervention"), validators=[no_nul])
    target_group = models.TextField(_("target group"), validators=[no_nul])
    # The id of a monitoring share indicator (``coordination.metric.eligible``).
    success_metric = models.CharField(_("success metric"), max_length=200, validators=[no_nul])
    comparison_group = models.TextField(_("comparison group"), validators=[no_nul])
    trial_districts = models.ManyToManyField(
        District, related_name="+", verbose_name=_("trial districts")
    )
    comparison_districts = models.ManyToManyField(
        District, related_name="+", verbose_name=_("comparison districts")
    )
    trial_start = models.DateField(_("trial starts"))
    trial_end = models.DateField(_("trial ends"))
    decision_on = models.DateField(_("decision date"))
    # The metric's counts when decided, kept so a decided prototype keeps its result.
    trial_n = models.PositiveIntegerField(_("in the trial group"), null=True, blank=True)
    trial_successes = models.PositiveIntegerField(_("successes in trial"), null=True, blank=True)
    comparison_n = models.PositiveIntegerField(_("in the comparison group"), null=True, blank=True)
    comparison_successes = models.PositiveIntegerField(
        _("successes in comparison"), null=True, blank=True
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=PrototypeDecision.choices, blank=True, default=""
    )
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("why"), blank=True, default="")
    # How the result read when decided (``coordination.judgement.Reading``), and why the
    # decision departs from it where it does: shown beside the decision wherever it is shown.
    result_reading = models.CharField(
        _("result when decided"), max_length=30, blank=True, default=""
    )
    justification = models.TextField(
        _("why decide against or without the result"), blank=True, default=""
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("prototype")
        verbose_name_plural = _("prototypes")
        ordering = ["-decision_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def has_result(self) -> bool:
        return None not in (
            self.trial_n,
            self.trial_successes,
            self.comparison_n,
            self.comparison_successes,
        )
