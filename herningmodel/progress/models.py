"""Progression instruments and measurements: the child's movement, measured at each follow-up.

Instruments are configurable. Only scores are stored, never questionnaire text: the SDQ's items
are copyrighted and the caseworker enters the subscale scores computed elsewhere.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from herningmodel.people.models import Child
from herningmodel.validation import external_id_field, no_nul


class Instrument(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_da = models.CharField(_("Danish name"), max_length=100, validators=[no_nul])
    name_en = models.CharField(_("English name"), max_length=100, validators=[no_nul])
    higher_is_better = models.BooleanField(
        _("higher is better"),
        default=True,
        help_text=_("False for difficulty scores such as the SDQ's, where lower is better."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("progression instrument")
        verbose_name_plural = _("progression instruments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the user's language."""
        return self.name_da if (get_language() or "da").startswith("da") else self.name_en


class Dimension(models.Model):
    """One scored dimension of an instrument, e.g. one side of the ICS triangle."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="dimensions")
    code = models.SlugField(_("code"), max_length=30)
    name_da = models.CharField(_("Danish name"), max_length=100, validators=[no_nul])
    name_en = models.CharField(_("English name"), max_length=100, validators=[no_nul])
    minimum = models.SmallIntegerField(_("minimum"))
    maximum = models.SmallIntegerField(_("maximum"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="dimension_code_unique"),
            models.CheckConstraint(
                condition=Q(maximum__gt=F("minimum")), name="dimension_range_nonempty"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the user's language."""
        return self.name_da if (get_language() or "da").startswith("da") else self.name_en


class Measurement(models.Model):
    external_id = external_id_field()
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="measurements", verbose_name=_("child")
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT)
    measured_on = models.DateField(_("measured"))
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="measurements"
    )
    follow_up = models.ForeignKey(
        "cases.FollowUp",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measurements",
    )
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["measured_on", "pk"]
        indexes = [models.Index(fields=["child", "instrument", "measured_on"])]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.measured_on}"


class Score(models.Model):
    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="scores")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT)
    value = models.SmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["measurement", "dimension"], name="one_score_per_dimension"
            )
        ]

    def __str__(self) -> str:
        return str(self.value)
