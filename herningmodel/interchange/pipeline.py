"""The one import pipeline every KIND goes through (docs/import-formats.md).

A kind is a row schema (its columns, each with a parser) plus how a parsed row becomes the
fields of one model row. The pipeline does the rest the same way for every kind:

1. read the file (``csvfiles``), check the header, parse every cell and check every row —
   collecting *every* problem as file, row, column, value, message — before anything is written;
2. with any error, raise :class:`ImportFailed` and write nothing;
3. otherwise, in one transaction, match rows to existing ones by their key (the external id,
   or a natural key such as episode + month), create the new ones and update the changed ones
   in bulk, and record one audited ``data_imported`` event with the counts. A re-import of the
   same file finds every row unchanged and writes nothing but that event.

Bulk writes (not one service call per row) keep a 500,000-row file within minutes; the checks
the services would make are made here, row by row, before writing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.interchange import bulk
from herningmodel.interchange.cells import CellError, TypedCell
from herningmodel.interchange.columns import (  # noqa: F401 - the column types, for the kinds
    Context,
    Parser,
    amount,
    boolean,
    choice,
    date,
    integer,
    moment,
    ref,
    text,
)
from herningmodel.interchange.csvfiles import DEFAULT_MAX_BYTES, read_table
from herningmodel.interchange.tables import Cells, Detection, FileRefused, RowError, Table

# (stage, done, total): the command line shows it as a progress bar.
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 500
# Keys looked up per query when matching rows to existing ones (SQLite's variable limit).
LOOKUP_CHUNK = 900
WRITE_BATCH = 5000
# Distinct cells remembered per column (a column of unique ids stops being remembered here).
MEMO_LIMIT = 20_000


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError], detection: Detection | None = None) -> None:
        self.errors = errors
        self.detection = detection
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class Report:
    file: str
    detection: Detection
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def lines(self) -> list[str]:
        return [
            _("Read %(file)s: %(detected)s.")
            % {"file": self.file, "detected": self.detection.describe()},
            _("%(rows)s rows: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
            % {
                "rows": self.rows,
                "created": len(self.created),
                "updated": len(self.updated),
                "unchanged": self.unchanged,
            },
        ]


def read(path: Path | str) -> Table:
    """The file as a table, or :class:`ImportFailed` if it cannot be read as one."""
    max_bytes: int = getattr(settings, "HERNINGMODEL_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    try:
        return read_table(Path(path), max_bytes=max_bytes)
    except FileRefused as exc:
        raise ImportFailed([exc.error]) from exc


def check_header(table: Table, columns: Sequence[str], required: Iterable[str]) -> list[RowError]:
    """Missing required, unknown and repeated columns, as errors on row 1."""
    errors = []
    for column in required:
        if column not in table.header:
            errors.append(RowError(table.file, 1, column, "", _("The column is missing.")))
    for column in table.header:
        if column and column not in columns:
            errors.append(
                RowError(
                    table.file,
                    1,
                    column,
                    "",
                    _("Unknown column; the columns are: %(columns)s.")
                    % {"columns": ", ".join(columns)},
                )
            )
        elif table.header.count(column) > 1:
            errors.append(RowError(table.file, 1, column, "", _("The column appears twice.")))
    return list(dict.fromkeys(errors))


# ---------------------------------------------------------------- kinds


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = False
    # The value of an empty cell: "" for text columns, None otherwise.
    empty: Any = None


# build(values by column, ctx, error) -> model fields (and extras), or None after error(...)
Builder = Callable[[dict[str, Any], Context, Callable[[str, str], None]], "Built | None"]


@dataclass(slots=True)
class Built:
    # The model's fields by attribute name; held compactly (``Cells``) once the row is checked.
    fields: Mapping[str, Any]
    # Data kept outside the model's own columns (many-to-many links, scores …), compared too.
    extras: Any = None


def external_ids(model: type[models.Model]) -> dict[str, int]:
    """The primary key of every ``model`` row that has an external id, by that id.

    How a file names the rows of another kind (and a kind its own rows): a kind's ``load``
    keeps this in the context for a :func:`ref` column.
    """
    return dict(model._default_manager.exclude(external_id=None).values_list("external_id", "pk"))


def by_external_id(
    values: dict[str, Any],
    copy: Iterable[str] = (),
    links: Iterable[str] = (),
    *,
    extras: Any = None,
    **fields: Any,
) -> Built:
    """A checked row as the model row it creates or updates, matched by its external id.

    Most kinds name their model's fields by their columns: ``copy`` columns are stored as
    parsed, each ``links`` column (the primary key a :func:`ref` column found) goes to
    ``<column>_id``, and ``fields`` are what the kind worked out itself. The pipeline then
    looks the external id up among the existing rows and creates or updates in bulk.
    """
    row: dict[str, Any] = {"external_id": values["external_id"]}
    row.update({name: values[name] for name in copy})
    row.update({f"{name}_id": values[name] for name in links})
    row.update(fields)
    return Built(row, extras)


def kept_moment(
    model: type[models.Model], field: str
) -> tuple[
    Callable[[list[int]], dict[int, Any]], Callable[[list[tuple[int, Any]], Context, bool], None]
]:
    """``read_extras`` and ``write_extras`` for a moment the database sets to now on insert
    (``auto_now_add``): the imported moment is written after the row and compared as an extra,
    so when a row was saved survives a migration."""

    def read(pks: list[int]) -> dict[int, Any]:
        found: dict[int, Any] = {}
        for start in range(0, len(pks), LOOKUP_CHUNK):
            chunk = pks[start : start + LOOKUP_CHUNK]
            found.update(model._default_manager.filter(pk__in=chunk).values_list("pk", field))
        return found

    def write(rows: list[tuple[int, Any]], ctx: Context, fresh: bool) -> None:
        bulk.update(model, [field], [(pk, {field: value}) for pk, value in rows])

    return read, write


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    # Model fields that identify a row across imports, e.g. ("external_id",).
    key: tuple[str, ...]
    load: Callable[[Context], None]
    build: Builder
    # The column an error about the key is shown on.
    key_column: str = "external_id"
    # Extras of existing rows by pk, and writing the extras of (pk, extras) rows: ``fresh`` rows
    # were just created and have none yet, the others replace what they had.
    read_extras: Callable[[list[int]], dict[int, Any]] | None = None
    write_extras: Callable[[list[tuple[int, Any]], Context, bool], None] | None = None
    # Called with every row before writing (inside the transaction), e.g. to create a parent.
    prepare: Callable[[list[Built], Context], None] | None = None
    # Called with the pks of created and changed rows inside the transaction.
    after: Callable[[list[int], Context], None] | None = None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


@dataclass(slots=True)
class _Row:
    number: int
    key: tuple[Any, ...]
    label: str
    built: Built
    # Set when writing: the primary key of the row it updates (or just created), and the
    # fields it changes (None: unchanged).
    old_pk: int | None = None
    changed: list[str] | None = None


_CHECKED: tuple[int, Cells] = (0, Cells({}, ()))


def check(kind: Kind, table: Table, ctx: Context) -> tuple[list[_Row], list[RowError]]:
    """Every row parsed and checked (the table's rows are consumed), or every problem found."""
    errors = list(table.errors) + check_header(table, kind.column_names, kind.required)
    if any(e.row == 1 for e in errors):
        return [], errors
    ctx["convention"] = table.detection.convention
    kind.load(ctx)
    rows: list[_Row] = []
    seen: dict[tuple[Any, ...], int] = {}
    # By name: ``column in a_list`` compared whole Column dataclasses, field by field, for every
    # cell (a fifth of checking a 500,000-row file).
    present = {c.name for c in kind.columns if c.name in table.header}
    notify: Progress = ctx.get("progress") or (lambda stage, done, total: None)
    # A column's parsed values by cell: dates, codes and names repeat down a file, and one
    # parsed object per distinct cell is both faster and smaller than one per row. (Parsers
    # are pure functions of the cell and what the kind loaded; typed Excel cells are kept
    # apart from text with the same characters.)
    memos: dict[str, dict[tuple[bool, str], Any]] = {c.name: {} for c in kind.columns}
    indexes: dict[tuple[str, ...], dict[str, int]] = {}
    total = len(table.rows)
    for done in range(total):
        # Each row's cells are let go once checked, so a large file holds its text rows or its
        # checked rows, not both at once (memory is the larger of the two, not their sum).
        number, cells = table.rows[done]
        table.rows[done] = _CHECKED
        if done % PROGRESS_EVERY == 0:
            notify("checking", done, total)
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

        values: dict[str, Any] = {}
        ctx["row"] = number
        for column in kind.columns:
            raw = cells.get(column.name, "") if column.name in present else ""
            if not raw:
                if column.required:
                    error(column.name, _("A value is required."))
                values[column.name] = column.empty
                continue
            memo = memos[column.name]
            seen_as = (type(raw) is TypedCell, raw)
            if seen_as in memo:
                values[column.name] = memo[seen_as]
                continue
            try:
                value = values[column.name] = column.parse(raw, ctx)
            except CellError as exc:
                error(column.name, str(exc))
            else:
                if len(memo) < MEMO_LIMIT and not isinstance(value, list | dict | set):
                    memo[seen_as] = value
        if found:
            errors.extend(found)
            continue
        built = kind.build(values, ctx, error)
        if found or built is None:
            errors.extend(found)
            continue
        # A checked row waits for the write as a tuple with the kind's shared field index:
        # a dict per row was a third of a large import's memory.
        names = tuple(built.fields)
        index = indexes.get(names)
        if index is None:
            index = indexes[names] = {name: i for i, name in enumerate(names)}
        built.fields = Cells(index, tuple(built.fields.values()))
        key = tuple(built.fields[k] for k in kind.key)
        if key in seen:
            error(kind.key_column, _("The same key as row %(row)s.") % {"row": seen[key]})
            errors.extend(found)
            continue
        seen[key] = number
        label = " ".join(cells.get(c, "") for c in _key_columns(kind))
        rows.append(_Row(number, key, label, built))
    return rows, errors


def _key_columns(kind: Kind) -> list[str]:
    return [kind.key_column, *(k.removesuffix("_id") for k in kind.key[1:])]


def _in_chunks(kind: Kind, rows: list[_Row]) -> Iterator[list[_Row]]:
    """The rows in groups of at most ``LOOKUP_CHUNK`` distinct first keys (one query each)."""
    order = sorted(range(len(rows)), key=lambda i: str(rows[i].key[0]))
    chunk: list[_Row] = []
    firsts: set[Any] = set()
    for i in order:
        row = rows[i]
        if row.key[0] not in firsts and len(firsts) == LOOKUP_CHUNK:
            yield chunk
            chunk, firsts = [], set()
        firsts.add(row.key[0])
        chunk.append(row)
    if chunk:
        yield chunk


def _existing(
    kind: Kind, rows: list[_Row], *, only_pk: bool = False
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """The rows already in the database with the keys of ``rows`` (at most ``LOOKUP_CHUNK``
    distinct first keys), with the fields the file sets, or (``only_pk``) their keys only."""
    if not rows:
        return {}
    names = [] if only_pk else list(rows[0].built.fields)
    first = kind.key[0]
    firsts = {r.key[0] for r in rows}
    qs = kind.model._default_manager.filter(**{f"{first}__in": firsts}).order_by()
    return {
        tuple(record[k] for k in kind.key): record
        for record in qs.values("pk", *dict.fromkeys([*kind.key, *names]))
    }


def _compare(kind: Kind, rows: list[_Row]) -> None:
    """Set each row's ``old_pk`` and ``changed``, a chunk of rows at a time: the existing rows
    are read and compared per chunk, never all held at once (a re-import of 500,000 rows)."""
    for chunk in _in_chunks(kind, rows):
        existing = _existing(kind, chunk)
        extras = (
            kind.read_extras([r["pk"] for r in existing.values()])
            if kind.read_extras is not None
            else {}
        )
        for row in chunk:
            old = existing.get(row.key)
            if old is None:
                continue
            row.old_pk = old["pk"]
            changed = [n for n, v in row.built.fields.items() if old[n] != v]
            if changed or (
                kind.read_extras is not None and extras.get(old["pk"]) != row.built.extras
            ):
                row.changed = changed


def import_kind(
    kind: Kind,
    path: Path | str,
    *,
    actor: User | None,
    dry_run: bool = False,
    source: str = "",
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> Report:
    """Import the file as ``kind``; with ``dry_run`` only report what would change.

    Raises :class:`ImportFailed` with every error; nothing is written then.
    """
    table = read(path)
    notify: Progress = progress or (lambda stage, done, total: None)
    ctx = Context(progress=notify, today=today or timezone.localdate(), actor=actor, source=source)
    total = len(table.rows)
    rows, errors = check(kind, table, ctx)
    notify("checking", total, total)
    if errors:
        raise ImportFailed(errors, table.detection)
    report = Report(table.file, table.detection, rows=len(rows))
    label = None if actor is not None else "cli"
    try:
        with bulk.roomy_cache(), transaction.atomic():
            _write(kind, rows, report, ctx, notify)
            if dry_run:
                transaction.set_rollback(True)
            else:
                audit.record(
                    EventType.DATA_IMPORTED,
                    actor=actor,
                    actor_label=label,
                    source=source,
                    changes={
                        "kind": kind.name,
                        "file": table.file,
                        "detected": table.detection.describe(),
                        "rows": report.rows,
                        "created": len(report.created),
                        "updated": len(report.updated),
                        "unchanged": report.unchanged,
                    },
                )
    except IntegrityError as exc:
        # Every rule is checked per row first; this is the database's last word on one we missed.
        raise ImportFailed(
            [
                RowError(
                    table.file,
                    0,
                    "",
                    "",
                    _("The database refused the rows (%(problem)s); nothing was imported.")
                    % {"problem": exc},
                )
            ],
            table.detection,
        ) from exc
    return report


def _write(kind: Kind, rows: list[_Row], report: Report, ctx: Context, notify: Progress) -> None:
    if kind.prepare is not None:
        kind.prepare([r.built for r in rows], ctx)
    _compare(kind, rows)
    creates: list[_Row] = []
    updates: list[tuple[int, _Row, list[str]]] = []
    for row in rows:
        if row.old_pk is None:
            creates.append(row)
        elif row.changed is not None:
            updates.append((row.old_pk, row, row.changed))
        else:
            report.unchanged += 1
    model = kind.model
    done = 0
    for start in range(0, len(creates), WRITE_BATCH):
        batch = creates[start : start + WRITE_BATCH]
        bulk.insert(model, [r.built.fields for r in batch])
        report.created.extend(r.label for r in batch)
        done += len(batch)
        notify("writing", done, len(rows))
    created_pks: list[tuple[int, Any]] = []
    if creates and (kind.write_extras or kind.after):
        for chunk in _in_chunks(kind, creates):
            made = _existing(kind, chunk, only_pk=True)
            for row in chunk:
                row.old_pk = made[row.key]["pk"]
        created_pks = [(cast(int, r.old_pk), r.built.extras) for r in creates]
    changed_fields = sorted({n for _pk, _r, names in updates for n in names})
    bulk.update(model, changed_fields, [(pk, r.built.fields) for pk, r, _names in updates])
    report.updated.extend(r.label for _pk, r, _names in updates)
    updated_pks = [(pk, r.built.extras) for pk, r, _n in updates]
    touched = [*created_pks, *updated_pks]
    if kind.write_extras is not None:
        if created_pks:
            kind.write_extras(created_pks, ctx, True)
        if updated_pks:
            kind.write_extras(updated_pks, ctx, False)
    if kind.after is not None and touched:
        kind.after([pk for pk, _e in touched], ctx)
    notify("writing", len(rows), len(rows))
