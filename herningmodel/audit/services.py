"""Writing and verifying audit events.

Callers write the audit event inside the same ``transaction.atomic`` block as the change it
describes, so a change without its event (or the reverse) can never be committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from herningmodel.audit import chain, checkpoints, sightings
from herningmodel.audit.models import AuditEvent, ChainHead, EventType

Actor = AbstractBaseUser | AnonymousUser | None


def record(
    event_type: EventType,
    *,
    actor: Actor,
    child_id: int | None = None,
    person_id: int | None = None,
    obj: Any = None,
    source: str = "",
    changes: Mapping[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    return _append(
        event_type,
        actor=actor,
        subjects=[(child_id, person_id)],
        obj=obj,
        source=source,
        changes=changes,
        actor_label=actor_label,
    )[0]


def record_list_read(child_ids: Iterable[int], *, actor: Actor, source: str) -> None:
    """One READ event per child shown in a list, so "who saw this child" finds list views too."""
    subjects: list[tuple[int | None, int | None]] = [(cid, None) for cid in child_ids]
    if subjects:
        _append(
            EventType.READ, actor=actor, subjects=subjects, source=source, changes={"list": True}
        )


def record_reads(
    subjects: Iterable[tuple[int | None, int | None]], *, actor: Actor, source: str
) -> None:
    """One READ event per (child id, person id) a response showed (``sightings``)."""
    ordered = sorted(subjects, key=lambda s: (s[0] is None, s[0] or 0, s[1] or 0))
    if ordered:
        _append(EventType.READ, actor=actor, subjects=ordered, source=source)


def record_shown_with(
    child: Any,
    *,
    child_ids: Iterable[int],
    person_ids: Iterable[int],
    actor: Actor,
    source: str,
) -> list[AuditEvent]:
    """A READ of the child (``obj``) and a READ of each other child and person whose data the
    same page shows beside it (siblings, parents, network), each marked ``shown_with`` the
    child: their names are their data, and "who saw this person" must find those pages too."""
    others: list[tuple[int | None, int | None]] = [(c, None) for c in child_ids]
    others += [(None, p) for p in person_ids]
    marked: tuple[Any, Mapping[str, Any] | None] = (None, {"shown_with": child.pk})
    return _append(
        EventType.READ,
        actor=actor,
        subjects=[(child.pk, None), *others],
        objects=[(child, None), *[marked] * len(others)],
        source=source,
    )


def record_each(
    event_type: EventType,
    items: Sequence[tuple[int | None, Any, Mapping[str, Any]]],
    *,
    actor: Actor,
    source: str = "",
    actor_label: str | None = None,
) -> list[AuditEvent]:
    """One event per (child id, object, changes), chained in one go: what ``record`` would
    write for each, for an import that writes many rows at once."""
    if not items:
        return []
    return _append(
        event_type,
        actor=actor,
        subjects=[(child_id, None) for child_id, _obj, _changes in items],
        objects=[(obj, changes) for _child_id, obj, changes in items],
        source=source,
        actor_label=actor_label,
    )


def _append(
    event_type: EventType,
    *,
    actor: Actor,
    subjects: list[tuple[int | None, int | None]],
    obj: Any = None,
    source: str = "",
    changes: Mapping[str, Any] | None = None,
    actor_label: str | None = None,
    objects: Sequence[tuple[Any, Mapping[str, Any] | None]] | None = None,
) -> list[AuditEvent]:
    authenticated = actor is not None and actor.is_authenticated
    actor_id = actor.pk if authenticated and actor is not None else None
    label = actor_label or (actor.get_username() if authenticated and actor else "anonymous")
    now = timezone.now()
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update().get_or_create(pk=1)
        prev = head.last_hash
        events = []
        for offset, (child_id, person_id) in enumerate(subjects, start=1):
            if objects is not None:
                obj, changes = objects[offset - 1]
            fields = chain.hashed_fields(
                seq=head.last_seq + offset,
                at=now,
                actor_id=actor_id,
                actor_label=label[:150],
                event_type=str(event_type),
                child_id=child_id,
                person_id=person_id,
                object_type=type(obj).__name__ if obj is not None else "",
                object_id=str(obj.pk) if obj is not None else "",
                source=source[:200],
                changes=chain.canonical(dict(changes or {})),
            )
            digest = chain.event_hash(prev, fields)
            events.append(
                AuditEvent(
                    # The id is the sequence number, so an edited id is a detectable break.
                    id=fields["seq"],
                    seq=fields["seq"],
                    at=now,
                    actor_id=actor_id,
                    actor_label=fields["actor_label"],
                    event_type=fields["event_type"],
                    child_id=child_id,
                    person_id=person_id,
                    object_type=fields["object_type"],
                    object_id=fields["object_id"],
                    source=fields["source"],
                    changes=fields["changes"],
                    prev_hash=prev,
                    hash=digest,
                )
            )
            prev = digest
        AuditEvent.objects.bulk_create(events)
        if event_type == EventType.READ:
            sightings.note_recorded(subjects)
        head.last_seq += len(events)
        head.last_hash = prev
        head.save(update_fields=["last_seq", "last_hash"])
        if event_type == EventType.EXPORT:
            transaction.on_commit(lambda: checkpoints.write_after_commit("export"), robust=True)
        elif checkpoints.due():
            transaction.on_commit(lambda: checkpoints.write_after_commit("daily"), robust=True)
    return events


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Old and new values of the fields that changed, for an UPDATE event."""
    return {
        key: {"old": old.get(key), "new": new.get(key)}
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    }


def _rows() -> Iterator[tuple[dict[str, Any], str, str, int]]:
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        fields = chain.hashed_fields(
            seq=event.seq,
            at=event.at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            event_type=event.event_type,
            child_id=event.child_id,
            person_id=event.person_id,
            object_type=event.object_type,
            object_id=event.object_id,
            source=event.source,
            changes=event.changes,
        )
        yield fields, event.prev_hash, event.hash, event.pk


def verify() -> chain.Break | None:
    """The first break in the chain, checked row by row, against the stored head and against
    every checkpoint kept outside the database (``checkpoints.py``); None when intact.

    A damaged checkpoint file, or one whose key is gone, is a break too (row 0): without it
    the truncation of the newest rows could no longer be told from an intact chain."""
    try:
        anchors = checkpoints.anchors()
    except checkpoints.CheckpointProblem as problem:
        return chain.Break(0, str(problem))
    head = ChainHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first()
    return chain.first_break(_rows(), head or (0, chain.GENESIS), anchors)
