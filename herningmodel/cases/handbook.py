"""The quality handbook: the municipality's current guidance for each step of the process.

Shared by the handbook page, the guidance shown beside each case-work form and
``/api/handbook``; writing a new version is ``services.write_handbook_entry``.
"""

from __future__ import annotations

from typing import Any

from herningmodel.access.policy import Perm, has_perm
from herningmodel.cases.models import HandbookEntry, ProcessStep


def may_read(user: Any) -> bool:
    """Everyone who works on cases reads it; the managers who write it do too."""
    return has_perm(user, Perm.EDIT_HANDBOOK) or has_perm(user, Perm.VIEW_CHILD)


def may_edit(user: Any) -> bool:
    return has_perm(user, Perm.EDIT_HANDBOOK)


def guidance_for(step: str) -> HandbookEntry | None:
    return HandbookEntry.objects.filter(step=step).order_by("-version").first()


def current_guidance() -> list[tuple[str, str, HandbookEntry | None]]:
    """Every step of the process in order, with its label and newest entry (or None)."""
    latest: dict[str, HandbookEntry] = {}
    for entry in HandbookEntry.objects.order_by("step", "version").select_related("written_by"):
        latest[entry.step] = entry
    return [(value, str(label), latest.get(value)) for value, label in ProcessStep.choices]
