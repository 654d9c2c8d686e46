"""``POST /api/audit/search`` and ``POST /api/audit/export``: the data-protection officer's
search of the audit trail and its CSV export, with the same criteria, rule and audit (a SEARCH
or an EXPORT event) as the page. The criteria travel in the body, as a child's id next to a
user name has no place in an access log."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from herningmodel.access.policy import Perm, has_perm
from herningmodel.api import ErrorOut
from herningmodel.audit import export, search, services
from herningmodel.audit.models import EventType

router = Router(tags=["audit"])


class AuditCriteriaIn(BaseModel):
    """The search criteria, each optional; an event must match every one given."""

    model_config = ConfigDict(extra="forbid")
    child_id: Annotated[int, Field(ge=1, le=2**53)] | None = None
    person_id: Annotated[int, Field(ge=1, le=2**53)] | None = None
    username: Annotated[str, StringConstraints(max_length=150, pattern=r"^[^\x00]*$")] = ""
    event_type: EventType | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def criteria(self) -> search.Criteria:
        """The criteria as the page's form gives them, checked by the same rule."""
        criteria = search.Criteria(
            child_id=self.child_id,
            person_id=self.person_id,
            username=self.username,
            event_type=self.event_type or "",
            date_from=self.date_from,
            date_to=self.date_to,
        )
        search.check(criteria)
        return criteria


class AuditSearchIn(AuditCriteriaIn):
    limit: Annotated[int, Field(ge=1, le=200)] = 100
    offset: Annotated[int, Field(ge=0, le=10**9)] = 0


class AuditEventOut(BaseModel):
    seq: int
    at: dt.datetime
    actor_label: str
    event_type: str
    child_id: int | None
    person_id: int | None
    object_type: str
    object_id: str
    source: str
    changes: Any


class AuditEventPage(BaseModel):
    count: int
    items: list[AuditEventOut]


def _forbidden() -> Status:
    return Status(
        403, ErrorOut(code="forbidden", message=_("Your role cannot read the audit trail."))
    )


@router.post(
    "/search",
    response={200: AuditEventPage, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def search_events(request: HttpRequest, payload: AuditSearchIn) -> AuditEventPage | Status:
    """Audit events matching every criterion given, the newest first; the search is audited."""
    if not has_perm(request.user, Perm.VIEW_AUDIT):
        return _forbidden()
    criteria = payload.criteria()
    services.record(
        EventType.SEARCH,
        actor=request.user,
        source=f"api:{request.method} {request.path}",
        changes=criteria.as_changes(),
    )
    qs = search.events(criteria)
    page = qs[payload.offset : payload.offset + payload.limit]
    return AuditEventPage(
        count=qs.count(),
        items=[
            AuditEventOut(
                seq=e.seq,
                at=e.at,
                actor_label=e.actor_label,
                event_type=e.event_type,
                child_id=e.child_id,
                person_id=e.person_id,
                object_type=e.object_type,
                object_id=e.object_id,
                source=e.source,
                changes=e.changes,
            )
            for e in page
        ],
    )


CSV_CONTENT = {
    "description": "The matching events as CSV, the newest first, as an attachment: seq, time, "
    "actor, event, child_id, person_id, object, source, changes. Text cells that would start a "
    "spreadsheet formula (=, +, -, @) begin with an apostrophe.",
    "content": {"text/csv": {"schema": {"type": "string"}}},
}


@router.post(
    "/export",
    response={400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    openapi_extra={"responses": {200: CSV_CONTENT}},
)
def export_events(request: HttpRequest, payload: AuditCriteriaIn) -> StreamingHttpResponse | Status:
    """The CSV download of the audit page for the same criteria as the search: the same file,
    and the export recorded as an EXPORT event with its criteria, as on the page."""
    if not has_perm(request.user, Perm.VIEW_AUDIT):
        return _forbidden()
    lines = export.export(
        payload.criteria(), actor=request.user, source=f"api:{request.method} {request.path}"
    )
    response = StreamingHttpResponse(lines, content_type=export.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export.FILENAME}"'
    return response
