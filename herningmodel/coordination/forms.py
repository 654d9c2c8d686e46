"""Forms that parse the coordinator's input; the rules themselves live in the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from herningmodel.cases.forms import DATE, text
from herningmodel.coordination.models import CoreTask, Department, OwnerKind
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
