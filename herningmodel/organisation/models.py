"""The municipality, its school districts, area teams and staff.

The Herning model is organised in area teams (områdeteams) close to schools and day-care; a
district is either a pilot district from a date or a control district, which the evaluation
reads as the treatment timing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from herningmodel.validation import no_nul


class Municipality(models.Model):
    """The one municipality this instance serves: personal data never leaves it."""

    name = models.CharField(_("name"), max_length=100, validators=[no_nul])
    code = models.CharField(
        _("municipality code"),
        max_length=3,
        unique=True,
        help_text=_("The three-digit municipality number, e.g. 657 for Herning."),
        validators=[no_nul],
    )
    is_demo = models.BooleanField(
        _("generated demo municipality"),
        default=False,
        help_text=_("Set only by the demo generator; its data may be reset."),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        others = Municipality.objects.exclude(pk=self.pk)
        if others.exists():
            raise ValidationError(
                _("This installation already serves a municipality; only one is allowed."),
                code="municipality_exists",
            )
        if self.code and not self.code.isdigit():
            raise ValidationError(
                {"code": ValidationError(_("Use three digits."), code="invalid_code")}
            )


class ModelStatus(models.TextChoices):
    PILOT = "pilot", _("Pilot (Herning model)")
    CONTROL = "control", _("Control (usual practice)")


class District(models.Model):
    """A school district; the unit of pilot-versus-control comparison."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="districts"
    )
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[no_nul])
    model_status = models.CharField(
        _("model status"), max_length=10, choices=ModelStatus.choices, default=ModelStatus.CONTROL
    )
    model_start = models.DateField(
        _("Herning model from"),
        null=True,
        blank=True,
        help_text=_("The date the district switched to the Herning model; empty if not yet."),
    )

    class Meta:
        verbose_name = _("school district")
        verbose_name_plural = _("school districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.model_status == ModelStatus.PILOT and self.model_start is None:
            raise ValidationError(
                {
                    "model_start": ValidationError(
                        _("A pilot district needs the date it switched to the model."),
                        code="pilot_without_start",
                    )
                }
            )

    def on_model(self, day: dt.date) -> bool:
        """Whether the district worked by the Herning model on the given day."""
        return self.model_start is not None and day >= self.model_start


class AreaTeam(models.Model):
    """An interdisciplinary area team (områdeteam) serving one district."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[no_nul])
    caseload_target = models.PositiveSmallIntegerField(
        _("caseload target"),
        default=25,
        validators=[MinValueValidator(1)],
        help_text=_("Open cases per authority social worker; Herning aims for about 25."),
    )

    class Meta:
        verbose_name = _("area team")
        verbose_name_plural = _("area teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """Access roles; what each may do is decided in ``herningmodel.access.policy``."""

    CASEWORKER = "caseworker", _("Caseworker")
    HEALTH_NURSE = "health_nurse", _("Health nurse")
    PPR_PSYCHOLOGIST = "ppr_psychologist", _("PPR psychologist")
    FAMILY_COORDINATOR = "family_coordinator", _("Family coordinator")
    TEAM_LEADER = "team_leader", _("Team leader")
    DEPARTMENT_MANAGER = "department_manager", _("Department manager")
    CONTROLLER = "controller", _("Controller")
    POLITICIAN = "politician", _("Politician")
    DPO = "dpo", _("Data-protection officer")
    ADMINISTRATOR = "administrator", _("Administrator")


class StaffMember(models.Model):
    """A person who uses the system, with exactly one access role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_demo_account = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_("Demo accounts can only log in when the instance runs in demo mode."),
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Discipline(models.TextChoices):
    AUTHORITY_SOCIAL_WORKER = "social_worker", _("Authority social worker")
    HEALTH_NURSE = "health_nurse", _("Health nurse")
    PPR_PSYCHOLOGIST = "ppr_psychologist", _("PPR psychologist")
    FAMILY_THERAPIST = "family_therapist", _("Family therapist")
    TEAM_LEADER = "team_leader", _("Team leader")


class TeamMembership(models.Model):
    """Membership of an area team over a period; ended memberships keep their history."""

    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="memberships")
    team = models.ForeignKey(AreaTeam, on_delete=models.PROTECT, related_name="memberships")
    discipline = models.CharField(_("discipline"), max_length=20, choices=Discipline.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("team membership")
        verbose_name_plural = _("team memberships")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} – {self.team}"

    def clean(self) -> None:
        if self.end is not None and self.start and self.end < self.start:
            raise ValidationError(
                {"end": ValidationError(_("The end is before the start."), code="end_before_start")}
            )


class Method(models.TextChoices):
    """The model's methods that staff are trained in; the fidelity index reads these."""

    NETWORK_MEETINGS = "network_meetings", _("Network meetings")
    SIGNS_OF_SAFETY = "signs_of_safety", _("Signs of Safety")
    ICS = "ics", _("ICS (Integrated Children's System)")
    RELATIONAL_COORDINATION = "relational_coordination", _("Relational coordination")
    WELLBEING_RULER = "wellbeing_ruler", _("Well-being ruler (Trivselslinealen)")
    SDQ = "sdq", _("SDQ")
    COS_P = "cos_p", _("Circle of Security – Parenting")


class TrainingRecord(models.Model):
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="training")
    method = models.CharField(_("method"), max_length=30, choices=Method.choices)
    completed_on = models.DateField(_("completed on"))

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "method", "completed_on"], name="training_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.get_method_display()}"
