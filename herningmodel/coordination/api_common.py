"""What the coordination API modules share: input limits, error responses, the read audit."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from pydantic import Field, StringConstraints

from herningmodel.api import ErrorOut
from herningmodel.audit import services as audit
from herningmodel.audit.models import EventType
from herningmodel.coordination.access import Sight

NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(max_length=10_000, pattern=NO_NUL)]
Short = Annotated[str, StringConstraints(max_length=200, pattern=NO_NUL)]
Id = Annotated[int, Field(ge=1, le=2**53)]
Limit = Annotated[int, Field(ge=1, le=200)]
Offset = Annotated[int, Field(ge=0, le=10**9)]
READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def api_source(request: HttpRequest) -> str:
    return f"api:{request.method} {request.path}"


def record_read(request: HttpRequest, sight: Sight) -> None:
    """Who read this family's coordination is logged for each of its children."""
    coordination = sight.coordination
    for child_id in coordination.household.children.values_list("pk", flat=True):
        audit.record(
            EventType.READ,
            actor=request.user,
            child_id=child_id,
            obj=coordination,
            source=api_source(request),
        )
