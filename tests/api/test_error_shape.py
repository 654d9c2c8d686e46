"""Issue 26, item 6: every API failure has the one error shape {"code", "message", "errors"},
also those that never reach an operation, and the schema declares them where they apply."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from herningmodel.access.tokens import create_token
from herningmodel.api import api
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth(world: World) -> dict[str, str]:
    _token, raw = create_token(world.caseworker_a, "shape", actor=world.caseworker_a)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def shaped(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "errors"}
    assert body["code"] == code
    assert body["message"]
    return body


def test_an_oversized_body_is_413_in_the_shape(
    client: Client, auth: dict[str, str], settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"name": "' + "x" * 2000 + '"}'
    response = client.post("/api/children/search", body, content_type="application/json", **auth)
    shaped(response, 413, "too_large")


def test_an_oversized_body_with_a_session_is_413_too(
    world: World, client: Client, settings: Any
) -> None:
    """A session's CSRF check reads the body first, before the operation's own parsing."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(world.caseworker_a)
    response = client.post(
        "/api/children/search",
        {"name": "x" * 2000},
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (413, 415)
    assert set(response.json()) == {"code", "message", "errors"}


def test_malformed_json_is_400_in_the_shape(client: Client, auth: dict[str, str]) -> None:
    response = client.post(
        "/api/children/search", "{not json", content_type="application/json", **auth
    )
    shaped(response, 400, "malformed_json")


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_a_body_that_is_not_json_is_415_in_the_shape(
    client: Client, auth: dict[str, str], content_type: str
) -> None:
    response = client.post(
        "/api/children/search", '{"name": "x"}', content_type=content_type, **auth
    )
    shaped(response, 415, "unsupported_media_type")


def test_a_method_the_path_does_not_allow_is_405_in_the_shape(
    client: Client, auth: dict[str, str]
) -> None:
    response = client.delete("/api/children/search", **auth)
    shaped(response, 405, "method_not_allowed")
    assert "POST" in response["Allow"]


@pytest.mark.parametrize("path", ["/api/nothing-here", "/api/children/1/nothing", "/api/x.php"])
def test_an_unknown_api_path_is_404_in_the_shape(client: Client, path: str) -> None:
    shaped(client.get(path), 404, "not_found")


def test_pages_outside_the_api_keep_their_html_errors(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_server_error_in_the_api_is_500_in_the_shape(
    world: World, auth: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from herningmodel.cases import api as cases_api

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(cases_api, "cases_for_user", broken)
    client = Client(raise_request_exception=False)
    shaped(client.get("/api/cases", **auth), 500, "server_error")


def test_the_schema_declares_the_body_failures() -> None:
    schema = api.get_openapi_schema()
    operation = schema["paths"]["/api/children/search"]["post"]
    for status in (400, 413, 415):
        assert status in operation["responses"]
