from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from herningmodel.audit.models import EventType
from herningmodel.audit.search import range_error


class AuditSearchForm(forms.Form):
    child_id = forms.IntegerField(label=_("Child (id)"), required=False, min_value=1)
    person_id = forms.IntegerField(
        label=_("Adult (person id)"), required=False, min_value=1, max_value=2**53
    )
    username = forms.CharField(label=_("User name"), required=False, max_length=150)
    event_type = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("All"))] + list(EventType.choices)
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        error = range_error(data.get("date_from"), data.get("date_to"))
        if error is not None:
            self.add_error("date_to", error)
        return data
