"""The separation-of-duties rules for staff rows in an import (interchange's ``staff`` and
``memberships`` kinds), so that importing a file is not a way round the staff page.

An import made by a person (the page or ``POST /api/data/import``) may not touch that
person's own account, and may not grant what needs a second person's approval (a wide role
for a new or existing account, reactivating an account with a wide role); such grants are
made on the staff page. Every staff row an import creates or changes is a ``staff_changed``
event of its own. The command line (no actor) is the server's operator, who has the database
anyway; its imports (e.g. a full migration) are recorded but not refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from herningmodel.access.policy import User, needs_second_person
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.organisation.models import Role

OWN = "No one changes their own access. Ask another administrator."


def staff_row_refusal(
    actor: User | None,
    username: str,
    current: tuple[str | None, bool] | None,
    role: str,
    active: bool,
) -> str | None:
    """Why an imported staff row may not be written, or None. ``current`` is the account's
    (role, active) today, or None for a new account."""
    if actor is None:
        return None
    current_role, current_active = current if current is not None else (None, False)
    # A row that leaves the account as it is (a full export read back) changes nothing.
    if username == actor.get_username() and (role, active) != (current_role, current_active):
        return _(OWN)
    wide = role in Role.values and needs_second_person(Role(role))
    granted = role != current_role or (active and not current_active)
    if wide and granted:
        return _(
            "A role with wide access is granted on the staff page, with a second person's "
            "approval, not by import."
        )
    return None


def membership_row_refusal(
    actor_staff_id: int | None, staff_id: int, row: tuple[Any, ...], own_rows: set[tuple[Any, ...]]
) -> str | None:
    """Refuse a membership row of the importer's own that is not one they already have
    (``row`` and ``own_rows``: team id, discipline, start, end)."""
    if actor_staff_id is not None and staff_id == actor_staff_id and row not in own_rows:
        return _(OWN)
    return None


def record_imported(
    items: Sequence[tuple[Any, dict[str, Any]]], *, actor: User | None, source: str
) -> None:
    """One ``staff_changed`` event per imported staff or membership row (object, changes)."""
    audit.record_each(
        EventType.STAFF_CHANGED,
        [
            (None, obj, {**changes, "change": "import", "reason": "import"})
            for obj, changes in items
        ],
        actor=actor,
        actor_label=None if actor is not None else "cli",
        source=source,
    )
