"""Import kinds for management supervision (ledelsestilsyn) and the quality handbook.

A supervision is the sample of one caseworker's cases a team leader drew (with its seed, so the
sample can be drawn again) and the follow-up actions; its findings answer the checklist per
sampled case. The checklist is the municipality's own (every installation starts with a
default), named by code. A handbook entry is one version of the guidance for a step of the case
process, named by step and version (a save adds a version, earlier ones stay), and keeps when it
was written.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from herningmodel.cases.models import (
    ChecklistItem,
    HandbookEntry,
    ProcessStep,
    Supervision,
    SupervisionFinding,
)
from herningmodel.interchange.kinds_casework import (
    CASE,
    EXTERNAL_ID,
    LONG_TEXT,
    load_cases,
)
from herningmodel.interchange.kinds_organisation import (
    USER,
    Error,
    load_organisation,
    text_column,
)
from herningmodel.interchange.pipeline import (
    LOOKUP_CHUNK,
    Built,
    Column,
    Context,
    Kind,
    boolean,
    by_external_id,
    choice,
    date,
    external_ids,
    integer,
    kept_moment,
    moment,
    ref,
)

SUPERVISION = ref(
    "supervisions",
    gettext_lazy("No supervision has this external id; import the supervisions first."),
)
ITEM = ref(
    "checklist",
    gettext_lazy("No checklist item has this code; import the checklist items first."),
)
SEED_MAX = 2**63 - 1


# ---------------------------------------------------------------- the checklist


def _build_item(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    code = values["code"]
    if not code.replace("-", "").replace("_", "").isalnum() or not code.isascii():
        error("code", _("A code is letters, digits, - and _ only."))
        return None
    return Built(
        {
            "code": code,
            "text": values["text"],
            "active": values["active"] is not False,
            "position": values["position"] or 0,
        }
    )


CHECKLIST_ITEMS = Kind(
    name="checklist_items",
    model=ChecklistItem,
    columns=(
        text_column("code", 50, required=True),
        text_column("text", 300, required=True),
        Column("active", boolean),
        Column("position", integer(0, 32767)),
    ),
    key=("code",),
    key_column="code",
    load=lambda ctx: None,
    build=_build_item,
)


# ---------------------------------------------------------------- supervisions


def _case_ids(text: str, ctx: Context, error: Error) -> tuple[int, ...] | None:
    ids = []
    for part in filter(None, (p.strip() for p in text.split("|"))):
        if part not in ctx["cases"]:
            error("cases", _("No case has the external id %(id)s.") % {"id": part})
            return None
        ids.append(ctx["cases"][part])
    return tuple(sorted(set(ids)))


def _build_supervision(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    due = values["actions_due_on"]
    if due is not None and due < values["drawn_on"]:
        error("actions_due_on", _("The actions are due before the sample was drawn."))
        return None
    cases = _case_ids(values["cases"], ctx, error)
    if cases is None:
        return None
    return by_external_id(
        values,
        ("drawn_on", "seed", "actions", "actions_due_on"),
        ("leader", "worker"),
        extras=cases,
    )


def _read_sample(pks: list[int]) -> dict[int, Any]:
    found: dict[int, list[int]] = {pk: [] for pk in pks}
    through = Supervision.cases.through.objects
    for start in range(0, len(pks), LOOKUP_CHUNK):
        chunk = pks[start : start + LOOKUP_CHUNK]
        for supervision, case in through.filter(supervision_id__in=chunk).values_list(
            "supervision_id", "case_id"
        ):
            found[supervision].append(case)
    return {pk: tuple(sorted(cases)) for pk, cases in found.items()}


def _write_sample(rows: list[tuple[int, Any]], ctx: Context, fresh: bool) -> None:
    through = Supervision.cases.through
    pks = [pk for pk, _cases in rows]
    for start in range(0 if not fresh else len(pks), len(pks), LOOKUP_CHUNK):
        through.objects.filter(supervision_id__in=pks[start : start + LOOKUP_CHUNK]).delete()
    through.objects.bulk_create(
        [through(supervision_id=pk, case_id=case) for pk, cases in rows for case in cases],
        batch_size=1000,
    )


SUPERVISIONS = Kind(
    name="supervisions",
    model=Supervision,
    columns=(
        EXTERNAL_ID,
        Column("leader", USER, required=True),
        Column("worker", USER, required=True),
        Column("drawn_on", date, required=True),
        Column("seed", integer(0, SEED_MAX), required=True),
        text_column("cases", LONG_TEXT),
        text_column("actions", LONG_TEXT),
        Column("actions_due_on", date),
    ),
    key=("external_id",),
    load=load_cases,
    build=_build_supervision,
    read_extras=_read_sample,
    write_extras=_write_sample,
)


# ---------------------------------------------------------------- findings


def _load_findings(ctx: Context) -> None:
    load_cases(ctx)
    ctx["supervisions"] = external_ids(Supervision)
    ctx["checklist"] = dict(ChecklistItem.objects.values_list("code", "pk"))
    ctx["sampled"] = set(Supervision.cases.through.objects.values_list("supervision_id", "case_id"))


def _build_finding(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    if (values["supervision"], values["case"]) not in ctx["sampled"]:
        error("case", _("The case is not in this sample."))
        return None
    return Built(
        {
            "supervision_id": values["supervision"],
            "case_id": values["case"],
            "item_id": values["item"],
            "fulfilled": values["fulfilled"],
            "note": values["note"],
        }
    )


SUPERVISION_FINDINGS = Kind(
    name="supervision_findings",
    model=SupervisionFinding,
    columns=(
        Column("supervision", SUPERVISION, required=True),
        Column("case", CASE, required=True),
        Column("item", ITEM, required=True),
        Column("fulfilled", boolean, required=True),
        text_column("note", LONG_TEXT),
    ),
    key=("supervision_id", "case_id", "item_id"),
    key_column="supervision",
    load=_load_findings,
    build=_build_finding,
)


# ---------------------------------------------------------------- the quality handbook


def _build_entry(values: dict[str, Any], ctx: Context, error: Error) -> Built | None:
    return Built(
        {
            "step": values["step"],
            "version": values["version"],
            "text": values["text"],
            "written_by_id": values["written_by"],
        },
        extras=values["written_at"],
    )


_read_written, _write_written = kept_moment(HandbookEntry, "written_at")

HANDBOOK = Kind(
    name="handbook",
    model=HandbookEntry,
    columns=(
        Column("step", choice(ProcessStep), required=True, empty=""),
        Column("version", integer(1, 1_000_000), required=True),
        text_column("text", LONG_TEXT, required=True),
        Column("written_by", USER, required=True),
        Column("written_at", moment, required=True),
    ),
    key=("step", "version"),
    key_column="step",
    load=load_organisation,
    build=_build_entry,
    read_extras=_read_written,
    write_extras=_write_written,
)

KINDS: tuple[Kind, ...] = (CHECKLIST_ITEMS, SUPERVISIONS, SUPERVISION_FINDINGS, HANDBOOK)
