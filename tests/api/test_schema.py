"""The OpenAPI schema as a contract: declared errors, and no personal data in any URL."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from herningmodel.api import api

pytestmark = pytest.mark.django_db

# Names and CPR numbers end up in access logs when they travel in a URL.
PERSONAL = re.compile(r"^(q|query|search|name|.*_name|cpr|.*cpr.*|birth.*)$", re.IGNORECASE)


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    schema = json.loads(json.dumps(api.get_openapi_schema()))  # as served: string statuses
    return [
        (method.upper(), path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def ids() -> list[str]:
    return [f"{method} {path}" for method, path, _op in operations()]


def test_the_schema_has_the_api_of_every_app() -> None:
    paths = {path for _m, path, _op in operations()}
    for expected in (
        "/api/children",
        "/api/children/search",
        "/api/cases",
        "/api/staircase/prices",
        "/api/staircase/budget",
        "/api/monitoring/indicators",
        "/api/economics/scenarios",
        "/api/evaluation",
        "/api/comparison",
    ):
        assert expected in paths


@pytest.mark.parametrize(("method", "path", "operation"), operations(), ids=ids())
def test_every_operation_declares_its_error_responses(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    declared = set(operation["responses"])
    parameters = operation.get("parameters", [])
    expected = {"401"}  # every operation needs a log-in or a token
    if any(p["in"] == "path" for p in parameters):
        expected.add("404")  # missing and out of reach look the same
    if parameters or "requestBody" in operation:  # a path id that is not an integer too
        expected.add("422")  # input that does not fit the schema
    if "requestBody" in operation:
        expected.add("400")  # a body that is not JSON, or a domain rule broken
    assert expected <= declared, f"{method} {path} lacks {sorted(expected - declared)}"
    for status, response in operation["responses"].items():
        if status.startswith(("4", "5")):
            body = response["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/ErrorOut"}, f"{status} is ErrorOut"


@pytest.mark.parametrize(("method", "path", "operation"), operations(), ids=ids())
def test_no_operation_takes_a_name_or_cpr_in_its_url(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            assert parameter["schema"]["type"] == "integer", f"{path}: ids only in paths"
        if parameter["in"] == "query":
            assert not PERSONAL.match(parameter["name"]), f"{method} {path}?{parameter['name']}"


@pytest.mark.parametrize(("method", "path", "operation"), operations(), ids=ids())
def test_every_operation_refuses_a_request_without_credentials(
    client: Any, method: str, path: str, operation: dict[str, Any]
) -> None:
    url = re.sub(r"\{[^}]+\}", "1", path)
    response = client.generic(method, url, "{}", content_type="application/json")
    assert response.status_code == 401, f"{method} {path} answered {response.status_code}"
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("method", "path", "types"),
    [
        (
            "GET",
            "/api/monitoring/report",
            {
                "application/pdf",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/json",
            },
        ),
        ("POST", "/api/audit/export", {"text/csv"}),
        ("GET", "/api/data/export", {"application/zip"}),
        ("GET", "/api/data/aggregates", {"application/json", "text/csv"}),
        ("GET", "/api/evaluation/report", {"application/pdf"}),
        ("POST", "/api/evaluation/extract", {"application/zip"}),
        (
            "GET",
            "/api/comparison/workbook",
            {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        ),
    ],
)
def test_files_declare_their_content_types(method: str, path: str, types: set[str]) -> None:
    operation = {(m, p): op for m, p, op in operations()}[(method, path)]
    assert set(operation["responses"]["200"]["content"]) == types
