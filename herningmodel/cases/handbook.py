"""The quality handbook's current guidance for a step of the process."""

from __future__ import annotations

from herningmodel.cases.models import HandbookEntry


def guidance_for(step: str) -> HandbookEntry | None:
    return HandbookEntry.objects.filter(step=step).order_by("-version").first()
