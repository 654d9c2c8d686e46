"""Management supervision (ledelsestilsyn) and the quality handbook (kvalitetshåndbog)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.cases.models.case import Case
from herningmodel.validation import external_id_field, no_nul


class ChecklistItem(models.Model):
    """One question a team leader checks on each sampled case; editable by managers."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    text = models.CharField(_("question"), max_length=300, validators=[no_nul])
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.text


class Supervision(models.Model):
    """A random sample of one caseworker's cases, drawn by their team leader."""

    external_id = external_id_field()
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("caseworker"),
    )
    drawn_on = models.DateField(_("drawn"))
    seed = models.BigIntegerField(
        _("random seed"), help_text=_("Recorded so the sample can be reproduced.")
    )
    cases = models.ManyToManyField(Case, related_name="supervisions")
    actions = models.TextField(_("follow-up actions"), blank=True, validators=[no_nul])
    actions_due_on = models.DateField(_("actions due"), null=True, blank=True)

    class Meta:
        verbose_name = _("management supervision")
        verbose_name_plural = _("management supervisions")
        ordering = ["-drawn_on", "-pk"]

    def __str__(self) -> str:
        return f"{_('Supervision')} {self.drawn_on}"


class SupervisionFinding(models.Model):
    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="findings")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT)
    fulfilled = models.BooleanField(_("fulfilled"))
    note = models.TextField(_("note"), blank=True, validators=[no_nul])

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(
                fields=["supervision", "case", "item"], name="one_finding_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.fulfilled}"


class ProcessStep(models.TextChoices):
    NOTIFICATION = "notification", _("Notification")
    ASSESSMENT = "assessment", _("Child assessment")
    CHILD_TALK = "child_talk", _("Talk with the child")
    DECISION = "decision", _("Decision")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    PLAN = "plan", _("Child's plan")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSURE = "closure", _("Closure")


class HandbookEntry(models.Model):
    """One version of the municipality's guidance for a step; the newest version is shown."""

    step = models.CharField(_("step"), max_length=20, choices=ProcessStep.choices)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("guidance"), validators=[no_nul])
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("quality handbook entry")
        verbose_name_plural = _("quality handbook entries")
        ordering = ["step", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["step", "version"], name="one_handbook_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} v{self.version}"
