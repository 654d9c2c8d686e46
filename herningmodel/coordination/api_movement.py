"""Movement per core task across families in the API: the same table as the page, hidden cells
as null with ``hidden`` true (``coordination.movement``; disclosure control for everyone)."""

from __future__ import annotations

from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from pydantic import BaseModel, Field

from herningmodel.coordination.api_common import READ
from herningmodel.coordination.models import CoreTask
from herningmodel.coordination.movement_data import year_table
from herningmodel.coordination.prototype_views import can_view

router = Router(tags=["coordination"])


class MovementCellOut(BaseModel):
    core_task: str
    hidden: bool = Field(description="About 1–4 children, or one they could be worked out from.")
    families: int | None
    mean_movement: float | None = Field(description="Mean of last − first score in the year.")


class MovementRowOut(BaseModel):
    district: str | None = Field(description="null for the total over all districts")
    cells: list[MovementCellOut]


class MovementQuery(BaseModel):
    year: Annotated[int, Field(ge=2000, le=2100)] | None = None


@router.get("/movement/core-tasks", response={200: list[MovementRowOut], **READ})
def movement_across_families(
    request: HttpRequest, query: Query[MovementQuery]
) -> list[MovementRowOut]:
    """Movement per core task by district for a year (default: this year)."""
    if not can_view(request.user):
        raise Http404
    year = query.year or timezone.localdate().year
    tasks = [t.value for t in CoreTask]
    rows = year_table(year, _("All districts"))
    return [
        MovementRowOut(
            district=None if row.total else row.label,
            cells=[
                MovementCellOut(
                    core_task=task,
                    hidden=cell.hidden,
                    families=None if cell.hidden else cell.families,
                    mean_movement=cell.mean,
                )
                for task, cell in zip(tasks, row.cells, strict=True)
            ],
        )
        for row in rows
    ]
