"""The API's one error shape, for failures inside the API and around it.

``{"code": ..., "message": ..., "errors": [{"field", "code", "message"}]}`` with stable codes.
Failures inside an operation (invalid input, refusals, a body too large, malformed JSON, an
unsupported media type) get it from the exception handlers in ``herningmodel/api.py``. Some
failures never reach an operation: a path the API does not have, a method a path does not
allow (405), a request refused by a middleware, an unhandled error (500). For those Django
answers with HTML, and ``ApiErrorShapeMiddleware`` puts the same shape in its place for every
``/api/`` path, so an integration never has to parse an HTML page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.parser import Parser
from pydantic import BaseModel

API_PREFIX = "/api/"


class FieldErrorOut(BaseModel):
    field: str
    code: str
    message: str


class ErrorOut(BaseModel):
    code: str
    message: str
    errors: list[FieldErrorOut] = []


class UnsupportedMediaType(Exception):
    """A JSON operation was sent a body of another type."""


def is_json(content_type: str) -> bool:
    return content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


class JsonBodyParser(Parser):
    """ninja's JSON parser, refusing a body that does not say it is JSON (415) instead of
    trying to read a form or plain text as JSON."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        if not is_json(request.content_type or ""):
            raise UnsupportedMediaType(request.content_type)
        data: dict[str, Any] = json.loads(request.body)
        return data


def _by_status(status: int) -> tuple[str, str]:
    """The code and translated message for an error Django answered outside the API."""
    if status == 404:
        return "not_found", _("Not found.")
    if status == 405:
        return "method_not_allowed", _("This method is not allowed here.")
    if status == 403:
        return "forbidden", _("Your role does not allow this.")
    if status == 413:
        return "too_large", _("The request is too large.")
    if status >= 500:
        return "server_error", _("The server could not finish the request. Try again later.")
    return "bad_request", _("The request could not be read.")


class ApiErrorShapeMiddleware:
    """Replace a non-JSON error answer to an ``/api/`` path with the API's error shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path_info.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        code, message = _by_status(response.status_code)
        shaped = JsonResponse(
            ErrorOut(code=code, message=message).model_dump(), status=response.status_code
        )
        if response.has_header("Allow"):
            shaped["Allow"] = response["Allow"]
        return shaped
