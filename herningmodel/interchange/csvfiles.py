"""Reading tables as Danish spreadsheets write them: CSV and Excel, with the same row interface.

CSV as it really arrives: ``;`` or ``,`` separated, UTF-8 with or without a byte-order mark, or
Windows-1252; numbers with a decimal comma; dates as ``dd-mm-yyyy`` or ISO. What was detected is
returned in a :class:`Detection` so the import report can say it — nothing is guessed silently.
A file that is empty, binary, too large or not what its name says is refused with a
:class:`FileRefused` before any row is looked at.

Every cell is returned as text (Excel values are turned into the same text a CSV file would
hold), so the importers parse one kind of row whatever the file format. Pure: no ORM.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DELIMITERS = (";", ",")
UTF8_BOM = b"\xef\xbb\xbf"
ZIP_MAGIC = b"PK\x03\x04"
# Leading bytes of formats people attach by mistake; named so the error can say what it is.
KNOWN_BINARY = {
    b"%PDF": "PDF",
    ZIP_MAGIC: "zip/Excel",
    b"\xd0\xcf\x11\xe0": "old Excel (.xls)/Office",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
}


@dataclass(frozen=True)
class RowError:
    """One problem with a cell, row or file; row 0 means the file as a whole."""

    file: str
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" if self.row else self.file
        if self.column:
            where += f", column {self.column}"
        shown = f" ({self.value!r})" if self.value else ""
        return f"{where}{shown}: {self.message}"


class FileRefused(Exception):
    """The file cannot be read as a table at all."""

    def __init__(self, file: str, message: str, code: str) -> None:
        self.error = RowError(file, 0, "", "", message)
        self.code = code
        super().__init__(str(self.error))


@dataclass(frozen=True)
class Detection:
    format: str  # "csv" or "xlsx"
    encoding: str = ""  # "utf-8", "utf-8-sig" (with BOM) or "windows-1252"
    delimiter: str = ""

    def describe(self) -> str:
        if self.format == "xlsx":
            return _("Excel workbook (first sheet)")
        encoding = {
            "utf-8": _("UTF-8"),
            "utf-8-sig": _("UTF-8 with byte-order mark"),
            "windows-1252": _("Windows-1252"),
        }[self.encoding]
        separator = _("semicolon") if self.delimiter == ";" else _("comma")
        return _("CSV, %(encoding)s, %(separator)s separated") % {
            "encoding": encoding,
            "separator": separator,
        }


@dataclass
class Table:
    file: str
    header: list[str]
    # (row number as the user sees it in a spreadsheet, cells by column name)
    rows: list[tuple[int, dict[str, str]]]
    detection: Detection
    errors: list[RowError] = field(default_factory=list)


# ---------------------------------------------------------------- opening


def read_table(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Table:
    """Read a CSV or .xlsx file; the size is checked before a byte is read."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileRefused(name, _("The file cannot be read."), "unreadable") from exc
    if size > max_bytes:
        raise FileRefused(
            name,
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": _mb(size), "limit": _mb(max_bytes)},
            "too_large",
        )
    data = path.read_bytes()
    if path.suffix.lower() == ".xlsx":
        return read_xlsx_bytes(data, name)
    return read_csv_bytes(data, name)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _kind_of(data: bytes) -> str | None:
    for magic, kind in KNOWN_BINARY.items():
        if data.startswith(magic):
            return kind
    return None


# ---------------------------------------------------------------- CSV


def detect_encoding(data: bytes, name: str) -> tuple[str, str]:
    """(encoding, text). UTF-8 is tried first: Windows-1252 text is almost never valid UTF-8."""
    if data.startswith(UTF8_BOM):
        try:
            return "utf-8-sig", data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileRefused(
                name, _("The file starts as UTF-8 but is not valid UTF-8."), "bad_encoding"
            ) from exc
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return "windows-1252", data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileRefused(
            name,
            _("The file is neither UTF-8 nor Windows-1252 text; save it as CSV (UTF-8)."),
            "bad_encoding",
        ) from exc


def _detect_delimiter(first_line: str, name: str) -> str:
    widths = {d: len(next(csv.reader([first_line], delimiter=d), [])) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: widths[d])
    if widths[best] < 2:
        raise FileRefused(
            name,
            _("The first row has no ; or , between column names: this is not a CSV table."),
            "not_csv",
        )
    return best


def read_csv_bytes(data: bytes, name: str) -> Table:
    if not data.strip(UTF8_BOM + b" \t\r\n"):
        raise FileRefused(name, _("The file is empty."), "empty")
    kind = _kind_of(data)
    if kind is not None:
        raise FileRefused(
            name,
            _("The file is a %(kind)s file, not CSV as its name says.") % {"kind": kind},
            "wrong_type",
        )
    if b"\x00" in data[:65536]:
        raise FileRefused(name, _("The file is binary, not CSV text."), "binary")
    encoding, text = detect_encoding(data, name)
    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = _detect_delimiter(first_line, name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    detection = Detection("csv", encoding=encoding, delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise FileRefused(
            name, _("The file is not valid CSV: %(problem)s") % {"problem": exc}, "not_csv"
        ) from exc
    return _table(name, records, detection)


def _table(name: str, records: list[list[str]], detection: Detection) -> Table:
    numbered = [(n, r) for n, r in enumerate(records, start=1) if any(c.strip() for c in r)]
    if not numbered:
        raise FileRefused(name, _("The file is empty."), "empty")
    header_cells = numbered[0][1]
    header = [c.strip() for c in header_cells]
    table = Table(name, header, [], detection)
    for number, cells in numbered[1:]:
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            table.errors.append(
                RowError(
                    name,
                    number,
                    "",
                    "",
                    _("The row has %(found)s cells but the header has %(expected)s columns.")
                    % {"found": len(cells), "expected": len(header)},
                )
            )
            continue
        padded = list(cells) + [""] * (len(header) - len(cells))
        table.rows.append((number, {h: padded[i].strip() for i, h in enumerate(header) if h}))
    return table


# ---------------------------------------------------------------- Excel


def read_xlsx_bytes(data: bytes, name: str) -> Table:
    """The first sheet; a cell holding a formula is an error (its value depends on Excel)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not data:
        raise FileRefused(name, _("The file is empty."), "empty")
    if not data.startswith(ZIP_MAGIC):
        raise FileRefused(
            name, _("The file is not an Excel workbook (.xlsx) as its name says."), "wrong_type"
        )
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileRefused(
            name, _("The file is not an Excel workbook (.xlsx) as its name says."), "wrong_type"
        ) from exc
    try:
        sheet = book.worksheets[0]
        records: list[list[str]] = []
        formulas: list[tuple[int, int, str]] = []
        for number, row in enumerate(sheet.iter_rows(), start=1):
            texts = []
            for index, cell in enumerate(row):
                value = cell.value
                if getattr(cell, "data_type", None) == "f" or (
                    isinstance(value, str) and value.startswith("=")
                ):
                    formulas.append((number, index, str(value)))
                    value = ""
                texts.append(_cell_text(value))
            records.append(texts)
    finally:
        book.close()
    table = _table(name, records, Detection("xlsx"))
    for number, index, formula in formulas:
        column = table.header[index] if index < len(table.header) else ""
        table.errors.append(
            RowError(
                name,
                number,
                column,
                formula,
                _("The cell holds a formula; enter the value itself."),
            )
        )
    return table


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------- cells

_DANISH_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DANISH_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class CellError(ValueError):
    """A cell's text is not a value of the expected type; the message is translated."""


def parse_date(text: str) -> dt.date:
    """``dd-mm-yyyy`` (also with . or /) or ISO ``yyyy-mm-dd``."""
    text = text.strip()
    try:
        if m := _ISO_DATE.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DANISH_DATE.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError as exc:
        raise CellError(_("This date does not exist.")) from exc
    raise CellError(_("Not a date: write dd-mm-yyyy or yyyy-mm-dd."))


def parse_decimal(text: str) -> Decimal:
    """A Danish number (``1.234,50``, ``12,5``) or a plain one (``12.5``)."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if _PLAIN_NUMBER.match(text) and "," not in text and text.count(".") <= 1:
        # "1.234" is ambiguous; a dot followed by exactly three digits is read the Danish way.
        if re.match(r"^-?\d{1,3}\.\d{3}$", text):
            return Decimal(text.replace(".", ""))
        return Decimal(text)
    if _DANISH_NUMBER.match(text):
        try:
            return Decimal(text.replace(".", "").replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            pass
    raise CellError(_("Not a number: write e.g. 1234,50."))
