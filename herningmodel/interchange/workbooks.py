"""Reading the first sheet of an ``.xlsx`` workbook as a table, safely.

A workbook is a zip of XML files, so before openpyxl sees it, the zip is checked the way a
hostile upload would abuse it: the number of members, each member's declared and actual
unpacked size (a zip bomb), and any XML document type declaration (``<!DOCTYPE``/``<!ENTITY``:
an entity-expansion bomb; Excel and LibreOffice never write one). The sheet is then streamed
(openpyxl's read-only mode), so memory follows the rows, not the XML.

Numbers and dates Excel stored as such are kept typed (:class:`cells.TypedCell`), never turned
into text and re-read. A cell holding a formula is an error: its value depends on Excel.
Pure: no ORM.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from herningmodel.interchange.cells import TypedCell, unprotect
from herningmodel.interchange.tables import Detection, FileRefused, RowError, Table, build_table

ZIP_MAGIC = b"PK\x03\x04"
MAX_MEMBERS = 1000
# Unpacked, all members together; a legitimate 50 MB workbook unpacks to well under this.
MAX_UNPACKED = 1024 * 1024 * 1024
# Unpacked : packed, above which a large member is a zip bomb, not a spreadsheet.
MAX_RATIO = 200
CHUNK = 1024 * 1024
FORBIDDEN_XML = (b"<!DOCTYPE", b"<!ENTITY")


def _refused(name: str, message: str, code: str = "hostile") -> FileRefused:
    return FileRefused(name, message, code)


def check_archive(data: bytes, name: str) -> None:
    """Refuse a workbook that would unpack to too much or declares XML entities."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refused(
            name, _("The file is not an Excel workbook (.xlsx) as its name says."), "wrong_type"
        ) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _refused(
                name,
                _(
                    "The workbook holds %(count)s parts (at most %(limit)s); it is not a normal "
                    "spreadsheet."
                )
                % {"count": len(members), "limit": MAX_MEMBERS},
            )
        total = sum(m.file_size for m in members)
        if total > MAX_UNPACKED or any(
            m.file_size > CHUNK and m.file_size > MAX_RATIO * max(m.compress_size, 1)
            for m in members
        ):
            raise _refused(
                name,
                _(
                    "The workbook would unpack to far more than its size (a zip bomb); it was "
                    "not opened."
                ),
            )
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                _scan(archive, member, name)


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    # Streamed, with the declared size enforced by zipfile itself while reading.
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                window = tail + chunk
                if any(marker in window for marker in FORBIDDEN_XML):
                    raise _refused(
                        name,
                        _(
                            "The workbook's %(part)s declares XML entities, which spreadsheets "
                            "never do (an entity-expansion attack); it was not opened."
                        )
                        % {"part": member.filename},
                    )
                tail = window[-16:]
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise _refused(
            name,
            _("The workbook is damaged (%(part)s).") % {"part": member.filename},
            "wrong_type",
        ) from exc


def _typed(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return TypedCell(Decimal(value))
    if isinstance(value, float):
        # repr is the shortest text that is exactly this float: 7.125 → Decimal("7.125").
        return TypedCell(Decimal(repr(value)))
    if isinstance(value, dt.datetime | dt.date):
        return TypedCell(value)
    if isinstance(value, dt.time):
        return value.isoformat()
    return unprotect(str(value))


def read_xlsx_bytes(data: bytes, name: str) -> Table:
    """The first sheet (or a refusal naming the sheet the data is on)."""
    from openpyxl import load_workbook

    if not data:
        raise FileRefused(name, _("The file is empty."), "empty")
    if not data.startswith(ZIP_MAGIC):
        raise FileRefused(
            name, _("The file is not an Excel workbook (.xlsx) as its name says."), "wrong_type"
        )
    check_archive(data, name)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any failure to open an upload is a refusal
        raise FileRefused(
            name, _("The file is not an Excel workbook (.xlsx) as its name says."), "wrong_type"
        ) from exc
    formulas: list[tuple[int, int, str]] = []
    try:
        sheets = book.worksheets
        sheet = sheets[0]

        def records() -> Iterator[tuple[int, list[str]]]:
            for number, row in enumerate(sheet.iter_rows(), start=1):
                texts = []
                for index, cell in enumerate(row):
                    value = cell.value
                    if getattr(cell, "data_type", None) == "f":
                        formulas.append((number, index, str(value)))
                        value = None
                    texts.append(_typed(value))
                yield number, texts

        try:
            table = build_table(name, records(), Detection("xlsx", sheet=sheet.title))
        except FileRefused:
            others = [s.title for s in sheets[1:] if _has_rows(s)]
            if not others:
                raise
            raise FileRefused(
                name,
                _(
                    "The first sheet (%(first)s) is empty; the data is on sheet %(other)s. Move "
                    "it to the first sheet."
                )
                % {"first": sheet.title, "other": others[0]},
                "empty",
            ) from None
    except FileRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged or hostile sheet is a refusal, not a 500
        raise FileRefused(
            name, _("The workbook cannot be read: %(problem)s") % {"problem": exc}, "wrong_type"
        ) from exc
    finally:
        book.close()
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


def _has_rows(sheet: Any) -> bool:
    return any(any(v is not None for v in row) for row in sheet.iter_rows(values_only=True))
