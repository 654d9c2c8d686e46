"""What the read-audit tests share: where the trail ends, what was read since, who is named."""

from __future__ import annotations

from django.db.models import QuerySet

from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.people.models import Child, Person

Subject = tuple[int | None, int | None]  # (child id, person id), as in the audit trail


def last_seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def reads_since(seq: int, *, actor_id: int | None = None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(seq__gt=seq, event_type=EventType.READ)
    return events if actor_id is None else events.filter(actor_id=actor_id)


def full_names(escape: bool = False) -> dict[str, set[Subject]]:
    """Every child's and adult's "first last", with who carries it (names can be shared)."""
    import html

    def shown(first: str, last: str) -> str:
        return html.escape(f"{first} {last}") if escape else f"{first} {last}"

    names: dict[str, set[Subject]] = {}
    for pk, first, last in Child.objects.values_list("pk", "first_name", "last_name"):
        names.setdefault(shown(first, last), set()).add((pk, None))
    for pk, first, last in Person.objects.values_list("pk", "first_name", "last_name"):
        names.setdefault(shown(first, last), set()).add((None, pk))
    return names
