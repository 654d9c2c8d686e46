"""How one cell becomes a number, a date or text: one documented rule per column type.

The rules are in docs/import-formats.md ("How cells are read"); in short:

* A cell from an ``.xlsx`` that Excel stored as a number or a date arrives as a
  :class:`TypedCell` and is taken from its type, never re-read as text — 7.125 stays 7.125.
* A number written as text has at most two readings: the Danish one (``.`` groups thousands,
  ``,`` is the decimal mark) and the plain one (``.`` is the decimal mark, ``,`` groups
  thousands). Most values have only one (``12,5``, ``6.0``, ``1.234,50``); for the rest —
  ``1.234`` and ``1,234`` — the file's detected :class:`Convention` decides, and where the file
  does not establish one the value is refused, naming both readings. Nothing is guessed.
* Whole-number columns take a number only if it is whole (``6``, ``6.0`` and ``6,0`` are 6;
  ``6.5`` is refused, never read as 65).
* Dates are ISO ``yyyy-mm-dd`` or day first ``dd-mm-yyyy`` (also with ``.`` or ``/``); month
  first only when the file itself shows it (a date like ``12/24/2019`` and none like
  ``24/12/2019``).
* Text beginning with ``= + - @`` that a spreadsheet would run as a formula is written by the
  exporter with one extra leading apostrophe (:func:`protect`), which :func:`unprotect` removes;
  a value that really begins with apostrophes before such a character gets one more, so the
  two can never be confused.

Pure: no ORM, no files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _


class CellError(ValueError):
    """A cell's text is not a value of the expected type; the message is translated."""


class TypedCell(str):
    """A spreadsheet cell Excel stored as a number or a date: its text, and the typed value.

    A ``str`` so that every place that shows or compares cells keeps working; the parsers
    take ``value`` instead of reading the text.
    """

    value: Decimal | dt.date | dt.datetime

    def __new__(cls, value: Decimal | dt.date | dt.datetime) -> TypedCell:
        if isinstance(value, Decimal):
            text = f"{value:f}"
        elif isinstance(value, dt.datetime) and value.time() == dt.time():
            text = value.date().isoformat()
        else:
            text = value.isoformat()
        cell = super().__new__(cls, text)
        cell.value = value
        return cell


# ---------------------------------------------------------------- conventions


@dataclass(frozen=True)
class Convention:
    """What a file's own cells say about how it writes numbers and dates.

    ``decimal`` is ``","`` (Danish), ``"."`` (plain) or ``""`` when the file does not say
    (or says both); ``day_first`` is False only when a date shows the month first.
    """

    decimal: str = ""
    day_first: bool = True
    mixed_decimals: bool = False
    mixed_dates: bool = False

    def describe(self) -> str:
        if self.decimal == ",":
            numbers = _("numbers with decimal comma and thousands dot (1.234,50)")
        elif self.decimal == ".":
            numbers = _("numbers with decimal point (1234.50)")
        elif self.mixed_decimals:
            numbers = _(
                "numbers written both with decimal comma and decimal point, so a value "
                "such as 1.234 is refused"
            )
        else:
            numbers = _("no decimal mark shown, so a value such as 1.234 is refused")
        dates = _("dates day before month") if self.day_first else _("dates month before day")
        if self.mixed_dates:
            dates = _("dates written both day first and month first (day first is used)")
        return f"{numbers}; {dates}"


_DANISH = re.compile(r"^-?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?$")
_PLAIN = re.compile(r"^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")
_NUMBERISH = frozenset("0123456789-")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _clean(text: str) -> str:
    # Spaces (also no-break) group thousands in some exports; a typographic minus is a minus.
    return text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")


def readings(text: str) -> tuple[Decimal | None, Decimal | None]:
    """(the Danish reading, the plain reading) of a number's text; None where it has none."""
    text = _clean(text)
    danish = Decimal(text.replace(".", "").replace(",", ".")) if _DANISH.match(text) else None
    plain = Decimal(text.replace(",", "")) if _PLAIN.match(text) else None
    return danish, plain


def detect_convention(cells: Iterable[str]) -> Convention:
    """The file's decimal mark and date order, from the values that have only one reading."""
    danish = plain = day_first = month_first = 0
    for cell in cells:
        if isinstance(cell, TypedCell) or not cell or cell[0] not in _NUMBERISH:
            continue
        if "," in cell or "." in cell:
            if m := _DAY_MONTH_YEAR.match(cell):
                day_first += int(m[1]) > 12
                month_first += int(m[2]) > 12
                continue
            first, second = readings(cell)
            if first is not None and second is None:
                danish += 1
            elif second is not None and first is None:
                plain += 1
        elif "/" in cell or "-" in cell[1:]:
            if m := _DAY_MONTH_YEAR.match(cell):
                day_first += int(m[1]) > 12
                month_first += int(m[2]) > 12
    decimal = "," if danish and not plain else "." if plain and not danish else ""
    return Convention(
        decimal=decimal,
        day_first=not (month_first and not day_first),
        mixed_decimals=bool(danish and plain),
        mixed_dates=bool(day_first and month_first),
    )


DANISH = Convention(decimal=",")


# ---------------------------------------------------------------- numbers


def _show(number: Decimal) -> str:
    return f"{number:f}".replace(".", ",")


def parse_decimal(text: str, convention: Convention = DANISH) -> Decimal:
    """A number: typed from Excel, or text with one reading (or the file's convention's)."""
    if isinstance(text, TypedCell):
        if isinstance(text.value, Decimal):
            return text.value
        raise CellError(_("The cell holds a date, not a number."))
    danish, plain = readings(text)
    if danish is None and plain is None:
        raise CellError(_("Not a number: write e.g. 1234,50."))
    if danish is None or plain is None or danish == plain:
        return danish if danish is not None else plain  # type: ignore[return-value]
    if convention.decimal == ",":
        return danish
    if convention.decimal == ".":
        return plain
    raise CellError(
        _(
            "The number can be read as %(danish)s (Danish: dot between thousands) or as "
            "%(plain)s (decimal point), and the file does not show which; write it without "
            "the thousands mark, or with its decimals (e.g. 1234,00)."
        )
        % {"danish": _show(danish), "plain": _show(plain)}
    )


def parse_whole(text: str, convention: Convention = DANISH) -> int:
    """A whole number; ``6.0`` and ``6,0`` are 6, ``6.5`` is refused (never 65)."""
    try:
        number = parse_decimal(text, convention)
    except CellError as exc:
        if isinstance(text, TypedCell) or readings(text) != (None, None):
            raise
        raise CellError(_("Not a whole number.")) from exc
    if number != number.to_integral_value():
        raise CellError(
            _("Not a whole number (read as %(value)s).") % {"value": _show(number.normalize())}
        )
    return int(number)


# ---------------------------------------------------------------- dates


def parse_date(text: str, convention: Convention = DANISH) -> dt.date:
    """ISO ``yyyy-mm-dd`` or ``dd-mm-yyyy`` (also ``.`` or ``/``; month first if the file is)."""
    if isinstance(text, TypedCell):
        value = text.value
        if isinstance(value, dt.datetime):
            if value.time() != dt.time():
                raise CellError(_("The cell holds a date and a time; give the date only."))
            return value.date()
        if isinstance(value, dt.date):
            return value
        raise CellError(_("The cell holds a number, not a date; format the cell as a date."))
    text = text.strip()
    try:
        if m := _ISO_DATE.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DAY_MONTH_YEAR.match(text):
            first, second = int(m[1]), int(m[2])
            day, month = (first, second) if convention.day_first else (second, first)
            return dt.date(int(m[3]), month, day)
    except ValueError as exc:
        raise CellError(_("This date does not exist.")) from exc
    raise CellError(_("Not a date: write dd-mm-yyyy or yyyy-mm-dd."))


# ---------------------------------------------------------------- formula safety

_PROTECTED = re.compile(r"^'*[=+\-@\t\r]")
_UNPROTECT = re.compile(r"^'+[=+\-@\t\r]")


def protect(text: str) -> str:
    """Text as the exporter writes it: a spreadsheet will not run it as a formula."""
    return "'" + text if _PROTECTED.match(text) else text


def unprotect(text: str) -> str:
    """The text :func:`protect` was given (the one leading apostrophe it added removed)."""
    return text[1:] if text[:1] == "'" and _UNPROTECT.match(text) else text
