"""The retention job: find what is past its period, then anonymise or erase it, audited.

Never touched: a child with an open case or an active legal hold, a child younger than
``retention.MINIMUM_AGE_AT_ERASURE``, or a child with any record newer than the cutoff. The
same ``plan`` feeds the dry run, the DPO's page and the real run, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from herningmodel.audit import services as audit
from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.cases.models import CaseStatus, Notification, NotificationOutcome
from herningmodel.operations.models import Erasure, JobRun, LegalHold
from herningmodel.operations.retention import ACTIONS, Action, Kind, cutoff, old_enough
from herningmodel.people.models import Child, Relation

ACTOR_LABEL = "retention job"
ANONYMISED_NAME = "Anonymised"


@dataclass(frozen=True)
class Due:
    kind: Kind
    action: Action
    object_type: str
    object_id: int
    child_id: int | None
    since: dt.date


@dataclass
class Plan:
    today: dt.date
    cutoffs: dict[Kind, dt.date]
    due: list[Due] = field(default_factory=list)
    kept_on_hold: list[int] = field(default_factory=list)

    def count(self, kind: Kind) -> int:
        return sum(1 for item in self.due if item.kind == kind)

    def summary(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "due": {kind.value: self.count(kind) for kind in Kind},
            "cutoffs": {kind.value: day.isoformat() for kind, day in self.cutoffs.items()},
            "kept_on_hold": len(self.kept_on_hold),
        }


def held_child_ids() -> set[int]:
    return set(LegalHold.objects.filter(lifted_at__isnull=True).values_list("child_id", flat=True))


def _already_anonymised() -> set[int]:
    erased = Erasure.objects.filter(kind=Kind.CASE_RECORDS, child_id__isnull=False)
    return {child_id for child_id in erased.values_list("child_id", flat=True) if child_id}


def plan(today: dt.date, periods: Mapping[Kind, int]) -> Plan:
    cutoffs = {kind: cutoff(today, kind, periods) for kind in Kind}
    result = Plan(today=today, cutoffs=cutoffs)
    held = held_child_ids()

    # Case records: every case of the child closed before the cutoff, none open.
    case_cut = cutoffs[Kind.CASE_RECORDS]
    closed = (
        Child.objects.filter(cases__isnull=False)
        .exclude(cases__status=CaseStatus.OPEN)
        .annotate(
            last_closed=Max("cases__closed_on"), last_notified=Max("notifications__received_at")
        )
        .filter(last_closed__lt=case_cut)
        .exclude(pk__in=_already_anonymised())
    )
    for child in closed.order_by("pk"):
        newer_notification = (
            child.last_notified is not None and timezone.localdate(child.last_notified) >= case_cut
        )
        if newer_notification or not old_enough(child.birth_date, today):
            continue
        if child.pk in held:
            result.kept_on_hold.append(child.pk)
            continue
        result.due.append(
            Due(
                Kind.CASE_RECORDS,
                ACTIONS[Kind.CASE_RECORDS],
                "Child",
                child.pk,
                child.pk,
                child.last_closed,
            )
        )

    # Notifications that led to nothing: no case, decided "no further action".
    note_cut = cutoffs[Kind.UNFOUNDED_NOTIFICATIONS]
    unfounded = Notification.objects.filter(
        case__isnull=True,
        outcome=NotificationOutcome.NO_ACTION,
        received_at__date__lt=note_cut,
    ).exclude(child__cases__status=CaseStatus.OPEN)
    for note in unfounded.order_by("pk"):
        if note.child_id in held:
            result.kept_on_hold.append(note.child_id)
            continue
        result.due.append(
            Due(
                Kind.UNFOUNDED_NOTIFICATIONS,
                ACTIONS[Kind.UNFOUNDED_NOTIFICATIONS],
                "Notification",
                note.pk,
                note.child_id,
                timezone.localdate(note.received_at),
            )
        )

    # Reported only: the audit trail's oldest events and the research extracts handed out.
    audit_cut = cutoffs[Kind.AUDIT_EVENTS]
    oldest = AuditEvent.objects.filter(at__date__lt=audit_cut).order_by("seq").first()
    if oldest is not None:
        count = AuditEvent.objects.filter(at__date__lt=audit_cut).count()
        result.due.extend(
            Due(
                Kind.AUDIT_EVENTS,
                Action.REPORT,
                "AuditEvent",
                seq,
                None,
                timezone.localdate(oldest.at),
            )
            for seq in range(oldest.seq, oldest.seq + count)
        )
    extract_cut = cutoffs[Kind.RESEARCH_EXTRACTS]
    # A research extract is the EXPORT event with a stated purpose (evaluation/extract.py).
    extracts = AuditEvent.objects.filter(
        event_type=EventType.EXPORT, changes__has_key="purpose", at__date__lt=extract_cut
    )
    for event in extracts.order_by("seq"):
        result.due.append(
            Due(
                Kind.RESEARCH_EXTRACTS,
                Action.REPORT,
                "AuditEvent",
                event.seq,
                None,
                timezone.localdate(event.at),
            )
        )
    return result


#: Free text kept in short text fields (every TextField is free text already).
SHORT_FREE_TEXT = {"Notification": ("notifier",)}
#: What replaces free text: non-empty stays non-empty, so "held or reasoned" rules still hold.
REDACTED = "[anonymised]"


def _blank_free_text(model: type[models.Model], rows: Q) -> list[str]:
    """Replace every free-text value (notes, content, a child's own words) of the rows."""
    names = [
        f.name
        for f in model._meta.get_fields()
        if (isinstance(f, models.TextField) and not f.choices)
        or f.name in SHORT_FREE_TEXT.get(model.__name__, ())
    ]
    for name in names:
        model._default_manager.filter(rows).exclude(**{name: ""}).update(**{name: REDACTED})
    return names


def _child_models(depth: int = 3) -> list[tuple[type[models.Model], str]]:
    """Every model that hangs under a child (its cases, their plans, the plans' follow-ups…),
    with the lookup from that model back to the child, found from the foreign keys."""
    found: list[tuple[type[models.Model], str]] = []
    seen: set[type[models.Model]] = {Child, LegalHold}
    frontier: list[tuple[type[models.Model], str]] = [(Child, "")]
    for _ in range(depth):
        following = []
        for parent, path in frontier:
            for related in parent._meta.related_objects:
                model = related.related_model
                if related.many_to_many or not isinstance(model, type) or model in seen:
                    continue
                seen.add(model)
                lookup = f"{related.field.name}__{path}" if path else related.field.name
                found.append((model, lookup))
                following.append((model, lookup))
        frontier = following
    return found


def anonymise_child(child: Child) -> dict[str, object]:
    birth = child.birth_date
    Child.objects.filter(pk=child.pk).update(
        first_name=ANONYMISED_NAME,
        last_name=f"#{child.pk}",
        cpr=None,
        external_id=None,
        household=None,
        # The birth month stays for the statistics (age at opening); the day goes.
        birth_date=birth.replace(day=1) if birth else None,
    )
    Relation.objects.filter(child=child).delete()
    blanked: dict[str, list[str]] = {}
    for model, lookup in _child_models():
        if model is Relation:
            continue
        names = _blank_free_text(model, Q(**{lookup: child.pk}))  # lookup ends at the child
        if names:
            blanked[model.__name__] = names
    return {
        "anonymised": [
            "first_name",
            "last_name",
            "cpr",
            "external_id",
            "birth_day",
            "household",
            "relations",
        ],
        "blanked": blanked,
    }


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    done: int
    dry_run: bool


def run(today: dt.date, periods: Mapping[Kind, int], *, dry_run: bool) -> Outcome:
    """Erase what is due, each item with its audit event in one transaction per item, so an
    interrupted run leaves every item either fully done or untouched."""
    due = plan(today, periods)
    done = 0
    if not dry_run:
        held = held_child_ids()
        for item in due.due:
            if item.action is Action.REPORT:
                continue
            with transaction.atomic():
                if item.child_id in held:  # a hold placed since the plan was made
                    continue
                changes = _apply(item)
                if changes is None:
                    continue
                audit.record(
                    EventType.UPDATE,
                    actor=None,
                    actor_label=ACTOR_LABEL,
                    child_id=item.child_id,
                    source=f"retention:{item.kind.value}",
                    changes={
                        "action": item.action.value,
                        "object_type": item.object_type,
                        "object_id": item.object_id,
                        **changes,
                    },
                )
                Erasure.objects.create(
                    kind=item.kind,
                    child_id=item.child_id,
                    object_type=item.object_type,
                    object_id=str(item.object_id),
                    action=item.action,
                    at=timezone.now(),
                )
                done += 1
        JobRun.objects.create(
            job=JobRun.Job.RETENTION,
            finished_at=timezone.now(),
            summary={**due.summary(), "done": done},
        )
    return Outcome(plan=due, done=done, dry_run=dry_run)


def _apply(item: Due) -> dict[str, object] | None:
    if item.kind is Kind.CASE_RECORDS:
        child = Child.objects.select_for_update().filter(pk=item.object_id).first()
        if child is None or child.cases.filter(status=CaseStatus.OPEN).exists():
            return None
        return anonymise_child(child)
    if item.kind is Kind.UNFOUNDED_NOTIFICATIONS:
        deleted, _ = Notification.objects.filter(pk=item.object_id, case__isnull=True).delete()
        return {"erased": deleted} if deleted else None
    return None
