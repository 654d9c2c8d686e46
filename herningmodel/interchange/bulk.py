"""Writing many model rows fast: one prepared INSERT or UPDATE run with ``executemany``.

Django's ``bulk_create`` builds one multi-row statement per batch and re-parses every value
through the SQL compiler; for a 500,000-row import that was most of the time. Here each row is
a model instance (so defaults and ``auto_now_add`` apply as usual), its values are prepared by
the fields themselves where the type needs it (dates, decimals, booleans …) and passed through
where the driver takes them as they are (text, whole numbers, foreign-key ids). The statement
text is built from the model's own table and column names, quoted; values are bound parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, cast

from django.db import connection, models

# Field types whose Python value the database driver takes unchanged.
AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "CharField",
        "EmailField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)
BATCH = 2000
# SQLite page cache (KiB) while one import writes: the ledger's indexes (month first) take rows
# in no particular order, and with SQLite's default 2 MB cache a large transaction keeps
# spilling dirty pages to the file mid-transaction (journal writes and syncs each time).
# The cache is resident memory of the importing process, so it is bounded well below the
# import's memory target (issue #19: a 50 MB file under 400 MB): 128 MB.
IMPORT_CACHE_KIB = 128 * 1024


def _preparer(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    if field.get_internal_type() in AS_IS:
        return None
    ops = connection.ops

    def general(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    # Shortcuts for the common exact types, giving what ``get_db_prep_save`` gives for them
    # (its conversions return such values unchanged) without its chain of calls per value.
    if type(field) is models.DateField:

        def date(value: Any) -> Any:
            return ops.adapt_datefield_value(value) if type(value) is dt.date else general(value)

        return date
    if type(field) is models.DecimalField:
        digits, places = field.max_digits, field.decimal_places

        def decimal(value: Any) -> Any:
            if type(value) is Decimal and value.is_finite():
                return ops.adapt_decimalfield_value(value, digits, places)
            return general(value)

        return decimal
    return general


_PLAIN_PRE_SAVE = models.Field.pre_save


def _own_pre_save(field: models.Field[Any, Any]) -> bool:
    """Whether saving the field may set a value of its own (a date without auto_now* does not)."""
    if isinstance(field, models.DateField) and type(field) in (
        models.DateField,
        models.DateTimeField,
    ):
        return field.auto_now or field.auto_now_add
    return type(field).pre_save is not _PLAIN_PRE_SAVE


def _getters(
    model: type[models.Model], fields: Sequence[models.Field[Any, Any]]
) -> list[Callable[[Mapping[str, Any]], Any]]:
    """Per field, how to get its value to save from a row's dict without building an instance.

    What ``model(**values)`` then ``field.pre_save(obj, add=True)`` gives when every key is a
    column's attribute name: the given value, else the field's default; fields with their own
    ``pre_save`` (``auto_now_add`` …) still run it, on one scratch instance.
    """
    scratch = model()
    getters: list[Callable[[Mapping[str, Any]], Any]] = []
    for field in fields:
        if _own_pre_save(field):

            def special(values: Mapping[str, Any], field: Any = field) -> Any:
                name = field.attname
                setattr(scratch, name, values[name] if name in values else field.get_default())
                return field.pre_save(scratch, add=True)

            getters.append(special)
        else:

            def plain(values: Mapping[str, Any], field: Any = field) -> Any:
                name = field.attname
                return values[name] if name in values else field.get_default()

            getters.append(plain)
    return getters


def insert(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert one row per dict of field values (by attribute name, e.g. ``child_id``)."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    prepare = [_preparer(f) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Table and column names come from the model, quoted; the values are bound parameters.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    attnames = {f.attname for f in fields}
    getters = list(zip(_getters(model, fields), prepare, strict=True))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            params = []
            for values in rows[start : start + BATCH]:
                if values.keys() <= attnames:
                    row = []
                    for get, prep in getters:
                        value = get(values)
                        row.append(value if prep is None or value is None else prep(value))
                    params.append(row)
                    continue
                # A related object by field name (or the like): the model sorts it out.
                obj = model(**values)
                row = []
                for field, prep in zip(fields, prepare, strict=True):
                    value = field.pre_save(obj, add=True)
                    row.append(value if prep is None or value is None else prep(value))
                params.append(row)
            cursor.executemany(sql, params)


def update(
    model: type[models.Model], names: Sequence[str], rows: Sequence[tuple[int, Mapping[str, Any]]]
) -> None:
    """Set the named fields (attribute names) of each (pk, values) row."""
    if not rows or not names:
        return
    fields = [cast("models.Field[Any, Any]", model._meta.get_field(n)) for n in names]
    prepare = [_preparer(f) for f in fields]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    pk = quote(cast("models.Field[Any, Any]", model._meta.pk).column)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {pk} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            params = []
            for pk_value, values in rows[start : start + BATCH]:
                row = []
                for name, prep in zip(names, prepare, strict=True):
                    value = values[name]
                    row.append(value if prep is None or value is None else prep(value))
                params.append([*row, pk_value])
            cursor.executemany(sql, params)


@contextmanager
def roomy_cache() -> Iterator[None]:
    """On SQLite, a page cache large enough for one big import's writes; restored afterwards.

    Only memory use changes (pages are allocated as needed, up to the limit): what is written
    and when it is committed stay the same. Other databases: nothing to do.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB:d}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before:d}")


def refresh_planner_statistics() -> None:
    """After a bulk load, tell PostgreSQL's planner how big the tables now are (``ANALYZE``).

    Until autovacuum catches up — only after the commit, and never inside the loading
    transaction — the planner believes the freshly filled tables are as small as before (often
    empty) and picks nested loops that turn a 50 ms monitoring query into minutes. ANALYZE may
    run inside a transaction, counts that transaction's own new rows, and its statistics roll
    back with it. SQLite keeps no statistics unless asked and plans well without them.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
