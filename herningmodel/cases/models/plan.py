"""Network meetings with the family at the head of the table, and the child's plan (§ 91)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.cases.models.case import Case
from herningmodel.people.models import Person
from herningmodel.validation import external_id_field, no_nul


class AttendeeKind(models.TextChoices):
    CHILD = "child", _("The child")
    FAMILY = "family", _("Family")
    NETWORK = "network", _("Network person")
    PROFESSIONAL = "professional", _("Professional")


class NetworkMeeting(models.Model):
    external_id = external_id_field()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="network_meetings")
    held_on = models.DateField(_("held"))
    family_chaired = models.BooleanField(
        _("the family at the head of the table"),
        default=True,
        help_text=_("The family led the meeting and owns the plan."),
    )
    summary = models.TextField(_("summary"), blank=True, validators=[no_nul])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{_('Network meeting')} {self.held_on}"


class MeetingAttendee(models.Model):
    external_id = external_id_field()
    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.CASCADE, related_name="attendees")
    kind = models.CharField(_("kind"), max_length=20, choices=AttendeeKind.choices)
    name = models.CharField(_("name"), max_length=200, validators=[no_nul])
    role = models.CharField(_("role"), max_length=100, blank=True, validators=[no_nul])
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """The child's plan; goals are written in the child's and the family's own words."""

    external_id = external_id_field()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    meeting = models.ForeignKey(
        NetworkMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("made at network meeting"),
    )
    is_youth_plan = models.BooleanField(_("youth plan"), default=False)
    childs_words = models.TextField(_("in the child's own words"), blank=True, validators=[no_nul])
    familys_words = models.TextField(
        _("in the family's own words"), blank=True, validators=[no_nul]
    )
    approved_on = models.DateField(_("approved"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("child's plan")
        verbose_name_plural = _("child's plans")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{_('Plan')} {self.pk}"


class Goal(models.Model):
    external_id = external_id_field()
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("goal"), validators=[no_nul])
    target_on = models.DateField(_("target date"), null=True, blank=True)
    achieved_on = models.DateField(_("achieved"), null=True, blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Task(models.Model):
    """Who does what: a professional, a network person or the family itself."""

    external_id = external_id_field()
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, null=True, blank=True)
    description = models.TextField(_("what"), validators=[no_nul])
    responsible_kind = models.CharField(_("who"), max_length=20, choices=AttendeeKind.choices)
    responsible_name = models.CharField(_("name"), max_length=200, validators=[no_nul])
    due_on = models.DateField(_("by"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:60]
