"""Management supervision (ledelsestilsyn) and the quality handbook."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.cases.models import (
    Case,
    CaseStatus,
    ChecklistItem,
    HandbookEntry,
    ProcessStep,
    Supervision,
    SupervisionFinding,
)
from herningmodel.cases.services.errors import Errors, user_id


def draw_sample(case_ids: list[int], size: int, seed: int) -> list[int]:
    """A reproducible random sample: the same seed and cases give the same sample."""
    ordered = sorted(case_ids)
    return sorted(random.Random(seed).sample(ordered, min(size, len(ordered))))  # noqa: S311


def draw_supervision(
    *,
    actor: User,
    worker: User,
    drawn_on: dt.date,
    sample_size: int,
    seed: int | None = None,
    source: str,
) -> Supervision:
    errors = Errors()
    if not 1 <= sample_size <= 50:
        errors.add("sample_size", _("Draw between 1 and 50 cases."), "out_of_range")
    errors.not_future("drawn_on", drawn_on, _("The date cannot be in the future."))
    open_ids = list(
        Case.objects.filter(caseworker_id=user_id(worker), status=CaseStatus.OPEN).values_list(
            "pk", flat=True
        )
    )
    if not open_ids:
        errors.add("worker", _("The caseworker has no open cases."), "no_cases")
    errors.raise_if_any()
    seed = seed if seed is not None else secrets.randbits(48)
    sample = draw_sample(open_ids, sample_size, seed)
    with transaction.atomic():
        supervision = Supervision.objects.create(
            leader_id=user_id(actor), worker_id=user_id(worker), drawn_on=drawn_on, seed=seed
        )
        supervision.cases.set(sample)
        audit.record(
            EventType.CREATE,
            actor=actor,
            obj=supervision,
            source=source,
            changes={"worker": worker.pk, "cases": sample, "seed": seed},
        )
    return supervision


def record_findings(
    *,
    actor: User,
    supervision: Supervision,
    case: Case,
    answers: Mapping[str, tuple[bool, str]],
    source: str,
) -> list[SupervisionFinding]:
    """Answers per checklist item code: (fulfilled, note). Every active item is answered."""
    errors = Errors()
    if not supervision.cases.filter(pk=case.pk).exists():
        errors.add("case", _("The case is not in this sample."), "not_in_sample")
    items = {i.code: i for i in ChecklistItem.objects.filter(active=True)}
    for code in items.keys() - answers.keys():
        errors.add(f"answers.{code}", _("Answer every question."), "required")
    for code in answers.keys() - items.keys():
        errors.add(f"answers.{code}", _("Unknown checklist item."), "unknown_item")
    errors.raise_if_any()
    with transaction.atomic():
        SupervisionFinding.objects.filter(supervision=supervision, case=case).delete()
        findings = SupervisionFinding.objects.bulk_create(
            SupervisionFinding(
                supervision=supervision,
                case=case,
                item=items[code],
                fulfilled=fulfilled,
                note=note,
            )
            for code, (fulfilled, note) in sorted(answers.items())
        )
        audit.record(
            EventType.UPDATE,
            actor=actor,
            child_id=case.child_id,
            obj=supervision,
            source=source,
            changes={"findings": {c: a[0] for c, a in answers.items()}},
        )
    return findings


def write_handbook_entry(*, actor: User, step: str, text: str, source: str) -> HandbookEntry:
    """A new version; earlier versions stay, so one can see what the guidance said when."""
    errors = Errors()
    if step not in ProcessStep.values:
        errors.add("step", _("Unknown step."), "invalid_choice")
    if not text.strip():
        errors.add("text", _("This field is required."), "required")
    errors.raise_if_any()
    with transaction.atomic():
        # Two managers saving at the same moment collide on the unique (step, version).
        latest = HandbookEntry.objects.filter(step=step).aggregate(v=Max("version"))["v"]
        entry = HandbookEntry.objects.create(
            step=step, version=(latest or 0) + 1, text=text, written_by_id=user_id(actor)
        )
        audit.record(
            EventType.CREATE,
            actor=actor,
            obj=entry,
            source=source,
            changes={"step": step, "version": entry.version},
        )
    return entry
