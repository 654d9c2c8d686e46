"""Helpers for the coded, field-keyed errors every case operation raises."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone

from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.people.services import ConflictError

__all__ = ["ConflictError", "Errors", "audit_change", "plain", "user_id"]


class Errors:
    """Collect every problem first, so the user sees all of them at once, then raise."""

    def __init__(self) -> None:
        self._errors: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: Any, code: str, **params: Any) -> None:
        self._errors.setdefault(field, []).append(
            ValidationError(message, code=code, params=params or None)
        )

    def not_future(self, field: str, day: dt.date | None, message: Any) -> None:
        if day is not None and day > timezone.localdate():
            self.add(field, message, "in_future")

    def raise_if_any(self) -> None:
        if self._errors:
            raise ValidationError(self._errors)


def plain(value: Any) -> Any:
    """A JSON-ready value for the audit trail."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Model):
        return value.pk
    return value


def audit_change(
    event: EventType, obj: Model, child_id: int, *, actor: Any, source: str, **changes: Any
) -> None:
    audit.record(
        event,
        actor=actor,
        child_id=child_id,
        obj=obj,
        source=source,
        changes={k: plain(v) for k, v in changes.items()},
    )


def user_id(user: Any) -> int:
    """The id of a logged-in user; an anonymous user can never act on a case."""
    if user is None or user.pk is None:
        raise ValueError("An anonymous user cannot act on a case.")
    return int(user.pk)
