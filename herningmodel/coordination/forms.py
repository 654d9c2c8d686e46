"""Forms that parse the coordinator's input; the rules themselves live in the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from herningmodel.cases.forms import DATE, text
from herningmodel.coordination.models import CoreTask, DecisionKind, Department, OwnerKind
from herningmodel.people.models import Household

GoalRow = tuple[str, str]  # core task, text
ActionRow = tuple[int, str, str, dt.date | None, str]  # goal no., who, department, due, what


class StartForm(forms.Form):
    household = forms.ModelChoiceField(Household.objects.none(), label=_("Family"))
    started_on = forms.DateField(label=_("Started"), widget=DATE)

    def __init__(self, *args: Any, households: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    department = forms.ChoiceField(label=_("Shared with"), choices=Department.choices)
    what = text(_("What may be shared"))
    given_on = forms.DateField(label=_("Given"), widget=DATE)
    until = forms.DateField(label=_("Until"), widget=DATE, required=False)


class ConfirmForm(forms.Form):
    """Nothing to fill in: the button is the decision."""


class ContactForm(forms.Form):
    department = forms.ChoiceField(label=_("Department"), choices=Department.choices)
    name = forms.CharField(label=_("Contact person"), max_length=200)
    staff = forms.ModelChoiceField(
        get_user_model().objects.filter(staff__isnull=False, is_active=True).order_by("username"),
        label=_("User in the system"),
        required=False,
    )


class InterventionForm(forms.Form):
    department = forms.ChoiceField(label=_("Department"), choices=Department.choices)
    description = text(_("Intervention"))
    started_on = forms.DateField(label=_("Started"), widget=DATE)


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended"), widget=DATE)
    reason = text(_("Reason for ending"))


def _choice(value: str, choices: Any) -> str:
    """Accept a choice by its code or its label, in either language."""
    wanted = value.strip().lower()
    for code, label in choices:
        if wanted in (str(code).lower(), str(label).lower()):
            return str(code)
    return value.strip()


class PlanForm(forms.Form):
    dreams = text(_("The family's dreams, in their own words"), required=False, rows=4)
    goals = text(
        _(
            "Goals, one per line: core task (leisure_community, learning, employment, "
            "social_care); the goal in the family's words"
        ),
        rows=5,
    )
    actions = text(
        _(
            "Who does what, one per line: goal no.; who (department, network, family); "
            "department; due date (YYYY-MM-DD or empty); what"
        ),
        rows=6,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_goals(self) -> list[GoalRow]:
        rows = []
        for number, line in enumerate(self.cleaned_data["goals"].splitlines(), start=1):
            if not line.strip():
                continue
            task, sep, goal = line.partition(";")
            if not sep:
                raise forms.ValidationError(
                    _("Line %(n)s: write core task; goal."), code="goal_line", params={"n": number}
                )
            rows.append((_choice(task, CoreTask.choices), goal.strip()))
        return rows

    def clean_actions(self) -> list[ActionRow]:
        rows = []
        for number, line in enumerate(self.cleaned_data["actions"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";", 4)]
            due: dt.date | None = None
            try:
                if len(parts) != 5 or not parts[0].isdigit():
                    raise ValueError
                due = dt.date.fromisoformat(parts[3]) if parts[3] else None
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(n)s: write goal no.; who; department; due date; what."),
                    code="action_line",
                    params={"n": number},
                ) from None
            rows.append(
                (
                    int(parts[0]),
                    _choice(parts[1], OwnerKind.choices),
                    _choice(parts[2], Department.choices) if parts[2] else "",
                    due,
                    parts[4],
                )
            )
        return rows


class MovementForm(forms.Form):
    """The meeting's date and one 0–10 score per goal of the plan."""

    held_on = forms.DateField(label=_("Network meeting"), widget=DATE)

    def __init__(self, *args: Any, goals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for goal in goals:
            self.fields[f"score_{goal.pk}"] = forms.IntegerField(
                label=f"{goal.text} (0–10)", min_value=0, max_value=10, required=False
            )


DECISION_SLOTS = 3


class MeetingForm(forms.Form):
    """Who met, up to three decisions about the plan, and the movement scored with the family."""

    held_on = forms.DateField(label=_("Network meeting"), widget=DATE)
    family_attendees = forms.CharField(
        label=_("From the family (at the head of the table)"), max_length=1000
    )
    network_attendees = forms.CharField(
        label=_("From the network"), max_length=1000, required=False
    )
    departments = forms.MultipleChoiceField(
        label=_("Departments present"),
        choices=Department.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, goals: Any, actions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goal_choices = [("", "–"), *((g.pk, g.text) for g in goals)]
        action_choices = [("", "–"), *((a.pk, f"{a.goal.text}: {a.description}") for a in actions)]
        for n in range(1, DECISION_SLOTS + 1):

            def label(what: Any, n: int = n) -> Any:
                return format_lazy("{} {}: {}", pgettext_lazy("minutes", "Decision"), n, what)

            self.fields[f"d{n}_kind"] = forms.ChoiceField(
                label=label(_("what is decided")),
                choices=[("", "–"), *DecisionKind.choices],
                required=False,
            )
            self.fields[f"d{n}_goal"] = forms.TypedChoiceField(
                label=label(_("goal")), choices=goal_choices, coerce=int, required=False
            )
            self.fields[f"d{n}_action"] = forms.TypedChoiceField(
                label=label(_("action")), choices=action_choices, coerce=int, required=False
            )
            self.fields[f"d{n}_text"] = forms.CharField(
                label=label(_("the new goal or action, the new wording, or why it ends")),
                max_length=2000,
                required=False,
            )
            self.fields[f"d{n}_core_task"] = forms.ChoiceField(
                label=label(_("core task of a new goal")),
                choices=[("", "–"), *CoreTask.choices],
                required=False,
            )
            self.fields[f"d{n}_action_text"] = forms.CharField(
                label=label(_("a new goal's first action")), max_length=2000, required=False
            )
            self.fields[f"d{n}_owner_kind"] = forms.ChoiceField(
                label=label(_("who does it")),
                choices=[("", "–"), *OwnerKind.choices],
                required=False,
            )
            self.fields[f"d{n}_department"] = forms.ChoiceField(
                label=label(_("department")),
                choices=[("", "–"), *Department.choices],
                required=False,
            )
            self.fields[f"d{n}_due_on"] = forms.DateField(
                label=label(_("due")), widget=DATE, required=False
            )
        for goal in goals:
            self.fields[f"score_{goal.pk}"] = forms.IntegerField(
                label=format_lazy("{} – {} (0–10)", _("Movement"), goal.text),
                min_value=0,
                max_value=10,
                required=False,
            )
