"""Other municipalities' aggregate exports, as imported for national comparison.

Only what the exporting municipality published is kept: counts and ratios by district and in
total, never a child. A cell the exporter suppressed is stored as suppressed with no numbers at
all (a database constraint holds it), so nothing here can bring it back.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportedAggregates(models.Model):
    """One municipality's aggregate export for one period, verified against its content hash."""

    municipality_code = models.CharField(_("municipality code"), max_length=10)
    municipality_name = models.CharField(_("municipality"), max_length=100)
    period = models.CharField(_("period"), max_length=20)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    format_version = models.PositiveSmallIntegerField(_("format version"))
    sha256 = models.CharField(_("content hash"), max_length=64)
    file_name = models.CharField(_("file"), max_length=255)
    imported_at = models.DateTimeField(_("imported"))
    imported_by = models.CharField(_("imported by"), max_length=150)

    class Meta:
        verbose_name = _("imported aggregate export")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code", "period"], name="one_export_per_municipality_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_name} ({self.municipality_code}) {self.period}"


class ImportedFigure(models.Model):
    """One cell of an imported indicator table: a district's or the municipality's figure."""

    source = models.ForeignKey(ImportedAggregates, on_delete=models.CASCADE, related_name="figures")
    indicator = models.CharField(_("indicator"), max_length=60)
    unit = models.CharField(_("unit"), max_length=20)
    column = models.CharField(_("series"), max_length=60, blank=True)
    headline = models.BooleanField(_("headline series"), default=False)
    district = models.CharField(_("district"), max_length=100)
    kind = models.CharField(_("row"), max_length=10)  # "district" or "total"
    suppressed = models.BooleanField(_("suppressed"), default=False)
    value = models.FloatField(_("value"), null=True, blank=True)
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    children = models.IntegerField(_("children"), null=True, blank=True)

    class Meta:
        verbose_name = _("imported figure")
        indexes = [models.Index(fields=["indicator", "kind", "headline"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(suppressed=False)
                | Q(
                    value__isnull=True,
                    numerator__isnull=True,
                    denominator__isnull=True,
                    children__isnull=True,
                ),
                name="suppressed_figure_has_no_numbers",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.district} {self.column}"
