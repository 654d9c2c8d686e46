"""Forms of the economics pages: adopting a scenario version and the budget-cut what-if."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from herningmodel.economics import realisation
from herningmodel.economics.cut import (
    CUT_STEPS,
    DEFAULT_DELAY_YEARS,
    DEFAULT_DESTINATION,
    DEFAULT_ESCALATION_SHARE,
    DEFAULT_STAY_YEARS,
    DESTINATION_STEPS,
    Cut,
)
from herningmodel.economics.model import MAX_HORIZON, InputError
from herningmodel.economics.models import Scenario


class AdoptForm(forms.Form):
    scenario = forms.ModelChoiceField(
        label=_("Scenario version"), queryset=Scenario.objects.order_by("name", "-version")
    )
    starts_on = forms.DateField(
        label=_("Year 1 starts"),
        help_text=_("The first day of a quarter: 1 January, 1 April, 1 July or 1 October."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I confirm that this version becomes the adopted plan and replaces the current one"
        ),
    )

    def clean_starts_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["starts_on"]
        if not realisation.is_quarter_start(day):
            raise forms.ValidationError(
                _("Choose the first day of a quarter (1 January, 1 April, 1 July or 1 October).")
            )
        return day

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenario"].label_from_instance = str  # type: ignore[attr-defined]


class CutForm(forms.Form):
    """The budget-cut what-if. Empty amount = no cut; the defaults are ``cut.py``'s."""

    amount = forms.DecimalField(
        label=_("Cut (kr a year)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("Less spent each year on the chosen early steps. Leave empty for no cut."),
    )
    from_year = forms.IntegerField(
        label=_("From year"), required=False, min_value=1, max_value=MAX_HORIZON
    )
    steps = forms.TypedMultipleChoiceField(
        label=_("Cut on steps"),
        choices=[(s, str(s)) for s in CUT_STEPS],
        coerce=int,
        initial=list(CUT_STEPS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    escalation_share = forms.FloatField(
        label=_("Share who later need a higher step"),
        min_value=0,
        max_value=1,
        initial=DEFAULT_ESCALATION_SHARE,
        help_text=_("Of the children who lose early help (0–1)."),
    )
    delay_years = forms.IntegerField(
        label=_("Years until they need it"),
        min_value=0,
        max_value=MAX_HORIZON,
        initial=DEFAULT_DELAY_YEARS,
    )
    stay_years = forms.IntegerField(
        label=_("Years they stay on the higher step"),
        min_value=1,
        max_value=MAX_HORIZON,
        initial=DEFAULT_STAY_YEARS,
    )
    to_step_4 = forms.FloatField(
        label=_("Weight on step 4"), min_value=0, max_value=1, initial=DEFAULT_DESTINATION[0]
    )
    to_step_5 = forms.FloatField(
        label=_("Weight on step 5"), min_value=0, max_value=1, initial=DEFAULT_DESTINATION[1]
    )
    to_step_6 = forms.FloatField(
        label=_("Weight on step 6"),
        min_value=0,
        max_value=1,
        initial=DEFAULT_DESTINATION[2],
        help_text=_("The weights on steps 4, 5 and 6 must add up to 1."),
    )

    @classmethod
    def for_request(cls, post: QueryDict | None) -> CutForm:
        """Bound only when an amount is given: without one there is no cut to check, and the
        other fields are kept as typed."""
        if post is not None and post.get("cut-amount", "").strip():
            return cls(post, prefix="cut")
        initial = {}
        if post is not None:
            initial = {
                name: post.getlist(f"cut-{name}") if name == "steps" else post.get(f"cut-{name}")
                for name in cls.base_fields
                if f"cut-{name}" in post
            }
        return cls(initial=initial or None, prefix="cut")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from_year") is None and "from_year" not in self.errors:
            self.add_error("from_year", _("Give the first year of the cut."))
        weights = [data.get(f"to_step_{s}") for s in DESTINATION_STEPS]
        if None not in weights and abs(sum(w for w in weights if w is not None) - 1) > 1e-9:
            self.add_error("to_step_6", _("The weights on steps 4, 5 and 6 must add up to 1."))
        return data

    def to_cut(self, horizon: int) -> Cut | None:
        """The cut, or None without an amount; errors go to the form's fields."""
        data = self.cleaned_data
        if data.get("amount") is None:
            return None
        if data["from_year"] > horizon:
            self.add_error(
                "from_year",
                _("The scenario's horizon is %(horizon)s years: choose a year from 1 to it.")
                % {"horizon": horizon},
            )
            return None
        try:
            return Cut(
                amount=float(data["amount"]),
                from_year=data["from_year"],
                steps=tuple(data["steps"] or CUT_STEPS),
                escalation_share=data["escalation_share"],
                delay_years=data["delay_years"],
                stay_years=data["stay_years"],
                destination=tuple(data[f"to_step_{s}"] for s in DESTINATION_STEPS),
            )
        except InputError as exc:  # the form's own checks should have caught it first
            self.add_error(None, str(exc))
            return None
