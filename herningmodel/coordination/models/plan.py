"""The common plan: the family's dreams, goals by core task, who does what, and movement."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.coordination.models.family import Department, FamilyCoordination
from herningmodel.validation import external_id_field, no_nul


class CoreTask(models.TextChoices):
    """Hedensted's four core tasks (kerneopgaver), each with a movement for the citizen."""

    LEISURE_COMMUNITY = "leisure_community", _("Leisure & Community")
    LEARNING = "learning", _("Learning")
    EMPLOYMENT = "employment", _("Employment")
    SOCIAL_CARE = "social_care", _("Social Care")


class OwnerKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    NETWORK = "network", _("Network")
    FAMILY = "family", _("The family")


class CommonPlan(models.Model):
    """One plan, laid out by the family, that every department follows."""

    coordination = models.OneToOneField(
        FamilyCoordination, on_delete=models.CASCADE, related_name="plan"
    )
    dreams = models.TextField(
        _("the family's dreams, in their own words"), blank=True, default="", validators=[no_nul]
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("common plan")
        verbose_name_plural = _("common plans")

    def __str__(self) -> str:
        return str(self.coordination)


class PlanGoal(models.Model):
    external_id = external_id_field()
    plan = models.ForeignKey(CommonPlan, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("goal"), validators=[no_nul])
    core_task = models.CharField(_("core task"), max_length=20, choices=CoreTask.choices)
    # A goal left out of a saved plan is dropped, not deleted: its movement stays readable.
    dropped_on = models.DateField(_("dropped"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class PlanAction(models.Model):
    external_id = external_id_field()
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="actions")
    owner_kind = models.CharField(_("who"), max_length=20, choices=OwnerKind.choices)
    department = models.CharField(
        _("department"), max_length=20, choices=Department.choices, blank=True, default=""
    )
    description = models.TextField(_("action"), validators=[no_nul])
    due_on = models.DateField(_("due"), null=True, blank=True)
    # Ended at a network meeting: kept, with the decision, rather than deleted.
    ended_on = models.DateField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description


class MovementScore(models.Model):
    """The family's movement on one goal, scaled 0–10 at a network meeting."""

    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="scores")
    held_on = models.DateField(_("network meeting"))
    meeting = models.ForeignKey(
        "coordination.NetworkMeeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scores",
        verbose_name=_("network meeting"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )

    class Meta:
        verbose_name = _("movement score")
        verbose_name_plural = _("movement scores")
        ordering = ["held_on"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "held_on"], name="one_score_per_meeting"),
            models.CheckConstraint(
                condition=models.Q(score__lte=10), name="movement_score_at_most_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on}: {self.score}"
