"""CPR numbers: validation, masking and keeping them out of logs.

python-stdnum checks the format and that the date part (with the century digit) is a real,
past date. The modulus-11 check is deliberately not applied: CPR numbers issued since 2007 may
fail it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumError

# Ten digits, optionally split as DDMMYY-XXXX, not inside a longer run of digits.
CPR_PATTERN = re.compile(r"(?<!\d)(\d{6})-?(\d{4})(?!\d)")


def normalise(value: str) -> str:
    return stdnum_cpr.compact(value)


def validate_cpr(value: str) -> None:
    """Django validator: a CPR number whose date part is a real date not in the future."""
    compact = normalise(value)
    try:
        stdnum_cpr.validate(compact)
    except StdnumError as exc:
        raise ValidationError(
            _("%(value)s is not a valid CPR number (DDMMYY-XXXX with a real birth date)."),
            code="cpr_invalid",
            params={"value": mask(compact) if len(compact) == 10 else "…"},
        ) from exc


def birth_date(value: str) -> dt.date:
    return stdnum_cpr.get_birth_date(normalise(value))


def mask(value: str) -> str:
    """The date part stays readable for identification; the serial part is hidden."""
    compact = normalise(value)
    return f"{compact[:6]}-XXXX" if len(compact) == 10 else "XXXXXX-XXXX"


def redact(text: str) -> str:
    return CPR_PATTERN.sub("XXXXXX-XXXX", text)


class CprRedactingFilter(logging.Filter):
    """Replaces anything shaped like a CPR number in a log record before it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True
