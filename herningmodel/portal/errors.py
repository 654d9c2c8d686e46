"""What a person sees when the server cannot answer: a plain page, never a stack trace.

Django calls `server_error` for any exception a view (or middleware) did not handle. When the
cause is the database — unreachable, restarting, out of disk space, read-only — the answer is
503 with a message that says what happened and that the unfinished change was not saved (every
write runs in one transaction, so it was rolled back). Anything else is a plain 500 page.

The pages are rendered without the request: the menu and the user's name need the database,
which may be the very thing that failed. Django has already logged the exception (logger
`django.request`, with the path, which holds ids only); this adds one line naming the kind of
database fault and the view, and nothing of the request's data.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, InternalError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger("herningmodel.errors")

# Faults of the database itself, not of the request: connection lost or refused, disk full,
# read-only database, a server shutting down. IntegrityError and DataError are left out: they
# mean a bug in validation, not an unavailable database.
UNAVAILABLE = (OperationalError, InterfaceError, InternalError)


def database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, UNAVAILABLE)


def server_error(request: HttpRequest) -> HttpResponse:
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        match = getattr(request, "resolver_match", None)
        logger.error(
            "Database unavailable (%s) in %s %s",
            type(exc).__name__,
            request.method,
            match.view_name if match else "-",
        )
        status = 503
        title = _("The database is not available")
        message = _(
            "The system cannot reach or write to its database right now. What you were saving "
            "has not been saved; nothing was half-saved. Please try again in a few minutes. If "
            "this goes on, contact your IT support."
        )
        code = "database_unavailable"
    else:
        status = 500
        title = _("Something went wrong")
        message = _(
            "The system could not finish your request because of an error on the server. It "
            "has been logged. Please try again; if this goes on, contact your IT support."
        )
        code = "server_error"
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"code": code, "message": message, "errors": []}, status=status
        )
    else:
        body = render_to_string(
            "portal/error.html",
            {"title": title, "message": message, "language": get_language() or "da"},
        )
        response = HttpResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = "60"
    return response
