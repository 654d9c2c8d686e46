"""A child's family as the child page shows it: the adults related to the child and the
siblings in the household. Shared by the page and ``GET /api/children/{id}/family``; the caller
has checked access to the child.

Their names are personal data of their own: the read is recorded for each of them too
(``record_read``), so the data-protection officer's "who saw this child" also finds the pages
that showed a child as somebody's sibling."""

from __future__ import annotations

from dataclasses import dataclass

from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.people.models import Child, Relation


@dataclass(frozen=True)
class Family:
    child: Child
    relations: list[Relation]
    siblings: list[Child]


def family_of(child: Child) -> Family:
    relations = child.relations.select_related("person").order_by("kind", "pk")
    siblings: list[Child] = []
    if child.household_id is not None:
        siblings = list(child.household.children.exclude(pk=child.pk).order_by("pk"))  # type: ignore[union-attr]
    return Family(child, list(relations), siblings)


def record_read(family: Family, *, actor: User, source: str) -> None:
    """One READ of the child and one of each sibling and related adult shown beside it,
    marked with the child whose page it was, in one append to the audit chain."""
    audit.record_shown_with(
        family.child,
        child_ids=[s.pk for s in family.siblings],
        person_ids=[r.person_id for r in family.relations],
        actor=actor,
        source=source,
    )
