"""Receiving a notification, the 24-hour assessment, the receipt, and what happens next."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from herningmodel.access.policy import User
from herningmodel.audit.models import EventType
from herningmodel.cases.models import Case, CaseStatus, Notification, NotificationOutcome
from herningmodel.cases.models.intake import NotificationSource
from herningmodel.cases.services.casefile import open_case
from herningmodel.cases.services.errors import Errors, audit_change
from herningmodel.cases.services.investigation import start_assessment
from herningmodel.people.models import Child


def receive_notification(
    *,
    actor: User,
    child: Child,
    source: str,
    received_at: dt.datetime,
    content: str,
    notifier: str = "",
    origin: str,
) -> Notification:
    """Register a notification; it joins the child's open case if there is one."""
    errors = Errors()
    if source not in NotificationSource.values:
        errors.add("source", _("Choose who made the notification."), "invalid_choice")
    if timezone.is_naive(received_at):
        errors.add("received_at", _("Give the time with a time zone."), "naive_datetime")
    elif received_at > timezone.now():
        errors.add(
            "received_at", _("A notification cannot be received in the future."), "in_future"
        )
    if not content.strip():
        errors.add("content", _("Write what the notification says."), "required")
    errors.raise_if_any()
    with transaction.atomic():
        case = Case.objects.filter(child=child, status=CaseStatus.OPEN).first()
        notification = Notification(
            child=child,
            case=case,
            source=source,
            notifier=notifier,
            received_at=received_at,
            content=content,
        )
        notification.full_clean()
        notification.save()
        audit_change(
            EventType.CREATE,
            notification,
            child.pk,
            actor=actor,
            source=origin,
            notification_source=source,
            received_at=received_at,
        )
    return notification


def record_acute_assessment(
    *,
    actor: User,
    notification: Notification,
    assessed_at: dt.datetime,
    in_danger: bool,
    acute_measures: bool,
    note: str = "",
    origin: str,
) -> Notification:
    """The 24-hour assessment: is the child's health or development in danger?"""
    errors = Errors()
    if notification.assessed_at is not None:
        errors.add("__all__", _("The 24-hour assessment is already recorded."), "already_done")
    if timezone.is_naive(assessed_at):
        errors.add("assessed_at", _("Give the time with a time zone."), "naive_datetime")
    elif assessed_at < notification.received_at:
        errors.add(
            "assessed_at",
            _("The assessment cannot come before the notification was received."),
            "before_received",
        )
    elif assessed_at > timezone.now():
        errors.add("assessed_at", _("The assessment cannot be in the future."), "in_future")
    if acute_measures and not in_danger:
        errors.add(
            "acute_measures",
            _("Acute measures presuppose that the child is in danger."),
            "inconsistent",
        )
    errors.raise_if_any()
    with transaction.atomic():
        notification.assessed_at = assessed_at
        notification.assessed_by = actor  # type: ignore[assignment]
        notification.in_danger = in_danger
        notification.acute_measures = acute_measures
        notification.assessment_note = note
        notification.save()
        audit_change(
            EventType.UPDATE,
            notification,
            notification.child_id,
            actor=actor,
            source=origin,
            assessed_at=assessed_at,
            in_danger=in_danger,
            acute_measures=acute_measures,
        )
    return notification


def record_receipt(
    *, actor: User, notification: Notification, sent_on: dt.date, origin: str
) -> Notification:
    errors = Errors()
    if sent_on < timezone.localdate(notification.received_at):
        errors.add(
            "sent_on",
            _("The receipt cannot be sent before the notification was received."),
            "before_received",
        )
    errors.not_future("sent_on", sent_on, _("The receipt cannot be sent in the future."))
    errors.raise_if_any()
    with transaction.atomic():
        notification.receipt_sent_on = sent_on
        notification.save(update_fields=["receipt_sent_on"])
        audit_change(
            EventType.UPDATE,
            notification,
            notification.child_id,
            actor=actor,
            source=origin,
            receipt_sent_on=sent_on,
        )
    return notification


def conclude_notification(
    *,
    actor: User,
    notification: Notification,
    outcome: str,
    on: dt.date,
    caseworker: User | None = None,
    origin: str,
) -> Notification:
    """Decide what follows; a § 19 or § 20 outcome opens a case if the child has none.

    A § 20 outcome also starts the child assessment, with its four months running from the
    day the notification was received — the day the municipality learnt of the need.
    """
    errors = Errors()
    if notification.outcome:
        errors.add("__all__", _("The outcome is already decided."), "already_done")
    if outcome not in NotificationOutcome.values:
        errors.add("outcome", _("Choose an outcome."), "invalid_choice")
    if notification.assessed_at is None:
        errors.add(
            "outcome",
            _("Record the 24-hour assessment before the outcome."),
            "acute_assessment_missing",
        )
    received_on = timezone.localdate(notification.received_at)
    if on < received_on:
        errors.add("on", _("The outcome cannot come before the notification."), "before_received")
    errors.not_future("on", on, _("The outcome cannot be decided in the future."))
    open_case_ = Case.objects.filter(child_id=notification.child_id, status=CaseStatus.OPEN).first()
    opens_case = outcome in (NotificationOutcome.FOCUSED, NotificationOutcome.ASSESSMENT)
    if outcome == NotificationOutcome.EXISTING_CASE and open_case_ is None:
        errors.add("outcome", _("The child has no open case."), "no_open_case")
    if opens_case and open_case_ is None and caseworker is None:
        errors.add(
            "caseworker", _("Choose the caseworker responsible for the new case."), "required"
        )
    errors.raise_if_any()
    with transaction.atomic():
        case = open_case_
        if opens_case and case is None:
            assert caseworker is not None
            case = open_case(
                actor=actor,
                child=notification.child,
                caseworker=caseworker,
                opened_on=on,
                source=origin,
            )
        if outcome == NotificationOutcome.ASSESSMENT and case is not None:
            start_assessment(
                actor=actor, case=case, need_known_on=received_on, started_on=on, source=origin
            )
        notification.outcome = outcome
        notification.outcome_on = on
        notification.case = case
        notification.save(update_fields=["outcome", "outcome_on", "case"])
        audit_change(
            EventType.UPDATE,
            notification,
            notification.child_id,
            actor=actor,
            source=origin,
            outcome=outcome,
            case=case,
        )
    return notification
