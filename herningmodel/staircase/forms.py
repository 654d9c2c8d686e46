"""The controller's price form; the service does the real validation (shared with the API)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from herningmodel.staircase.models import InterventionType, Provider


class PriceForm(forms.Form):
    intervention_type = forms.ModelChoiceField(
        label=_("Intervention type"),
        queryset=InterventionType.objects.select_related("step"),
        to_field_name="code",
    )
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Provider.objects.all())
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    amount = forms.DecimalField(
        label=_("Price (kr)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        help_text=_("In the type's unit of charge, e.g. per day or per hour."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["amount"].error_messages["min_value"] = _("A price cannot be negative.")
        # Django 5.2 marks invalid fields (aria-invalid) and points aria-describedby at the
        # help and error ids that portal/field.html renders.
