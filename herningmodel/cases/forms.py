"""Forms that parse the caseworker's input; the rules themselves live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from herningmodel.cases.models import (
    AttendeeKind,
    ClosureReason,
    FollowUpDecision,
    GoalMovement,
    HandoverReason,
    LegalBasis,
    NotificationOutcome,
    NotificationSource,
)
from herningmodel.cases.models.assessment import Recommendation
from herningmodel.cases.services.casefile import CARRYING_ROLES
from herningmodel.validation import no_nul

# Browsers take only ISO dates (2026-11-23) as the value of a date field and show them in the
# user's own format; a Danish-formatted value ("23.11.2026") would be dropped as invalid.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def text(label: Any, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=10_000,
        validators=[no_nul],
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


def workers(team_id: int) -> Any:
    """Those in the team who can carry a case (health nurses and PPR cannot)."""
    return (
        get_user_model()
        .objects.filter(
            staff__memberships__team_id=team_id,
            staff__memberships__end__isnull=True,
            staff__role__in=CARRYING_ROLES,
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


# The attendee and task lines accept the kinds in Danish as well as English.
KIND_WORDS = {
    **{value: value for value in AttendeeKind.values},
    "barn": AttendeeKind.CHILD,
    "barnet": AttendeeKind.CHILD,
    "familie": AttendeeKind.FAMILY,
    "familien": AttendeeKind.FAMILY,
    "netværk": AttendeeKind.NETWORK,
    "netværksperson": AttendeeKind.NETWORK,
    "fagperson": AttendeeKind.PROFESSIONAL,
    "professionel": AttendeeKind.PROFESSIONAL,
}


def kind_of(word: str) -> str | None:
    return KIND_WORDS.get(word.strip().lower())


class NotificationForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=NotificationSource.choices)
    notifier = forms.CharField(
        label=_("Notifier"), required=False, max_length=200, validators=[no_nul]
    )
    received_at = forms.DateTimeField(label=_("Received"), widget=DATETIME)
    content = text(_("Content"), rows=6)


class AcuteAssessmentForm(forms.Form):
    assessed_at = forms.DateTimeField(label=_("Assessed"), widget=DATETIME)
    in_danger = forms.TypedChoiceField(
        label=_("Is the child's health or development in danger?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    acute_measures = forms.TypedChoiceField(
        label=_("Are acute measures needed?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = text(_("Note"), required=False)


class ReceiptForm(forms.Form):
    sent_on = forms.DateField(label=_("Receipt sent"), widget=DATE)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=NotificationOutcome.choices)
    on = forms.DateField(label=_("Decided"), widget=DATE)
    caseworker = WorkerChoiceField(
        label=_("Responsible caseworker (if a case is opened)"),
        queryset=get_user_model().objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, team_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = workers(team_id)  # type: ignore[attr-defined]


class HandoverForm(forms.Form):
    to_worker = WorkerChoiceField(
        label=_("New caseworker"), queryset=get_user_model().objects.none()
    )
    on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.ChoiceField(label=_("Reason"), choices=HandoverReason.choices)
    note = text(_("Note"), required=False)

    def __init__(self, *args: Any, team_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_worker"].queryset = workers(team_id)  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed"), widget=DATE)
    reason = forms.ChoiceField(label=_("Reason"), choices=ClosureReason.choices)
    note = text(_("Note"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ChildTalkForm(forms.Form):
    held_on = forms.DateField(label=_("Talk held on"), widget=DATE, required=False)
    child_views = text(_("The child's views"), required=False, rows=5)
    not_held_on = forms.DateField(
        label=_("Or: decided not to hold it on"), widget=DATE, required=False
    )
    not_held_reason = text(_("Why the talk was not held"), required=False)


class AssessmentStartForm(forms.Form):
    need_known_on = forms.DateField(label=_("Need became known"), widget=DATE)
    started_on = forms.DateField(label=_("Started"), widget=DATE)


class PreliminaryForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    text = text(_("Preliminary assessment"), rows=5)


class AssessmentFinishForm(forms.Form):
    child_development = text(_("The child's development"), rows=4)
    parenting_capacity = text(_("Parenting capacity"), rows=4)
    family_and_network = text(_("Family and network"), rows=4)
    conclusion = text(_("Conclusion"), rows=4)
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    finished_on = forms.DateField(label=_("Finished"), widget=DATE)


def offer_catalogue(form: forms.Form, type_field: str, provider_field: str) -> None:
    """The active intervention types (by step) and providers a new intervention can use."""
    from herningmodel.staircase.models import InterventionType, Provider

    form.fields[type_field].queryset = (  # type: ignore[attr-defined]
        InterventionType.objects.filter(active=True)
        .select_related("step")
        .order_by("step__number", "name")
    )
    form.fields[provider_field].queryset = Provider.objects.filter(  # type: ignore[attr-defined]
        active=True
    ).order_by("name")


class DecisionForm(forms.Form):
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    legal_item = forms.CharField(
        label=_("Item (§ 32)"), required=False, max_length=40, validators=[no_nul]
    )
    decided_on = forms.DateField(label=_("Decided"), widget=DATE)
    purpose = text(_("Purpose"))
    expected_duration_months = forms.IntegerField(
        label=_("Expected duration (months)"), min_value=1, max_value=240
    )
    acute = forms.BooleanField(label=_("Acute"), required=False)
    consent = forms.BooleanField(label=_("Consent given"), required=False)
    plan_choice = forms.TypedChoiceField(
        label=_("§ 32: will a child's plan be made?"),
        choices=[("", _("Not decided yet")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )
    intervention_type: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Intervention"), queryset=None, required=False
    )
    provider: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Provider"), queryset=None, required=False
    )
    start = forms.DateField(label=_("Intervention starts"), widget=DATE, required=False)
    planned_end = forms.DateField(label=_("Planned end"), widget=DATE, required=False)
    planned_volume = forms.DecimalField(
        label=_("Planned volume (units per week)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
    )
    justification = text(_("Justification for the step (when required)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_catalogue(self, "intervention_type", "provider")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get("intervention_type"), data.get("provider"), data.get("start")]
        if any(chosen) and not all(chosen):
            raise forms.ValidationError(
                _("To start an intervention, choose the intervention, the provider and the start."),
                code="episode_incomplete",
            )
        return data


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held"), widget=DATE)
    family_chaired = forms.BooleanField(
        label=_("The family at the head of the table"), required=False, initial=True
    )
    attendees = text(
        _("Attendees, one per line: kind; name; role (kind: child, family, network, professional)"),
        rows=5,
    )
    summary = text(_("Summary"), required=False, rows=5)

    def clean_attendees(self) -> list[tuple[str, str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["attendees"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            kind = kind_of(parts[0]) if len(parts) >= 2 else None
            if kind is None:
                raise forms.ValidationError(
                    _("Line %(n)s: write kind; name; role."),
                    code="attendee_line",
                    params={"n": number},
                )
            rows.append((kind, parts[1], parts[2] if len(parts) > 2 else ""))
        return rows


class PlanForm(forms.Form):
    familys_words = text(_("In the family's own words"), required=False, rows=4)
    childs_words = text(_("In the child's own words"), required=False, rows=4)
    goals = text(_("Goals, one per line"), rows=5)
    tasks = text(
        _("Who does what, one per line: goal no.; who (family, network, professional); name; what"),
        required=False,
        rows=5,
    )
    approved_on = forms.DateField(label=_("Approved with the family"), widget=DATE, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_goals(self) -> list[str]:
        return [g.strip() for g in self.cleaned_data["goals"].splitlines() if g.strip()]

    def clean_tasks(self) -> list[tuple[int, str, str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data["tasks"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) != 4 or not parts[0].isdigit():
                raise forms.ValidationError(
                    _("Line %(n)s: write goal number; who; name; what."),
                    code="task_line",
                    params={"n": number},
                )
            rows.append((int(parts[0]), kind_of(parts[1]) or parts[1], parts[2], parts[3]))
        return rows


class ScoresForm(forms.Form):
    """One integer field per dimension of a progression instrument, within its range."""

    def __init__(self, *args: Any, instrument: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.score_fields = []
        for dimension in instrument.dimensions.all():
            name = f"score_{dimension.code}"
            self.fields[name] = forms.IntegerField(
                label=f"{dimension.label} ({dimension.minimum}–{dimension.maximum})",
                min_value=dimension.minimum,
                max_value=dimension.maximum,
            )
            self.score_fields.append((dimension.code, name))

    def scores(self) -> dict[str, int]:
        return {code: self.cleaned_data[name] for code, name in self.score_fields}


class MeasurementForm(ScoresForm):
    measured_on = forms.DateField(label=_("Measured"), widget=DATE)
    field_order = ["measured_on"]


class FollowUpForm(ScoresForm):
    """The follow-up; a decision to step down also names what ends and what starts instead."""

    held_on = forms.DateField(label=_("Held"), widget=DATE)
    goals_moved = forms.ChoiceField(label=_("Did the goals move?"), choices=GoalMovement.choices)
    decision = forms.ChoiceField(label=_("Decision"), choices=FollowUpDecision.choices)
    note = text(_("Note"), required=False)
    step_down_episode: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Step down: the intervention that ends"), queryset=None, required=False
    )
    step_down_intervention_type: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Step down: the lower-step intervention that starts"),
        queryset=None,
        required=False,
    )
    step_down_provider: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Step down: provider"), queryset=None, required=False
    )
    step_down_start = forms.DateField(
        label=_("Step down: starts (the other ends the day before)"), widget=DATE, required=False
    )
    step_down_planned_volume = forms.DecimalField(
        label=_("Step down: planned volume (units per week)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
    )
    step_down_legal_basis = forms.ChoiceField(
        label=_("Step down: legal basis"),
        choices=[("", "–"), *LegalBasis.choices],
        required=False,
    )
    step_down_purpose = text(_("Step down: purpose"), required=False)
    step_down_expected_duration_months = forms.IntegerField(
        label=_("Step down: expected duration (months)"),
        min_value=1,
        max_value=240,
        required=False,
    )
    field_order = ["held_on", "goals_moved", "decision", "note"]

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        from herningmodel.staircase.models import Episode

        super().__init__(*args, **kwargs)
        running = Episode.objects.filter(end__isnull=True, child_id=getattr(case, "child_id", 0))
        self.fields["step_down_episode"].queryset = running.select_related(  # type: ignore[attr-defined]
            "intervention_type"
        )
        offer_catalogue(self, "step_down_intervention_type", "step_down_provider")
        # The scores first, as before; the step-down's fields last, filled only to step down.
        step_down = [name for name in self.fields if name.startswith("step_down_")]
        self.order_fields([name for name in self.fields if name not in step_down] + step_down)


class HandbookForm(forms.Form):
    text = text(_("Guidance"), rows=10)
