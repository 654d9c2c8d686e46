"""Children (also unborn), the adults around them and their households."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.organisation.models import AreaTeam, District
from herningmodel.people import cpr
from herningmodel.validation import (
    birth_date_problem,
    expected_birth_date_problem,
    no_nul,
)
from herningmodel.validation import today as plausibility_today


class Household(models.Model):
    """Who lives together; siblings are the other children of the household."""

    label = models.CharField(_("label"), max_length=100, validators=[no_nul])
    # The household's id in the system it was imported from (interchange).
    external_id = models.CharField(
        _("external id"), max_length=64, null=True, blank=True, unique=True, validators=[no_nul]
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.label


class Child(models.Model):
    """A child or young person, or an unborn child known from a notification before birth."""

    # The child's id in the system it was imported from; imports update by it, never duplicate.
    external_id = models.CharField(
        _("external id"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        validators=[no_nul],
    )
    first_name = models.CharField(_("first name"), max_length=100, validators=[no_nul])
    last_name = models.CharField(_("last name"), max_length=100, validators=[no_nul])
    cpr = models.CharField(
        _("CPR number"),
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        validators=[no_nul, cpr.validate_cpr],
        help_text=_("DDMMYY-XXXX. Empty for an unborn child."),
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    is_unborn = models.BooleanField(_("unborn"), default=False)
    expected_birth_date = models.DateField(_("expected birth date"), null=True, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="children", verbose_name=_("district")
    )
    area_team = models.ForeignKey(
        AreaTeam, on_delete=models.PROTECT, related_name="children", verbose_name=_("area team")
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("household"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["area_team", "last_name"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.cpr:
            compact = cpr.normalise(self.cpr)
            self.cpr = f"{compact[:6]}-{compact[6:]}" if len(compact) == 10 else self.cpr
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def masked_cpr(self) -> str:
        return cpr.mask(self.cpr) if self.cpr else ""

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        today = plausibility_today()
        if self.is_unborn:
            if self.expected_birth_date is None:
                errors["expected_birth_date"] = ValidationError(
                    _("An unborn child needs an expected birth date."),
                    code="unborn_without_expected_date",
                )
            elif problem := expected_birth_date_problem(self.expected_birth_date, today=today):
                errors["expected_birth_date"] = ValidationError(problem[1], code=problem[0])
            if self.cpr:
                errors["cpr"] = ValidationError(
                    _("An unborn child has no CPR number yet."), code="unborn_with_cpr"
                )
        else:
            if self.birth_date is None and not self.cpr:
                errors["birth_date"] = ValidationError(
                    _("Give a birth date or a CPR number, or mark the child as unborn."),
                    code="birth_date_missing",
                )
        if self.cpr and "cpr" not in errors and not self.is_unborn:
            try:
                from_cpr = cpr.birth_date(self.cpr)
            except Exception:  # noqa: BLE001 - the field validator reports a malformed CPR
                from_cpr = None
            if from_cpr is not None:
                if self.birth_date is None:
                    self.birth_date = from_cpr
                elif self.birth_date != from_cpr:
                    errors["birth_date"] = ValidationError(
                        _("The birth date does not match the CPR number."),
                        code="birth_date_cpr_mismatch",
                    )
        if (
            not self.is_unborn
            and self.birth_date is not None
            and "birth_date" not in errors
            and (problem := birth_date_problem(self.birth_date, today=today))
        ):
            errors["birth_date"] = ValidationError(problem[1], code=problem[0])
        if self.area_team_id and self.district_id:
            if self.area_team.district_id != self.district_id:
                errors["area_team"] = ValidationError(
                    _("The area team does not serve this district."), code="team_not_in_district"
                )
        if errors:
            raise ValidationError(errors)


class Person(models.Model):
    """An adult around a child: a parent, custody holder or someone in the network."""

    # The person's id in the system they were imported from (interchange).
    external_id = models.CharField(
        _("external id"), max_length=64, null=True, blank=True, unique=True, validators=[no_nul]
    )
    first_name = models.CharField(_("first name"), max_length=100, validators=[no_nul])
    last_name = models.CharField(_("last name"), max_length=100, validators=[no_nul])
    cpr = models.CharField(
        _("CPR number"),
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        validators=[no_nul, cpr.validate_cpr],
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True, default="", validators=[no_nul])
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="adults"
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class RelationKind(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    PARENT = "parent", _("Parent")
    STEP_PARENT = "step_parent", _("Step-parent")
    GRANDPARENT = "grandparent", _("Grandparent")
    RELATIVE = "relative", _("Other relative")
    FOSTER_PARENT = "foster_parent", _("Foster parent")
    FRIEND = "friend", _("Friend of the family")
    NEIGHBOUR = "neighbour", _("Neighbour")
    OTHER = "other", _("Other network person")


class Relation(models.Model):
    """How an adult is related to a child, and whether they hold custody (forældremyndighed)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relations")
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    has_custody = models.BooleanField(_("holds custody"), default=False)
    is_network = models.BooleanField(
        _("part of the network"),
        default=False,
        help_text=_("Invited to network meetings and may take on tasks in the plan."),
    )

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(fields=["child", "person"], name="one_relation_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_kind_display()})"
