"""``/api/data/…``: the administrator's import and exports, as on the import page and the command
line: the same checks, size limit, importer, export writers, permission and audit.

An import answers with the validation report as data (what was read, the counts, every row
error), also when rows are wrong: that is the answer to "check this file", not a refusal. Input
that is not a file of a known kind is 422, like the page's field errors.
"""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from herningmodel.access.policy import Perm, has_perm
from herningmodel.api import ErrorOut
from herningmodel.interchange import aggregates, upload
from herningmodel.interchange.importing import Result
from herningmodel.monitoring.scope import ScopeError

router = Router(tags=["data"])


class ImportErrorOut(BaseModel):
    """One problem with a cell, a row (``column`` empty) or the file (``row`` 0)."""

    file: str
    row: int
    column: str
    value: str
    message: str


class DetectedOut(BaseModel):
    format: str = Field(description="csv or xlsx")
    encoding: str = Field(description="utf-8, utf-8-sig, utf-16 or windows-1252; empty for xlsx")
    delimiter: str = Field(description="; , or a tab; empty for xlsx")
    decimal_mark: str = Field(
        description="The file's decimal mark as its own numbers show it: , or . ; empty when "
        "they do not (then a value such as 1.234 is refused as ambiguous)."
    )
    day_first: bool = Field(description="Dates such as 01/02/2024 are read day first.")


class ImportCountsOut(BaseModel):
    rows: int
    created: int
    updated: int
    unchanged: int


class ImportReportOut(BaseModel):
    kind: str
    file: str
    dry_run: bool
    valid: bool = Field(description="No errors: the file can be (or was) imported.")
    committed: bool = Field(description="The rows were written (valid and not a dry run).")
    detected: DetectedOut | None = Field(description="null when the file could not be read.")
    counts: ImportCountsOut | None = Field(description="null when the file has errors.")
    lines: list[str] = Field(description="The report as the page and the command line show it.")
    errors: list[ImportErrorOut]


def _report(result: Result, *, dry_run: bool) -> ImportReportOut:
    detection, report = result.detection, result.report
    return ImportReportOut(
        kind=result.kind,
        file=result.file,
        dry_run=dry_run,
        valid=not result.errors,
        committed=not result.errors and not dry_run,
        detected=DetectedOut(
            format=detection.format,
            encoding=detection.encoding,
            delimiter=detection.delimiter,
            decimal_mark=detection.convention.decimal,
            day_first=detection.convention.day_first,
        )
        if detection
        else None,
        counts=ImportCountsOut(
            rows=report.rows,
            created=len(report.created),
            updated=len(report.updated),
            unchanged=report.unchanged,
        )
        if report and not result.errors
        else None,
        lines=result.lines,
        errors=[ImportErrorOut(**vars(e)) for e in result.errors],
    )


Kind = Annotated[str, StringConstraints(max_length=40, pattern=r"^[^\x00]*$")]


@router.post(
    "/import",
    response={
        200: ImportReportOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        422: ErrorOut,
    },
)
def import_file(
    request: HttpRequest,
    kind: Form[Kind],
    file: File[UploadedFile],
    dry_run: Form[bool] = True,
) -> ImportReportOut | Status:
    """Check a file of one import kind (CSV or Excel) and, with ``dry_run=false``, import it:
    the import page's check and commit in one request. Nothing is written unless every row is
    valid; the report lists every row error. 422 for an unknown kind or a file over the size
    limit."""
    if not has_perm(request.user, Perm.IMPORT_DATA):
        return Status(403, ErrorOut(code="forbidden", message=_("Your role cannot import data.")))
    result = upload.import_upload(
        kind,
        file,
        actor=request.user,
        dry_run=dry_run,
        source=f"api:{request.method} {request.path}",
    )
    return _report(result, dry_run=dry_run)


_BINARY = {"schema": {"type": "string", "format": "binary"}}
ZIP_CONTENT = {
    "description": "Every kind as a CSV file and the catalogue, in one zip file (the page's "
    "download), as an attachment.",
    "content": {upload.ZIP: _BINARY},
}


def _no_export() -> Status:
    return Status(403, ErrorOut(code="forbidden", message=_("Your role cannot export data.")))


@router.get(
    "/export",
    response={401: ErrorOut, 403: ErrorOut},
    openapi_extra={"responses": {200: ZIP_CONTENT}},
)
def export_full(request: HttpRequest) -> FileResponse | Status:
    """The full export as the import page's download: the same zip, audited as an EXPORT."""
    if not has_perm(request.user, Perm.EXPORT_DATA):
        return _no_export()
    handle, name = upload.export_zip(actor=request.user, source=f"api:GET {request.path}")
    return FileResponse(handle, as_attachment=True, filename=name, content_type=upload.ZIP)


AGGREGATE_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8"}
AGGREGATE_CONTENT = {
    "description": "Indicators by district for national comparison (suppressed, no personal "
    "data) as written by `herningmodel export aggregates`, with the SHA-256 of its content.",
    "content": {"application/json": {"schema": {"type": "object"}}, "text/csv": _BINARY},
}


class AggregateFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")
    period: Annotated[str, StringConstraints(max_length=20, pattern=r"^[^\x00]*$")] = Field(
        description="2025, 2025Q3 or 2025-07."
    )
    format: Literal["json", "csv"] = "json"


@router.get(
    "/aggregates",
    response={400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    openapi_extra={"responses": {200: AGGREGATE_CONTENT}},
)
def export_aggregates(
    request: HttpRequest, filters: Query[AggregateFilters]
) -> HttpResponse | Status:
    """The aggregate export of the command line: the same file and content hash, audited as an
    EXPORT with the hash, by the caller. 400 for a period that does not parse."""
    if not has_perm(request.user, Perm.EXPORT_DATA):
        return _no_export()
    try:
        body = aggregates.export(
            filters.period,
            f".{filters.format}",
            today=timezone.localdate(),
            source=f"api:GET {request.path}",
            actor=request.user,
        )
    except ScopeError as exc:
        return Status(400, ErrorOut(code=exc.code, message=exc.message))
    response = HttpResponse(body, content_type=AGGREGATE_TYPES[filters.format])
    name = f"herningmodel-aggregates-{filters.period}.{filters.format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
