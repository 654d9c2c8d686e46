"""Follow-up (opfølgning, § 95): did the goals move, and what now — continue, adjust, step down?"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.cases.models.case import Case
from herningmodel.validation import external_id_field, no_nul


class GoalMovement(models.TextChoices):
    YES = "yes", _("The goals moved")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No movement")
    WORSE = "worse", _("Worse")


class FollowUpDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    ADJUST = "adjust", _("Adjust the intervention")
    STEP_DOWN = "step_down", _("Step down")
    STEP_UP = "step_up", _("Step up")
    END = "end", _("End the intervention")


class FollowUp(models.Model):
    external_id = external_id_field()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    held_on = models.DateField(_("held"))
    goals_moved = models.CharField(
        _("did the goals move?"), max_length=10, choices=GoalMovement.choices
    )
    decision = models.CharField(_("decision"), max_length=10, choices=FollowUpDecision.choices)
    note = models.TextField(_("note"), blank=True, validators=[no_nul])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{_('Follow-up')} {self.held_on}"
