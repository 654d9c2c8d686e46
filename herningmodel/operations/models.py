"""What operations keeps in the database: legal holds, erasures done, runs of the daily jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from herningmodel.people.models import Child


class LegalHold(models.Model):
    """Keeps a child's data past every retention period (a complaint, a court case, an
    inquiry). Lifted with a date, never deleted, so the hold's history stays."""

    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="legal_holds", verbose_name=_("child")
    )
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(_("placed"))
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(lifted_at__isnull=True), name="one_active_hold"
            )
        ]

    def __str__(self) -> str:
        return f"{_('Legal hold')} {self.pk} ({_('child')} {self.child_id})"


class Erasure(models.Model):
    """One thing the retention job erased or anonymised (ids only: the data is gone)."""

    kind = models.CharField(_("kind of data"), max_length=40)
    child_id = models.BigIntegerField(_("child"), null=True, blank=True, db_index=True)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=50)
    action = models.CharField(_("action"), max_length=20)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_id}"


class JobRun(models.Model):
    """A finished run of a scheduled job (retention, backup): `check` warns when none is
    recent, so a timer that stopped firing is noticed."""

    class Job(models.TextChoices):
        RETENTION = "retention", _("Retention")
        BACKUP = "backup", _("Backup")

    job = models.CharField(max_length=20, choices=Job.choices)
    finished_at = models.DateTimeField(db_index=True)
    summary = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.job} {self.finished_at:%Y-%m-%d %H:%M}"
