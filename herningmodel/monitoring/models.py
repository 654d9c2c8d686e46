"""The one table monitoring owns: the number of children living in each district.

Rates "per 1,000 children" need a denominator that the case system does not hold: the children
who live in the district, whether or not they ever meet the social services. Municipalities get
it from the CPR register / Danmarks Statistik (table FOLK1A) once a year, by age.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.organisation.models import District


class ChildPopulation(models.Model):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="population", verbose_name=_("district")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    age = models.PositiveSmallIntegerField(
        _("age"), validators=[MaxValueValidator(22)], help_text=_("Whole years, 0–22.")
    )
    count = models.PositiveIntegerField(_("children"))

    class Meta:
        verbose_name = _("child population")
        verbose_name_plural = _("child population")
        ordering = ["year", "district", "age"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year", "age"], name="one_population_per_age"
            ),
            models.CheckConstraint(condition=models.Q(age__lte=22), name="population_age_0_22"),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year} {self.age}: {self.count}"
