"""The case: one child's episode of support, carried by one responsible caseworker."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from herningmodel.organisation.models import AreaTeam, District
from herningmodel.people.models import Child
from herningmodel.validation import external_id_field, no_nul

# A case re-opened within this many days of its predecessor's closure counts as a re-opening,
# an early-warning signal that the step-down or closure came too soon.
REOPENING_WINDOW_DAYS = 365


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    MOVED_AWAY = "moved_away", _("Moved to another municipality")
    TURNED_18 = "turned_18", _("Turned 18")
    TURNED_23 = "turned_23", _("Turned 23 (after-care ended)")
    NO_NEED = "no_need", _("No need for support after assessment")
    OTHER = "other", _("Other")


class Case(models.Model):
    external_id = external_id_field()
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="cases", verbose_name=_("child")
    )
    area_team = models.ForeignKey(
        AreaTeam, on_delete=models.PROTECT, related_name="cases", verbose_name=_("area team")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="cases", verbose_name=_("district")
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("responsible caseworker"),
    )
    opened_on = models.DateField(_("opened"))
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closure"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(_("note on closure"), blank=True, validators=[no_nul])
    reopens = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reopened_by",
        verbose_name=_("re-opens case"),
        help_text=_("Set when the child's previous case closed less than 12 months earlier."),
    )
    follow_up_interval_months = models.PositiveSmallIntegerField(
        _("follow-up interval (months)"), default=3
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(status="open"), name="one_open_case_per_child"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="case_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(follow_up_interval_months__gte=1, follow_up_interval_months__lte=12),
                name="case_follow_up_interval_range",
            ),
        ]
        indexes = [
            models.Index(fields=["caseworker", "status"]),
            models.Index(fields=["area_team", "status"]),
        ]

    def __str__(self) -> str:
        return f"{_('Case')} {self.pk} – {self.child}"

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def is_reopening(self) -> bool:
        return self.reopens_id is not None

    def age_at_opening(self) -> int | None:
        """Whole years; -1 for a case opened before birth (an unborn child)."""
        birth = self.child.birth_date
        if birth is None:
            return -1 if self.child.is_unborn else None
        if birth > self.opened_on:
            return -1
        years = self.opened_on.year - birth.year
        if (self.opened_on.month, self.opened_on.day) < (birth.month, birth.day):
            years -= 1
        return years

    def opened_within_window_of(self, previous_closed_on: dt.date) -> bool:
        return (self.opened_on - previous_closed_on).days <= REOPENING_WINDOW_DAYS


class HandoverReason(models.TextChoices):
    ILLNESS = "illness", _("Illness or leave")
    MOVED = "moved", _("Child moved to another team")
    WORKLOAD = "workload", _("Workload")
    STAFF_LEFT = "staff_left", _("Caseworker left")
    OTHER = "other", _("Other")


class Handover(models.Model):
    """A change of responsible caseworker; continuity is measured from these rows."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    on = models.DateField(_("date"))
    from_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from caseworker"),
    )
    to_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to caseworker"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=HandoverReason.choices)
    note = models.TextField(_("note"), blank=True, validators=[no_nul])

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_worker=F("to_worker")), name="handover_changes_worker"
            )
        ]

    def __str__(self) -> str:
        return f"{self.on}: {self.get_reason_display()}"
