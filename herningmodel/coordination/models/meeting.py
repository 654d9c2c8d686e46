"""Network meetings: the family at the head of the table, and the minutes as plan decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.coordination.models.family import Department, FamilyCoordination
from herningmodel.coordination.models.plan import CoreTask, OwnerKind, PlanAction, PlanGoal
from herningmodel.validation import external_id_field, no_nul


class NetworkMeeting(models.Model):
    """A meeting where the family leads: who came, and what was decided about the plan."""

    external_id = external_id_field()
    coordination = models.ForeignKey(
        FamilyCoordination, on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("held"))
    # The family sits at the head of the table: no network meeting about the family without it.
    family_attendees = models.TextField(_("from the family"), validators=[no_nul])
    network_attendees = models.TextField(
        _("from the network"), blank=True, default="", validators=[no_nul]
    )
    departments = models.JSONField(_("departments present"), default=list)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
        ordering = ["held_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["coordination", "held_on"], name="one_network_meeting_per_day"
            )
        ]

    def __str__(self) -> str:
        return str(self.held_on)

    def department_labels(self) -> list[str]:
        return [str(Department(d).label) for d in self.departments if d in Department.values]


class DecisionKind(models.TextChoices):
    NEW_GOAL = "new_goal", _("New goal")
    CHANGE_GOAL = "change_goal", _("Goal changed")
    END_GOAL = "end_goal", _("Goal ended")
    NEW_ACTION = "new_action", _("New action")
    CHANGE_ACTION = "change_action", _("Action changed")
    END_ACTION = "end_action", _("Action ended")


class PlanDecision(models.Model):
    """One line of the minutes: a change to the plan, shown on the plan with its meeting."""

    external_id = external_id_field()
    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=20, choices=DecisionKind.choices)
    # Goals are dropped with a date, never deleted; CASCADE only lets a whole family go.
    goal = models.ForeignKey(
        PlanGoal, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("goal")
    )
    action = models.ForeignKey(
        PlanAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("action"),
    )
    # Who owns the action decided on: a department sees only decisions on its own actions.
    owner_kind = models.CharField(_("who"), max_length=20, choices=OwnerKind.choices, blank=True)
    department = models.CharField(
        _("department"), max_length=20, choices=Department.choices, blank=True, default=""
    )
    core_task = models.CharField(_("core task"), max_length=20, choices=CoreTask.choices)
    text = models.TextField(_("what was decided"), validators=[no_nul])

    class Meta:
        verbose_name = _("plan decision")
        verbose_name_plural = _("plan decisions")
        ordering = ["meeting__held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"

    @property
    def is_about_action(self) -> bool:
        return self.kind in (
            DecisionKind.NEW_ACTION,
            DecisionKind.CHANGE_ACTION,
            DecisionKind.END_ACTION,
        )
