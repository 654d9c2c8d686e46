"""Reading tables as Danish spreadsheets write them: CSV and Excel, with the same row interface.

CSV as it really arrives: ``;``, ``,`` or tab separated; UTF-8 with or without a byte-order
mark, Windows-1252, or UTF-16 with its byte-order mark (Excel's "Unicode text"). The file is
decoded as ONE encoding, and every line is checked against it: a UTF-8 file with one
Windows-1252 line, or text that was converted twice (``Ã¸`` for ``ø``), is refused with the
lines named — never stored garbled. A file cut off (a last line without its line break, an
unterminated quote) is refused too. What was detected, including the file's number and date
convention, is returned in a :class:`Detection` so the import report can say it.

Pure: no ORM. Excel workbooks are read by ``workbooks``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from herningmodel.interchange.cells import (  # noqa: F401 - the parsers, for the importers
    CellError,
    parse_date,
    parse_decimal,
)
from herningmodel.interchange.tables import (  # noqa: F401 - the table types, for the importers
    Detection,
    FileRefused,
    RowError,
    Table,
    build_table,
)
from herningmodel.interchange.workbooks import ZIP_MAGIC, read_xlsx_bytes

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DELIMITERS = (";", ",", "\t")
UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Leading bytes of formats people attach by mistake; named so the error can say what it is.
KNOWN_BINARY = {
    b"%PDF": "PDF",
    ZIP_MAGIC: "zip/Excel",
    b"\xd0\xcf\x11\xe0": "old Excel (.xls)/Office",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
}
# UTF-8 read as Windows-1252: æ ø å Æ Ø Å and é as their two-character garbage.
MOJIBAKE = re.compile("Ã[¦¸¥†˜…©]")
SHOWN_LINES = 10


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
    if path.suffix.lower() == ".xlsx":
        return read_xlsx_bytes(path.read_bytes(), name)
    return read_csv_bytes(path.read_bytes(), name)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _kind_of(data: bytes) -> str | None:
    for magic, kind in KNOWN_BINARY.items():
        if data.startswith(magic):
            return kind
    return None


# ---------------------------------------------------------------- encodings


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:SHOWN_LINES])
    return shown + (" …" if len(numbers) > SHOWN_LINES else "")


def _failing_lines(data: bytes, encoding: str) -> list[int]:
    failing = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode(encoding)
        except UnicodeDecodeError:
            failing.append(number)
    return failing


def detect_encoding(data: bytes, name: str) -> tuple[str, str]:
    """(encoding, text): one encoding for the whole file, every line checked against it."""
    if data.startswith(UTF16_BOMS):
        try:
            return "utf-16", data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FileRefused(
                name, _("The file starts as UTF-16 but is not valid UTF-16."), "bad_encoding"
            ) from exc
    bom = data.startswith(UTF8_BOM)
    body = data[len(UTF8_BOM) :] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_mojibake(text, name)
        return ("utf-8-sig" if bom else "utf-8"), text
    failing = _failing_lines(body, "utf-8")
    unfailing = set(range(1, body.count(b"\n") + 2)) - set(failing)
    lines = body.split(b"\n")
    if bom or any(not lines[n - 1].isascii() for n in unfailing):
        raise FileRefused(
            name,
            _(
                "The file mixes two encodings: most of it is UTF-8, but line(s) %(lines)s are "
                "not (probably Windows-1252, pasted in from another file). Save the whole "
                "file again as CSV UTF-8."
            )
            % {"lines": _lines(failing)},
            "mixed_encoding",
            row=failing[0],
        )
    try:
        text = body.decode("cp1252")
    except UnicodeDecodeError as exc:
        bad = _failing_lines(body, "cp1252")
        raise FileRefused(
            name,
            _(
                "The file is neither UTF-8 nor Windows-1252 text (line(s) %(lines)s); "
                "save it as CSV UTF-8."
            )
            % {"lines": _lines(bad)},
            "bad_encoding",
        ) from exc
    _refuse_mojibake(text, name)
    return "windows-1252", text


def _refuse_mojibake(text: str, name: str) -> None:
    if not MOJIBAKE.search(text):
        return
    lines = [n for n, line in enumerate(text.split("\n"), start=1) if MOJIBAKE.search(line)]
    raise FileRefused(
        name,
        _(
            "Line(s) %(lines)s hold text such as %(sample)s where æ, ø or å should be: the "
            "text was converted between encodings twice before it was saved. Export it again "
            "from the source system as CSV UTF-8 (or fix the names in the source)."
        )
        % {"lines": _lines(lines), "sample": MOJIBAKE.search(text)[0]},  # type: ignore[index]
        "mojibake",
        row=lines[0],
    )


# ---------------------------------------------------------------- CSV


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


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:200]
    half = len(sample) // 3
    return len(sample) >= 4 and (sample[1::2].count(0) > half or sample[::2].count(0) > half)


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
    if not data.startswith(UTF16_BOMS) and b"\x00" in data[:65536]:
        if _looks_like_utf16(data):
            raise FileRefused(
                name,
                _("The file is UTF-16 text without a byte-order mark; save it as CSV UTF-8."),
                "bad_encoding",
            )
        raise FileRefused(name, _("The file is binary, not CSV text."), "binary")
    encoding, text = detect_encoding(data, name)
    del data
    if "\x00" in text:
        raise FileRefused(name, _("The file is binary, not CSV text."), "binary")
    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = _detect_delimiter(first_line, name)
    detection = Detection("csv", encoding=encoding, delimiter=delimiter)
    table = build_table(name, _records(text, delimiter, name), detection)
    _check_last_line(text, table, name)
    return table


def _records(text: str, delimiter: str, name: str) -> Iterator[tuple[int, list[str]]]:
    # strict: an unterminated quote at the end (a file cut off inside a field) is an error.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    # Numbered as a spreadsheet shows them: a quoted cell over several lines is one row.
    number = 0
    try:
        for number, record in enumerate(reader, start=1):  # noqa: B007 - read after the loop
            yield number, record
    except csv.Error as exc:
        raise FileRefused(
            name,
            _(
                "The file is not valid CSV from row %(row)s: %(problem)s (a quote that is "
                "never closed, or a file that was cut off)."
            )
            % {"row": number + 1, "problem": exc},
            "not_csv",
            row=number + 1,
        ) from exc


def _check_last_line(text: str, table: Table, name: str) -> None:
    """A last line without its line break is a file that may have been cut off mid-value.

    Every spreadsheet and statistics program ends a CSV file with a line break; without one,
    ``…;6.50`` cut to ``…;6.5`` would be stored as 6,5 without a word. So the file is refused
    unless it is a single line (the header alone).
    """
    stripped = text.rstrip(" \t")
    if not stripped or stripped.endswith(("\n", "\r")) or not table.rows:
        return
    number = table.rows[-1][0]
    raise FileRefused(
        name,
        _(
            "Row %(row)s, the last, ends without a line break: the file may have been cut off "
            "in the middle of a value. Check that the row is complete and end it with a line "
            "break (or export the file again)."
        )
        % {"row": number},
        "truncated",
        row=number,
    )
