"""What the staff page and ``GET /api/staff`` show: every staff member with what decides
their access, and the audit trail's staff-access events for the DPO."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from herningmodel.access.models import ApiToken
from herningmodel.access.policy import User
from herningmodel.audit import services as audit
from herningmodel.audit.models import AuditEvent, EventType
from herningmodel.organisation.models import StaffMember, TeamMembership

#: The audit events that together say who gave whom which access, and when it ended.
STAFF_EVENTS = (
    EventType.STAFF_CHANGED,
    EventType.ACCESS_REQUESTED,
    EventType.ACCESS_REJECTED,
    EventType.TOKEN_CREATED,
    EventType.TOKEN_REVOKED,
)


@dataclass(frozen=True)
class StaffRow:
    staff: StaffMember
    memberships: list[TeamMembership]
    groups: list[str]
    tokens: list[ApiToken]


def roster() -> list[StaffRow]:
    """Every staff member, by user name, with all memberships (ended ones too, for history),
    groups and active API tokens: a fixed number of queries however many staff there are."""
    staff = (
        StaffMember.objects.select_related("user")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=TeamMembership.objects.select_related("team").order_by("-start"),
            ),
            "user__groups",
            Prefetch(
                "user__api_tokens",
                queryset=ApiToken.objects.filter(revoked_at__isnull=True).order_by("created_at"),
            ),
        )
        .order_by("user__username")
    )
    return [
        StaffRow(
            staff=member,
            memberships=list(member.memberships.all()),
            groups=sorted(g.name for g in member.user.groups.all()),
            tokens=list(member.user.api_tokens.all()),
        )
        for member in staff
    ]


def _state(state: Any) -> str:
    if not isinstance(state, dict):
        return ""
    parts = [str(state.get("role") or ""), ", ".join(state.get("teams") or [])]
    parts.append(", ".join(state.get("groups") or []))
    if state.get("active") is False:
        parts.append(str(_("inactive")))
    return "; ".join(p for p in parts if p)


@dataclass(frozen=True)
class ChangeRow:
    """One staff-access event as the DPO's page shows it."""

    event: AuditEvent
    whom: str
    what: str
    asked_by: str
    before: str
    after: str
    reason: str


def describe(event: AuditEvent) -> ChangeRow:
    changes = event.changes if isinstance(event.changes, dict) else {}
    what = " ".join(str(changes.get(k) or "") for k in ("change", "value")).strip()
    return ChangeRow(
        event=event,
        whom=str(changes.get("staff") or changes.get("user") or ""),
        what=what,
        asked_by=str(changes.get("requested_by") or ""),
        before=_state(changes.get("before")),
        after=_state(changes.get("after")),
        reason=str(changes.get("reason") or changes.get("note") or ""),
    )


def change_events(*, actor: User, source: str) -> QuerySet[AuditEvent]:
    """The staff-access events, the newest first. Reading them is itself a SEARCH event, as
    every look at the audit trail is."""
    audit.record(
        EventType.SEARCH,
        actor=actor,
        source=source,
        changes={"event_type": [str(e) for e in STAFF_EVENTS]},
    )
    return AuditEvent.objects.filter(event_type__in=STAFF_EVENTS).order_by("-seq")
