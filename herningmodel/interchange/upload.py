"""The import page: choose a kind, upload a file, see the dry-run report, then commit; and the
full export as a download.

Only a role with ``IMPORT_DATA`` (the administrator, see ``access/policy.py``) may import,
only one with ``EXPORT_DATA`` (also the administrator) may download the export. The
uploaded file is kept in a private temporary folder between the check and the commit, named by
a random token held in the user's session, so the file that is committed is exactly the file
that was checked; it is deleted after the commit (or when a new file is checked).
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from herningmodel.access.policy import Perm, User, has_perm
from herningmodel.interchange import full_export, importing
from herningmodel.interchange.csvfiles import DEFAULT_MAX_BYTES
from herningmodel.validation import field_errors

SESSION_KEY = "interchange_pending_import"
SOURCE = "web:import"


def _folder() -> Path:
    return Path(tempfile.gettempdir()) / "herningmodel-imports"


def _forget(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        shutil.rmtree(_folder() / pending["token"], ignore_errors=True)


def _save(upload: Any, token: str) -> Path:
    folder = _folder() / token
    folder.mkdir(parents=True, mode=0o700)
    name = get_valid_filename(Path(upload.name or "upload.csv").name) or "upload.csv"
    path = folder / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.IMPORT_DATA):
        raise PermissionDenied
    context: dict[str, Any] = {
        "kinds": importing.ORDER,
        "kind": request.POST.get("kind", ""),
        "can_export": has_perm(request.user, Perm.EXPORT_DATA),
        "errors_on": {},
    }
    if request.method == "POST" and request.POST.get("step") == "commit":
        return _commit(request, context)
    if request.method == "POST":
        return _check(request, context)
    return render(request, "interchange/import.html", context)


def check_upload(kind: str, upload: Any) -> None:
    """The page's and the API's rule for an upload: a known kind, a file, within the size limit
    (the reader refuses a larger file too, but only after it is on disk).

    Raises a ``ValidationError`` naming ``kind`` and ``file``."""
    problems = {}
    if kind not in importing.KINDS:
        problems["kind"] = ValidationError(_("Choose what the file holds."), code="unknown_kind")
    if upload is None:
        problems["file"] = ValidationError(_("Choose a file."), code="required")
    else:
        limit: int = getattr(settings, "HERNINGMODEL_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
        if upload.size is not None and upload.size > limit:
            problems["file"] = ValidationError(
                _("The file is larger than the limit of %(mb)s MB.")
                % {"mb": limit // (1024 * 1024)},
                code="too_large",
            )
    if problems:
        raise ValidationError(problems)


def import_upload(
    kind: str, upload: Any, *, actor: User, dry_run: bool, source: str
) -> importing.Result:
    """Check an upload and, unless ``dry_run``, import it in one go (the API's import): the file
    is written to a private temporary folder for the reader and removed afterwards. Nothing is
    written unless every row is valid (``importing.run`` imports all or nothing), and the run is
    audited by the importer as the page's."""
    check_upload(kind, upload)
    path = _save(upload, secrets.token_urlsafe(18))
    try:
        return importing.run(kind, path, actor=actor, dry_run=dry_run, source=source)
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


def _check(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    kind = context["kind"]
    upload = request.FILES.get("file")
    try:
        check_upload(kind, upload)
    except ValidationError as exc:
        context["errors_on"] = {e.field: e.message for e in field_errors(exc)}
        return render(request, "interchange/import.html", context, status=400)
    _forget(request)
    token = secrets.token_urlsafe(18)
    path = _save(upload, token)
    result = importing.run(kind, path, actor=request.user, dry_run=True, source=SOURCE)
    context["result"] = result
    if result.errors:
        shutil.rmtree(path.parent, ignore_errors=True)
    else:
        request.session[SESSION_KEY] = {"token": token, "kind": kind, "name": path.name}
        context["token"] = token
    return render(request, "interchange/import.html", context)


def _commit(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    pending = request.session.get(SESSION_KEY)
    if not pending or pending["token"] != request.POST.get("token", ""):
        context["errors_on"] = {
            "file": _("The checked file is no longer waiting; check the file again.")
        }
        return render(request, "interchange/import.html", context, status=400)
    path = _folder() / pending["token"] / pending["name"]
    result = importing.run(pending["kind"], path, actor=request.user, source=SOURCE)
    _forget(request)
    context.update(kind=pending["kind"], result=result, committed=not result.errors)
    return render(request, "interchange/import.html", context)


@login_required
@require_http_methods(["GET"])
def export_download(request: HttpRequest) -> FileResponse:
    """The full export as a zip download; audited like the command-line export."""
    if not has_perm(request.user, Perm.EXPORT_DATA):
        raise PermissionDenied
    handle, name = export_zip(actor=request.user, source="web:export full")
    return FileResponse(handle, as_attachment=True, filename=name, content_type=ZIP)


ZIP = "application/zip"


def export_zip(*, actor: User, source: str) -> tuple[BinaryIO, str]:
    """The full export as an open zip file and its name, for the page's and the API's download;
    audited by ``export_full``."""
    folder = Path(tempfile.mkdtemp(prefix="herningmodel-export-"))
    name = f"herningmodel-export-{timezone.localdate():%Y-%m-%d}.zip"
    full_export.export_full(folder / name, actor=actor, source=source)
    handle = (folder / name).open("rb")
    # The file is unlinked once open: the download streams it and nothing stays on disk.
    shutil.rmtree(folder, ignore_errors=True)
    return handle, name
