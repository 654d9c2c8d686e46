"""Writes the read events of every response (``sightings``): one per person shown."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from herningmodel.audit import services, sightings


def read_source(request: HttpRequest) -> str:
    """The page (its URL name) or the API endpoint (method and path) a read came from."""
    if request.path.startswith("/api/"):
        return f"api:{request.method} {request.path}"
    match = request.resolver_match
    return f"page:{match.view_name if match else request.path}"


class ReadAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = sightings.begin()
        try:
            response = self.get_response(request)
            sighting = sightings.current()
        finally:
            sightings.end(token)
        # A form shown again with its errors (400) shows its child too; a server error is an
        # error page, whatever the view had fetched.
        if sighting is not None and response.status_code < 500:
            pending = sightings.resolve(sighting)
            if pending:
                services.record_reads(pending, actor=request.user, source=read_source(request))
        return response
