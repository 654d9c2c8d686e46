"""A child's family as the child page shows it: the adults related to the child and the
siblings in the household. Shared by the page and ``GET /api/children/{id}/family``; the caller
has checked access to the child and records the read."""

from __future__ import annotations

from django.db.models import QuerySet

from herningmodel.people.models import Child, Relation


def relations_of(child: Child) -> QuerySet[Relation]:
    return child.relations.select_related("person").order_by("kind", "pk")


def siblings_of(child: Child) -> list[Child]:
    if child.household_id is None:
        return []
    return list(child.household.children.exclude(pk=child.pk).order_by("pk"))  # type: ignore[union-attr]
