"""Notifications (underretninger) and their 24-hour assessment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from herningmodel.cases.models.case import Case
from herningmodel.people.models import Child
from herningmodel.validation import external_id_field, no_nul


class NotificationSource(models.TextChoices):
    SCHOOL = "school", _("School")
    DAY_CARE = "day_care", _("Day-care")
    HEALTH_NURSE = "health_nurse", _("Health nurse")
    POLICE = "police", _("Police")
    HOSPITAL = "hospital", _("Hospital or doctor")
    RELATIVE = "relative", _("Relative")
    ANONYMOUS = "anonymous", _("Anonymous")
    CHILD = "child", _("The child itself")
    OTHER = "other", _("Other")


# Professionals notify under their duty (Barnets Lov §§ 133–134) and are owed a receipt.
PROFESSIONAL_SOURCES = frozenset(
    {
        NotificationSource.SCHOOL,
        NotificationSource.DAY_CARE,
        NotificationSource.HEALTH_NURSE,
        NotificationSource.POLICE,
        NotificationSource.HOSPITAL,
    }
)


class NotificationOutcome(models.TextChoices):
    NO_ACTION = "no_action", _("No further action")
    FOCUSED = "focused_19", _("Focused assessment (§ 19)")
    ASSESSMENT = "assessment_20", _("Child assessment (§ 20)")
    EXISTING_CASE = "existing_case", _("Included in an existing case")


class Notification(models.Model):
    external_id = external_id_field()
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="notifications", verbose_name=_("child")
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("case"),
    )
    source = models.CharField(_("source"), max_length=20, choices=NotificationSource.choices)
    notifier = models.CharField(_("notifier"), max_length=200, blank=True, validators=[no_nul])
    received_at = models.DateTimeField(_("received"))
    content = models.TextField(_("content"), validators=[no_nul])
    assessed_at = models.DateTimeField(_("24-hour assessment made"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    in_danger = models.BooleanField(_("health or development in danger"), null=True, blank=True)
    acute_measures = models.BooleanField(_("acute measures needed"), null=True, blank=True)
    assessment_note = models.TextField(_("assessment note"), blank=True, validators=[no_nul])
    receipt_sent_on = models.DateField(_("receipt sent"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=NotificationOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("outcome decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assessed_at__isnull=True) | Q(assessed_at__gte=F("received_at")),
                name="notification_assessed_after_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.received_at:%Y-%m-%d}"

    @property
    def is_professional(self) -> bool:
        return self.source in PROFESSIONAL_SOURCES
