"""The staff page's forms: they parse; access/changes.py and access/staffing.py decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from herningmodel.access.changes import LABELS, Change, ChangeArgs
from herningmodel.access.policy import RESEARCH_GROUP
from herningmodel.organisation.models import AreaTeam, Discipline, Role, StaffMember

REASON_HELP = _("Why the change is made. It is recorded in the audit trail.")


def _reason() -> forms.CharField:
    return forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
    )


class ChangeForm(forms.Form):
    change = forms.ChoiceField(label=_("Change"), choices=[(c.value, LABELS[c]) for c in Change])
    role = forms.ChoiceField(
        label=_("New role"), choices=[("", "—"), *Role.choices], required=False
    )
    team = forms.ModelChoiceField(
        label=_("Team to add"), queryset=AreaTeam.objects.all(), required=False
    )
    discipline = forms.ChoiceField(
        label=_("Discipline in the team"), choices=Discipline.choices, required=False
    )
    membership = forms.TypedChoiceField(
        label=_("Membership to end"), coerce=int, required=False, empty_value=None
    )
    group = forms.ChoiceField(label=_("Group"), required=False)
    reason = _reason()

    def __init__(self, *args: Any, staff: StaffMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        memberships = staff.memberships.filter(end__isnull=True).select_related("team")
        self.fields["membership"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (m.pk, f"{m.team.name} ({m.get_discipline_display()})") for m in memberships
        ]
        groups = sorted({RESEARCH_GROUP, *Group.objects.values_list("name", flat=True)})
        self.fields["group"].choices = [("", "—")] + [(g, g) for g in groups]  # type: ignore[attr-defined]

    def args(self) -> ChangeArgs:
        data = self.cleaned_data
        team = data.get("team")
        return ChangeArgs(
            role=data.get("role") or "",
            team=team.pk if team is not None else None,
            discipline=data.get("discipline") or Discipline.AUTHORITY_SOCIAL_WORKER,
            membership=data.get("membership"),
            group=data.get("group") or "",
        )


class EnrolForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    reason = _reason()


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is rejected"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
