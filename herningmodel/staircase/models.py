"""The intervention staircase: steps, intervention types, providers, prices, episodes, ledger.

"A price on every intervention": every episode a child receives is costed month by month from
the prices in force (``costing.py``), into ``LedgerEntry`` rows that carry the child's district
and area team, the step, type and provider, so that any month's cost by any of them is one
indexed aggregate query. The cost rules are explained in ``docs/staircase.md``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.organisation.models import AreaTeam, District
from herningmodel.people.models import Child
from herningmodel.validation import external_id_field, no_nul


class Step(models.Model):
    """One of the six steps; the higher the step, the further from ordinary everyday life."""

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    name_da = models.CharField(_("Danish name"), max_length=120, validators=[no_nul])
    name_en = models.CharField(_("English name"), max_length=120, validators=[no_nul])
    description = models.TextField(_("description"), blank=True, validators=[no_nul])

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=6), name="step_number_1_to_6"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "da").startswith("en") else self.name_da


class LegalBasis(models.TextChoices):
    UNIVERSAL = "universal", _("Universal services (no decision)")
    S30 = "§ 30", _("Barnets Lov § 30 (early preventive intervention)")
    S32 = "§ 32", _("Barnets Lov § 32 (supportive intervention)")
    S43 = "§ 43", _("Barnets Lov § 43 (place of placement)")
    S46 = "§ 46", _("Barnets Lov § 46 (placement with consent)")
    S47 = "§ 47", _("Barnets Lov § 47 (placement without consent)")


class EvidenceProgramme(models.TextChoices):
    NONE = "", _("None")
    PALS = "PALS", "PALS"
    PMTO = "PMTO", "PMTO"
    FFT = "FFT", "FFT"
    MST = "MST", "MST"
    COS_P = "COS-P", "COS-P"
    INCREDIBLE_YEARS = "De Utrolige År", "De Utrolige År"
    ADBB = "ADBB", "ADBB"


class Unit(models.TextChoices):
    """The unit a price is charged in; ``costing.py`` turns each into a monthly cost."""

    DAY = "day", _("per day")
    HOUR = "hour", _("per hour")
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")
    COURSE = "course", _("per course")


class InterventionType(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[no_nul])
    step = models.ForeignKey(
        Step, on_delete=models.PROTECT, related_name="types", verbose_name=_("step")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    legal_item = models.CharField(
        _("legal item"),
        max_length=100,
        blank=True,
        validators=[no_nul],
        help_text=_("The item of the paragraph, e.g. fast kontaktperson."),
    )
    evidence_programme = models.CharField(
        _("documented programme"),
        max_length=30,
        blank=True,
        choices=EvidenceProgramme.choices,
    )
    unit = models.CharField(_("unit of charge"), max_length=10, choices=Unit.choices)
    default_duration_days = models.PositiveIntegerField(
        _("default expected duration (days)"), null=True, blank=True
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("intervention type")
        verbose_name_plural = _("intervention types")
        ordering = ["step__number", "name"]

    def __str__(self) -> str:
        return self.name


class ProviderKind(models.TextChoices):
    MUNICIPAL = "municipal", _("Own municipal service")
    EXTERNAL = "external", _("External provider")


class Provider(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True, validators=[no_nul])
    kind = models.CharField(_("kind"), max_length=10, choices=ProviderKind.choices)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True, validators=[no_nul])
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Price(models.Model):
    """A provider's price for a type from a date on; a later price never rewrites the past."""

    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="prices", verbose_name=_("provider")
    )
    intervention_type = models.ForeignKey(
        InterventionType,
        on_delete=models.PROTECT,
        related_name="prices",
        verbose_name=_("intervention type"),
    )
    valid_from = models.DateField(_("valid from"))
    amount = models.DecimalField(
        _("price (kr)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        ordering = ["intervention_type", "provider", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "intervention_type", "valid_from"], name="one_price_per_day"
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention_type} / {self.provider}: {self.amount} ({self.valid_from})"


class EndReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    STEP_DOWN = "step_down", _("Step down")
    STEP_UP = "step_up", _("Step up")
    MOVED = "moved", _("Moved away")
    BROKE_DOWN = "broke_down", _("Broke down")
    OTHER = "other", _("Other")


class Episode(models.Model):
    """One intervention a child receives from a provider over a period."""

    external_id = external_id_field()
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="episodes", verbose_name=_("child")
    )
    intervention_type = models.ForeignKey(
        InterventionType, on_delete=models.PROTECT, verbose_name=_("intervention type")
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, verbose_name=_("provider"))
    # Denormalised when the episode starts: reports ask "on which step was the child", and a
    # later change to the catalogue or the child's team must not move past spending.
    step = models.ForeignKey(Step, on_delete=models.PROTECT, verbose_name=_("step"))
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    area_team = models.ForeignKey(AreaTeam, on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=20, choices=EndReason.choices, blank=True
    )
    planned_volume = models.DecimalField(
        _("planned volume"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Units per week (e.g. 5 hours a week); for courses, the number of courses."),
    )
    justification = models.TextField(_("justification"), blank=True, validators=[no_nul])
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("intervention episode")
        verbose_name_plural = _("intervention episodes")
        ordering = ["child", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="episode_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_end__gte=models.F("start")),
                name="episode_planned_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention_type} ({self.start}–{self.end or ''})"

    def is_open_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)

    def clean(self) -> None:
        errors = {}
        if self.end is not None and self.start and self.end < self.start:
            errors["end"] = ValidationError(
                _("The end is before the start."), code="end_before_start"
            )
        if self.planned_end is not None and self.start and self.planned_end < self.start:
            errors["planned_end"] = ValidationError(
                _("The planned end is before the start."), code="end_before_start"
            )
        if errors:
            raise ValidationError(errors)


class LedgerEntry(models.Model):
    """An episode's cost in one calendar month, with everything reports group by."""

    # Only the indexes the reports need: every query starts from a month, and the unique
    # (episode, month) constraint serves lookups by episode. Per-column foreign-key indexes
    # would triple the cost of rebuilding the ledger. The copied columns (child … area team)
    # have no database constraint either: they are copied from the episode, whose own foreign
    # keys are enforced, and checking six constraints per row made PostgreSQL's rebuild 4× slower.
    episode = models.ForeignKey(
        Episode, on_delete=models.CASCADE, related_name="ledger", db_index=False
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount = models.DecimalField(_("amount (kr)"), max_digits=12, decimal_places=2)
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    step = models.ForeignKey(
        Step, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    intervention_type = models.ForeignKey(
        InterventionType,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    area_team = models.ForeignKey(
        AreaTeam, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "month"], name="one_entry_per_month")
        ]
        indexes = [
            models.Index(fields=["month", "district", "step"], name="ledger_month_district_step"),
            models.Index(fields=["month", "area_team"], name="ledger_month_team"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.amount}"


class Budget(models.Model):
    step = models.ForeignKey(Step, on_delete=models.PROTECT, verbose_name=_("step"))
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("budget (kr)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["year", "step__number"]
        constraints = [models.UniqueConstraint(fields=["step", "year"], name="one_budget_per_step")]

    def __str__(self) -> str:
        return f"{self.year} {self.step}: {self.amount}"
