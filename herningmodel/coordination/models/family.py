"""The family, its one coordinator, the departments involved and the family's consent."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from herningmodel.people.models import Household
from herningmodel.validation import external_id_field, no_nul


class Department(models.TextChoices):
    FAMILY = "family", _("Family department")
    JOB_CENTRE = "job_centre", _("Job centre")
    DISABILITY = "disability", _("Disability services")
    SCHOOL_PPR = "school_ppr", _("School and PPR")
    HEALTH = "health", _("Health")
    ADULT_CARE = "adult_care", _("Adult social care")
    HOUSING = "housing", _("Housing")


class FamilyCoordination(models.Model):
    """One family, one named coordinator ("Familier på vej")."""

    external_id = external_id_field()
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        related_name="coordinations",
        verbose_name=_("household"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinations",
        verbose_name=_("family coordinator"),
    )
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("family coordination")
        verbose_name_plural = _("family coordinations")
        constraints = [
            # A family has one coordination at a time: one coordinator, one plan.
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(ended_on__isnull=True),
                name="one_open_coordination_per_household",
            )
        ]

    def __str__(self) -> str:
        return str(self.household)

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class DepartmentContact(models.Model):
    """The contact person of one department for this family."""

    coordination = models.ForeignKey(
        FamilyCoordination, on_delete=models.CASCADE, related_name="contacts"
    )
    department = models.CharField(_("department"), max_length=20, choices=Department.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordination_contacts",
        verbose_name=_("staff user"),
    )
    name = models.CharField(_("name"), max_length=200, validators=[no_nul])

    class Meta:
        verbose_name = _("department contact")
        verbose_name_plural = _("department contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["coordination", "department"], name="one_contact_per_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_department_display()}: {self.name}"


class Consent(models.Model):
    """The family's consent to share with one department: what, with whom, until when.

    Withdrawing takes effect at once: a withdrawn consent is never active, whatever the dates.
    """

    external_id = external_id_field()
    coordination = models.ForeignKey(
        FamilyCoordination, on_delete=models.CASCADE, related_name="consents"
    )
    department = models.CharField(_("shared with"), max_length=20, choices=Department.choices)
    what = models.TextField(_("what may be shared"), validators=[no_nul])
    given_on = models.DateField(_("given"))
    until = models.DateField(_("until"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_department_display()} {self.given_on}"

    def is_active(self, on: dt.date) -> bool:
        return (
            self.withdrawn_on is None
            and self.given_on <= on
            and (self.until is None or self.until >= on)
        )

    @staticmethod
    def active_q(on: dt.date, prefix: str = "") -> Q:
        """Active consents on a day, as a filter (``prefix`` for use across a relation)."""
        return Q(**{f"{prefix}withdrawn_on__isnull": True, f"{prefix}given_on__lte": on}) & (
            Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gte": on})
        )
