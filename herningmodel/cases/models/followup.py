"""Follow-up (opfølgning, § 95): did the goals move, and what now — continue, adjust, step down?"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.cases.models.case import Case
from herningmodel.cases.models.decision import Decision
from herningmodel.staircase.models import Episode
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
    # A step-down acts: the running episode it ended and the decision that started the lower
    # step, written with the follow-up in one transaction (``services.stepdown``).
    ended_episode = models.ForeignKey(
        Episode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended intervention"),
    )
    step_down_decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="step_down_follow_up",
        verbose_name=_("step-down decision"),
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{_('Follow-up')} {self.held_on}"
