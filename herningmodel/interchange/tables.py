"""A file read as a table: its header, its rows, what was detected, and what was wrong.

Both readers (``csvfiles`` for text, ``workbooks`` for ``.xlsx``) hand their records to
:func:`build_table`, so the header rules are the same whatever the format: trailing columns
without a name are ignored, a value under a column without a name is an error (a merged
header cell loses nothing silently), and a row with more cells than the header is an error.
Pure: no ORM.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from herningmodel.interchange.cells import Convention, TypedCell, detect_convention, unprotect


@dataclass(frozen=True)
class RowError:
    """One problem with a cell, row or file; row 0 means the file as a whole."""

    file: str
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        # Translated here, so the command line speaks the installation's language throughout.
        where = (
            _("%(file)s, row %(row)s") % {"file": self.file, "row": self.row}
            if self.row
            else self.file
        )
        if self.column:
            where = _("%(where)s, column %(column)s") % {"where": where, "column": self.column}
        shown = f" ({self.value!r})" if self.value else ""
        return f"{where}{shown}: {self.message}"


class FileRefused(Exception):
    """The file cannot be read as a table at all."""

    def __init__(self, file: str, message: str, code: str, row: int = 0) -> None:
        self.error = RowError(file, row, "", "", message)
        self.code = code
        super().__init__(str(self.error))


@dataclass(frozen=True)
class Detection:
    format: str  # "csv" or "xlsx"
    encoding: str = ""  # "utf-8", "utf-8-sig" (with BOM), "utf-16" or "windows-1252"
    delimiter: str = ""
    convention: Convention = field(default_factory=Convention)
    sheet: str = ""

    def describe(self) -> str:
        if self.format == "xlsx":
            found = _("Excel workbook (sheet %(sheet)s)") % {"sheet": self.sheet or "1"}
        else:
            encoding = {
                "utf-8": _("UTF-8"),
                "utf-8-sig": _("UTF-8 with byte-order mark"),
                "utf-16": _("UTF-16 (Unicode text)"),
                "windows-1252": _("Windows-1252"),
            }[self.encoding]
            separator = {";": _("semicolon"), ",": _("comma"), "\t": _("tab")}[self.delimiter]
            found = _("CSV, %(encoding)s, %(separator)s separated") % {
                "encoding": encoding,
                "separator": separator,
            }
        return f"{found}; {self.convention.describe()}"


class Cells(Mapping[str, str]):
    """One row's cells by column name: a tuple of values and the table's shared column index.

    A row of a large file is held until it is checked; as a dict per row it cost some 650
    bytes more than this (the column names' hash table repeated for every row).
    """

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: tuple[str, ...]) -> None:
        self._index = index
        self._values = values

    def __getitem__(self, column: str) -> str:
        return self._values[self._index[column]]

    def get(self, column: str, default: Any = None) -> Any:  # faster than Mapping's
        position = self._index.get(column)
        return default if position is None else self._values[position]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return repr(dict(self))


@dataclass
class Table:
    file: str
    header: list[str]
    # (row number as the user sees it in a spreadsheet, cells by column name)
    rows: list[tuple[int, Cells]]
    detection: Detection
    errors: list[RowError] = field(default_factory=list)


def _clean(cell: str) -> str:
    if isinstance(cell, TypedCell):
        return cell
    return unprotect(cell.strip())


SHARED_LIMIT = 100_000


def _shared(shared: dict[str, str], cell: str) -> str:
    found = shared.get(cell)
    if found is not None and type(found) is type(cell):
        return found
    if len(shared) < SHARED_LIMIT:
        shared[cell] = cell
    return cell


def build_table(name: str, records: Iterable[tuple[int, list[str]]], detection: Detection) -> Table:
    """The table of numbered records: the first non-empty one is the header."""
    table: Table | None = None
    width = 0
    unnamed: set[int] = set()
    index: dict[str, int] = {}
    positions: list[int] = []
    # One string object per distinct cell text (names, codes and dates repeat down a file).
    shared: dict[str, str] = {}
    for number, raw in records:
        if not any(c.strip() for c in raw):
            continue
        if table is None:
            header = [c.strip() for c in raw]
            while header and not header[-1]:
                header.pop()  # trailing empty columns, as spreadsheets often save them
            table = Table(name, header, [], detection)
            width = len(header)
            unnamed = {i for i, h in enumerate(header) if not h}
            # The first of a repeated name, as a dict would keep (the header check names it).
            named = [(i, h) for i, h in enumerate(header) if h]
            index = {}
            for position, (_i, h) in enumerate(named):
                index.setdefault(h, position)
            positions = [i for i, _h in named]
            continue
        if len(raw) > width and any(c.strip() for c in raw[width:]):
            table.errors.append(
                RowError(
                    name,
                    number,
                    "",
                    "",
                    _("The row has %(found)s cells but the header has %(expected)s columns.")
                    % {"found": len(raw), "expected": width},
                )
            )
            continue
        for blank in unnamed:
            if blank < len(raw) and raw[blank].strip():
                table.errors.append(
                    RowError(
                        name,
                        number,
                        _("column %(number)s (no name)") % {"number": blank + 1},
                        raw[blank].strip(),
                        _("A value under a column without a name in the header."),
                    )
                )
        values = tuple(_shared(shared, _clean(raw[i])) if i < len(raw) else "" for i in positions)
        table.rows.append((number, Cells(index, values)))
    if table is None:
        raise FileRefused(name, _("The file is empty."), "empty")
    convention = detect_convention(c for _n, cells in table.rows for c in cells.values())
    table.detection = Detection(
        detection.format,
        detection.encoding,
        detection.delimiter,
        convention,
        detection.sheet,
    )
    return table
