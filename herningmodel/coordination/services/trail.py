"""Audit for coordination: one event per child of the family, so "who saw this child" finds it."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.cases.services.errors import plain
from herningmodel.coordination.models import FamilyCoordination


def family_event(
    event: EventType,
    coordination: FamilyCoordination,
    obj: Model,
    *,
    actor: Any,
    source: str,
    **changes: Any,
) -> None:
    child_ids: list[int | None] = list(
        coordination.household.children.values_list("pk", flat=True)
    ) or [None]
    values = {"coordination": coordination.pk, **{k: plain(v) for k, v in changes.items()}}
    for child_id in child_ids:
        audit.record(event, actor=actor, child_id=child_id, obj=obj, source=source, changes=values)
