"""Creating, changing and reading children, each with its audit event in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.organisation.models import AreaTeam, District
from herningmodel.people.models import Child

# Fields recorded in the audit trail. The CPR number is recorded masked: the audit log is read
# by people who should not learn it from there.
AUDITED_FIELDS = (
    "first_name",
    "last_name",
    "cpr",
    "birth_date",
    "is_unborn",
    "expected_birth_date",
    "district_id",
    "area_team_id",
)


@dataclass(frozen=True)
class ChildData:
    first_name: str
    last_name: str
    district_id: int
    area_team_id: int
    cpr: str | None = None
    birth_date: dt.date | None = None
    is_unborn: bool = False
    expected_birth_date: dt.date | None = None


class ConflictError(Exception):
    """Someone else saved the record since it was read (optimistic locking)."""


def snapshot(child: Child) -> dict[str, Any]:
    values = {name: getattr(child, name) for name in AUDITED_FIELDS}
    values["cpr"] = child.masked_cpr or None
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


def _check_references(data: ChildData) -> None:
    errors: dict[str, ValidationError] = {}
    if not District.objects.filter(pk=data.district_id).exists():
        errors["district"] = ValidationError(_("Unknown district."), code="unknown_district")
    if not AreaTeam.objects.filter(pk=data.area_team_id).exists():
        errors["area_team"] = ValidationError(_("Unknown area team."), code="unknown_area_team")
    if errors:
        raise ValidationError(errors)


def apply_data(child: Child, data: ChildData) -> None:
    """Set the child's fields from ``data`` (no checks; ``_apply`` and bulk imports check)."""
    for field in fields(data):
        setattr(child, field.name, getattr(data, field.name))
    if child.cpr == "":
        child.cpr = None


def _apply(child: Child, data: ChildData) -> None:
    apply_data(child, data)
    child.full_clean()


def create_child(
    data: ChildData, *, actor: User | None, source: str, actor_label: str | None = None
) -> Child:
    """Raises ValidationError with coded field errors; nothing is written then."""
    _check_references(data)
    child = Child()
    _apply(child, data)
    with transaction.atomic():
        child.save()
        audit.record(
            EventType.CREATE,
            actor=actor,
            child_id=child.pk,
            obj=child,
            changes={"new": snapshot(child)},
            source=source,
            actor_label=actor_label,
        )
    return child


def update_child(
    child: Child,
    data: ChildData,
    *,
    actor: User | None,
    source: str,
    version: int | None = None,
    actor_label: str | None = None,
) -> Child:
    """Save changes; with ``version`` the save fails if someone saved in between."""
    _check_references(data)
    before = snapshot(child)
    expected = child.version if version is None else version
    _apply(child, data)
    with transaction.atomic():
        current = (
            Child.objects.select_for_update()
            .filter(pk=child.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current != expected:
            raise ConflictError
        child.version = expected + 1
        child.save()
        changes = audit.diff(before, snapshot(child))
        audit.record(
            EventType.UPDATE,
            actor=actor,
            child_id=child.pk,
            obj=child,
            changes=changes,
            source=source,
            actor_label=actor_label,
        )
    return child


def search_by_name(children: QuerySet[Child], text: str) -> QuerySet[Child]:
    """The children whose names hold every word of ``text``, each in the first or the last name.

    "Alma", "alma niel" and "Alma Nielsen" all find Alma Nielsen: a person searches by the
    whole name as often as by a part of it. Shared by the children's page and the API.
    """
    for word in text.split():
        children = children.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return children


def record_child_read(child: Child, *, actor: User, source: str) -> None:
    audit.record(EventType.READ, actor=actor, child_id=child.pk, obj=child, source=source)
