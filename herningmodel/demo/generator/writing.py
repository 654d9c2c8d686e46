"""The writer's shared part: validation sample, bulk insert, progress, caseworker lookup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.db import models

from herningmodel.cases.models import (
    Case,
    ChildTalk,
    NetworkMeeting,
)
from herningmodel.demo.generator.params import Params
from herningmodel.demo.generator.records import History
from herningmodel.organisation.models import (
    AreaTeam,
    District,
    Municipality,
)
from herningmodel.staircase.models import InterventionType, Price

M = TypeVar("M", bound=models.Model)
Progress = Callable[[str, int, int], None]
DEMO_PASSWORD = "demo-herning"  # noqa: S105 - demo accounts only log in in demo mode
BATCH = 2000
STAGES = 28  # the tables written one after another, then the cost ledger (for progress bars)


def catalogue_for(params: Params) -> dict[str, tuple[int, str]]:
    """Active types with a price in force from the history's first day: code → (step, unit)."""
    priced = set(
        Price.objects.filter(
            valid_from__lte=params.start, provider__active=True, intervention_type__active=True
        ).values_list("intervention_type__code", flat=True)
    )
    return {
        code: (step, unit)
        for code, step, unit in InterventionType.objects.filter(code__in=priced).values_list(
            "code", "step__number", "unit"
        )
    }


class WriterBase:
    """Shared state and helpers of the table writers."""

    # Filled in as the tables are written; later tables refer to earlier rows by these.
    municipality: Municipality
    districts: list[District]
    teams: list[AreaTeam]
    user_ids: list[int]
    child_ids: dict[int, int]
    family: dict[int, tuple[str, str]]
    family_ids: dict[int, tuple[int, int]]  # (mother, grandparent) person ids per child
    first_worker: list[int]
    case_handovers: dict[int, list[tuple[dt.date, int]]]
    case_objs: list[Case]
    talk_objs: list[ChildTalk]
    meeting_objs: list[NetworkMeeting]

    def __init__(
        self, params: Params, history: History, *, validate: str, progress: Progress
    ) -> None:
        self.params = params
        self.h = history
        self.validate = validate  # "all" or "sample"
        self.progress = progress
        self.stage = 0
        self.rows = 0

    # ------------------------------------------------------------------ helpers

    def _check(self, objs: Sequence[models.Model], exclude: list[str] | None = None) -> None:
        """``full_clean()`` on every row, or on every 50th: field validators and each model's
        ``clean()``. Foreign keys, unique and check constraints are left to the database, which
        enforces them on insert (a violation fails the run and rolls everything back): checking
        them here costs a query per row."""
        if not objs:
            return
        skip = set(exclude or [])
        skip |= {f.name for f in objs[0]._meta.concrete_fields if f.is_relation}
        step = 1 if self.validate == "all" else max(1, len(objs) // 50)
        for obj in objs[::step]:
            obj.full_clean(exclude=sorted(skip), validate_unique=False, validate_constraints=False)

    def _create(
        self, label: str, objs: list[M], *, exclude: list[str] | None = None, check: bool = True
    ) -> list[M]:
        if check:
            self._check(objs, exclude)
        model = type(objs[0]) if objs else None
        created = model._default_manager.bulk_create(objs, batch_size=BATCH) if model else []
        self.rows += len(created)
        self.stage += 1
        self.progress(label, self.stage, STAGES)
        return created

    def _worker_on(self, case: int, day: dt.date) -> int:
        """The user id of the case's caseworker on a day (handovers change it)."""
        worker = self.first_worker[case]
        for on, to in self.case_handovers.get(case, []):
            if on <= day:
                worker = to
        return self.user_ids[worker]

    # ------------------------------------------------------------------ the run
