"""Decisions with their legal basis; a decision starts intervention episodes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from herningmodel.cases.models.assessment import ChildTalk
from herningmodel.cases.models.case import Case
from herningmodel.validation import external_id_field, no_nul


class LegalBasis(models.TextChoices):
    S30 = "30", _("§ 30 early preventive intervention")
    S32 = "32", _("§ 32 supportive intervention")
    S46 = "46", _("§ 46 placement with consent")
    S47 = "47", _("§ 47 placement without consent")


# Decisions that need the child's view first (Barnets Lov § 5).
NEEDS_CHILD_TALK = frozenset({LegalBasis.S32, LegalBasis.S46, LegalBasis.S47})
PLACEMENTS = frozenset({LegalBasis.S46, LegalBasis.S47})


class Decision(models.Model):
    external_id = external_id_field()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    legal_basis = models.CharField(_("legal basis"), max_length=4, choices=LegalBasis.choices)
    legal_item = models.CharField(
        _("item"),
        max_length=40,
        blank=True,
        validators=[no_nul],
        help_text=_("For § 32: the item of stk. 1, e.g. 'nr. 3'."),
    )
    decided_on = models.DateField(_("decided"))
    purpose = models.TextField(_("purpose"), validators=[no_nul])
    expected_duration_months = models.PositiveSmallIntegerField(_("expected duration (months)"))
    acute = models.BooleanField(_("acute"), default=False)
    consent = models.BooleanField(_("consent given"), null=True, blank=True)
    child_talk = models.ForeignKey(
        ChildTalk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("talk with the child"),
    )
    plan_choice = models.BooleanField(
        _("a plan will be made"),
        null=True,
        blank=True,
        help_text=_("For § 32: the recorded choice whether to make a child's plan."),
    )
    plan_choice_on = models.DateField(_("plan choice recorded"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    episodes = models.ManyToManyField(
        "staircase.Episode", blank=True, related_name="decisions", verbose_name=_("interventions")
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_duration_months__gte=1, expected_duration_months__lte=240),
                name="decision_duration_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_legal_basis_display()} {self.decided_on}"
