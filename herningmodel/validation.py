"""Field validation shared by every way data enters: forms, the API, imports and the demo.

Errors carry stable codes (Django's ``ValidationError.code``) so that the API can return them
as JSON and the UI can show the translated message next to the field.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

no_nul = ProhibitNullCharactersValidator(message=_("Null characters are not allowed."))


def external_id_field() -> models.CharField:
    """The key an imported row had in its source system; re-imports update by it, never duplicate.

    Empty (NULL) for rows made in Herningmodel itself, so uniqueness only binds imported rows.
    """
    return models.CharField(
        _("external id"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        validators=[no_nul],
        help_text=_("The id in the system the row was imported from (interchange)."),
    )


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str
    message: str


def field_errors(error: ValidationError) -> list[FieldError]:
    """Flatten a Django ValidationError into (field, code, message) triples."""
    result: list[FieldError] = []
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                result.append(_one(field, item))
    else:
        for item in error.error_list:
            result.append(_one(NON_FIELD_ERRORS, item))
    return result


def _one(field: str, item: ValidationError) -> FieldError:
    message = item.message % item.params if item.params else item.message
    return FieldError(
        field="__all__" if field == NON_FIELD_ERRORS else field,
        code=item.code or "invalid",
        message=str(message),
    )


# ---------------------------------------------------------------- plausible dates
#
# One rule for every way a date about a child enters — the web forms and the API (through
# ``Child.clean``), the imports (row by row, with the column named) — so none can accept what
# another refuses. Each returns None or a translated message; ``*_error`` raise the
# ValidationError with its stable code for the form and the API.

EARLIEST_BIRTH = dt.date(1900, 1, 1)
# The day the rules measure "the future" and "ten months" from: today, unless an import dates
# its whole run (``as_of``) — the import's ``today`` then governs the model's own checks too.
_as_of: ContextVar[dt.date | None] = ContextVar("plausibility_as_of", default=None)


def today() -> dt.date:
    """The day the date rules are checked against (``as_of``'s, or the local date)."""
    return _as_of.get() or timezone.localdate()


@contextmanager
def as_of(day: dt.date) -> Iterator[None]:
    """Check the date rules as on ``day`` (an import run for a given day, e.g. a migration)."""
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)


# An unborn child is expected at most ten months ahead (a pregnancy, with some margin), and an
# expected date may have passed by as much while the birth is not yet recorded.
UNBORN_MONTHS = 10
# Children's cases (barnets lov) end when the young person turns 23 (efterværn to 23).
CHILDHOOD_YEARS = 23


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), the month's last day where it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def birth_date_problem(birth: dt.date, *, today: dt.date) -> tuple[str, str] | None:
    """(code, message) if a birth date cannot be a living child's or young person's."""
    if birth < EARLIEST_BIRTH:
        return "birth_date_too_early", str(_("The birth date is before 1900; check the year."))
    if birth > today:
        return "birth_date_in_future", str(
            _("The birth date is in the future; mark the child as unborn instead.")
        )
    return None


def expected_birth_date_problem(expected: dt.date, *, today: dt.date) -> tuple[str, str] | None:
    """(code, message) if an unborn child's expected date is not within ten months of today."""
    if expected > add_months(today, UNBORN_MONTHS):
        return "expected_birth_date_too_late", str(
            _("The expected birth date is more than %(months)s months ahead.")
            % {"months": UNBORN_MONTHS}
        )
    if expected < add_months(today, -UNBORN_MONTHS):
        return "expected_birth_date_too_early", str(
            _(
                "The expected birth date is more than %(months)s months ago; record the "
                "birth date instead."
            )
            % {"months": UNBORN_MONTHS}
        )
    return None


def childhood_problem(
    event: dt.date, *, born: dt.date | None, before_birth: bool = False
) -> tuple[str, str] | None:
    """(code, message) if ``event`` is not within the child's life as a child's case.

    ``born`` is the birth date (or an unborn child's expected date; None when unknown).
    Notifications and cases may come before birth (``before_birth``: up to ten months, a
    notification about an unborn child); interventions, decisions and measurements may not.
    """
    if born is None:
        return None
    earliest = add_months(born, -UNBORN_MONTHS) if before_birth else born
    if event < earliest:
        return "before_birth", str(
            _("The date is before the child was born (%(born)s).") % {"born": born.isoformat()}
        )
    if event >= add_months(born, 12 * CHILDHOOD_YEARS):
        return "after_childhood", str(
            _("The child was %(years)s or older on this date (born %(born)s).")
            % {"years": CHILDHOOD_YEARS, "born": born.isoformat()}
        )
    return None
