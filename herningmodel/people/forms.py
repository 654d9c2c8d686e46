"""The child form validates through the model, so forms, API and imports share every rule."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from herningmodel.organisation.models import AreaTeam, District
from herningmodel.people.models import Child


class ChildForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Child
        fields = [
            "first_name",
            "last_name",
            "cpr",
            "birth_date",
            "is_unborn",
            "expected_birth_date",
            "district",
            "area_team",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expected_birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: object, teams: list[int] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        district_field = self.fields["district"]
        team_field = self.fields["area_team"]
        assert isinstance(district_field, forms.ModelChoiceField)
        assert isinstance(team_field, forms.ModelChoiceField)
        if teams is not None:
            team_field.queryset = AreaTeam.objects.filter(pk__in=teams)
            district_field.queryset = District.objects.filter(teams__in=teams).distinct()
        team_field.error_messages["invalid_choice"] = _("Choose one of your own area teams.")
        district_field.error_messages["invalid_choice"] = _("Unknown district.")
        # Django 5.2 marks invalid fields (aria-invalid) and points aria-describedby at the
        # help and error ids that portal/field.html renders.
