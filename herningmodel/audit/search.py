"""The data-protection officer's search of the audit trail: the criteria, their one rule and
the matching events, the newest first. Shared by the audit page, its CSV export and
``POST /api/audit/search``; the caller checks ``audit.view`` and records the search itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from herningmodel.audit.models import AuditEvent


@dataclass(frozen=True)
class Criteria:
    child_id: int | None = None
    person_id: int | None = None  # an adult (parent, network), shown beside a child
    username: str = ""
    event_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @classmethod
    def of(cls, data: dict[str, Any]) -> Criteria:
        return cls(
            child_id=data.get("child_id") or None,
            person_id=data.get("person_id") or None,
            username=data.get("username") or "",
            event_type=data.get("event_type") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def as_changes(self) -> dict[str, Any]:
        """The criteria as recorded in the SEARCH or EXPORT event (only those given)."""
        return {
            k: (v.isoformat() if isinstance(v, dt.date) else v)
            for k, v in asdict(self).items()
            if v
        }


def range_error(date_from: dt.date | None, date_to: dt.date | None) -> ValidationError | None:
    if date_from and date_to and date_to < date_from:
        return ValidationError(_("The end is before the start."), code="end_before_start")
    return None


def check(criteria: Criteria) -> None:
    error = range_error(criteria.date_from, criteria.date_to)
    if error is not None:
        raise ValidationError({"date_to": error})


def events(criteria: Criteria) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.order_by("-seq")
    if criteria.child_id:
        qs = qs.filter(child_id=criteria.child_id)
    if criteria.person_id:
        qs = qs.filter(person_id=criteria.person_id)
    if criteria.username:
        qs = qs.filter(actor_label=criteria.username)
    if criteria.event_type:
        qs = qs.filter(event_type=criteria.event_type)
    tz = timezone.get_current_timezone()
    if criteria.date_from:
        qs = qs.filter(at__gte=dt.datetime.combine(criteria.date_from, dt.time.min, tz))
    if criteria.date_to:
        end = criteria.date_to + dt.timedelta(days=1)
        qs = qs.filter(at__lt=dt.datetime.combine(end, dt.time.min, tz))
    return qs
