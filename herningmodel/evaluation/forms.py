"""The research-extract form: the approved study, the period, the columns and the format."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from herningmodel.evaluation.extract import COLUMNS
from herningmodel.validation import no_nul

#: What each column holds, in the user's language (the data dictionary itself is English,
#: as the file's column names are).
COLUMN_LABELS = {
    "child": _("Pseudonym of the child (HMAC, new key per extract)"),
    "birth_month": _("Birth year and month"),
    "district": _("School district"),
    "district_status": _("District's status (pilot or control)"),
    "district_model_start": _("Month the district started working by the model"),
    "step": _("Step on the staircase (1–6)"),
    "intervention_type": _("Intervention type (code)"),
    "start_month": _("Month the intervention started"),
    "end_month": _("Month it ended"),
    "end_reason": _("Why it ended (code)"),
}

month = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("Write the month as YYYY-MM."))


class MonthInput(forms.TextInput):
    input_type = "month"


class ExtractForm(forms.Form):
    purpose = forms.CharField(
        label=_("Purpose: the study the DPO approved"),
        max_length=500,
        validators=[no_nul],
        help_text=_("Kept in the audit trail with the extract."),
    )
    first_month = forms.CharField(
        label=_("From month"), validators=[month], widget=MonthInput, help_text=_("YYYY-MM")
    )
    last_month = forms.CharField(
        label=_("To month"), validators=[month], widget=MonthInput, help_text=_("YYYY-MM")
    )
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        choices=[(name, f"{name}: {COLUMN_LABELS[name]}") for name, _kind, _m in COLUMNS],
        widget=forms.CheckboxSelectMultiple,
        initial=[name for name, _kind, _m in COLUMNS],
        help_text=_("One row per intervention episode running in the period."),
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("csv", "CSV"), ("xlsx", "Excel (xlsx)")],
        widget=forms.RadioSelect,
        initial="csv",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_month"), data.get("last_month")
        if first and last:
            start = dt.date(int(first[:4]), int(first[5:]), 1)
            year, number = int(last[:4]), int(last[5:])
            end = dt.date(year, number, calendar.monthrange(year, number)[1])
            if end < start:
                self.add_error("last_month", _("The last month is before the first."))
            else:
                data["period"] = (start, end)
        return data
