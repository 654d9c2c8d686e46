"""The cell parsers of the import kinds' columns: one per column type (docs/import-formats.md,
"How cells are read"), each a pure function of the cell and what the kind loaded.

A parser turns a non-empty cell into a value, or raises :class:`cells.CellError` with a
translated message; numbers and dates follow the file's detected convention
(``Context.convention``) and typed Excel cells keep their type (``cells``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from herningmodel.interchange.cells import (
    DANISH,
    CellError,
    Convention,
    TypedCell,
    parse_date,
    parse_decimal,
    parse_whole,
)

# A parser turns a non-empty cell into a value, using what the kind loaded (``Context``), or
# raises CellError with a translated message. Empty cells are None (or "" for text).
Parser = Callable[[str, "Context"], Any]


class Context(dict[str, Any]):
    """What a kind loaded once per import: references by their key (name, external id, …)."""

    @property
    def convention(self) -> Convention:
        """How the file writes numbers and dates (detected once, when it was read)."""
        found: Convention = self.get("convention", DANISH)
        return found


def text(max_length: int) -> Parser:
    def parse(value: str, ctx: Context) -> str:
        # A typed Excel cell in a text column is its text (a plain str, for the database).
        value = str(value)
        if "\x00" in value:
            raise CellError(_("The text holds a NUL character."))
        if len(value) > max_length:
            raise CellError(_("At most %(limit)s characters.") % {"limit": max_length})
        return value

    return parse


def integer(minimum: int, maximum: int) -> Parser:
    def parse(value: str, ctx: Context) -> int:
        number = parse_whole(value, ctx.convention)
        if not minimum <= number <= maximum:
            raise CellError(
                _("Must be between %(min)s and %(max)s.") % {"min": minimum, "max": maximum}
            )
        return number

    return parse


def amount(minimum: Decimal | None = None, places: int = 2, digits: int = 12) -> Parser:
    def parse(value: str, ctx: Context) -> Decimal:
        given = parse_decimal(value, ctx.convention)
        if minimum is not None and given < minimum:
            raise CellError(_("Must be at least %(min)s.") % {"min": minimum})
        try:
            number = given.quantize(Decimal(1).scaleb(-places))
        except InvalidOperation as exc:
            raise CellError(_("The number is too large.")) from exc
        if number != given:
            raise CellError(_("At most %(places)s decimals.") % {"places": places})
        if len(number.as_tuple().digits) > digits:
            raise CellError(_("The number is too large."))
        return number

    return parse


def date(value: str, ctx: Context) -> dt.date:
    return parse_date(value, ctx.convention)


def moment(value: str, ctx: Context) -> dt.datetime:
    """ISO date-time (with or without offset) or ``dd-mm-yyyy hh:mm``; local time if no offset."""
    if isinstance(value, TypedCell):
        typed = value.value
        if not isinstance(typed, dt.date):
            raise CellError(_("The cell holds a number, not a date and time."))
        found = typed if isinstance(typed, dt.datetime) else dt.datetime.combine(typed, dt.time())
        return timezone.make_aware(found) if timezone.is_naive(found) else found
    value = value.strip()
    try:
        found = dt.datetime.fromisoformat(value)
    except ValueError:
        day, _sep, clock = value.partition(" ")
        try:
            hours, minutes = (int(p) for p in (clock or "00:00").split(":")[:2])
            found = dt.datetime.combine(parse_date(day, ctx.convention), dt.time(hours, minutes))
        except (ValueError, CellError) as exc:
            raise CellError(
                _("Not a date and time: write dd-mm-yyyy hh:mm or yyyy-mm-ddThh:mm.")
            ) from exc
    if timezone.is_naive(found):
        found = timezone.make_aware(found)
    return found


YES = {"1", "ja", "j", "yes", "y", "true", "sand"}
NO = {"0", "nej", "n", "no", "false", "falsk"}


def boolean(value: str, ctx: Context) -> bool:
    lowered = value.strip().lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise CellError(_("Write ja or nej (or 1 or 0)."))


def choice(choices: type[models.TextChoices]) -> Parser:
    values = {str(c.value) for c in choices}

    def parse(value: str, ctx: Context) -> str:
        if value not in values:
            raise CellError(
                _("Not one of: %(values)s.") % {"values": ", ".join(sorted(v for v in values if v))}
            )
        return value

    return parse


def ref(name: str, message: str | Promise) -> Parser:
    """A reference to a row loaded into ``ctx[name]`` (a dict by key); ``message`` if unknown."""

    def parse(value: str, ctx: Context) -> Any:
        try:
            return ctx[name][value]
        except KeyError:
            raise CellError(str(message)) from None

    return parse
