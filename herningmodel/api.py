"""The JSON API at /api/: one NinjaAPI, one error format, routers from the domain apps.

Every error is ``{"code": ..., "message": ..., "errors": [{"field", "code", "message"}]}`` with
stable codes, so integrations can act on them and the UI can translate them; failures that
never reach an operation get the same shape from ``api_errors.ApiErrorShapeMiddleware``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from herningmodel.access.tokens import user_for_token
from herningmodel.api_errors import ErrorOut as ErrorOut
from herningmodel.api_errors import FieldErrorOut as FieldErrorOut
from herningmodel.api_errors import JsonBodyParser, UnsupportedMediaType
from herningmodel.audit.sightings import shows_returned_people
from herningmodel.people.services import ConflictError
from herningmodel.validation import field_errors


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token, source=f"api:{request.method} {request.path}")
        if user is not None:
            request.user = user  # type: ignore[assignment]
        return user


class HerningmodelApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """The schema, with the answers every operation with a body can give before its own
        code runs: 413 (too large), 415 (not JSON, where it takes JSON) and 400 (malformed)."""
        schema = super().get_openapi_schema(**kwargs)
        error = {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        }
        for item in schema["paths"].values():
            for operation in item.values():
                body = operation.get("requestBody")
                if not isinstance(body, dict):
                    continue
                responses = operation.setdefault("responses", {})
                wanted = {400: "Bad Request", 413: "Content Too Large"}
                if "application/json" in body.get("content", {}):
                    wanted[415] = "Unsupported Media Type"
                for status, text in wanted.items():
                    if status not in responses and str(status) not in responses:
                        responses[status] = {"description": text, **error}
        return schema


api = HerningmodelApi(
    title="Herningmodel API",
    version="1",
    description="Case work, staircase and monitoring for the Herning model. "
    "Authenticate with a browser session or `Authorization: Bearer <token>`.",
    # The token first: ninja's session auth checks CSRF before it looks for a session, so a
    # POST with only a token would otherwise be refused as "CSRF check Failed".
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
    parser=JsonBodyParser(),
)


def _error(request: HttpRequest, status: int, code: str, message: str, errors: Any = ()) -> Any:
    body = ErrorOut(code=code, message=message, errors=list(errors))
    return api.create_response(request, body.model_dump(), status=status)


# How pydantic's error types map to the same codes and (translated) messages as the forms.
_PYDANTIC_CODES = {
    "missing": ("required", "This field is required."),
    "string_too_long": ("max_length", "The text is too long."),
    "string_too_short": ("required", "This field is required."),
    "string_pattern_mismatch": ("null_characters_not_allowed", "Null characters are not allowed."),
    "extra_forbidden": ("unknown_field", "Unknown field."),
}


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for item in exc.errors:
        loc = [str(p) for p in item.get("loc", ())]
        if loc[:1] in (["file"], ["form"]):  # a multipart field: ("file", "file") is "file"
            loc = loc[1:]
        loc = [p for p in loc if p not in ("body", "payload", "query", "path")]
        code, message = _PYDANTIC_CODES.get(item.get("type", ""), ("invalid", "Invalid value."))
        errors.append(
            FieldErrorOut(field=".".join(loc) or "__all__", code=code, message=_(message))
        )
    return _error(request, 422, "invalid_input", _("The input is not valid."), errors)


@api.exception_handler(DjangoValidationError)
def _invalid_domain(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = [FieldErrorOut(**vars(e)) for e in field_errors(exc)]
    return _error(request, 422, "invalid_input", _("The input is not valid."), errors)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """A refusal with a stable code where the service gave one (``own_account``…)."""
    code = getattr(exc, "code", "forbidden")
    message = getattr(exc, "message", "") or _("Your role does not allow this.")
    return _error(request, 403, code, message)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("Log in or send a valid API token."))


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE: Django's own answer is an HTML 400."""
    return _error(request, 413, "too_large", _("The request is too large."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals (e.g. a session without its CSRF token) in the one error shape."""
    if isinstance(exc.__cause__, UnsupportedMediaType):
        return _error(
            request, 415, "unsupported_media_type", _("Send the body as application/json.")
        )
    if exc.status_code == 400 and exc.__cause__ is not None:
        return _error(request, 400, "malformed_json", _("The body is not valid JSON."))
    code = (
        "csrf_failed" if "CSRF" in str(exc) else "forbidden" if exc.status_code == 403 else "error"
    )
    message = (
        _("Send the CSRF token with a session, or authenticate with a bearer token.")
        if code == "csrf_failed"
        else str(exc)
    )
    return _error(request, exc.status_code, code, message)


@api.exception_handler(ConflictError)
def _conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return _error(
        request,
        409,
        "conflict",
        _("Someone else saved this record after you opened it. Reload and try again."),
    )


# What every operation returns is looked through for the people it shows, who get a read event
# each (herningmodel/audit/sightings.py), as every template's context is.
api.add_decorator(shows_returned_people)


def _routers() -> None:
    from herningmodel.cases.api import router as cases
    from herningmodel.cases.api_oversight import router as oversight
    from herningmodel.cases.api_process import router as case_steps
    from herningmodel.cases.api_record import router as case_record
    from herningmodel.coordination.api import router as coordination
    from herningmodel.monitoring.api import router as monitoring
    from herningmodel.people.api import router as children
    from herningmodel.staircase.api import children_router as child_episodes
    from herningmodel.staircase.api import router as staircase

    api.add_router("/children", children)
    api.add_router("/children", child_episodes)
    api.add_router("/staircase", staircase)
    api.add_router("", cases)
    api.add_router("", case_steps)
    api.add_router("", case_record)
    api.add_router("", oversight)
    api.add_router("/monitoring", monitoring)
    api.add_router("", coordination)
    _more_routers()


def _more_routers() -> None:
    """The controllers' and analysts' pages in the API (prices, budget, business case with its
    calibration, adoption and realisation, evaluation, national comparison)."""
    from herningmodel.access.api import router as staff
    from herningmodel.audit.api import router as audit
    from herningmodel.comparison.api import router as comparison
    from herningmodel.economics.api import router as economics
    from herningmodel.economics.api_following import router as economics_following
    from herningmodel.evaluation.api import router as evaluation
    from herningmodel.interchange.api import router as data
    from herningmodel.staircase import api_prices  # noqa: F401 - adds to the staircase router

    api.add_router("/economics", economics)
    api.add_router("/economics", economics_following)
    api.add_router("/evaluation", evaluation)
    api.add_router("/comparison", comparison)
    api.add_router("/audit", audit)
    api.add_router("/data", data)
    api.add_router("/staff", staff)


_routers()
