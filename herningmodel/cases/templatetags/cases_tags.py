"""Translated names for the deadline rules' kinds and states (the rules stay free of Django)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

KIND_LABELS = {
    "acute_24h": _("24-hour assessment of the notification"),
    "receipt": _("Receipt to the notifier"),
    "assessment": _("Child assessment (4 months)"),
    "plan": _("Child's plan"),
    "plan_choice": _("Choice whether to make a plan (§ 32)"),
    "follow_up": _("Follow-up"),
}

STATE_LABELS = {
    "met": _("Met"),
    "met_late": _("Met late"),
    "upcoming": _("Upcoming"),
    "due_soon": _("Due soon"),
    "overdue": _("Overdue"),
}


@register.filter
def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(str(kind), kind))


@register.filter
def state_label(state: str) -> str:
    return str(STATE_LABELS.get(str(state), state))
