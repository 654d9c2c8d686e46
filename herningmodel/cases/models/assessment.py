"""The child assessment (børnefaglig undersøgelse, § 20) and the talk with the child (§ 5)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from herningmodel.cases.models.case import Case
from herningmodel.validation import external_id_field, no_nul


class Recommendation(models.TextChoices):
    NONE = "none", _("No intervention")
    S30 = "30", _("Early preventive intervention (§ 30)")
    S32 = "32", _("Supportive intervention (§ 32)")
    S46 = "46", _("Placement with consent (§ 46)")
    S47 = "47", _("Placement without consent (§ 47)")


class Assessment(models.Model):
    """The three sides of the ICS triangle are the areas the assessment must cover."""

    external_id = external_id_field()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    need_known_on = models.DateField(
        _("need became known"),
        help_text=_("The four-month deadline runs from this date."),
    )
    started_on = models.DateField(_("started"))
    child_development = models.TextField(
        _("the child's development"), blank=True, validators=[no_nul]
    )
    parenting_capacity = models.TextField(_("parenting capacity"), blank=True, validators=[no_nul])
    family_and_network = models.TextField(_("family and network"), blank=True, validators=[no_nul])
    preliminary_on = models.DateField(_("preliminary assessment"), null=True, blank=True)
    preliminary_text = models.TextField(
        _("preliminary assessment"), blank=True, validators=[no_nul]
    )
    finished_on = models.DateField(_("finished"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True, validators=[no_nul])
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )

    class Meta:
        verbose_name = _("child assessment")
        verbose_name_plural = _("child assessments")
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__gte=F("need_known_on")),
                name="assessment_started_after_need_known",
            ),
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True) | Q(finished_on__gte=F("started_on")),
                name="assessment_finished_after_started",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Child assessment')} {self.started_on}"

    @property
    def is_finished(self) -> bool:
        return self.finished_on is not None


class ChildTalk(models.Model):
    """A talk with the child before a decision, or the recorded reason it was not held."""

    external_id = external_id_field()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="child_talks")
    held_on = models.DateField(_("held"), null=True, blank=True)
    not_held_on = models.DateField(_("decided not to hold"), null=True, blank=True)
    not_held_reason = models.TextField(
        _("reason the talk was not held"), blank=True, validators=[no_nul]
    )
    child_views = models.TextField(_("the child's views"), blank=True, validators=[no_nul])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("talk with the child")
        verbose_name_plural = _("talks with the child")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__isnull=False, not_held_on__isnull=True)
                | (Q(held_on__isnull=True, not_held_on__isnull=False) & ~Q(not_held_reason="")),
                name="child_talk_held_or_reasoned",
            )
        ]

    def __str__(self) -> str:
        return str(self.held_on or self.not_held_on)

    @property
    def day(self) -> dt.date | None:
        return self.held_on or self.not_held_on
