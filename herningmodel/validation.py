"""Field validation shared by every way data enters: forms, the API, imports and the demo.

Errors carry stable codes (Django's ``ValidationError.code``) so that the API can return them
as JSON and the UI can show the translated message next to the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
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
