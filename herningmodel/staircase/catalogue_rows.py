"""Reading catalogue workbook rows: column checks and cell parsing with row-level errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

TYPE_COLUMNS = (
    "code",
    "name",
    "step",
    "legal_basis",
    "legal_item",
    "evidence_programme",
    "unit",
    "default_duration_days",
    "active",
)
PROVIDER_COLUMNS = ("name", "kind", "cvr", "active")
PRICE_COLUMNS = ("type", "provider", "valid_from", "amount")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"sheet {self.sheet}, row {self.row}, column {self.column}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


# ---------------------------------------------------------------- reading and checking


class Sheet:
    """Rows of one sheet as dicts keyed by column name, with errors collected on the way."""

    def __init__(self, sheet: Worksheet, columns: tuple[str, ...], errors: list[RowError]):
        self.name = sheet.title
        self.errors = errors
        rows = sheet.iter_rows(values_only=True)
        header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
        missing = [c for c in columns if c not in header]
        for column in missing:
            errors.append(RowError(self.name, 1, column, "missing column"))
        self.rows: list[tuple[int, dict[str, Any]]] = []
        if missing:
            return
        index = {c: header.index(c) for c in columns}
        for number, values in enumerate(rows, start=2):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            cells = {c: (values[i] if i < len(values) else None) for c, i in index.items()}
            self.rows.append((number, cells))

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(self.name, row, column, message))

    def text(
        self,
        row: int,
        cells: dict[str, Any],
        column: str,
        *,
        max_length: int,
        required: bool = True,
    ) -> str:
        value = cells[column]
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.error(row, column, "required")
        elif len(text) > max_length:
            self.error(row, column, f"longer than {max_length} characters")
        elif "\x00" in text:
            self.error(row, column, "null characters are not allowed")
        return text

    def choice(
        self, row: int, cells: dict[str, Any], column: str, values: list[str], required: bool = True
    ) -> str:
        text = self.text(row, cells, column, max_length=50, required=required)
        if text and text not in values:
            self.error(row, column, f"{text!r} is not one of {', '.join(v for v in values if v)}")
        return text

    def flag(self, row: int, cells: dict[str, Any], column: str) -> bool:
        value = cells[column]
        if value is None or value == "":
            return True
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "ja", "1"):
            return True
        if text in ("false", "no", "nej", "0"):
            return False
        self.error(row, column, f"{value!r} is not yes or no")
        return True


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def as_amount(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None
