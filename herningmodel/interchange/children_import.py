"""Importing children from another system's extract (KIND ``children``; docs/import-formats.md).

Every row is read and checked before anything is written, and every problem is reported with
its file, row, column and value. Changed children go through ``people.services``; new ones are
created in bulk with the same model validation and one ``create`` audit event each, as
``people.services.create_child`` would write them (one child at a time took most of a large
import). All of it is one transaction; if any row fails there too, the transaction is rolled
back and nothing is left behind. Children are
matched by ``external_id``: re-importing a file changes nothing, a corrected file updates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from herningmodel import validation
from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.interchange import bulk
from herningmodel.interchange.cells import CellError, parse_date
from herningmodel.interchange.csvfiles import DEFAULT_MAX_BYTES, read_table
from herningmodel.interchange.pipeline import (
    PROGRESS_EVERY,
    ImportFailed,
    Progress,
    Report,
    check_header,
    external_ids,
)
from herningmodel.interchange.tables import Cells, FileRefused, RowError, Table
from herningmodel.organisation.models import AreaTeam, District
from herningmodel.people import cpr as cprs
from herningmodel.people import services
from herningmodel.people.models import Child, Household
from herningmodel.validation import birth_date_problem, expected_birth_date_problem

REQUIRED = ("external_id", "first_name", "last_name", "district", "area_team")
OPTIONAL = ("cpr", "birth_date", "expected_birth_date", "household")
COLUMNS = REQUIRED + OPTIONAL
MAX_LENGTHS = {"external_id": 64, "first_name": 100, "last_name": 100}
# Model field → the file's column, for errors raised by the model's own validation.
FIELD_COLUMNS = {
    "district_id": "district",
    "area_team_id": "area_team",
    "is_unborn": "expected_birth_date",
    "__all__": "",
}


# The fields a new child is created with (besides its external id and household).
CREATED_FIELDS = tuple(f.name for f in dataclass_fields(services.ChildData))
CREATE_BATCH = 5000


@dataclass(frozen=True)
class _Row:
    number: int
    external_id: str
    data: services.ChildData
    # The household's pk (named by its external id in the file), kept outside ChildData.
    household_id: int | None = None


# ---------------------------------------------------------------- checking


def _check_columns(table: Table) -> list[RowError]:
    """The shared header rules, plus: a child's birth needs one of three columns."""
    errors = check_header(table, COLUMNS, REQUIRED)
    if "birth_date" not in table.header and "expected_birth_date" not in table.header:
        if "cpr" not in table.header:
            errors.append(
                RowError(
                    table.file,
                    1,
                    "birth_date",
                    "",
                    _("Give a birth_date, cpr or expected_birth_date column."),
                )
            )
    return errors


def check(table: Table, *, today: dt.date) -> tuple[list[_Row], list[RowError]]:
    """Every row as ChildData, or every problem found; reads the organisation, writes nothing."""
    errors = list(table.errors) + _check_columns(table)
    if any(e.row == 1 for e in errors):
        return [], errors
    districts = {d.name: d for d in District.objects.all()}
    teams = {t.name: t for t in AreaTeam.objects.select_related("district")}
    households = external_ids(Household)
    seen: dict[str, int] = {}
    seen_cpr: dict[str, int] = {}
    # CPR numbers already known, with the external id of their child (None if not imported).
    known_cpr = dict(Child.objects.exclude(cpr=None).values_list("cpr", "external_id"))
    rows: list[_Row] = []

    for number, cells in table.rows:
        found: list[RowError] = []

        def error(
            column: str,
            message: str,
            *,
            number: int = number,
            cells: Cells = cells,
            found: list[RowError] = found,
        ) -> None:
            found.append(RowError(table.file, number, column, cells.get(column, ""), message))

        for column in REQUIRED:
            if not cells.get(column):
                error(column, _("A value is required."))
        for column, limit in MAX_LENGTHS.items():
            if len(cells.get(column, "")) > limit:
                error(column, _("At most %(limit)s characters.") % {"limit": limit})
        external_id = str(cells.get("external_id", ""))
        if external_id in seen:
            error(
                "external_id",
                _("The same external id as row %(row)s.") % {"row": seen[external_id]},
            )
        elif external_id:
            seen[external_id] = number

        cpr = str(cells.get("cpr", "")) or None
        cpr_birth: dt.date | None = None
        if cpr:
            try:
                cprs.validate_cpr(cpr)
                compact = cprs.normalise(cpr)
                cpr = f"{compact[:6]}-{compact[6:]}"
                cpr_birth = cprs.birth_date(cpr)
            except ValidationError as exc:
                error("cpr", " ".join(exc.messages))
            else:
                if cpr in seen_cpr:
                    error("cpr", _("The same CPR number as row %(row)s.") % {"row": seen_cpr[cpr]})
                seen_cpr.setdefault(cpr, number)
                if cpr in known_cpr and known_cpr[cpr] != external_id:
                    error("cpr", _("Another child already has this CPR number."))
        dates: dict[str, dt.date | None] = {}
        for column in ("birth_date", "expected_birth_date"):
            text = cells.get(column, "")
            dates[column] = None
            if text:
                try:
                    dates[column] = parse_date(text, table.detection.convention)
                except CellError as exc:
                    error(column, str(exc))
        birth, expected = dates["birth_date"], dates["expected_birth_date"]
        # The same rules as the form and the API (``validation``), named by column here.
        if birth is not None and (problem := birth_date_problem(birth, today=today)):
            error("birth_date", problem[1])
        elif cpr_birth is not None and (problem := birth_date_problem(cpr_birth, today=today)):
            error("cpr", problem[1])
        if birth is not None and cpr_birth is not None and birth != cpr_birth:
            error("birth_date", _("The birth date does not match the CPR number."))
        unborn = expected is not None and birth is None and not cpr
        if (
            unborn
            and expected is not None
            and (problem := expected_birth_date_problem(expected, today=today))
        ):
            error("expected_birth_date", problem[1])
        if expected is not None and not unborn:
            error(
                "expected_birth_date",
                _("A child with a birth date or CPR number has no expected birth date."),
            )
        if (
            not unborn
            and birth is None
            and not cpr
            and not any(e.column in ("cpr", "birth_date", "expected_birth_date") for e in found)
        ):
            error("birth_date", _("Give a birth date, a CPR number or an expected birth date."))

        district = districts.get(cells.get("district", ""))
        team = teams.get(cells.get("area_team", ""))
        if cells.get("district") and district is None:
            error("district", _("No district has this name."))
        if cells.get("area_team") and team is None:
            error("area_team", _("No area team has this name."))
        if district is not None and team is not None and team.district_id != district.pk:
            error("area_team", _("The area team does not serve this district."))
        household = households.get(cells.get("household", ""))
        if cells.get("household") and household is None:
            error(
                "household",
                _("No household has this external id; import the households first."),
            )

        if found or district is None or team is None:
            errors.extend(found)
            continue
        rows.append(
            _Row(
                number,
                external_id,
                services.ChildData(
                    first_name=str(cells["first_name"]),
                    last_name=str(cells["last_name"]),
                    district_id=district.pk,
                    area_team_id=team.pk,
                    cpr=cpr,
                    birth_date=birth or cpr_birth,
                    is_unborn=unborn,
                    expected_birth_date=expected,
                ),
                household,
            )
        )
    return rows, errors


# ---------------------------------------------------------------- writing


def _unchanged(child: Child, data: services.ChildData) -> bool:
    return all(getattr(child, name) == value for name, value in vars(data).items())


def _create_all(
    file: str,
    rows: list[_Row],
    households: bool,
    *,
    actor: User | None,
    source: str,
    label: str | None,
) -> list[RowError]:
    """Create the new children in bulk, each checked and audited as ``create_child`` would.

    Every child gets the model's own field and cross-field validation (``clean_fields`` and
    ``clean``, as ``full_clean`` in the service); the uniqueness of external ids and CPR numbers
    was checked against the file and the database by :func:`check`. Then the rows are inserted
    with one prepared statement and one ``create`` audit event is chained per child.
    """
    if not rows:
        return []
    districts = {d.pk: d for d in District.objects.all()}
    teams = {t.pk: t for t in AreaTeam.objects.all()}
    errors: list[RowError] = []
    values: list[dict[str, Any]] = []
    for row in rows:
        child = Child(external_id=row.external_id)
        services.apply_data(child, row.data)
        # The objects themselves, so that ``clean`` compares team and district without a query.
        child.district = districts[row.data.district_id]
        child.area_team = teams[row.data.area_team_id]
        try:
            child.clean_fields()
            child.clean()
        except ValidationError as exc:
            errors.extend(_model_errors(file, row, exc))
            continue
        values.append(
            {
                "external_id": row.external_id,
                **{name: getattr(child, name) for name in CREATED_FIELDS},
                "household_id": row.household_id if households else None,
            }
        )
    if errors:
        return errors
    for start in range(0, len(values), CREATE_BATCH):
        bulk.insert(Child, values[start : start + CREATE_BATCH])
    made = dict(
        Child.objects.filter(external_id__in=[r.external_id for r in rows]).values_list(
            "external_id", "pk"
        )
    )
    events = []
    for fields in values:
        child = Child(pk=made[fields["external_id"]], **fields)
        events.append((child.pk, child, {"new": services.snapshot(child)}))
    audit.record_each(EventType.CREATE, events, actor=actor, source=source, actor_label=label)
    return []


def _set_households(moves: dict[int, int | None]) -> None:
    """Put children (pk → household pk) in their households, one query per household."""
    by_household: dict[int | None, list[int]] = {}
    for child, household in moves.items():
        by_household.setdefault(household, []).append(child)
    for household, children in by_household.items():
        Child.objects.filter(pk__in=children).update(household_id=household)


def _model_errors(file: str, row: _Row, exc: ValidationError) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError(file, row.number, "", "", " ".join(exc.messages))]
    found = []
    for name, messages in exc.message_dict.items():
        column = FIELD_COLUMNS.get(name, name)
        value = getattr(row.data, name, "") if name != "external_id" else row.external_id
        found.append(RowError(file, row.number, column, str(value or ""), " ".join(messages)))
    return found


def import_children(
    path: Path | str,
    *,
    actor: User | None,
    dry_run: bool = False,
    source: str = "",
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> Report:
    """Import the file, or with ``dry_run`` only report what would change.

    Raises :class:`ImportFailed` with every error; nothing is written then.
    """
    path = Path(path)
    max_bytes: int = getattr(settings, "HERNINGMODEL_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    try:
        table = read_table(path, max_bytes=max_bytes)
    except FileRefused as exc:
        raise ImportFailed([exc.error]) from exc
    notify: Progress = progress or (lambda stage, done, total: None)
    notify("checking", 0, len(table.rows))
    day = today or timezone.localdate()
    rows, errors = check(table, today=day)
    if errors:
        raise ImportFailed(errors, table.detection)
    report = Report(table.file, table.detection, rows=len(rows))
    label = None if actor is not None else "cli"
    # The model's own checks (a child's plausible dates) as on the import's day, too.
    with transaction.atomic(), validation.as_of(day):
        existing = {
            c.external_id: c
            for c in Child.objects.filter(external_id__in=[r.external_id for r in rows])
        }
        # Without a household column, the children's households are left as they are.
        households = "household" in table.header
        moves: dict[int, int | None] = {}
        new_rows: list[_Row] = []
        for done, row in enumerate(rows):
            if done % PROGRESS_EVERY == 0:
                notify("writing", done, len(rows))
            child = existing.get(row.external_id)
            if child is None:
                new_rows.append(row)
                continue
            try:
                if _unchanged(child, row.data):
                    if households and child.household_id != row.household_id:
                        moves[child.pk] = row.household_id
                        report.updated.append(row.external_id)
                    else:
                        report.unchanged += 1
                else:
                    if households and child.household_id != row.household_id:
                        moves[child.pk] = row.household_id
                    services.update_child(
                        child, row.data, actor=actor, source=source, actor_label=label
                    )
                    report.updated.append(row.external_id)
            except ValidationError as exc:
                errors.extend(_model_errors(table.file, row, exc))
        errors.extend(
            _create_all(table.file, new_rows, households, actor=actor, source=source, label=label)
        )
        report.created.extend(r.external_id for r in new_rows)
        _set_households(moves)
        notify("writing", len(rows), len(rows))
        if errors:
            transaction.set_rollback(True)
        elif dry_run:
            transaction.set_rollback(True)
        else:
            # Every import is audited, also one that changed nothing: someone ran it.
            audit.record(
                EventType.DATA_IMPORTED,
                actor=actor,
                actor_label=label,
                source=source,
                changes={
                    "kind": "children",
                    "file": table.file,
                    "detected": table.detection.describe(),
                    "rows": report.rows,
                    "created": len(report.created),
                    "updated": len(report.updated),
                    "unchanged": report.unchanged,
                },
            )
    if errors:
        raise ImportFailed(errors, table.detection)
    return report
