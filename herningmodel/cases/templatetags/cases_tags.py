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

NOTE_LABELS = {
    "preliminary assessment recorded": _("preliminary assessment recorded"),
    "preliminary assessment missing": _("preliminary assessment missing"),
    "first follow-up at the end of the parallel assessment": _(
        "first follow-up at the end of the parallel assessment"
    ),
    "interval capped at the legal maximum of 6 months": _(
        "interval capped at the legal maximum of 6 months"
    ),
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


@register.filter
def note_label(note: str) -> str:
    return str(NOTE_LABELS.get(note, note))
